"""`paceit timer ACTIVITY`: count down today's quota on the terminal, then log the session.

Stopping at the quota, even on a good day, is the hardest part of pacing, and how
clinicians teach it: a timer set to the quota, and stop when it rings. So the countdown
is calm (no red, no urgency), ends with the terminal's bell and one line saying why to
stop there, then asks pain during and after and records the session through `paceit
log`'s own code (the same checks, echo and baseline notes). Ctrl-C stops early and
offers to log the time done.

The quota is today's plan (`today.next_document`, as `paceit next` computes it); while
the first sessions set the baseline there is none, and `--minutes` gives the length.
Interactive by nature: off a terminal it is a usage error (exit 2).

PACEIT_TIMER_SPEED (tests and demos): how many timer seconds pass per real second,
e.g. 600 to run a 10-minute quota in one second; the clock and the pause between ticks
are parameters of `countdown`.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from paceit import parse, parse_amounts
from paceit.cli import complete, output, prompts
from paceit.cli.log import log
from paceit.cli.state import get_state
from paceit.errors import InputError
from paceit.units import format_amount

if TYPE_CHECKING:
    from paceit.rows import ActivityRow

TICK_SECONDS = 0.25  # how often the bar moves: smooth, and cheap


def clock_text(seconds: float) -> str:
    """'12:05' (minutes:seconds), rounded up so the bar never shows 00:00 before the end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def done_text(seconds: float) -> str:
    """'4 min 30 s', '45 s', '13 min': what was done, for the person to read."""
    whole = int(seconds)
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def speed_from_env() -> float:
    raw = os.environ.get("PACEIT_TIMER_SPEED")
    if raw is None:
        return 1.0
    value = parse.number(raw, option="PACEIT_TIMER_SPEED", lo=0.001, hi=1_000_000)
    assert value is not None
    return value


def countdown(
    total: float,
    *,
    on_tick: Callable[[float], None],
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    speed: float = 1.0,
) -> float:
    """Call `on_tick(elapsed)` every tick until `total` seconds have passed (at `speed`
    timer seconds per clock second); returns the seconds done. A KeyboardInterrupt
    (Ctrl-C) propagates, carrying the seconds done as its first argument."""
    start = clock()
    elapsed = 0.0
    try:
        while elapsed < total:
            on_tick(elapsed)
            sleep(min(TICK_SECONDS, (total - elapsed) / speed))
            elapsed = min(total, (clock() - start) * speed)
    except KeyboardInterrupt:
        raise KeyboardInterrupt(min(total, (clock() - start) * speed)) from None
    on_tick(total)
    return total


def _quota(ctx: typer.Context, name: str, minutes: str | None) -> tuple[ActivityRow, float]:
    """The activity and the minutes to count down: --minutes, else today's quota."""
    from paceit import queries
    from paceit.today import next_document

    state = get_state(ctx)
    conn = state.db(create=False)
    activity = queries.find_activity(conn, name=name)
    if activity["unit"] != "min":
        raise InputError(
            f"ACTIVITY {activity['name']} is counted in {activity['unit']}, not minutes: the timer is for "
            f"minute-based activities (log it with: paceit log {activity['name']} AMOUNT)"
        )
    if minutes is not None:
        return activity, parse_amounts.duration_minutes(minutes, option="--minutes", maximum=600)
    plan = next(
        (a for a in next_document(conn, day=state.now.date()).activities if a["name"] == activity["name"]), None
    )
    if plan is not None and plan["decision"] == "pause":
        raise InputError(
            f"{activity['name']} is paused until a clinician has reviewed your red flag (see paceit next), "
            "so there is no quota to time"
        )
    if plan is None or not plan["target"]:
        raise InputError(
            f"{activity['name']} has no quota yet (its first sessions set the baseline): give the length "
            "with --minutes, e.g. --minutes 10, an amount you can manage before symptoms clearly rise"
        )
    return activity, float(plan["target"])


def timer(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar="ACTIVITY", help="A minute-based activity, e.g. walking.", click_type=complete.ACTIVITY),
    ],
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes", metavar="DURATION", help="Count down this long instead of today's quota (e.g. 10, 12m)."
        ),
    ] = None,
) -> None:
    """Count down today's quota for an activity, ring at the end, then log the session.

    Ctrl-C stops early and offers to log what you did. Needs a terminal.

    Example: paceit timer walking
    """
    activity, quota = _quota(ctx, name, minutes)
    speed = speed_from_env()
    if not prompts.interactive():
        raise InputError(
            "paceit timer needs a terminal (it counts down on screen and asks questions); "
            "to record a session without it: paceit log NAME AMOUNT"
        )
    label = activity["name"]
    length = format_amount(round(quota, 2), "min") + (" today" if minutes is None else "")
    output.message(
        f"{label}: {length}{_already(ctx, activity)}. When the bar is full, stop, even if you feel you could "
        "go on. Ctrl-C stops early."
    )
    before = prompts.scale("Pain now, before you start", optional=True)
    from paceit.render.countdown import run_bar

    seconds, stopped = run_bar(label, quota * 60, count=countdown, left=clock_text, speed=speed)
    if stopped:
        output.message(f"Stopped after {done_text(seconds)} of {format_amount(round(quota, 2), 'min')}.")
        if int(seconds) < 1 or not prompts.yes_no(f"Log the {done_text(seconds)} of {label} you did?", default=True):
            output.message("Nothing was logged.")
            return
    else:
        print("\a", end="", file=sys.stderr, flush=True)  # the bell: time to stop
        output.message(f"Time is up: {done_text(seconds)} of {label}. Stop here; this is how the quota grows safely.")
    during = prompts.scale("Highest pain during", optional=True)
    after = prompts.scale("Pain now, after", optional=True)
    log(
        ctx, name=label, amount=f"{int(seconds)}s", pain_before=_text(before), pain_during=_text(during),
        pain_after=_text(after),
    )  # fmt: skip


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _already(ctx: typer.Context, activity: ActivityRow) -> str:
    """' (you logged 20 min of it today already)', so a second session is a choice."""
    from paceit import queries

    state = get_state(ctx)
    today = state.now.date().isoformat()
    sessions = queries.activity_sessions(state.db(create=False), activity_id=activity["id"], limit=20)
    done = sum(s["amount"] for s in sessions if s["day"] == today)
    return f" (you logged {format_amount(round(done, 2), 'min')} of it today already)" if done else ""


def register(app: typer.Typer) -> None:
    app.command("timer")(timer)
