"""JSON text for files a person may open: the outer levels one item a line, indented,
and anything deeper on one line.

`json.dumps(..., indent=2)` runs the pure-Python encoder, about ten times slower than
the C one, and on a ten-year report or export that is most of the command's time. Here
every value below the first `depth` levels is written by the C encoder, so a FHIR
bundle reads one entry a line and a report one row a line.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, *, depth: int = 3) -> str:
    """`value` as JSON text ending in a newline; the first `depth` levels indented."""
    return _dump(value, depth, "") + "\n"


def _dump(value: Any, depth: int, pad: str) -> str:
    if depth <= 0 or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = pad + "  "
    if isinstance(value, dict):
        items = [f"{inner}{_key(k)}: {_dump(v, depth - 1, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return "[\n" + ",\n".join(inner + _dump(v, depth - 1, inner) for v in value) + "\n" + pad + "]"


def _key(key: Any) -> str:
    return json.dumps(str(key), ensure_ascii=False)
