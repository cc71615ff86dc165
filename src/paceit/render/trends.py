"""The terminal view of `paceit trends`: two narrow tables (how you were; what you
did), so each fits 60 columns, then the sparklines, the load ratio and the latest whole
week's monotony and strain, each with its caveat (information only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from paceit.functional_tests import shown_unit
from paceit.render.numbers import mean, num, pct
from paceit.render.tables import print_table, print_text
from paceit.training_load import MONOTONY_CAVEAT
from paceit.trends import FLARE_LEGEND, GAP, Trends, Week


def _wellbeing_row(w: Week) -> list[str]:
    span = "-" if w.pain_min is None else f"{w.pain_min}-{w.pain_max}"
    flare = str(w.flare_days) if w.flare_days else "-"
    return [w.start.isoformat(), mean(w.pain_mean), span, mean(w.sleep), mean(w.mood), mean(w.fatigue), flare]


def _activity_row(w: Week) -> list[str]:
    planned = f"{pct(w.done_share)} of {w.planned_days}" if w.planned_days else "-"
    return [w.start.isoformat(), str(w.sessions), num(w.minutes, 0), num(w.load, 0), planned, str(w.trials)]


def _flare_caption(weeks: Sequence[Week]) -> str:
    single = sum(w.single_flare_days for w in weeks)
    if not single:
        return FLARE_LEGEND
    days = "day" if single == 1 else "days"
    return f"{FLARE_LEGEND} Besides: {single} single {days} of high pain that made no episode."


def print_trends(view: Trends) -> None:
    if view.began is not None:  # fewer weeks than asked: none before the diary began
        count = len(view.weeks)
        title = f"Trends since {view.began}, when your diary began ({count} week{'s' if count != 1 else ''}"
        print_text(f"{title}; weeks start on Monday)", style="bold")
    else:
        print_text(f"Trends, weeks from {view.first} to {view.last} (weeks start on Monday)", style="bold")
    print_table(
        ["week", "pain", "range", "sleep", "mood", "fatigue", "flare"],
        [_wellbeing_row(w) for w in view.weeks],
        title="How you were (means; sleep and mood 10 = best)",
        caption=_flare_caption(view.weeks),
        numeric=(1, 2, 3, 4, 5, 6),
        wrap=(),
    )
    print_table(
        ["week", "sessions", "min", "load", "quota days", "trials"],
        [_activity_row(w) for w in view.weeks],
        title="What you did (load = effort x minutes)",
        caption="quota days: planned days done at 80% or more of the quota.",
        numeric=(1, 2, 3, 4, 5),
        wrap=(),
    )
    print_text(f"pain  {view.pain_line}   (0-10 scale, one mark a week; {GAP} = nothing logged)")
    print_text(f"load  {view.load_line}")
    print_text(view.ratio.text)
    print_text(view.ratio.caveat, style="dim")
    print_text(_monotony_line(view))
    print_text(MONOTONY_CAVEAT, style="dim")


def _monotony_line(view: Trends) -> str:
    """The latest whole week's monotony and strain (or why there are none)."""
    if view.monotony is None:
        return (
            "Monotony and strain: shown once a whole week (Monday to Sunday) has passed since "
            "your first session with an effort rating."
        )
    return view.monotony.text


def print_function(weeks: Sequence[dict[str, Any]]) -> None:
    """Functional tests and medicine days per week, when there are any; each test says which
    direction is better, so a falling up-and-go time reads as the progress it is. One test
    or medicine a line, never wrapped, so 'up-and-go 10 s' is never split across lines."""
    tasks: dict[str, dict[str, Any]] = {}
    for week in weeks:
        for name, result in week["tasks"].items():
            tasks.setdefault(name, result)
    medicines = sorted({name for week in weeks for name in week["medication_days"]})
    if not tasks and not medicines:
        return
    rows = []
    for week in weeks:
        if week["tasks"] or week["medication_days"]:
            tested = "\n".join(
                f"{n} {num(r['mean'])} {shown_unit(n, r['unit'], r['mean'])}" for n, r in week["tasks"].items()
            )
            taken = "\n".join(f"{n} {d} d" for n, d in week["medication_days"].items())
            rows.append([week["week_start"], tested or "-", taken or "-"])
    directions = "; ".join(f"{n}: {r['better']} is better" for n, r in sorted(tasks.items()))
    print_table(
        ["week", "tests (mean)", "medicines (days)"],
        rows,
        title="Function and medicines",
        caption=directions or None,
        wrap=(),
    )
