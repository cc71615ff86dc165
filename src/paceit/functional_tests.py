"""Functional tests and medication days: definitions, checks and weekly summaries.

Rehabilitation is judged by what a person can do, not by pain alone, so paceit keeps a
few simple functional tests that clinicians use, and lets the person add their own timed
or counted tasks. Every result carries its unit and its direction of improvement, so a
lower time and a higher count both read as "better" in trends and the report.

Pure: plain values in, plain values out; `reporting.weekly_function` feeds it from the
database. Medication is only counted (which days, which medicine): paceit never says
anything about dosing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from paceit import parse
from paceit.errors import InputError
from paceit.function_records import Dose, TaskResult, TaskSpec

BETTER = ("higher", "lower")
UNIT_MAX = 16


# Ranges: generous bounds on what a person can do, wide enough for anyone, narrow enough to
# catch a slip of the keyboard: 30-second sit-to-stand, a whole count, 0-60 (1 stand every
# half second is beyond anyone); timed up-and-go and stair climb 1-300 s (0 is not a time,
# 5 minutes covers the slowest completed test); 6-minute walk 0-1000 m (about 2.8 m/s for
# six minutes, a fast run).
BUILT_IN: tuple[TaskSpec, ...] = (
    TaskSpec(
        "sit-to-stand",
        "count",
        "higher",
        "30-second sit-to-stand (stands in 30 s)",
        ("sts", "30s-sit-to-stand"),
        0,
        60,
        whole=True,
        noun="stand",
    ),
    TaskSpec("up-and-go", "s", "lower", "timed up-and-go (seconds)", ("tug", "timed-up-and-go"), 1, 300),
    TaskSpec("stair-climb", "s", "lower", "stair climb (seconds)", ("stairs",), 1, 300),
    TaskSpec("6-minute-walk", "m", "higher", "6-minute walk (metres)", ("6mwt", "six-minute-walk"), 0, 1000),
)


def _key(name: str) -> str:
    return "-".join(name.casefold().replace("_", " ").split())


def built_in(name: str) -> TaskSpec | None:
    """The built-in test called `name` or one of its aliases (any case, spaces or hyphens)."""
    key = _key(name)
    return next((t for t in BUILT_IN if key == t.name or key in t.aliases), None)


def shown_unit(name: str, unit: str, value: float | None = None) -> str:
    """The unit as a person reads it: the built-in count test's own word ("11 stands",
    "1 stand"; stored as "count"), otherwise the stored unit ("9.9 s", "12 count")."""
    spec = built_in(name)
    if spec is None or not spec.noun or unit != spec.unit:
        return unit
    return spec.noun if value == 1 else f"{spec.noun}s"


def resolve(name: str, *, unit: str | None, better: str | None, earlier: TaskSpec | None) -> TaskSpec:
    """The task a new result belongs to. A built-in test, or a task used before, fixes the
    unit and direction: a different `--unit`/`--better` is refused rather than mixing
    seconds with minutes in one line of the trends. A new task of the person's own needs
    both, so its direction of improvement is never guessed."""
    known = built_in(name) or earlier
    if known is not None:
        if unit is not None and unit != known.unit:
            raise InputError(f"--unit: '{known.name}' is measured in {known.unit}, not {unit} (its first use decides)")
        if better is not None and better != known.better:
            raise InputError(
                f"--better: for '{known.name}' a {known.better} result is better, not {better} (its first use decides)"
            )
        return known
    if unit is None or better is None:
        raise InputError(
            f"'{name}' is a new task: give --unit (e.g. s, count, m) and --better higher|lower "
            f"(built in: {', '.join(t.name for t in BUILT_IN)})"
        )
    return TaskSpec(_key(name), unit, better)


def check_value(spec: TaskSpec, value: str, *, option: str = "VALUE") -> float:
    """One result of `spec`, within its plausible range; the error names the test and range,
    e.g. "VALUE for 30-second sit-to-stand (stands in 30 s) must be a whole number from 0 to
    60 (got 75)"."""
    result = parse.number(
        value, option=f"{option} for {spec.label or spec.name}", lo=spec.low, hi=spec.high, whole=spec.whole
    )
    if result is None:
        raise InputError(f"{option} is required")
    return result


def check_unit(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip().casefold()
    if not text or len(text) > UNIT_MAX or not all(c.isalnum() or c in "-/ %" for c in text):
        raise InputError(f"--unit must be a short unit like s, count or m (at most {UNIT_MAX} characters)")
    return text


def check_better(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip().casefold()
    if text not in BETTER:
        raise InputError(f"--better must be higher or lower (got {value!r})")
    return text


# --- summaries for trends and the report -----------------------------------------------------


def improvement(first: float, last: float, better: str) -> float:
    """Signed change where positive always means better (fewer seconds, more stands)."""
    return last - first if better == "higher" else first - last


def _task_week(results: Sequence[TaskResult]) -> dict[str, Any]:
    values = [r.value for r in results]
    best = max(values) if results[0].better == "higher" else min(values)
    return {
        "mean": round(sum(values) / len(values), 2),
        "best": best,
        "n": len(values),
        "unit": results[0].unit,
        "better": results[0].better,
    }


def weekly_function(
    results: Iterable[TaskResult], doses: Iterable[Dose], *, start: date, weeks: int
) -> list[dict[str, Any]]:
    """Per 7-day week from `start` (the caller chooses, e.g. a Monday): each task's mean and
    best result (with its unit and direction), and on how many days each medicine was taken.

    `[{"week_start": "YYYY-MM-DD", "tasks": {name: {"mean", "best", "n", "unit", "better"}},
       "medication_days": {name: days}, "any_medication_days": days}]`, oldest first; weeks
    without data are present with empty maps, so a sparkline keeps its gaps."""
    end = start + timedelta(days=7 * weeks)
    by_week: list[dict[str, list[TaskResult]]] = [{} for _ in range(weeks)]
    dose_days: list[dict[str, set[date]]] = [{} for _ in range(weeks)]
    for result in results:
        if start <= result.day < end:
            by_week[(result.day - start).days // 7].setdefault(result.name, []).append(result)
    for dose in doses:
        if start <= dose.day < end:
            dose_days[(dose.day - start).days // 7].setdefault(dose.name, set()).add(dose.day)
    found = []
    for index in range(weeks):
        days = dose_days[index]
        found.append(
            {
                "week_start": (start + timedelta(days=7 * index)).isoformat(),
                "tasks": {name: _task_week(rs) for name, rs in sorted(by_week[index].items())},
                "medication_days": {name: len(ds) for name, ds in sorted(days.items())},
                "any_medication_days": len(set().union(*days.values())) if days else 0,
            }
        )
    return found


def task_changes(results: Iterable[TaskResult]) -> list[dict[str, Any]]:
    """Per task: first and latest result and the change, signed so that positive is better."""
    by_name: dict[str, list[TaskResult]] = {}
    for result in sorted(results, key=lambda r: r.day):
        by_name.setdefault(result.name, []).append(result)
    return [
        {
            "name": name,
            "unit": rs[0].unit,
            "better": rs[0].better,
            "first": rs[0].value,
            "first_day": rs[0].day.isoformat(),
            "latest": rs[-1].value,
            "latest_day": rs[-1].day.isoformat(),
            "n": len(rs),
            "improvement": round(improvement(rs[0].value, rs[-1].value, rs[0].better), 2),
        }
        for name, rs in sorted(by_name.items())
    ]
