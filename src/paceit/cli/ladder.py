"""`paceit ladder add|list|try`: the fear ladder and its exposure trials."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Annotated, Any

import typer

from paceit import ladder, ladder_plan, parse, planning, queries, store
from paceit.cli import ask as asking
from paceit.cli import complete, fields, output
from paceit.cli.options import Again, At, Force, Json, Note, Tags, scale
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.render.entries import tag_text
from paceit.store import require_row
from paceit.times import human, stamp, stamp_columns

app = typer.Typer(
    help="The fear ladder: steps you avoid, faced one at a time.\n\n"
    "Example: paceit ladder add 'carry a full shopping bag' --fear 60",
    no_args_is_help=True,
)


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The feared activity, e.g. 'bend to pick up a sock'.")],
    fear: Annotated[str | None, scale("--fear", "How much you fear doing it, 0-100.", hi=100, required=True)] = None,
    harm: Annotated[str | None, scale("--harm", "How harmful you believe it is, 0-100 (optional).", hi=100)] = None,
    activity: Annotated[
        str | None,
        typer.Option(
            "--activity", metavar="NAME", help="A paced activity it belongs to.", click_type=complete.ACTIVITY
        ),
    ] = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
) -> None:
    """Add a step to your fear ladder.

    Example: paceit ladder add 'carry a full shopping bag' --fear 60
    """
    state = get_state(ctx)
    row: dict[str, Any] = {
        "text": parse.required_text(text, option="TEXT"),
        "fear": parse.scale(fear, option="--fear", hi=100),
        "harm": parse.scale(harm, option="--harm", hi=100),
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    question = asking.check(ask)
    row["fear"] = parse.given_scale(row["fear"], option="--fear", hi=100)  # after every value given
    conn = state.db(create=activity is None)
    if activity is not None:
        row["activity_id"] = queries.find_activity(conn, name=activity)["id"]
    step_id = store.record(
        state.db(), "ladder_step", row, command="ladder add", now=state.now, question=question, source="ladder add"
    )
    harm_text = f", harm {row['harm']}/100" if row["harm"] is not None else ""
    output.line(f"Saved ladder step #{step_id}: {row['text']} (fear {row['fear']}/100{harm_text}).")
    asking.confirm(question)
    _print_hints(state.db())


def _print_hints(conn: sqlite3.Connection) -> None:
    """§5 advice on the ladder's shape (human output only: never on the --json path).
    Needs only fears and trial counts, not statuses."""
    steps = queries.ladder_steps(conn)
    rules = ladder.Rules.from_settings(queries.settings_in_force(conn))
    for hint in ladder.hints([s["fear"] for s in steps], any(s["trials"] for s in steps), rules):
        output.line(f"Tip: {hint}")


@app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List the ladder in order of fear, with each step's status and trials.

    Example: paceit ladder list --json
    """
    steps, _ = planning.ladder_state(get_state(ctx).db(create=False), get_state(ctx).now.date())
    from paceit.render.ladder import show_steps

    if show_steps(steps, as_json=as_json):
        _print_hints(get_state(ctx).db(create=False))


Fear = Annotated[str | None, scale("--fear-before", "Fear just before, 0-100.", hi=100, required=True)]
FearAfter = Annotated[str | None, scale("--fear-after", "Fear at the end, 0-100.", hi=100, required=True)]
REQUIRED_FEARS = (("fear_before", "--fear-before"), ("fear_after", "--fear-after"))


@app.command("try")
def try_(
    ctx: typer.Context,
    step: Annotated[
        str,
        typer.Argument(metavar="STEP", help="The step id (see 'paceit ladder list').", click_type=complete.LADDER_STEP),
    ],
    fear_before: Fear = None,
    fear_after: FearAfter = None,
    fear_peak: Annotated[str | None, scale("--fear-peak", "Highest fear during, 0-100.", hi=100)] = None,
    expect: Annotated[
        str | None, typer.Option("--expect", metavar="TEXT", help="What you feared would happen.")
    ] = None,
    expect_likely: Annotated[
        str | None, scale("--expect-likely", "How likely you thought it was, 0-100.", hi=100)
    ] = None,
    predicted_pain: Annotated[str | None, scale("--predicted-pain", "Pain you predicted, 0-10.")] = None,
    pain: Annotated[str | None, scale("--pain", "Pain you actually had, 0-10.")] = None,
    happened: Annotated[
        str | None,
        typer.Option(
            "--happened", metavar="yes|no", help="Did the feared outcome happen?", click_type=complete.yes_no()
        ),
    ] = None,
    safety: Annotated[
        str | None,
        typer.Option("--safety", metavar="yes|no", help="Did you use safety behaviours?", click_type=complete.yes_no()),
    ] = None,
    aborted: Annotated[bool, typer.Option("--aborted", help="You stopped the trial early.")] = False,
    tag: Tags = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """Record an exposure trial of a ladder step: what you predicted and what happened.

    Example: paceit ladder try 3 --fear-before 60 --fear-after 30 --predicted-pain 7 --pain 4 --happened no
    """
    state = get_state(ctx)
    step_id = parse.entry_id(step, option="STEP")
    conn = state.db(create=False)
    step_row = require_row(conn, "ladder_step", step_id)  # a wrong step is the first thing to say
    row: dict[str, Any] = {
        "fear_before": parse.scale(fear_before, option="--fear-before", hi=100),
        "fear_after": parse.scale(fear_after, option="--fear-after", hi=100),
        "fear_peak": parse.scale(fear_peak, option="--fear-peak", hi=100),
        "expect": parse.text(expect, option="--expect"),
        "expect_likely": parse.scale(expect_likely, option="--expect-likely", hi=100),
        "predicted_pain": parse.scale(predicted_pain, option="--predicted-pain"),
        "pain": parse.scale(pain, option="--pain"),
        "happened": parse.yes_no(happened, option="--happened"),
        "safety": parse.yes_no(safety, option="--safety"),
        "aborted": int(aborted),
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    tags = parse.tags(tag or [])
    question = asking.check(ask)
    for key, option in REQUIRED_FEARS:  # every value given is checked first, then what is missing
        row[key] = parse.given_scale(row[key], option=option, hi=100)
    fields.check_fears(row)  # then whether they fit together (a peak below fear before or after)
    row["step_id"] = step_id
    for key in ("happened", "safety"):
        row[key] = None if row[key] is None else int(row[key])
    was = _status_of(conn, step_id, state.now.date())
    trial_id = store.record(
        conn, "exposure_trial", row, command=f"ladder try {step_id}", now=state.now, tags=tags, question=question,
        source="ladder try", again=again, listed="paceit history --kind trial", label="trial",
    )  # fmt: skip
    rules = ladder.Rules.from_settings(queries.settings_in_force(conn))
    rows = queries.step_trials(conn, step_id=step_id)
    trials = [planning.trial_of(t) for t in rows]
    before = [planning.trial_of(t) for t in rows if t["id"] != trial_id]
    index = next(i for i, t in enumerate(rows) if t["id"] == trial_id)  # a backdated trial is not the last
    verdict, this = ladder.verdicts(trials, rules)[index], trials[index]
    output.line(
        f"Saved trial #{trial_id} of step #{step_id} ({step_row['text']}) for "
        f"{human(row['at_utc'], row['utc_offset'])}{tag_text(tags)}."
    )
    held_by, since = ladder_plan.ladder_hold(planning.flare_context(conn, day=state.now.date()))
    day = this.day or state.now.date()
    hold = ladder_plan.trial_hold_words(held_by, since, day)
    if hold:  # the same reason as `next`, and what the hold does with this trial
        output.line(hold)
    if ladder.held_back(day, since):  # judged, but not counted until the hold ends
        outcome = "is a success" if verdict.success else "is not a success yet"
    else:
        outcome = "counts as a success" if verdict.success else "does not count as a success yet"
    output.line(f"This trial {outcome}: {verdict.reason}. Trials of this step: {len(trials)}.")
    asking.confirm(question)
    tip = ladder.suggestion(trials, rules)
    if tip:
        output.line(tip)
    _announce_mastery(conn, (step_id, step_row["text"]), was, (before, trials), rules, state.now.date())


def _status_of(conn: sqlite3.Connection, step_id: int, today: date) -> str:
    steps, _ = planning.ladder_state(conn, today)
    return next(str(s["status"]) for s in steps if s["id"] == step_id)


def _announce_mastery(
    conn: sqlite3.Connection,
    step: tuple[int, str],
    was: str,
    trials: tuple[list[ladder.Trial], list[ladder.Trial]],
    rules: ladder.Rules,
    today: date,
) -> None:
    """Mastery is said when the trial that reaches it is logged, not found later in `next`.
    `trials`: the step's trials without this one, and with it."""
    steps, _ = planning.ladder_state(conn, today)
    now = next(str(s["status"]) for s in steps if s["id"] == step[0])
    following = next(((int(s["id"]), str(s["text"]), int(s["fear"])) for s in steps if s["status"] == "current"), None)
    before, after = trials
    reached = ladder.mastered(after, rules) and not ladder.mastered(before, rules)
    news = ladder.mastery_news(step, was, now, reached, after, rules, following)
    if news:
        output.line(news)


@app.command("show")
def show(
    ctx: typer.Context,
    step: Annotated[
        str,
        typer.Argument(metavar="STEP", help="The step id (see 'paceit ladder list').", click_type=complete.LADDER_STEP),
    ],
    as_json: Json = False,
) -> None:
    """Show one step's story: every trial, what you predicted and what happened.

    Example: paceit ladder show 3
    """
    conn = get_state(ctx).db(create=False)
    step_id = parse.entry_id(step, option="STEP")
    found = require_row(conn, "ladder_step", step_id)
    steps, rules = planning.ladder_state(conn, get_state(ctx).now.date())
    rows = queries.step_trials(conn, step_id=step_id)
    verdicts = ladder.verdicts([planning.trial_of(t) for t in rows], rules)
    from paceit.render.ladder import show_step

    show_step({**found, **next(s for s in steps if s["id"] == step_id)}, rows, verdicts, as_json=as_json)


@app.command("edit")
def edit(
    ctx: typer.Context,
    step: Annotated[str, typer.Argument(metavar="STEP", help="The step id.", click_type=complete.LADDER_STEP)],
    text: Annotated[str | None, typer.Option("--text", help="New wording.")] = None,
    fear: Annotated[str | None, scale("--fear", "How much you fear it now, 0-100.", hi=100)] = None,
    harm: Annotated[
        str | None, scale("--harm", "How harmful you believe it is, 0-100 ('none' clears).", hi=100)
    ] = None,
    note: Note = None,
) -> None:
    """Change a step's wording, fear or harm rating.

    Example: paceit ladder edit 3 --fear 45
    """
    state = get_state(ctx)
    step_id = parse.entry_id(step, option="STEP")
    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = parse.required_text(text, option="--text")
    if fear is not None:
        values["fear"] = parse.required_scale(fear, option="--fear", hi=100)
    if harm is not None:
        values["harm"] = None if harm.strip().lower() == "none" else parse.required_scale(harm, option="--harm", hi=100)
    if note is not None:
        values["note"] = parse.note(note)
    if not values:
        raise InputError("nothing to change: give --text, --fear, --harm or --note")
    conn = state.db(create=False)
    require_row(conn, "ladder_step", step_id)
    updated = store.update(conn, "ladder_step", step_id, values, command=f"ladder edit {step_id}", now=state.now)
    output.line(f"Updated ladder step #{step_id}: {updated['text']} (fear {updated['fear']}).")
    _print_hints(conn)


@app.command("remove")
def remove(
    ctx: typer.Context,
    step: Annotated[str, typer.Argument(metavar="STEP", help="The step id.", click_type=complete.LADDER_STEP)],
    force: Force = False,
) -> None:
    """Remove a step (refused while it has trials, unless --force); 'paceit undo' brings it back.

    Example: paceit ladder remove 3
    """
    state = get_state(ctx)
    step_id = parse.entry_id(step, option="STEP")
    conn = state.db(create=False)
    found = require_row(conn, "ladder_step", step_id)
    rows = store.deletion_rows(conn, "step", step_id, force=force)  # the one delete policy, as `delete step`
    store.delete_rows(conn, rows, command=f"ladder remove {step_id}", now=state.now)
    trials = [key for table, key in rows if table == "exposure_trial"]
    extra = f" and its {len(trials)} trial{'s' if len(trials) != 1 else ''}" if trials else ""
    output.line(f"Removed ladder step #{step_id} ({found['text']}){extra}. Undo with 'paceit undo'.")
