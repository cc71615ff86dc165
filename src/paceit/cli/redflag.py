"""`paceit redflag check|list|clear`: the safety checklist of clinical-rules.md §7."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from paceit import domain_writes, parse, queries, redflags, store
from paceit.cli import ask as asking
from paceit.cli import complete, output, prompts
from paceit.cli.options import At, Json, Note
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.store import require_row
from paceit.times import stamp, stamp_columns

app = typer.Typer(
    help="Red flags: the safety checklist, and what to do.\n\nExample: paceit redflag check --yes night-pain",
    no_args_is_help=True,
)


def _ask_checklist() -> list[str]:
    ticked: list[str] = []
    print("Answer y or n for each (Enter = no). This is a safety net, not a diagnosis.", file=sys.stderr)
    for group in (1, 2, 3):
        print(f"\n{redflags.GROUP_TITLES[group]}:", file=sys.stderr)
        for spec in (s for s in redflags.CODES if s.group == group):
            if prompts.yes_no(f"  {spec.question}?"):
                ticked.append(spec.code)
    return ticked


def _codes_epilog() -> str:
    """Each code with its question, by group: off a terminal the checklist is ticked by
    code, so `--help` must say what each one means (Typer keeps paragraphs apart)."""
    groups = []
    for group in (1, 2, 3):
        lines = [f"{spec.code}: {spec.question}" for spec in redflags.CODES if spec.group == group]
        groups.append(f"{redflags.GROUP_TITLES[group]}:\n\n" + "\n\n".join(lines))
    return "\n\n".join(groups)


@app.command("check", epilog=_codes_epilog())
def check(
    ctx: typer.Context,
    yes: Annotated[
        list[str] | None,
        typer.Option(
            "--yes",
            metavar="CODE",
            help="A code you tick (repeatable); each code and its question are listed below.",
            click_type=complete.choices((spec.code, spec.question) for spec in redflags.CODES),
        ),
    ] = None,
    none: Annotated[bool, typer.Option("--none", help="You have none of them.")] = False,
    at: At = None,
    note: Note = None,
    ask: asking.Ask = None,
) -> None:
    """Go through the red-flag checklist and see what to do.

    Example: paceit redflag check --yes night-pain
    """
    state = get_state(ctx)
    codes = [parse.choice(c, option="--yes", choices=redflags.CODE_NAMES) for c in yes or []]
    moment = stamp_columns(stamp(parse.when(at, now=state.now)))
    clean_note = parse.note(note)
    question = asking.check(ask)
    if codes and none:
        raise InputError("--none cannot be combined with --yes")
    if not codes and not none:
        if not prompts.interactive():
            raise InputError("tick codes with --yes CODE, or give --none (questions are asked only in a terminal)")
        codes = _ask_checklist()
    unique = list(dict.fromkeys(codes))
    check_id, ids = domain_writes.record_red_flag_check(
        state.db(), unique, note=clean_note, moment=moment, question=question, command="redflag check", now=state.now
    )
    if not ids:
        output.line(
            f"Saved red-flag check #{check_id}: none ticked. Keep going with your plan, and check again "
            "if anything changes."
        )
        output.line(redflags.CRISIS)
        asking.confirm(question)
        return
    output.line(f"Saved red flag{'s' if len(ids) > 1 else ''} " + ", ".join(f"#{i}" for i in ids) + ".")
    from paceit.render.redflags import advice

    for text in advice(unique):
        output.line(text)
    asking.confirm(question)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include cleared red flags.")] = False,
    as_json: Json = False,
) -> None:
    """List open red flags (add --all for cleared ones).

    Example: paceit redflag list --json
    """
    from paceit.render.redflags import show_flags

    show_flags(
        queries.red_flags(get_state(ctx).db(create=False), include_cleared=all_), as_json=as_json, cleared_too=all_
    )


@app.command("clear")
def clear(
    ctx: typer.Context,
    flag_id: Annotated[str, typer.Argument(metavar="ID", help="The red flag's id.", click_type=complete.OPEN_RED_FLAG)],
    reviewed: Annotated[
        str | None,
        typer.Option(
            "--reviewed",
            metavar="TEXT",
            help="Who reviewed it and what they said.",
            click_type=complete.Completes(required=True),
        ),
    ] = None,
) -> None:
    """Clear a red flag after a clinician has reviewed it.

    Example: paceit redflag clear 3 --reviewed 'GP 21 Nov: not serious, carry on pacing'
    """
    state = get_state(ctx)
    row_id = parse.entry_id(flag_id)
    given = parse.text(reviewed, option="--reviewed")
    conn = state.db(create=False)
    row = require_row(conn, "red_flag", row_id)  # a wrong id first, as for a ladder step
    review = parse.required_text(given, option="--reviewed")
    if row["cleared_utc"]:
        raise InputError(f"red flag #{row_id} was already cleared")
    values = {"cleared_utc": stamp(state.now).at_utc, "reviewed": review}
    store.update(conn, "red_flag", row_id, values, command=f"redflag clear {row_id}", now=state.now)
    output.line(f"Cleared red flag #{row_id} ({row['code']}) after review: {review}.")
