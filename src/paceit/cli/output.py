"""Where output goes: data to stdout, messages to stderr (so `--json` always parses).

Plain lines are written with print(); Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def line(text: str = "") -> None:
    print(text, file=sys.stdout)


def message(text: str) -> None:
    print(text, file=sys.stderr)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def emit_list(rows: Sequence[T], *, as_json: bool, to_json: Callable[[T], Any], empty: str) -> bool:
    """The shared start of every list command: JSON, or a friendly line when there
    is nothing yet. True when a table is still to be drawn."""
    if as_json:
        emit_json([to_json(row) for row in rows])
        return False
    if not rows:
        line(empty)
        return False
    return True


def plural(count: int, one: str, many: str) -> str:
    """'1 diary entry', '3 diary entries'."""
    return f"{count} {one if count == 1 else many}"


def fmt(value: Any, suffix: str = "") -> str:
    """A cell value: '-' for missing, whole floats without '.0'."""
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        value = int(value) if value == int(value) else round(value, 2)
    return f"{value}{suffix}"
