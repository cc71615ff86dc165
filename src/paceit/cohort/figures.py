"""The figures of clinical-rules.md "Simulated cohorts", from simulated people, and
whether each meets its target.

Per archetype: median growth (final quota / starting quota), step-backs for a red
session and pain-defined flares per person; for the overloaded, the median final quota
/ T and the share of sessions above 1.2 x T after week 2 (pooled over the people);
for a true flare, the share detected, the median delay from its first day to the day
paceit knew it, and the share rebuilt to the pre-flare quota; for the irregular, the
same targets as "benign, typical" within 15 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from statistics import fmean, median

from paceit.cohort.people import Archetype
from paceit.cohort.simulate import START, Outcome

NOMINAL = 1.1**11  # +10 % every 7 days for 12 weeks, from the starting quota


@dataclass(frozen=True)
class Figure:
    archetype: str
    name: str
    value: float | None
    text: str  # the value as shown
    target: str
    met: bool | None  # None: no target for this archetype


def growth(outcome: Outcome) -> float | None:
    first, last = outcome.start_quota, outcome.final_quota
    return last / first if first and last else None


def pain_flares(outcome: Outcome) -> int:
    return sum(1 for e in outcome.episodes if e.kind == "pain")


def over_share(outcomes: Sequence[Outcome]) -> tuple[int, int]:
    """(sessions above 1.2 x T, sessions) after the first two weeks, pooled."""
    over = total = 0
    for o in outcomes:
        for s in o.sessions:
            tolerance = o.tolerance.get(s.day)
            if tolerance is None or s.day < START + timedelta(days=14):
                continue
            total += 1
            over += s.amount > 1.2 * tolerance
    return over, total


def final_over_tolerance(outcome: Outcome) -> float | None:
    quota, days = outcome.final_quota, sorted(outcome.tolerance)
    return quota / outcome.tolerance[days[-1]] if quota and days else None


@dataclass(frozen=True)
class FlareFound:
    detected: bool
    delay: int | None
    rebuilt: bool


def true_flare(outcome: Outcome) -> FlareFound:
    """Whether an episode covered the simulated flare, how many days after its first
    day paceit knew it, and whether the quota came back to its pre-flare value."""
    person = outcome.person
    assert person.flare_start is not None
    first = START + timedelta(days=person.flare_start)
    last = first + timedelta(days=person.flare_days - 1)
    found = [e for e in outcome.episodes if e.start <= last and (e.end is None or e.end >= first)]
    if not found:
        return FlareFound(False, None, False)
    episode = found[0]
    known = max(episode.start, episode.known)
    halved = next((p for p in outcome.plans if p.cause == "flare" and p.day >= known), None)
    before = halved.previous if halved else None  # the quota the flare halved
    after = [p.target for p in outcome.plans if episode.end is not None and p.day > episode.end]
    rebuilt = before is not None and any(t is not None and t >= before for t in after)
    return FlareFound(True, max(0, (known - first).days), rebuilt)


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _common(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    grown = [g for o in outcomes if (g := growth(o)) is not None]
    return {
        "growth": median(grown) if grown else None,
        "step_backs": fmean(o.changes("red") for o in outcomes),
        "r1": fmean(o.changes("red:R1") for o in outcomes),
        "flares": fmean(pain_flares(o) for o in outcomes),
    }


def figures(
    archetype: Archetype,
    outcomes: Sequence[Outcome],
    benign: dict[str, float | None] | None = None,
    same_plan: tuple[int, int] | None = None,
) -> list[Figure]:
    """The figures of one archetype with their targets; `benign` holds the "benign,
    typical" figures (for the irregular archetype's 15 % comparison), `same_plan` the
    irregular people whose diary file gave the on-time plans, of those checked."""
    key, common = archetype.key, _common(outcomes)
    r1 = common["r1"] or 0.0
    found = [
        Figure(key, "median growth", common["growth"], _x(common["growth"]), *_growth_target(key, common, benign)),
        Figure(key, "step-backs / person", common["step_backs"], f"{common['step_backs']:.2f}",
               *_count_target(key, "step_backs", common, benign, 0.5)),
        Figure(key, "  of which pain during/after above the limit (R1)", r1, f"{r1:.2f}", "-", None),
        Figure(key, "pain-defined flares / person", common["flares"], f"{common['flares']:.2f}",
               *_count_target(key, "flares", common, benign, 1.0)),
    ]  # fmt: skip
    if archetype.overloaded:
        found.extend(_overloaded(key, outcomes))
    if archetype.flare:
        found.extend(_flare_figures(key, outcomes))
    if same_plan is not None:
        good, checked = same_plan
        found.append(Figure(key, "same plan as if logged on time", good / checked if checked else None,
                            f"{good} of {checked}", "all", good == checked))  # fmt: skip
    return found


def common_figures(outcomes: Sequence[Outcome]) -> dict[str, float | None]:
    return _common(outcomes)


def _growth_target(
    key: str, common: dict[str, float | None], benign: dict[str, float | None] | None
) -> tuple[str, bool | None]:
    value = common["growth"]
    if key == "benign":
        return ">= 2.00x (moonshot 2.4x)", value is not None and value >= 2.0
    if key == "high":
        return ">= 1.00x", value is not None and value >= 1.0
    if key == "irregular" and benign is not None and benign["growth"] is not None:
        reference = benign["growth"]
        return f"within 15 % of {_x(reference)}", value is not None and abs(value / reference - 1) <= 0.15
    return "-", None


def _count_target(
    key: str, name: str, common: dict[str, float | None], benign: dict[str, float | None] | None, limit: float
) -> tuple[str, bool | None]:
    value = common[name]
    assert value is not None
    if key == "benign":
        moon = " (moonshot 0.3)" if name == "flares" else ""
        return f"< {limit:g}{moon}", value < limit
    if key == "irregular" and benign is not None and benign[name] is not None:
        reference = benign[name]
        assert reference is not None
        allowed = max(limit, reference * 1.15)
        return f"< {allowed:.2f} (benign within 15 %)", value < allowed
    return "-", None


def _overloaded(key: str, outcomes: Sequence[Outcome]) -> list[Figure]:
    ratios = [r for o in outcomes if (r := final_over_tolerance(o)) is not None]
    middle = median(ratios) if ratios else None
    over, total = over_share(outcomes)
    share = over / total if total else 0.0
    return [
        Figure(key, "median final quota / T", middle, _x(middle), "0.75x-1.15x",
               middle is not None and 0.75 <= middle <= 1.15),
        Figure(key, "sessions > 1.2 x T after week 2", share, f"{_pct(share)} ({over} of {total})", "<= 10 %",
               share <= 0.10),
    ]  # fmt: skip


def _flare_figures(key: str, outcomes: Sequence[Outcome]) -> list[Figure]:
    found = [true_flare(o) for o in outcomes]
    detected = [f for f in found if f.detected]
    rate = len(detected) / len(found) if found else 0.0
    delays = [f.delay for f in detected if f.delay is not None]
    delay = float(median(delays)) if delays else None
    rebuilt = sum(f.rebuilt for f in detected) / len(detected) if detected else 0.0
    return [
        Figure(key, "true flares detected", rate, _pct(rate), ">= 80 %", rate >= 0.8),
        Figure(key, "median delay, days", delay, "-" if delay is None else f"{delay:g}", "<= 2",
               delay is not None and delay <= 2),
        Figure(key, "rebuilt to the pre-flare quota", rebuilt, _pct(rebuilt), "all detected", rebuilt >= 0.999),
    ]  # fmt: skip
