"""`paceit pain`: the daily diary entry."""

import json
from typing import Annotated, Any

import typer

from paceit import parse, store
from paceit.cli import ask as clinician
from paceit.cli import output, prompts
from paceit.cli.options import Again, At, Note, Tags, scale
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.render.entries import describe_pain, tag_text
from paceit.times import human, stamp, stamp_columns

SCALES: tuple[tuple[str, str, str], ...] = (
    ("sleep", "Sleep last night", "0 = worst, 10 = best"),
    ("mood", "Mood", "0 = worst, 10 = best"),
    ("fatigue", "Fatigue", "0 = none, 10 = worst"),
    ("stress", "Stress", "0 = none, 10 = worst"),
)


def _ask_missing(values: dict[str, Any]) -> dict[str, Any]:
    """On a terminal, ask for what the options did not already give."""
    values["pain"] = prompts.scale("Pain now", optional=False, hint="0 = none, 10 = worst imaginable")
    for key, label, hint in SCALES:
        if values[key] is None:
            values[key] = prompts.scale(label, hint=hint)
    if not values["sites"]:
        sites = prompts.text("Where does it hurt? (comma-separated)")
        values["sites"] = parse.sites([sites] if sites else [])
    if not values["flare"]:
        values["flare"] = prompts.yes_no("Is today a flare (distinctly worse than recently, 2 h or more)?")
    if values["note"] is None:
        values["note"] = parse.note(prompts.text("Note"))
    return values


def pain(
    ctx: typer.Context,
    score: Annotated[
        str | None,
        typer.Argument(
            metavar="SCORE", help="Pain now, a whole number from 0 to 10 (0 = none, 10 = worst imaginable)."
        ),
    ] = None,
    sleep: Annotated[str | None, scale("--sleep", "How well you slept last night, 0 worst to 10 best.")] = None,
    mood: Annotated[str | None, scale("--mood", "Mood, 0 worst to 10 best.")] = None,
    fatigue: Annotated[str | None, scale("--fatigue", "Fatigue, 0 none to 10 worst.")] = None,
    stress: Annotated[str | None, scale("--stress", "Stress, 0 none to 10 worst.")] = None,
    site: Annotated[
        list[str] | None, typer.Option("--site", metavar="TEXT", help="Where it hurts; repeat for several.")
    ] = None,
    flare: Annotated[
        bool, typer.Option("--flare", help="Today is distinctly worse than recently, for 2 hours or more.")
    ] = False,
    tag: Tags = None,
    at: At = None,
    note: Note = None,
    ask: clinician.Ask = None,
    again: Again = False,
) -> None:
    """Record how you are: pain 0-10, optionally sleep, mood, fatigue, stress and where it hurts.

    Example: paceit pain 4 --sleep 6 --mood 5 --site 'lower back'
    """
    state = get_state(ctx)
    values: dict[str, Any] = {
        key: parse.scale(given, option=f"--{key}")
        for key, given in (("sleep", sleep), ("mood", mood), ("fatigue", fatigue), ("stress", stress))
    }
    values.update(sites=parse.sites(site or []), flare=flare, note=parse.note(note))
    tags = parse.tags(tag or [])
    question = clinician.check(ask)
    moment = parse.when(at, now=state.now)
    if score is not None:
        values["pain"] = parse.required_scale(score, option="SCORE")
    elif prompts.interactive():
        _ask_missing(values)
    else:
        raise InputError(
            "SCORE is missing: give your pain now as a whole number from 0 to 10, "
            "e.g. 'paceit pain 4' (questions are asked only in a terminal)"
        )
    row = {**values, **stamp_columns(stamp(moment)), "flare": int(values["flare"])}
    row["sites"] = json.dumps(values["sites"], ensure_ascii=False)
    entry_id = store.record(
        state.db(), "pain_entry", row, command="pain", now=state.now, tags=tags, question=question, source="pain",
        again=again,
    )  # fmt: skip
    when = human(row["at_utc"], row["utc_offset"])
    output.line(f"Saved pain entry #{entry_id} for {when}: {describe_pain(row)}{tag_text(tags)}.")
    clinician.confirm(question)


def register(app: typer.Typer) -> None:
    app.command("pain", help=pain.__doc__)(pain)
