"""Where output goes: data to stdout, messages to stderr (so `--json` always parses).

Plain lines are written with print(); Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def line(text: str = "") -> None:
    print(text, file=sys.stdout)


def message(text: str) -> None:
    print(text, file=sys.stderr)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
