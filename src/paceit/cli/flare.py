"""`paceit flare start|end|plan|list`: declared flares and the personal flare plan."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

import typer

from paceit import domain_writes, flareplan, parse, planning, queries, store
from paceit.cli import ask as asking
from paceit.cli import complete, output, prompts
from paceit.cli.options import At, Json, Note
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.flare import scan_of
from paceit.flare_episodes import active_episode
from paceit.times import human, human_day, stamp, stamp_columns

app = typer.Typer(
    help="Flares: declare one, end it, and keep your flare plan.\n\n"
    "Example: paceit flare start --note 'after the long drive'",
    no_args_is_help=True,
)


@app.command("start")
def start(ctx: typer.Context, at: At = None, note: Note = None, ask: asking.Ask = None) -> None:
    """Declare that a flare has started (your plan steps back until it ends).

    Example: paceit flare start --note 'after the long drive'
    """
    state = get_state(ctx)
    row = {**stamp_columns(stamp(parse.when(at, now=state.now))), "note": parse.note(note)}
    question = asking.check(ask)
    conn = state.db()
    current = queries.open_flare(conn)
    if current:
        raise InputError(
            f"a flare is already open since {human_day(current['day'])} (#{current['id']}); "
            "end it with 'paceit flare end'"
        )
    queries.check_flare_overlap(conn, start_utc=row["at_utc"], end_utc=None)
    flare_id = store.record(
        conn, "flare", row, command="flare start", now=state.now, question=question, source="flare start"
    )
    output.line(f"Saved flare #{flare_id}, started {human(row['at_utc'], row['utc_offset'])}.")
    asking.confirm(question)
    output.line(
        "Flares usually settle within days. Keep doing a smaller amount, not nothing; "
        "see your plan with 'paceit flare plan'."
    )


@app.command("end")
def end(ctx: typer.Context, at: At = None, note: Note = None, ask: asking.Ask = None) -> None:
    """Mark the flare as over (one you declared, or one your diary shows).

    Example: paceit flare end
    """
    state = get_state(ctx)
    moment = stamp(parse.when(at, now=state.now))
    clean = parse.note(note)
    question = asking.check(ask)
    conn = state.db(create=False)
    current = queries.open_flare(conn) or _from_diary(conn, date.fromisoformat(moment.day))
    if moment.at_utc < current["at_utc"]:
        raise InputError(f"--at must be after the flare started ({human(current['at_utc'], current['utc_offset'])})")
    values = {
        "end_at_utc": moment.at_utc,
        "end_day": moment.day,
        "end_utc_offset": moment.utc_offset,
        "end_note": clean,
    }
    flare_id = domain_writes.end_flare(
        state.db(), current, values, question=question, when=stamp_columns(moment), command="flare end", now=state.now
    )
    days = (date.fromisoformat(moment.day) - date.fromisoformat(current["day"])).days + 1
    output.line(
        f"Ended flare #{flare_id}: {human_day(current['day'])} to {human_day(moment.day)} "
        f"({days} day{'s' if days != 1 else ''})."
    )
    asking.confirm(question)


def _from_diary(conn: sqlite3.Connection, day: date) -> dict[str, Any]:
    """A flare the diary shows (a `--flare` tick or pain well above the usual) but
    nobody declared: ending it records it as declared from its first day."""
    inputs = planning.flare_context(conn, day=day)
    found = scan_of(inputs)
    episode = active_episode(found.episodes, day)
    declared = any(f.start <= day and (f.end is None or day <= f.end) for f in inputs.declared)
    if episode is None or declared:  # a declared flare covering today was already ended
        raise InputError("no flare is open; start one with 'paceit flare start'")
    start = episode.start
    for earlier in inputs.declared:  # never overlap a flare already on record
        if earlier.end is not None and earlier.end >= start:
            start = earlier.end + timedelta(days=1)
    return stamp_columns(stamp(datetime.combine(min(start, day), time(0, 0)).astimezone()))


@app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List declared flares.

    Example: paceit flare list
    """
    from paceit.render.flares import show_flares

    show_flares(queries.flares(get_state(ctx).db(create=False)), as_json=as_json)


@app.command("plan")
def plan(
    ctx: typer.Context,
    section: Annotated[
        str | None,
        typer.Argument(
            metavar="[SECTION]",
            help="One of: " + ", ".join(flareplan.SECTION_NAMES) + ".",
            click_type=complete.choices(flareplan.SECTIONS.items()),
        ),
    ] = None,
    texts: Annotated[
        list[str] | None, typer.Argument(metavar="[TEXT]...", help="The items of that section (replaces it).")
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Fill in every section by answering questions.")] = False,
    as_json: Json = False,
) -> None:
    """Show your flare plan, or set a section of it.

    Example: paceit flare plan comfort 'heat pack' 'slow breathing' 'short walks'
    """
    from paceit.render.flares import show_plan

    state = get_state(ctx)
    if section is None and not edit:
        show_plan(queries.flare_plan(state.db(create=False)), as_json)
        return
    if edit:
        if not prompts.interactive():
            raise InputError(
                "--edit asks questions, so it needs a terminal; set sections with 'paceit flare plan SECTION TEXT...'"
            )
        sections = {name: _ask_section(name) for name in flareplan.SECTION_NAMES}
    else:
        name = parse.choice(section, option="SECTION", choices=flareplan.SECTION_NAMES)
        if not texts:
            show_plan([i for i in queries.flare_plan(state.db(create=False)) if i["section"] == name], as_json, name)
            return
        sections = {name: [parse.required_text(t, option="TEXT") for t in texts]}
    _save_sections(state, {k: v for k, v in sections.items() if v is not None})


def _ask_section(name: str) -> list[str] | None:
    answer = prompts.text(f"{flareplan.SECTIONS[name]}\n  items separated by ';'")
    return [part.strip() for part in answer.split(";") if part.strip()] if answer else None


def _save_sections(state: Any, sections: dict[str, list[str]]) -> None:
    from paceit.render.flares import saved_sections

    domain_writes.set_flare_plan(state.db(), sections, command="flare plan", now=state.now)
    saved_sections(sections)
