"""Plain output off a terminal is what Rich would have written, character for character
(render/plain.py): the same word wrap, hanging indents and tables, compared with Rich
itself on generated text; where plain declines (None), Rich draws as before."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from paceit.render import plain, report_text, report_text_rich
from paceit.render.tables import trimmed

WORDS = st.sampled_from(["a", "pain", "4/10", "walking", "café", "—", "·", "x" * 30, "日本", "\t", "", "-"])
TEXT = st.lists(WORDS, max_size=25).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "  ", "\n"]), min_size=len(words), max_size=len(words)).map(
        lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True)).strip("\n")
    )
)


def rich_lines(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, markup=False, emoji=False, color_system=None).print(renderable)
    return [trimmed(line) for line in out.getvalue().split("\n")[:-1]]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=4, max_value=90))
def test_wrap_is_richs(text: str, width: int) -> None:
    lines = plain.wrap(text, width)
    if lines is not None:
        assert lines == rich_lines(Text(text), width)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["-", "walking:", "Read more:", ""]), TEXT), min_size=1, max_size=4))
def test_hanging_is_richs_grid(rows: list[tuple[str, str]]) -> None:
    for width, indent in ((80, 2), (40, 0), (25, 2)):
        lines = plain.hanging(rows, width, indent)
        if lines is None:
            continue
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for label, text in rows:
            grid.add_row(label, Text(text))
        assert lines == rich_lines(Padding(grid, (0, 0, 0, indent)), width)


CELL = st.sampled_from(["1", "20 min", "walking", "hold", "-", "2026-12-07", "a\nbb", "", "chair-stands", "日本"])


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=5)
    )
)
def test_table_is_richs(rows: list[list[str]]) -> None:
    n = len(rows[0]) if rows else 3
    headers = ["activity", "today", "decision", "last session", "x"][:n]
    numeric = (1,)
    minimums = [
        max([len(h), *(len(line) for r in rows for line in r[i].splitlines() or [""])]) for i, h in enumerate(headers)
    ]
    for width in (80, 30):
        lines = plain.table(headers, rows, numeric, minimums, width)
        if lines is None:
            continue
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for index, header in enumerate(headers):
            table.add_column(
                header, justify="right" if index in numeric else "left", no_wrap=True, min_width=minimums[index]
            )
        for row in rows:
            table.add_row(*row)
        assert lines == rich_lines(table, width)


def test_plain_declines_what_only_rich_lays_out() -> None:
    assert plain.wrap("a " + "x" * 30, 20) is None  # Rich folds a word longer than the line
    assert plain.wrap("tab\there", 20) is None
    assert plain.wrap("日本", 20) is None  # two cells each
    assert plain.table(["a"], [["x" * 30]], (), [1], 20) is None  # Rich would wrap the table


def _rich_table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...], minimums: list[int]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        justify = "right" if index in numeric else "left"
        table.add_column(header, justify=justify, no_wrap=True, min_width=minimums[index])
    for row in rows:
        table.add_row(*row)
    return table


def test_the_cases_a_review_found_are_richs_or_declined() -> None:
    """A no-break space at a line's end, a number cell with trailing blanks and a column with
    nothing in it: plain wrote other bytes than Rich (a review); now it matches or declines."""
    for text, width in (("sore knee\xa0 then rest", 9), ("a\xa0b c", 3)):
        lines = plain.wrap(text, width)
        assert lines is None or lines == rich_lines(Text(text), width), text
    cases = (
        (["id", "what"], [["5 ", "walking"], ["12", "stairs"]], (0,), [2, 7]),
        (["id", ""], [["1", ""], ["2", ""]], (0,), [2, 0]),
        (["id", "what"], [[" 7", "  indented"]], (0,), [2, 10]),
    )
    for headers, rows, numeric, minimums in cases:
        lines = plain.table(headers, rows, numeric, minimums, 80)
        assert lines is None or lines == rich_lines(_rich_table(headers, rows, numeric, minimums), 80), rows


# The text report (render/report_text.py) writes its pieces plain, drawing through Rich only
# what plain declines: its blocks of lines wrapped already, and tables fitted to the page.
PIECES = ["a", "pain 4/10", " ", "  ", "\n", "日本", "\t", "\x07", "\r", "é", "\x85", "\u2028", "\xa0", "\x1b[1m"]
BLOCK = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def trimmed_lines(text: str) -> list[str]:
    """The lines as the report keeps them: `report_text.Page.result` drops trailing blanks."""
    return [line.rstrip() for line in text.splitlines()]


@settings(max_examples=300, deadline=None)
@given(BLOCK, st.integers(min_value=1, max_value=40))
def test_printed_lines_are_richs(text: str, width: int) -> None:
    lines = plain.printed(text)
    if lines is not None:
        assert "".join(line + "\n" for line in lines) == report_text_rich.block(text, width)


HEADER = st.sampled_from(["week from", "pain", "period start", "activity", "days done", "step", "x", "fear", ""])
REPORT_CELL = st.sampled_from(
    [
        "4.8", "20 reps", "26 of 30 (87%)", "bend forward to put on my socks", "chair-stands", "", "a\nbb", "日本",
        "x" * 25, "carry a full shopping bag for 5 minutes", "-", "7.3 vs 5.0", " padded ", "walk  twice",
    ]
)  # fmt: skip


@st.composite
def report_tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], tuple[int, ...], int, int]:
    n = draw(st.integers(min_value=1, max_value=6))
    headers = draw(st.lists(HEADER, min_size=n, max_size=n))
    rows = draw(st.lists(st.lists(REPORT_CELL, min_size=n, max_size=n), max_size=6))
    numeric = tuple(draw(st.sets(st.integers(min_value=0, max_value=n - 1))))
    return headers, rows, numeric, draw(st.integers(min_value=-1, max_value=n - 1)), draw(st.integers(20, 100))


@settings(max_examples=400, deadline=None)
@given(report_tables())
def test_report_tables_are_richs(table: tuple[list[str], list[list[str]], tuple[int, ...], int, int]) -> None:
    headers, rows, numeric, wide, width = table
    page = report_text.Page(width)
    page.table(headers, rows, numeric, wide)
    shown, widths = report_text._layout(headers, rows, numeric, wide, width, cell_len)
    drawn = report_text_rich.table(shown, rows, numeric, widths, width)
    assert trimmed_lines("".join(page.chunks)) == trimmed_lines(drawn)


def test_the_report_s_pieces_are_plain_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests above are not vacuous: a table that wraps its text columns, one that fits as
    it is, headings and blocks are all written plain (Rich would fail here)."""
    for name in ("text", "block", "table"):
        monkeypatch.setattr(report_text_rich, name, None)
    page = report_text.Page(40)
    page.text("Exposure ladder, a heading long enough to wrap at forty", "bold")
    page.block("  - a line wrapped already\n    and its next line")
    headers = ["step", "fear", "period start"]
    page.table(headers, [["carry a full shopping bag for 5 minutes", "28", "20 reps"]], (1,), wide=0)
    page.table(headers, [["walk", "51", "4"]], (1,), wide=0)
    assert page.result().splitlines() == [
        "Exposure ladder, a heading long enough",
        "to wrap at forty",
        "  - a line wrapped already",
        "    and its next line",
        "                                 period",
        "step                      fear   start",
        "────────────────────────────────────────",
        "carry a full shopping       28   20 reps",
        "bag for 5 minutes",
        "step   fear   period start",
        "──────────────────────────",
        "walk     51   4",
    ]
