"""The text report's pieces drawn by Rich: what `render.plain` cannot lay out exactly as Rich
would (wide or control characters, a word longer than its column, a table that does not fit).

Imported only for such a piece (issue 19: Rich is about 20 ms, and drawing through it about as
much again); `report_text` writes everything else as plain lines, in the characters these
functions give. Each returns its piece as Rich writes it on a console of `width` columns
without colour, every line ending in a newline.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

__all__ = ["block", "cell_len", "table", "text"]


def _drawn(renderable: RenderableType, width: int, *, ignore: bool = False) -> str:
    buffer = io.StringIO()
    out = Console(
        file=buffer, width=width, color_system=None, highlight=False, markup=False, emoji=False, legacy_windows=False
    )
    if ignore:
        out.print(renderable, overflow="ignore", crop=False)
    else:
        out.print(renderable)
    return buffer.getvalue()


def text(words: str, width: int, *, style: str) -> str:
    """A title or a heading, wrapped at the page's width (its style shows nowhere: no colour)."""
    return _drawn(Text(words, style=style), width)


def block(lines: str, width: int) -> str:
    """Lines wrapped already (by textwrap), written as they are: never re-wrapped or cropped."""
    return _drawn(Text(lines), width, ignore=True)


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int], widths: list[int] | None, width: int
) -> str:
    """A table with the SIMPLE_HEAD rule, numbers right-aligned and never wrapped, text
    columns folded to `widths` (or each as wide as it needs, when None)."""
    drawn = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        drawn.add_column(
            header,
            justify="right" if index in numeric else "left",
            overflow="fold",
            no_wrap=index in numeric,
            width=widths[index] if widths else None,
        )
    for row in rows:
        drawn.add_row(*row)
    return _drawn(drawn, width)
