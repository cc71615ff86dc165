"""Rich tables for the terminal. Imported only by commands that draw one."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table


def console() -> Console:
    return Console(highlight=False)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    numeric: Sequence[int] = (),
) -> None:
    """A compact table; numbers right-aligned, long text wrapped, never cut."""
    table = Table(
        title=title,
        caption=caption,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption_justify="left",
        pad_edge=False,
    )
    for index, header in enumerate(headers):
        table.add_column(
            header,
            justify="right" if index in numeric else "left",
            overflow="fold",
            no_wrap=index in numeric,
        )
    for row in rows:
        table.add_row(*row)
    console().print(table)


def print_pairs(pairs: Sequence[tuple[str, str]], *, title: str | None = None) -> None:
    """A two-column key/value block, for `show` commands."""
    table = Table(title=title, box=None, show_header=False, title_justify="left", pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key, value in pairs:
        table.add_row(key, value)
    console().print(table)
