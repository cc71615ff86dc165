"""Options shared by many commands, declared once.

Numeric options are taken as text and checked by `paceit.parse`, so that every
bad value gets paceit's one-line message naming the range (Typer's own messages
do not name ranges); the metavar shows the range in `--help`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from paceit.cli import complete

At = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When it happened: 2026-11-20, 2026-11-20T18:30, 18:30, yesterday 08:00, -2d, "
        "'yesterday 8am', '3h ago', 'last monday 18:00', 'this morning' "
        "(default: now; a day without a time is stored at 12:00).",
    ),
]
Note = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note to keep with the entry.")]
Again = Annotated[
    bool,
    typer.Option(
        "--again", help="Save it even if the same entry was saved within 10 minutes (you really did it twice)."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON to stdout instead of a table.")]
Force = Annotated[
    bool, typer.Option("--force", help="With a ladder step: remove its trials too (undo brings all back).")
]


def scale(flag: str, help_text: str, hi: int = 10, *, required: bool = False) -> Any:
    """A 0-10 (or 0-100) rating option, checked later by `paceit.parse.scale`; a
    `required` one is marked so (complete.Completes) and checked by the command."""
    if required:
        return typer.Option(flag, metavar=f"0-{hi}", help=help_text, click_type=complete.Completes(required=True))
    return typer.Option(flag, metavar=f"0-{hi}", help=help_text)


Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TEXT",
        help="A context tag such as sitting or stress; repeat for several.",
        click_type=complete.TAG,
    ),
]
