"""`paceit log`: one session of a paced activity."""

import sqlite3
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from paceit import parse, parse_amounts, queries, repeats, store
from paceit.activity_rules import moved_start
from paceit.cli import ask as clinician
from paceit.cli import complete, output, prompts
from paceit.cli.options import Again, At, Note, Tags, scale
from paceit.cli.state import get_state
from paceit.glance import baseline_count
from paceit.render.entries import SESSION_PAINS, describe_session, tag_text
from paceit.times import human, human_day, stamp, stamp_columns
from paceit.units import format_amount

if TYPE_CHECKING:
    from paceit.rows import ActivityRow
    from paceit.today import LogReplay

PAINS = SESSION_PAINS  # the session's pain columns, as its line names them
FAR_MOVE_DAYS = 7  # moving an activity's start back further than a week changes its baseline's days
TOO_MUCH = 5  # a session of 5 times the day's quota or more: an extra zero, or a boom worth a second look
Yes = Annotated[
    bool,
    typer.Option(
        "--yes",
        help="Save without asking a session of 5 times the day's quota or more, or one that moves the "
        "activity's start back more than 7 days (needed off a terminal).",
    ),
]


def log(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The activity, e.g. walking.", click_type=complete.ACTIVITY)
    ],
    amount: Annotated[
        str,
        typer.Argument(
            metavar="AMOUNT", help="How much: 20, 20m, 1h15m, 90s, '1 hour', 1:15 for minutes; a number for others."
        ),
    ],
    effort: Annotated[str | None, scale("--effort", "Whole-session effort 0-10 (3-4 = can talk, can't sing).")] = None,
    pain_before: Annotated[str | None, scale("--pain-before", "Pain before, 0-10.")] = None,
    pain_during: Annotated[str | None, scale("--pain-during", "Highest pain during, 0-10.")] = None,
    pain_after: Annotated[str | None, scale("--pain-after", "Pain after, 0-10.")] = None,
    tag: Tags = None,
    at: At = None,
    note: Note = None,
    ask: clinician.Ask = None,
    again: Again = False,
    yes: Yes = False,
) -> None:
    """Record a session of a paced activity.

    Example: paceit log walking 20m --effort 4 --pain-during 3 --pain-after 5
    """
    state = get_state(ctx)
    row: dict[str, Any] = {"effort": parse.scale(effort, option="--effort")}
    for key, given in zip(PAINS, (pain_before, pain_during, pain_after), strict=True):
        row[key] = parse.scale(given, option="--" + key.replace("_", "-"))
    row["note"] = parse.note(note)
    tags = parse.tags(tag or [])
    question = clinician.check(ask)
    moment = parse.when(at, now=state.now)
    row.update(stamp_columns(stamp(moment)))
    conn = state.db(create=False)
    activity = queries.find_activity(conn, name=name)
    row["amount"] = parse_amounts.amount(amount, unit_name=activity["unit"])
    row["activity_id"] = activity["id"]
    moved = moved_start(activity, row)
    repeats.refuse(conn, table="session", row=row, label="session", listed=LISTED, again=again)
    saved, replay = _second_look(conn, activity, row, today=state.now.date(), yes=yes)
    if not saved:
        output.line("Nothing was saved.")
        return
    # the repeat is checked again under the write lock: another paceit may have saved it meanwhile
    session_id = store.record(
        state.db(),
        "session",
        row,
        command=f"log {activity['name']}",
        now=state.now,
        tags=tags,
        question=question,
        source="log",
        again=again,
        label="session",
        listed=LISTED,
        updates=[("activity", activity["id"], moved)] if moved else (),
    )
    when = human(row["at_utc"], row["utc_offset"])
    said = describe_session(row, activity["name"], activity["unit"])
    output.line(f"Saved session #{session_id} for {when}: {said}{tag_text(tags)}.")
    clinician.confirm(question)
    if moved:
        output.line(
            f"{activity['name']} now starts {human_day(row['day'])}, the day of this session "
            f"(was {human_day(activity['day'])})."
        )
    _baseline_progress(conn, activity, session_id, state.now.date())
    from paceit.today import session_feedback

    for line in session_feedback(
        conn, activity_id=activity["id"], session_id=session_id, today=state.now.date(), replay=replay
    ):
        output.line(line)


LISTED = "paceit history --kind session"


def _second_look(
    conn: sqlite3.Connection, activity: "ActivityRow", row: dict[str, Any], *, today: date, yes: bool
) -> "tuple[bool, LogReplay | None]":
    """Ask before saving the two sessions that change a plan most and are most often
    slips (issue 17): one that moves the activity's start (so the days of its baseline)
    back more than FAR_MOVE_DAYS, a mistyped --at; and one of TOO_MUCH x the day's quota
    or more. False: the person said no. Off a terminal each needs --yes. With it, the
    replay that found the quota, for the words after the write (None: none was needed)."""
    days = (date.fromisoformat(activity["day"]) - date.fromisoformat(row["day"])).days
    if days > FAR_MOVE_DAYS:
        move = (
            f"{activity['name']}'s start (and so its baseline) from {human_day(activity['day'])} "
            f"to {human_day(row['day'])}, {days} days earlier"
        )
        refusal = f"--at {row['day']} would move {move}; if that is right, add --yes"
        if not prompts.confirmed(f"This session moves {move}. Save it?", refusal=refusal, yes=yes):
            return False, None
    replay = _replay(conn, activity, row)
    quota = None if replay is None else replay.quota(activity["id"])
    if quota is None or row["amount"] < TOO_MUCH * quota:
        return True, replay
    which = "today's quota" if row["day"] == today.isoformat() else f"the quota of {human_day(row['day'])}"
    much = (
        f"{format_amount(row['amount'], activity['unit'])} is {round(row['amount'] / quota, 1):g} times {which} "
        f"of {format_amount(quota, activity['unit'])} for {activity['name']}"
    )
    confirmed = prompts.confirmed(
        f"{much}; pacing means stopping at the quota, even on a good day. Save it as it is?",
        refusal=f"AMOUNT: {much}; if that is right, add --yes (or correct the amount)",
        yes=yes,
    )
    return confirmed, replay


def _replay(conn: sqlite3.Connection, activity: "ActivityRow", row: dict[str, Any]) -> "LogReplay | None":
    """The replay that finds the quota of the session's day (`today.LogReplay`), or None when
    there is no quota to find. The replay (and the pacing engine's import) is skipped while
    the first sessions still set the baseline: no quota then; the words after the write
    replay once then, with the session saved.
    Its cost, measured on the 10-year demo: the engine's import and a replay from the
    newest checkpoint add tens of milliseconds to `log`; after every checkpoint was
    forgotten (an activity or a setting changed) the first run replays the whole
    history once (about 1.6 s on a busy machine), as `next` would, and keeps them."""
    if row["day"] < activity["day"]:
        return None  # before the activity's start (which the write moves): no plan that day
    if not activity["baseline"]:
        needed = int(queries.settings_in_force(conn)["baseline.sessions"])
        if len(queries.first_sessions(conn, activity_id=activity["id"], limit=needed)) < needed:
            return None
    from paceit.record_queries import session_record
    from paceit.today import log_replay

    session = session_record({**row, "amount": float(row["amount"])})  # as the REAL column keeps it
    return log_replay(conn, activity_id=activity["id"], session=session)


def _baseline_progress(conn: sqlite3.Connection, activity: "ActivityRow", session_id: int, today: date) -> None:
    """While the first sessions set the baseline, say how many are still needed; when
    this session completes or changes it, say from which day plans use it. The baseline
    is the first N sessions in date order (as the replay counts them), whatever order
    they were logged in."""
    if activity["baseline"]:
        return
    needed = int(queries.settings_in_force(conn)["baseline.sessions"])
    first = queries.first_sessions(conn, activity_id=activity["id"], limit=needed)
    if session_id not in {s["id"] for s in first}:
        return  # a later session: the baseline is set already and this one does not change it
    name = activity["name"]
    if len(first) < needed:
        output.line(
            f"Finding your baseline for {name}: {baseline_count(len(first), needed)}; stop each one "
            "before symptoms clearly rise."
        )
        return
    total = queries.count_references(conn, table="session", column="activity_id", value=activity["id"])
    what = (
        "that completes your baseline"
        if total == needed
        else f"this session is one of your first {needed} in date order, so your baseline now includes it"
    )
    starts = date.fromisoformat(first[-1]["day"]) + timedelta(days=1)
    output.line(
        f"Finding your baseline for {name}: {baseline_count(needed, needed)} ({what}; plans use it "
        f"{_from_day(starts, today)})."
    )


def _from_day(day: date, today: date) -> str:
    """'from tomorrow, Sun 06 Dec 2026', 'from today, ...' or 'from Fri 04 Dec 2026 on'."""
    if day == today + timedelta(days=1):
        return f"from tomorrow, {human_day(day)}"
    if day == today:
        return f"from today, {human_day(day)}"
    return f"from {human_day(day)} on"


def register(app: typer.Typer) -> None:
    app.command("log")(log)
