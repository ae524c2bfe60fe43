"""The shipped vocabulary, user vocabulary files, validation and the index cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from workplan_extract.errors import VocabularyError
from workplan_extract.normalise import (
    check_vocabulary_file,
    list_entries,
    load_vocabulary,
    match_party,
)
from workplan_extract.normalise.fuzzykeys import sort_words
from workplan_extract.normalise.vocab import ID_PATTERN, KINDS
from workplan_extract.settings import Settings

# SPEC's party id table: id -> (name, a spelling seen in the seeds).
REQUIRED = {
    "london-safeguarding-children-board": ("London Safeguarding Children Board", "London Board"),
    "london-child-protection-committee": ("London Child Protection Committee", "LCPC"),
    "london-councils": ("London Councils", "London Councils"),
    "association-of-london-government": ("Association of London Government", "ALG"),
    "metropolitan-police-service": ("Metropolitan Police Service", "Met Police"),
    "government-office-for-london": ("Government Office for London", "GOL"),
    "nhs-london": ("NHS London", "NHS London"),
    "nhs": ("National Health Service", "NHS"),
    "dfes": ("Department for Education and Skills", "DfES"),
    "home-office": ("Home Office", "HO"),
    "csip": ("Care Services Improvement Partnership", "CSIP"),
    "gladss": ("Greater London Association of Directors of Social Services", "GLADSS"),
    "aldcs": ("Association of London Directors of Children's Services", "ALDCS"),
    "greater-london-authority": ("Greater London Authority", "GLA"),
    "london-connects": ("London Connects", "London Connects"),
    "barnardos": ("Barnardo's", "Barnardos"),
    "nch": ("NCH", "NCH"),
    "courts": ("Courts", "Courts"),
    "probation": ("National Probation Service", "Probation"),
    "london-boroughs": ("London boroughs", "participating boroughs"),
    "lscbs": ("Local Safeguarding Children Boards", "SCBs"),
    "acpcs": ("Area Child Protection Committees", "ACPCs"),
    "lscb-chairs": ("LSCB Chairs", "LSCB Chairs"),
    "board-member-agencies": ("Board member agencies", "Board member agencies"),
}


@pytest.mark.parametrize(("entry_id", "name", "seen_as"), [(k, *v) for k, v in REQUIRED.items()])
def test_spec_ids_are_shipped_with_their_names_and_seed_spellings(
    entry_id: str, name: str, seen_as: str
) -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.by_id[entry_id].name == name
    assert match_party(seen_as)[0].id == entry_id


def test_seed_variants_from_the_issue_are_known() -> None:
    for spelling in ("MPS", "LSCBs", "LAs", "participating LAs", "boroughs", "Boroughs"):
        assert match_party(spelling)[0].match in ("exact", "alias"), spelling


def test_alg_is_succeeded_by_london_councils() -> None:
    assert (
        load_vocabulary().by_id["association-of-london-government"].successor == "london-councils"
    )


def test_shipped_entries_are_valid() -> None:
    vocabulary = load_vocabulary()
    ids = [e.id for e in vocabulary.entries]
    assert len(ids) == len(set(ids)) >= 24
    for entry in vocabulary.entries:
        assert ID_PATTERN.match(entry.id)
        assert entry.kind in KINDS
        assert entry.successor is None or entry.successor in vocabulary.by_id


def test_the_index_is_built_once_per_process() -> None:
    assert load_vocabulary() is load_vocabulary()
    assert load_vocabulary(()) is load_vocabulary([])


def test_importing_the_package_builds_no_index() -> None:
    code = (
        "import workplan_extract.normalise as n, workplan_extract.normalise.loading as v;"
        "assert v._CACHE == {}; n.load_vocabulary(); assert len(v._CACHE) == 1"
    )
    src = Path(__file__).resolve().parents[2] / "src"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(src)})


def write(tmp_path: Path, name: str, entries: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return path


def test_a_user_file_adds_and_overrides_entries(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "extra.json",
        [
            {"id": "zorvakid", "name": "Zorvakid", "kind": "organisation"},
            {
                "id": "csip",
                "name": "Care Services Improvement Partnership",
                "kind": "partnership",
                "aliases": ["CSIP", "Care Services Improvement Ptnrshp"],
            },
        ],
    )
    vocabulary = load_vocabulary([path])
    assert match_party("Zorvakid", vocabulary)[0].id == "zorvakid"
    assert match_party("Care Services Improvement Ptnrshp", vocabulary)[0].match == "alias"
    assert match_party("Zorvakid")[0].id is None  # the shipped vocabulary is untouched
    assert load_vocabulary([path]) is vocabulary


def test_a_toml_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(
        '[[entries]]\nid = "zorvakid"\nname = "Zorvakid"\nkind = "organisation"\n'
        'aliases = ["Zorvakid charity"]\n',
        encoding="utf-8",
    )
    assert match_party("zorvakid charity", load_vocabulary([path]))[0].id == "zorvakid"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"id": "Bad_Id", "name": "X", "kind": "group"}], "entry 'Bad_Id': id must be kebab-case"),
        ([{"id": "x", "name": "X", "kind": "club"}], "entry 'x': kind must be one of"),
        ([{"id": "x", "name": "", "kind": "group"}], "entry 'x': name must be"),
        (
            [{"id": "x", "name": "X", "kind": "group", "successor": "nowhere"}],
            "entry 'x': successor 'nowhere' is not an entry",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group"}, {"id": "x", "name": "Y", "kind": "group"}],
            "entry 'x': id is used twice",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group", "aliases": ["MPS"]}],
            "entry 'x': 'MPS' is already a spelling of 'metropolitan-police-service'",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group", "colour": "red"}],
            "entry 'x': unknown key(s) colour",
        ),
        (["just a string"], "entry #1 is not a table/object"),
        (
            [{"id": "x", "name": "X", "kind": "group", "sector": "sport"}],
            "entry 'x': sector must be one of",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group", "type": "person"}],
            "entry 'x': type must be one of",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group", "valid_to": "2013-02-30"}],
            "entry 'x': valid_to must be an ISO date",
        ),
        (
            [{"id": "x", "name": "X", "kind": "group", "place": {"code": "E09000010"}}],
            "entry 'x': place must be",
        ),
    ],
)
def test_a_bad_file_is_a_one_line_error_naming_the_entry(
    tmp_path: Path, entries: object, message: str
) -> None:
    path = write(tmp_path, "bad.json", entries)
    with pytest.raises(VocabularyError) as raised:
        load_vocabulary([path])
    assert message in str(raised.value)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)
    assert raised.value.code == "bad-vocabulary"
    assert any(message in problem for problem in check_vocabulary_file(path))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", "{not json", "vocabulary is not valid json"),
        ("bad.toml", "entries = [", "vocabulary is not valid toml"),
        ("bad.yaml", "entries: []", "must be a .json or .toml file"),
        ("bad.json", '{"items": []}', 'list of entries under "entries"'),
    ],
)
def test_unreadable_files_are_one_line_errors(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary([path])
    problems = check_vocabulary_file(path)
    assert len(problems) == 1 and message in problems[0]


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read vocabulary"):
        load_vocabulary([tmp_path / "missing.json"])


def test_check_reports_every_problem_and_nothing_for_a_good_file(tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "bad.json",
        [
            {"id": "Bad", "name": "X", "kind": "group"},
            {"id": "y", "name": "Y", "kind": "group", "successor": "zzz"},
        ],
    )
    assert len(check_vocabulary_file(bad)) == 2
    good = write(
        tmp_path,
        "good.json",
        [
            {
                "id": "zorvakid",
                "name": "Zorvakid",
                "kind": "organisation",
                "successor": "nspcc",
                "_note": "evidence keys starting with _ are ignored",
            },
        ],
    )
    assert check_vocabulary_file(good) == []


def test_list_entries_shows_the_effective_vocabulary(tmp_path: Path) -> None:
    path = write(
        tmp_path, "extra.json", [{"id": "zorvakid", "name": "Zorvakid", "kind": "organisation"}]
    )
    entries = list_entries(Settings(vocab=(path,)))
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    by_id = {e["id"]: e for e in entries}
    assert by_id["zorvakid"]["source"] == str(path)
    assert by_id["association-of-london-government"] == {
        "id": "association-of-london-government",
        "name": "Association of London Government",
        "kind": "organisation",
        "aliases": by_id["association-of-london-government"]["aliases"],
        "successor": "london-councils",
        "type": "organisation",
        "sector": "local-government",
        "place": {"name": "London", "code": "E12000007"},
        "source": "builtin",
    }
    assert "ALG" in by_id["association-of-london-government"]["aliases"]
    assert len(list_entries()) == len(entries) - 1


@given(
    st.lists(st.sampled_from(["london", "trust", "kalo", "ren", "and", "of", "x"]), min_size=1),
    st.lists(st.sampled_from(["london", "trust", "kalo", "ren", "and", "of", "x"]), min_size=1),
)
def test_fuzzy_scores_on_presorted_words_equal_token_sort_ratio(a: list[str], b: list[str]) -> None:
    """The index sorts each choice's words once; the scores must be token_sort_ratio's."""
    left, right = " ".join(a), " ".join(b)
    expected = fuzz.token_sort_ratio(left, right, processor=None)
    assert fuzz.ratio(sort_words(left), sort_words(right), processor=None) == expected


_CANDIDATES_PROBE = """
from workplan_extract.normalise.entries import VocabEntry
from workplan_extract.normalise.vocab import FULL_SCAN_LIMIT, POSTING_CAP, Vocabulary

# Big enough to be indexed, each word too common to block on by itself.
n = max(POSTING_CAP, FULL_SCAN_LIMIT // 2) + 100
entries = [VocabEntry(f"ab-{i}", f"Alpha Beta Unit{i}", "group") for i in range(n)]
entries += [VocabEntry(f"g-{i}", f"Gamma Team{i}", "group") for i in range(n)]
vocabulary = Vocabulary(tuple(entries))
candidates = vocabulary._candidates("alpha beta gamma")
assert candidates is not None
print(len(candidates), hash(tuple(candidates)))
"""


def test_fuzzy_candidates_do_not_depend_on_the_hash_seed() -> None:
    """Three common words with posting lists of one length: which two are intersected must
    not follow set order, which changes with PYTHONHASHSEED from one run to the next."""
    seen = {
        subprocess.run(
            [sys.executable, "-c", _CANDIDATES_PROBE],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(6)
    }
    assert len(seen) == 1, seen


def test_loading_leaves_the_garbage_collector_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #17: the collector is the caller's (the Dask executor's threads share it)."""
    import gc

    def refuse() -> None:
        raise AssertionError("the vocabulary loader switched the garbage collector")

    monkeypatch.setattr(gc, "disable", refuse)
    monkeypatch.setattr(gc, "enable", refuse)
    path = write(
        tmp_path, "extra.json", [{"id": "zorvakid", "name": "Zorvakid", "kind": "organisation"}]
    )
    assert load_vocabulary([path]).by_id["zorvakid"].name == "Zorvakid"


def test_register_fields_are_read_and_listed(tmp_path: Path) -> None:
    entry = {
        "id": "kalo-youth-forum",
        "name": "Kalo Youth Forum",
        "kind": "group",
        "type": "group",
        "sector": "community",
        "body": "forum",
        "place": {"name": "Slough", "code": "E06000039"},
        "serves": ["E06000039"],
        "valid_from": "2010-04-01",
        "valid_to": "2015-03-31",
        "_source": "a test",
    }
    path = write(tmp_path, "extra.json", [entry])
    assert check_vocabulary_file(path) == []
    listed = {e["id"]: e for e in list_entries(Settings(vocab=(path,)), place="slough")}
    got = listed["kalo-youth-forum"]
    assert (got["type"], got["sector"], got["body"]) == ("group", "community", "forum")
    assert got["place"] == {"name": "Slough", "code": "E06000039"}
    assert (got["serves"], got["valid_from"], got["valid_to"]) == (
        ["E06000039"],
        "2010-04-01",
        "2015-03-31",
    )
