"""Tables and text blocks: one description, drawn by Rich on a terminal and written as
plain lines elsewhere. Imported only by commands that draw one.

Information is never lost to a narrow terminal: numbers and dates are never
split or cut, text columns wrap at spaces, and when even that cannot fit, each
row is printed as a block of "label value" pairs instead of a table (Rich would
otherwise drop whole columns).

Rich is imported only on a terminal, or for a piece `render.plain` cannot write exactly
as Rich would: off a terminal (a pipe, a file, a test) the same lines come from
`render.plain` without the 20 ms import (issue 19).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from paceit.render import plain

if TYPE_CHECKING:
    from rich.console import Console

GAP = 3  # between columns: Rich's padding of one space each side plus the separator
# The blanks at the end of a line, with any colour codes among them (kept: they may reset a style).
_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$")
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def trimmed(line: str) -> str:
    """`line` without trailing blanks: Rich pads every line of a table or a wrapped block
    to its width, which a pipe, a diff or a copied line should not carry."""
    found = _TRAILING.search(line)
    return line if found is None else line[: found.start()] + "".join(_SGR.findall(found.group()))


class _TrimmedLines:
    """The stream a console writes to: each whole line goes on trimmed (see `trimmed`);
    everything else (isatty, fileno, encoding) is the target's, so Rich still detects a
    terminal and colours only there."""

    def __init__(self, target: TextIO) -> None:
        self._target = target
        self._pending = ""

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        if lines:
            self._target.write("".join(trimmed(line) + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:  # a line still open: written as it is, it may go on
            self._target.write(self._pending)
            self._pending = ""
        self._target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


def console() -> Console:
    """The console of every table and block: lines end without padding, on a terminal or not.

    Without markup or emoji codes: the text drawn is mostly the person's own (names, notes,
    sites), which must show exactly as typed; with markup, `knee [left]` showed "knee", a
    `[/]` in a note stopped every reading command, and `[link=...]` made a hidden link."""
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False, file=_TrimmedLines(sys.stdout))  # type: ignore[arg-type]


def _longest_word(cells: Sequence[str]) -> int:
    return max((len(word) for cell in cells for word in cell.split()), default=1)


def _needed(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[int]) -> tuple[int, list[int]]:
    """Total width the table needs, and each column's minimum width."""
    minimums = []
    for index, header in enumerate(headers):
        cells = [row[index] for row in rows]
        if index in wrap:
            minimums.append(max(len(header), min(_longest_word(cells), 24)))
        else:  # a cell may hold several lines (one item each): its longest line counts
            minimums.append(max([len(header), *(len(line) for c in cells for line in c.splitlines() or [""])]))
    return sum(minimums) + GAP * (len(headers) - 1), minimums


def _pack(cell: str, width: int) -> str:
    """A cell's items (one per line) joined with ", " into lines of at most `width`:
    a line breaks only between items, so no item is split."""
    items = cell.splitlines()
    if not items:
        return cell
    lines = [items[0]]
    for index, item in enumerate(items[1:], start=1):
        comma = 0 if index == len(items) - 1 else 1  # a comma ends every item but the last
        if len(lines[-1]) + 2 + len(item) + comma <= width:
            lines[-1] += ", " + item
        else:
            lines[-1] += ","
            lines.append(item)
    return "\n".join(lines)


def _packed(rows: Sequence[Sequence[str]], pack: Sequence[int], minimums: Sequence[int], width: int) -> list[list[str]]:
    """The rows with each `pack` column's items packed into the width the other columns leave."""
    if not pack:
        return [list(row) for row in rows]
    others = sum(m for i, m in enumerate(minimums) if i not in pack)
    room = (width - others - GAP * (len(minimums) - 1)) // len(pack)
    return [[_pack(cell, max(room, minimums[i])) if i in pack else cell for i, cell in enumerate(row)] for row in rows]


def _stacked(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    for row in rows:
        print_text(f"{headers[0]} {row[0]}", style="bold")
        rest = " · ".join(f"{h}: {c}" for h, c in zip(headers[1:], row[1:], strict=True)).replace("\n", "; ")
        print_indented(rest, indent=2)


def page_width() -> int:
    """The width tables and text are fitted to: Rich's, whether or not Rich draws them."""
    return plain.width() if plain.usable() else console().width


def print_text(text: str, *, style: str | None = None) -> None:
    """A paragraph wrapped to the page (`style`, such as "bold" or "dim", only on a terminal)."""
    lines = plain.wrap(text, plain.width()) if plain.usable() else None
    if lines is not None:
        plain.write(lines)
        return
    from rich.text import Text

    console().print(Text(text, style=style or ""))


def print_indented(text: str, *, indent: int) -> None:
    """A paragraph indented `indent` blanks, every line of it."""
    lines = plain.wrap(text, plain.width() - indent) if plain.usable() else None
    if lines is not None:
        plain.write([" " * indent + line if line else line for line in lines])
        return
    from rich.padding import Padding
    from rich.text import Text

    console().print(Padding(Text(text, overflow="fold"), (0, 0, 0, indent)))


def print_hanging(rows: Sequence[tuple[str, str]], *, indent: int = 0) -> None:
    """Rows of a label and a text, indented `indent` blanks: each text wraps under its own
    first line, not under the label ("- reason", "walking: hold", "Read more: ...")."""
    lines = plain.hanging(rows, plain.width(), indent) if plain.usable() else None
    if lines is not None:
        plain.write(lines)
        return
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for label, text in rows:
        grid.add_row(label, Text(text))
    console().print(Padding(grid, (0, 0, 0, indent)) if indent else grid)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    numeric: Sequence[int] = (),
    wrap: Sequence[int] | None = None,
    pack: Sequence[int] = (),
    colours: Mapping[str, str] | None = None,
) -> None:
    """A compact table: numbers right-aligned; only text columns (`wrap`, by default
    the widest column) may wrap. A `pack` column holds a list of items, one per line
    in its cells: they are joined with commas as the width allows, breaking only
    between items. `colours` tints cells whose whole text is a key (a zone's name,
    say): the word is always there, the colour only helps on a terminal."""
    if wrap is None:
        widths = [max((len(r[i]) for r in rows), default=0) for i in range(len(headers))]
        wrap = (widths.index(max(widths)),) if widths and not pack else ()
    needed, minimums = _needed(headers, rows, wrap)
    for index in pack:  # room for the comma after an item
        extra = int(any(len(row[index].splitlines()) > 1 for row in rows))
        minimums[index] += extra
        needed += extra
    width = page_width()
    if title:
        print_text(title, style="bold")
    if needed > width:
        _stacked(headers, rows)
    else:
        rows = _packed(rows, pack, minimums, width)
        _draw_table(headers, rows, numeric=numeric, wrap=wrap, minimums=minimums, colours=colours or {})
    if caption:
        print_text(caption, style="dim")


def _draw_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[int],
    wrap: Sequence[int],
    minimums: Sequence[int],
    colours: Mapping[str, str],
) -> None:
    lines = plain.table(headers, rows, numeric, minimums, plain.width()) if plain.usable() else None
    if lines is not None:
        plain.write(lines)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if index in numeric else "left",
            no_wrap=index not in wrap,
            overflow="fold",
            min_width=minimums[index],
        )
    for row in rows:
        table.add_row(*(Text(cell, style=colours[cell]) if cell in colours else cell for cell in row))
    console().print(table)


def print_pairs(pairs: Sequence[tuple[str, str]], *, title: str | None = None) -> None:
    """A two-column key/value block, for `show` commands (always through Rich: no daily
    command draws one)."""
    from rich.table import Table

    table = Table(title=title, box=None, show_header=False, title_justify="left", pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in pairs:
        table.add_row(key, value)
    console().print(table)
