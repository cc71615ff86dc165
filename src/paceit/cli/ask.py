"""`paceit ask TEXT` and the `--ask` option: notes the person marks for their clinician.

They are kept in `clinician_note` (schema 2) and listed in `paceit report` under
"For the appointment". A note given with `--ask` on a recording command is saved
in the same transaction as the entry (so `paceit undo` removes both) and keeps
the entry's time and uuid.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from paceit import parse
from paceit.cli import output
from paceit.cli.options import At
from paceit.cli.state import get_state
from paceit.store import Change, change, fetch_row
from paceit.times import stamp, stamp_columns

Ask = Annotated[
    str | None,
    typer.Option("--ask", metavar="TEXT", help="A question or note for your clinician; it goes in your report."),
]
SAVED = "It will be in your next report (paceit report)."


def check(text: str | None) -> str | None:
    """The --ask text, checked before anything is written."""
    return parse.note(text, option="--ask")


def record(ch: Change, *, text: str, source: str, table: str, row_id: int) -> int:
    """Save `text` as a note for the clinician, stamped like the entry it came with."""
    entry: dict[str, Any] = fetch_row(ch.conn, table, row_id) or {}
    return ch.insert(
        "clinician_note",
        {
            "at_utc": entry["at_utc"],
            "day": entry["day"],
            "utc_offset": entry["utc_offset"],
            "text": text,
            "source": source,
            "source_uuid": entry.get("uuid"),
        },
    )


def ask(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you want to ask or tell your clinician.")],
    at: At = None,
) -> None:
    """Mark a question or note for your clinician; the report lists them for the appointment.

    Example: paceit ask 'Is it fine to swim during a flare?'
    """
    state = get_state(ctx)
    cleaned = parse.required_text(text, option="TEXT", max_len=parse.NOTE_MAX)
    row = {"text": cleaned, "source": "ask", **stamp_columns(stamp(parse.when(at, now=state.now)))}
    with change(state.db(), command="ask", now=state.now) as ch:
        note_id = ch.insert("clinician_note", row)
    output.line(f"Saved note #{note_id} for your clinician. {SAVED}")


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
