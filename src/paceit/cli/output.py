"""Where output goes: data to stdout, messages to stderr (so `--json` always parses).

Plain lines are written with print(); Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def line(text: str = "", *, wrap: bool = True) -> None:
    """A line of output, wrapped at word boundaries to the terminal's width.

    Numbers and words are never cut: a word longer than the width stays whole.
    Wrapped lines keep the first line's indent (and a bullet's hanging indent).
    Piped output with no COLUMNS set stays unwrapped, so grep sees whole lines;
    `wrap=False` keeps a command meant for copying on one line."""
    width = columns() if wrap else None
    for part in text.split("\n"):
        print(_wrap(part, width) if width and len(part) > width else part, file=sys.stdout)


def columns() -> int | None:
    """The width to fit stdout to: the terminal's (or COLUMNS), None for a pipe or a
    file with no COLUMNS set, where nothing should be wrapped for the screen."""
    if not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        return None
    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def _wrap(text: str, width: int) -> str:
    import textwrap

    indent = text[: len(text) - len(text.lstrip())]
    hanging = indent + ("  " if text.lstrip()[:2] in ("- ", "• ", "* ") else "")
    return textwrap.fill(
        text.strip(),
        width=width,
        initial_indent=indent,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )


def message(text: str) -> None:
    """A message about what a command did (a confirmation, a warning): on stderr, so that
    stdout holds only what a command reads out, and a pipe or --json gets only that."""
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
