"""Cut the committed source extracts in this folder out of local snapshots of public repositories.

Run once by hand (not at build time): it needs the snapshots named in README.md under MIRROR.
``scripts/build_register.py`` reads only the files this writes, so the register builds offline.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

MIRROR = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror")
HERE = Path(__file__).resolve().parent
CHD_REPO = MIRROR / "open-innovations+geography-code-adder/repo"
CHD_COMMIT = "5c33e2d9f4c969d9c9b69d2fe6c8a07ba0e58b7b"
LOOKUPS_REPO = MIRROR / "jtrim-ons+ons-lookups/repo"
LOOKUPS_COMMIT = "85d0ba6e476badf3861d8dc7485aecf40598d031"
ORGS_REPO = MIRROR / "openregister+government-organisation-data/repo"
ORGS_COMMIT = "3e8ff47cce1291dae30b11aa0c332739d4c31a35"
MYSOC_REPO = MIRROR / "mysociety+uk_local_authority_names_and_codes/repo"
MYSOC_COMMIT = "67ef8b118938678401a452f4f19f669a7221cc73"
ODS_REPO = MIRROR / "nhsx-mirror+SystemHierarchies/repo"
ODS_COMMIT = "c38ca0a10e436fa11bcab1063cc34809a21e4b86"

#: ONS entity types kept from the Code History Database (see README.md for what each is).
CHD_ENTITIES = (
    "E06 E07 E08 E09 E10 E12 E16 E18 E22 E23 E31 E38 E54 "
    "W06 W11 W14 W15 W25 S08 S12 S23 S38 N09 N23 N31"
).split()


def git_show(repo: Path, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def chd() -> None:
    # The repackager adds a few names of its own in supplemental.json; only ONS names are kept.
    own = json.loads(git_show(CHD_REPO, CHD_COMMIT, "supplemental.json"))
    rows = []
    for entity in CHD_ENTITIES:
        data = json.loads(git_show(CHD_REPO, CHD_COMMIT, f"docs/data/{entity}.json"))
        for code, versions in data["areas"].items():
            extra = set(own.get(code, {}))
            for v in versions:
                date = v.get("date", {})
                alts = [a for a in v.get("nm_alt", []) if a not in extra]
                rows.append(
                    (
                        entity,
                        code,
                        date.get("s", ""),
                        date.get("e", ""),
                        v.get("status", ""),
                        v.get("nm", ""),
                        "|".join(alts),
                        v.get("parent", ""),
                    )
                )
    rows.sort()
    with open(HERE / "ons-chd-2024-07.tsv", "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["entity", "code", "start", "end", "status", "name", "alt_names", "parent"])
        w.writerows(rows)


def lookups() -> None:
    copies = {
        "030": "ons-lad20-cty20.csv",
        "031": "ons-ccg20-stp20.csv",
        "052": "ons-ua19-lhb19.csv",
        "133": "ons-lad19-fra19.csv",
        "194": "ons-lad19-csp19-pfa19.csv",
    }
    for number, name in copies.items():
        (HERE / name).write_text(
            git_show(LOOKUPS_REPO, LOOKUPS_COMMIT, f"csv/{number}.csv"), encoding="utf-8"
        )
    # The LSOA lookup is 3 MB; only its distinct CCG-district pairs (with the LSOA count) are kept.
    reader = csv.DictReader(git_show(LOOKUPS_REPO, LOOKUPS_COMMIT, "csv/219.csv").splitlines())
    pairs = Counter((r["CCG20CD"], r["CCG20NM"], r["LAD20CD"], r["LAD20NM"]) for r in reader)
    with open(HERE / "ons-ccg20-lad20-pairs.csv", "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["CCG20CD", "CCG20NM", "LAD20CD", "LAD20NM", "LSOA11_COUNT"])
        for key in sorted(pairs):
            w.writerow([*key, pairs[key]])


def older_ccg_pairs() -> None:
    # CCGs merged before April 2020 are missing from the 2020 lookup; the April 2017 (csv/143) and
    # April 2018 (csv/181) LSOA -> CCG -> STP lookups give their districts the same way.
    for number, year in (("143", "17"), ("181", "18")):
        reader = csv.DictReader(git_show(LOOKUPS_REPO, LOOKUPS_COMMIT, f"csv/{number}.csv").splitlines())
        cols = (f"CCG{year}CD", f"CCG{year}NM", f"LAD{year}CD", f"LAD{year}NM")
        pairs = Counter(tuple(r[c] for c in cols) for r in reader)
        with open(HERE / f"ons-ccg{year}-lad{year}-pairs.csv", "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow([*cols, "LSOA11_COUNT"])
            for key in sorted(pairs):
                w.writerow([*key, pairs[key]])


def ni_districts() -> None:
    # Northern Ireland's 26 districts before 2015 have no GSS code; mySociety lists 25 of them
    # (Belfast kept its council) with codes NIR-A..NIR-Y, whose letters are the old SNAC codes
    # (95A..95Y). The new councils' ofcom codes ("95-FGV") list the old districts they replaced.
    path = "data/packages/uk_la_future/uk_local_authorities_future.csv"
    rows = list(csv.DictReader(git_show(MYSOC_REPO, MYSOC_COMMIT, path).splitlines()))
    cols = ["local-authority-code", "official-name", "nice-name", "gss-code", "start-date",
            "end-date", "ofcom", "snac"]
    with open(HERE / "mysociety-ni-districts.csv", "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for r in sorted(rows, key=lambda r: r["local-authority-code"]):
            if r["nation"] == "Northern Ireland":
                w.writerow([r[c] for c in cols])


def organisations() -> None:
    text = git_show(ORGS_REPO, ORGS_COMMIT, "lists/dates/government-organsiations.tsv")
    (HERE / "govuk-organisations-2017.tsv").write_text(text, encoding="utf-8")


def trusts() -> None:
    # ODS etr.csv has no header; columns 1, 2, 11 and 12 are code, name, open date and close date.
    reader = csv.reader(git_show(ODS_REPO, ODS_COMMIT, "data/etr.csv").splitlines())
    with open(HERE / "ods-etr-2022-03.csv", "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["code", "name", "open_date", "close_date"])
        w.writerows(sorted((r[0], r[1], r[10], r[11]) for r in reader))


def councils() -> None:
    # Official council names and the replaced-by links of the 2019-2023 reorganisations (GSS codes only).
    path = "data/packages/uk_la_future/uk_local_authorities_future.csv"
    rows = list(csv.DictReader(git_show(MYSOC_REPO, MYSOC_COMMIT, path).splitlines()))
    gss = {r["local-authority-code"]: r["gss-code"] for r in rows}
    with open(
        HERE / "mysociety-uk-local-authorities.csv", "w", newline="", encoding="utf-8"
    ) as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["gss-code", "official-name", "nice-name", "end-date", "replaced-by-gss"])
        for r in sorted(rows, key=lambda r: r["gss-code"]):
            if not r["gss-code"]:
                continue
            repl = "|".join(gss[c] for c in r["replaced-by"].split(",") if c)
            w.writerow([r["gss-code"], r["official-name"], r["nice-name"], r["end-date"], repl])


if __name__ == "__main__":
    councils()
    trusts()
    chd()
    lookups()
    organisations()
    older_ccg_pairs()
    ni_districts()
