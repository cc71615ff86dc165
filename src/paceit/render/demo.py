"""What `paceit demo` says: what it built, the table of its last 14 days (morning pain,
sleep, mood and the sessions of each day, so a first look at paceit shows a diary that
reads like a person's), and the commands to try next on it."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from paceit.cli import output
from paceit.cli.output import fmt
from paceit.times import human_day

if TYPE_CHECKING:
    from paceit.demo import DemoData

TRY_NEXT = (
    "next",
    "trends",
    "report",
    "insights",
    "plan history walking",
    "ladder list",
)


def print_recent_days(data: DemoData) -> None:
    from paceit.demo import recent_days
    from paceit.render.tables import print_table

    rows = [
        [
            d.day.strftime("%a %d %b"),
            fmt(d.pain) + (" flare" if d.flare else ""),
            fmt(d.sleep),
            fmt(d.mood),
            d.sessions or "-",
        ]
        for d in recent_days(data)
    ]
    print_table(
        ["day", "pain", "sleep", "mood", "sessions"],
        rows,
        numeric=(1, 2, 3),
        wrap=(),
        pack=(4,),
        title="The last 14 days (morning pain 0-10; sleep and mood 0 worst, 10 best)",
    )


def print_summary(data: DemoData, path: Path) -> None:
    """What the demo built: its span, entries, sessions and ladder, where it is, and its last 14 days."""
    from paceit.demo import session_counts

    tables = data.tables
    days = len({r["day"] for r in tables["pain_entry"]})
    sessions = ", ".join(f"{name} {n}" for name, n in session_counts(data).items())
    red = sum(1 for s in tables["session"] if (s["pain_during"] or 0) > 5)
    output.line(
        f"Built a {data.weeks}-week demo diary (seed {data.seed}), {human_day(data.first)} to {human_day(data.last)}:"
    )
    declared = len(tables["flare"])  # the report also counts flares found in the diary's pain
    output.line(
        f"  {len(tables['pain_entry'])} diary entries on {days} days, "
        f"{declared} declared flare{'s' if declared != 1 else ''}"
    )
    # pain during above 5 is one way into the red zone; the plan also counts pain that had
    # not settled by the next morning, and morning pain rising week to week (R2, R3)
    output.line(f"  sessions: {sessions} ({red} with pain during above 5)")
    output.line(
        f"  fear ladder: {len(tables['ladder_step'])} steps, {len(tables['exposure_trial'])} trials; "
        f"{len(tables['goal'])} goals; {len(tables['questionnaire'])} questionnaires"
    )
    output.line(f"Saved in {path} (your own diary is not touched).")
    output.line()
    print_recent_days(data)


def print_try_next(path: Path) -> None:
    """Commands to try on the demo diary, each ready to copy (on one line, the path quoted)."""
    where = shlex.quote(str(path))
    output.line()
    output.line("Try next:")
    for command in TRY_NEXT:
        output.line(f"  paceit --db {where} {command}", wrap=False)
    output.line()
    output.line("When you are ready to start your own diary: paceit pain 4")
