"""Tables and text as plain lines, for output that is not a terminal (a pipe, a file).

Why: importing Rich costs about 20 ms, a fifth of a daily command (issue 19), and off a
terminal Rich draws nothing a few lines of Python cannot: no colour, no cursor. So
`render.tables` lays out the same description (headers, cells, alignment, wrapping) and
writes it here when stdout is not a terminal, in the very characters Rich writes (the same
word wrap, column widths, rule and trimmed line ends; tests compare the two). Whatever
this module cannot lay out exactly as Rich does (a table wider than the page, a word
longer than a line, wide or control characters, a non-UTF-8 stream) it declines with
None, and the caller draws that piece through Rich as before.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Sequence

_WORD = re.compile(r"\s*\S+\s*")  # Rich's word: leading blanks (first word only) and trailing ones
# Characters one cell wide in Rich, besides Latin (below U+0300, where combining marks begin):
# the punctuation, box and block characters paceit writes itself.
_ONE_CELL = frozenset(
    "\u00b7\u2022\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00d7\u00f7\u2264\u2265\u00b1\u2192\u2190\u2191\u2193\u2500\u2501\u2502\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588\u2591\u2592\u2593\u2713\u2717\u00b0"
)
RULE = "\u2500"  # Rich's horizontal line
GAP = 3  # between table columns: one blank each side of a blank separator, as Rich's SIMPLE_HEAD


def is_terminal() -> bool:
    """Whether Rich would treat stdout as a terminal (colour and styles): its own rules,
    TTY_COMPATIBLE, then FORCE_COLOR, then isatty()."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def usable() -> bool:
    """True when plain lines are what Rich would write: not a terminal, and a UTF-8 stream
    (on another encoding Rich swaps the rule for ASCII box characters)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf") and not is_terminal()


def width() -> int:
    """The page width Rich would use: COLUMNS, else the size of any terminal among stdin,
    stdout and stderr (a pipe from an interactive shell), else 80."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)  # 0 as Rich reads it: nothing fits, so Rich draws everything
    for fd in (0, 1, 2):
        try:
            found = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        return found or 80
    return 80


def simple(text: str) -> bool:
    """Text whose width is its length, as Rich measures it: no control characters (a tab,
    an escape), no wide or combining characters, and no no-break space (Rich trims it at a
    line's end like a blank; plain would keep it)."""
    return all(" " <= c <= "~" or "\xa1" <= c < "\u0300" or c in _ONE_CELL for c in text)


def wrap(text: str, width: int) -> list[str] | None:
    """`text` word-wrapped to `width` as Rich wraps a Text (its divide_line): a word goes on
    the next line when it does not fit; blanks stay with the word before them and are
    trimmed at line ends. None when a word is longer than a line (Rich folds it) or the
    text is not `simple`."""
    if not simple(text.replace("\n", "")) or width < 1:
        return None
    lines: list[str] = []
    for part in text.split("\n"):
        breaks: list[int] = []
        offset = 0
        for found in _WORD.finditer(part):
            start, word = found.start(), found.group()
            length = len(word.rstrip())
            if width - offset >= length:
                offset += len(word)
            elif length > width:
                return None
            elif offset and start:
                breaks.append(start)
                offset = len(word)
        bounds = [0, *breaks, len(part)]
        lines += [part[a:b].rstrip(" \t") for a, b in itertools.pairwise(bounds)]
    return lines


def hanging(rows: Sequence[tuple[str, str]], width: int, indent: int) -> list[str] | None:
    """Rows of a label and a text, the text wrapped so that its lines hang under its first
    (Rich's grid with one blank between the columns, indented `indent` blanks)."""
    if not all(simple(label) and "\n" not in label for label, _ in rows):
        return None
    label_width = max((len(label) for label, _ in rows), default=0)
    room = width - indent - label_width - 1
    out = []
    for label, text in rows:
        wrapped = wrap(text, room)
        if wrapped is None:
            return None
        first = " " * indent + label.ljust(label_width)
        out += [(first if n == 0 else " " * len(first)) + " " + part for n, part in enumerate(wrapped)]
    return [line.rstrip(" \t") for line in out]


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int], minimums: Sequence[int], width: int
) -> list[str] | None:
    """A table as Rich draws one with the SIMPLE_HEAD box and no outer padding: the headers,
    a rule as wide as the table, then the rows (a cell may hold several lines), numbers
    right-aligned; a header of several lines sits at the bottom of its row, as Rich aligns
    headers, other cells at the top. None when a cell is not `simple` or the table is wider
    than `width` (Rich would wrap its text columns)."""
    cells = [[header.split("\n") for header in headers], *([cell.split("\n") for cell in row] for row in rows)]
    lines_of = [[line for row in cells for line in row[i]] for i in range(len(headers))]
    if not all(simple(line) and line == line.strip(" ") for column in lines_of for line in column):
        return None  # Rich trims a cell's outer blanks before aligning it
    widths = [max(minimum, *(len(line) for line in column)) for minimum, column in zip(minimums, lines_of, strict=True)]
    total = sum(widths) + GAP * (len(widths) - 1)
    if total > width:
        return None
    out = []
    for index, row in enumerate(cells):
        height = max(len(cell) for cell in row)
        for depth in range(height):
            parts = []
            for column, cell in enumerate(row):
                at = depth - (height - len(cell) if index == 0 else 0)
                text = cell[at] if 0 <= at < len(cell) else ""
                parts.append(text.rjust(widths[column]) if column in numeric else text.ljust(widths[column]))
            out.append((" " * GAP).join(parts).rstrip(" \t"))
        if index == 0:
            out.append(RULE * total)
    return out


def printed(text: str) -> list[str] | None:
    """The lines Rich writes for a Text printed as it is (`overflow="ignore"`, `crop=False`:
    lines wrapped already, never re-wrapped or cut), so their width does not matter. None
    when the text holds a control character: Rich drops some of them, expands tabs."""
    if any((c < " " and c != "\n") or "\x7f" <= c <= "\x9f" for c in text):
        return None
    return text.split("\n")


def fitted_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int],
    widths: Sequence[int] | None,
    width: int,
) -> list[str] | None:
    """`table` with the columns `widths` wide (None: each as wide as it needs), their text
    wrapped in the column as Rich wraps it (`wrap`), numbers never. None when a word or a
    number is wider than its column (Rich folds it), or as `table` declines, or when the table
    holds nothing at all (Rich gives a lone empty column one cell)."""
    if widths is None:
        natural = table(headers, rows, numeric, [0] * len(headers), width)
        return None if natural is None or not natural[1] else natural
    fitted = []
    for row in [headers, *rows]:
        done = []
        for index, cell in enumerate(row):
            lines = cell.split("\n") if index in numeric else wrap(cell, widths[index])
            if lines is None or any(len(line) > widths[index] for line in lines):
                return None
            done.append("\n".join(lines))
        fitted.append(done)
    return table(fitted[0], fitted[1:], numeric, widths, width)


def write(lines: Sequence[str]) -> None:
    """The lines, then a flush as Rich does after each print, so that with `2>&1` a message
    on stderr never comes out ahead of a table printed before it."""
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()
