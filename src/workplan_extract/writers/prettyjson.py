"""Indented JSON text at C speed, the same text as Python's ``json.dumps``.

``json.dumps(..., indent=2)`` runs Python's pure-Python encoder (its C encoder serves only
compact output): 0.8-1.1 ms for a sample document, most of the time of extracting it, and
every ``.json`` output of ``extract`` and ``batch`` pays it. pydantic-core's encoder indents as
Python's does (the same separators, indentation and empty ``[]``/``{}``) but may spell a value
otherwise: a float below 1e-4 (``0.00001`` for Python's ``1e-05``), NaN and the infinities
(which Python refuses with ``allow_nan=False``), a lone surrogate (which it refuses). So
``pretty_json`` writes the data compact both ways (Python's C encoder and pydantic-core's) and
takes pydantic-core's indented text only when the two compact texts are the same, i.e. every
key and value is spelt alike; otherwise it returns what ``json.dumps`` returns, or raises what
it raises. About 2.5x faster on the samples' documents; ``tests/writers/test_prettyjson.py``
checks the texts agree on every sample's document and on generated data.
"""

from __future__ import annotations

import json

from pydantic_core import PydanticSerializationError
from pydantic_core import to_json as _core_to_json


def pretty_json(data: object, indent: int = 2) -> str:
    """``json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)``, faster.

    Raises:
        ValueError: ``data`` holds a NaN or an infinity (as ``json.dumps`` does).

    >>> pretty_json({"title": "Barnardo’s", "score": 92.5, "tiny": 1e-05, "items": []})
    '{\\n  "title": "Barnardo’s",\\n  "score": 92.5,\\n  "tiny": 1e-05,\\n  "items": []\\n}'
    """
    compact = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        if _core_to_json(data).decode() == compact:
            return _core_to_json(data, indent=indent).decode()
    except PydanticSerializationError:  # a lone surrogate: json.dumps writes it as it is
        pass
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)
