"""`paceit strategy`: a self-management strategy used, and how much it helped.

People with persistent pain use heat, ice, relaxation, breathing, stretching, a rest
break, TENS, ... and they and their clinicians want to know which ones, how often and
how much each helps. paceit records what the person names and rates; it never suggests,
ranks or advises a strategy: that belongs to the person and their clinician.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from paceit import parse, queries_context, store
from paceit.cli import ask as asking
from paceit.cli import complete, output
from paceit.cli.options import Again, At, Note, Tags
from paceit.cli.state import get_state
from paceit.render.entries import describe_strategy, tag_text
from paceit.times import human, stamp, stamp_columns


def strategy(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help=f"The strategy, as you call it, e.g. heat, 'rest break' (at most {parse.STRATEGY_NAME_MAX} "
            "characters).",
            click_type=complete.STRATEGY,
        ),
    ],
    helped: Annotated[
        str | None,
        typer.Option(
            "--helped", metavar="0-10", help="How much it helped, 0 = not at all, 10 = completely (whole numbers)."
        ),
    ] = None,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes",
            metavar=f"1-{parse.STRATEGY_MINUTES_MAX}",
            help="How long, in whole minutes.",
        ),
    ] = None,
    tag: Tags = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """Record a self-management strategy you used (heat, a rest break, relaxation, ...) and how much it helped.

    paceit keeps what you record and gives no treatment advice.

    Example: paceit strategy heat --helped 6 --minutes 20
    """
    state = get_state(ctx)
    typed = " ".join(parse.name(name, max_len=parse.STRATEGY_NAME_MAX).split())
    row: dict[str, Any] = {
        "helped": parse.scale(helped, option="--helped"),
        "minutes": parse.scale(minutes, option="--minutes", lo=1, hi=parse.STRATEGY_MINUTES_MAX),
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    tags = parse.tags(tag or [])
    question = asking.check(ask)
    conn = state.db()
    row = {"name": queries_context.strategy_spelling(conn, name=typed), **row}
    entry_id = store.record(
        conn, "strategy_use", row, command=f"strategy {row['name']}", now=state.now, tags=tags, question=question,
        source="strategy", again=again, listed="paceit history --kind strategy",
    )  # fmt: skip
    when = human(row["at_utc"], row["utc_offset"])
    output.line(f"Saved strategy #{entry_id} for {when}: {describe_strategy(row)}{tag_text(tags)}.")
    asking.confirm(question)


def register(app: typer.Typer) -> None:
    app.command("strategy")(strategy)
