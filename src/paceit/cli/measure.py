"""`paceit measure peg|psfs|list`: guided questionnaires, stored with their scores."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from paceit import measures, parse, queries, store
from paceit.cli import ask as asking
from paceit.cli import complete, output, prompts
from paceit.cli.options import Again, At, Json, Note, scale
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.render.entries import describe_task
from paceit.times import human_day, stamp, stamp_columns

app = typer.Typer(
    help="Questionnaires (PEG, PSFS) and functional tests (sit-to-stand, up-and-go, ...).\n\n"
    "Example: paceit measure peg --pain 5 --enjoyment-interference 6 --activity-interference 4",
    no_args_is_help=True,
)


def _built_in_tasks() -> list[tuple[str, str]]:
    from paceit.functional_tests import BUILT_IN

    return [(t.name, t.label) for t in BUILT_IN]


def _save(
    state: Any,
    kind: str,
    items: list[tuple[str, int]],
    at: str | None,
    note: str | None,
    ask: str | None,
    *,
    again: bool,
    words: dict[str, str] | None = None,
) -> None:
    score = measures.mean_score([value for _, value in items])
    row = {
        "kind": kind,
        "score": score,
        "note": parse.note(note),
        **stamp_columns(stamp(parse.when(at, now=state.now))),
    }
    question = asking.check(ask)
    answers = [{"position": position, "item": item, "value": value} for position, (item, value) in enumerate(items)]
    q_id = store.record(
        state.db(), "questionnaire", row, command=f"measure {kind}", now=state.now, question=question,
        source=f"measure {kind}", parts={"questionnaire_item": answers}, again=again, answers=items,
        label=kind.upper(), listed="paceit measure list",
    )  # fmt: skip
    detail = ", ".join(words[item].format(value) if words else f"{item} {value}" for item, value in items)
    output.line(f"Saved {kind.upper()} #{q_id} for {human_day(row['day'])}: score {score:g}/10 ({detail}).")
    asking.confirm(question)


# PEG's second and third items ask how much pain *interfered*: 7 is bad. "--enjoyment 7"
# read like good enjoyment (issue 17), so the options say interference; the old names
# stay as hidden aliases, without a word on stderr, so scripts written for them keep
# working unchanged (the echo says what was stored, in the new words).
PEG_OPTIONS = {"pain": "--pain", "enjoyment": "--enjoyment-interference", "activity": "--activity-interference"}
OLD_NAMES = {"enjoyment": "--enjoyment", "activity": "--activity"}
PEG_WORDS = {
    "pain": "average pain {}/10",
    "enjoyment": "pain interfered with enjoyment {}/10",
    "activity": "pain interfered with general activity {}/10",
}


def _old_name(flag: str) -> Any:
    return typer.Option(flag, metavar="0-10", hidden=True, help=f"Old name of {PEG_OPTIONS[flag[2:]]}.")


@app.command("peg")
def peg(
    ctx: typer.Context,
    pain: Annotated[str | None, scale("--pain", "Average pain in the past week, 0-10.")] = None,
    enjoyment: Annotated[
        str | None,
        scale("--enjoyment-interference", "How much pain interfered with enjoying life, 0-10 (10: completely)."),
    ] = None,
    activity: Annotated[
        str | None,
        scale("--activity-interference", "How much pain interfered with your general activity, 0-10 (10: completely)."),
    ] = None,
    old_enjoyment: Annotated[str | None, _old_name("--enjoyment")] = None,
    old_activity: Annotated[str | None, _old_name("--activity")] = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """PEG: three questions about the past week (asked in a terminal, or as options).

    Example: paceit measure peg --pain 5 --enjoyment-interference 6 --activity-interference 4
    """
    state = get_state(ctx)
    given = {
        "pain": (pain, "--pain"),
        "enjoyment": _either("enjoyment", enjoyment, old_enjoyment),
        "activity": _either("activity", activity, old_activity),
    }
    if all(v is None for v, _ in given.values()):
        if not prompts.interactive():
            raise InputError(
                "give --pain, --enjoyment-interference and --activity-interference (0-10), or run it in a "
                "terminal to be asked"
            )
        answers = [(i.key, prompts.scale(i.question, optional=False)) for i in measures.PEG_ITEMS]
        items = [(k, v) for k, v in answers if v is not None]
    else:
        missing = [PEG_OPTIONS[k] for k, (v, _) in given.items() if v is None]
        if missing:
            raise InputError(f"PEG is scored only when complete: also give {', '.join(missing)} (0-10)")
        items = [(k, parse.required_scale(v, option=flag)) for k, (v, flag) in given.items()]
    _save(state, "peg", items, at, note, ask, again=again, words=PEG_WORDS)


def _either(key: str, new: str | None, old: str | None) -> tuple[str | None, str]:
    """The value of a PEG item given by its name or by its old one (not both), and the
    name it was given by (errors name what was typed)."""
    if old is None:
        return new, PEG_OPTIONS[key]
    if new is not None:
        raise InputError(f"give {PEG_OPTIONS[key]} once ({OLD_NAMES[key]} is its old name)")
    return old, OLD_NAMES[key]


def _psfs_item(text: str) -> tuple[str, int]:
    name, sep, value = text.rpartition("=")
    if not sep:
        raise InputError(f"--item must look like 'ACTIVITY=SCORE', e.g. 'climbing stairs=4' (got {text!r})")
    return parse.required_text(name, option="--item", max_len=80), parse.required_scale(value, option="--item score")


@app.command("psfs")
def psfs(
    ctx: typer.Context,
    item: Annotated[
        list[str] | None,
        typer.Option(
            "--item",
            metavar="ACTIVITY=SCORE",
            help="An activity you find hard and how able you are, 0-10; 3 to 5 of them.",
        ),
    ] = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """PSFS: how able you are to do 3-5 activities you chose (the same ones each time).

    Example: paceit measure psfs --item 'climbing stairs=4' --item 'gardening=3' --item 'lifting my grandson=2'
    """
    state = get_state(ctx)
    if item:
        items = [_psfs_item(text) for text in item]
    else:
        if not prompts.interactive():
            raise InputError("give 3-5 --item 'ACTIVITY=SCORE' options, or run it in a terminal to be asked")
        items = _ask_psfs(queries.last_psfs_activities(state.db(create=False)))
    measures.check_psfs_count(len(items))
    _save(state, "psfs", items, at, note, ask, again=again)


def _ask_psfs(previous: list[str]) -> list[tuple[str, int]]:
    print(measures.PSFS_PROMPT, file=sys.stderr)
    names = previous
    if not names:
        print("Name 3 to 5 activities that are hard for you because of your problem.", file=sys.stderr)
        names = []
        while len(names) < measures.PSFS_MAX:
            answer = prompts.text(f"Activity {len(names) + 1}", optional=len(names) >= measures.PSFS_MIN)
            if answer is None:
                break
            names.append(answer)
    return [(name, int(prompts.scale(name, optional=False) or 0)) for name in names]


@app.command("task")
def task(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="sit-to-stand (stands in 30 s), up-and-go (s), stair-climb (s), 6-minute-walk (m), or your own.",
            click_type=complete.lazy(_built_in_tasks, source="task"),
        ),
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="The result: stands in 30 s (0-60), seconds (1-300), metres (0-1000), or your own unit.",
        ),
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="UNIT", help="Your own task's unit, e.g. s or count (first use).")
    ] = None,
    better: Annotated[
        str | None,
        typer.Option(
            "--better",
            metavar="higher|lower",
            help="Is a higher or a lower result better? (first use)",
            click_type=complete.choices(["higher", "lower"]),
        ),
    ] = None,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
    again: Again = False,
) -> None:
    """Record a functional test: how many stands in 30 seconds, how many seconds, how far.

    Example: paceit measure task sit-to-stand 11
    """
    from paceit import functional_tests, queries_context

    state = get_state(ctx)
    given_unit, given_better = functional_tests.check_unit(unit), functional_tests.check_better(better)
    question = asking.check(ask)
    moment = parse.when(at, now=state.now)
    clean = parse.name(name)
    builtin = functional_tests.built_in(clean)
    key = builtin.name if builtin else "-".join(clean.casefold().split())
    conn = state.db(create=False)
    earlier = queries_context.task_named(conn, name=key)
    spec = functional_tests.resolve(key, unit=given_unit, better=given_better, earlier=earlier)
    result = functional_tests.check_value(spec, value)
    row = {
        "name": spec.name,
        "value": result,
        "unit": spec.unit,
        "better": spec.better,
        "note": parse.note(note),
        **stamp_columns(stamp(moment)),
    }
    task_id = store.record(
        state.db(), "task_result", row, command=f"measure task {spec.name}", now=state.now, question=question,
        source="measure task", again=again, listed="paceit history --kind task",
    )  # fmt: skip
    output.line(
        f"Saved {spec.name} #{task_id} for {human_day(row['day'])}: {describe_task(row)} ({spec.better} is better)."
    )
    asking.confirm(question)


@app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List your questionnaire scores over time.

    Example: paceit measure list --json
    """
    from paceit.render.measures import show_questionnaires

    show_questionnaires(queries.questionnaires(get_state(ctx).db(create=False)), as_json=as_json)
