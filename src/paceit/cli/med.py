"""`paceit med` (the line it says back is `render/entries.describe_dose`).

Medication is recorded as the person names it. paceit never says anything about doses,
timing or whether to take a medicine: that belongs to the prescriber.
"""

from __future__ import annotations

from typing import Annotated

import typer

from paceit import parse, store
from paceit.cli import ask as asking
from paceit.cli import complete, output
from paceit.cli.options import Again, At, Note
from paceit.cli.state import get_state
from paceit.render.entries import describe_dose
from paceit.times import human, stamp, stamp_columns


def med(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME", help="The medicine, as you call it, e.g. ibuprofen.", click_type=complete.MEDICINE
        ),
    ],
    dose: Annotated[
        str | None, typer.Option("--dose", metavar="TEXT", help="The dose as written on the pack, e.g. '400 mg'.")
    ] = None,
    regular: Annotated[
        bool, typer.Option("--regular", help="A regular (scheduled) medicine; the default is as-needed.")
    ] = False,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """Record a medicine you took (as-needed unless --regular). paceit gives no dosing advice.

    Example: paceit med ibuprofen --dose '400 mg'
    """
    state = get_state(ctx)
    row = {
        "name": " ".join(parse.name(name).casefold().split()),
        "dose": parse.text(dose, option="--dose", max_len=60),
        "schedule": "regular" if regular else "as-needed",
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    question = asking.check(ask)
    dose_id = store.record(
        state.db(), "med_dose", row, command=f"med {row['name']}", now=state.now, question=question, source="med",
        again=again, listed="paceit history --kind med",
    )  # fmt: skip
    output.line(f"Saved medication #{dose_id} for {human(row['at_utc'], row['utc_offset'])}: {describe_dose(row)}.")
    asking.confirm(question)


def register(app: typer.Typer) -> None:
    app.command("med")(med)
