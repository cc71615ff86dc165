"""What goes with better or worse days: lagged associations, computed locally.

Pure: plain per-day records in, the `insights --json` list out (product.md). Each result
names its factor and outcome, the number of days behind it, a signed effect (negative: the
factor goes with less pain), a bootstrap interval and one plain-language sentence that
never claims a cause.

Readings of the spec (the conservative ones):
- **Sleep.** The diary asks "how well you slept last night", so the rating logged on a day
  is about the night before it. "Sleep tonight -> pain tomorrow" is therefore the first
  sleep rating of day D against the morning pain of the same day D (morning pain: the
  first entry before 12:00, as clinical-rules.md defines it). Compared as a difference of
  means: nights rated `insights.good_sleep` (7) or more against the rest.
- **Load.** Session load is effort x minutes (sRPE, clinical-rules §3) summed over a day;
  a day without sessions is 0 (a rest day), but only from the first session on, and a day
  with a timed session without an effort rating is unknown rather than guessed. Yesterday's
  load against this morning's pain, as Spearman's rank correlation (no cut-off to choose).
- **Tags.** A day carries a tag when any of its entries does. Same day: the day's mean
  pain; next day: the following day's mean pain. "Days without" are days with at least one
  entry and without the tag (an empty day says nothing about whether the tag applied).
- **Medication.** Per medicine, days it was taken against logged days it was not, on the
  same day's mean pain. As-needed medicine is taken because pain is worse, so the text says
  that the link says nothing about whether it helps.
- **Minimum sample.** Nothing is shown below `insights.min_days` (14) paired days, or with
  fewer than `insights.min_group` (3) days on either side of a comparison.
- **Intervals.** Percentile bootstrap (`insights.resamples`, seeded per result), at
  `insights.confidence` (95 %) widened for the number of results shown together
  (Bonferroni), so that looking at many tags at once does not make chance look like a
  finding. A result is `clear` only when its interval leaves out zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from paceit import stats


@dataclass(frozen=True)
class DayData:
    day: date
    morning_pain: float | None = None
    pain: float | None = None  # mean of the day's diary entries
    sleep: float | None = None  # first rating of the day: the night before
    load: float | None = None  # effort x minutes; None when unknown
    tags: frozenset[str] = frozenset()
    meds: frozenset[str] = frozenset()
    logged: bool = False  # any entry at all that day


@dataclass(frozen=True)
class Rules:
    min_days: int = 14
    min_group: int = 3
    good_sleep: int = 7
    resamples: int = 1000
    confidence: float = 0.95

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Rules:
        return cls(
            int(settings["insights.min_days"]),
            int(settings["insights.min_group"]),
            int(settings["insights.good_sleep"]),
            int(settings["insights.resamples"]),
            float(settings["insights.confidence"]),
        )


@dataclass(frozen=True)
class Comparison:
    """One factor against one outcome, before its interval is drawn."""

    factor: str
    outcome: str
    kind: str  # sleep | load | tag-same | tag-next | med
    subject: str = ""
    with_: tuple[float, ...] = ()
    without: tuple[float, ...] = ()
    pairs: tuple[tuple[float, float], ...] = ()

    @property
    def n(self) -> int:
        return len(self.pairs) if self.kind == "load" else len(self.with_) + len(self.without)

    def enough(self, rules: Rules) -> bool:
        if self.n < rules.min_days:
            return False
        return self.kind == "load" or min(len(self.with_), len(self.without)) >= rules.min_group


def _split(values: Sequence[tuple[bool, float]]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return tuple(v for has, v in values if has), tuple(v for has, v in values if not has)


def comparisons(days: Sequence[DayData], rules: Rules) -> list[Comparison]:
    """Every comparison the data allows, in a fixed order, before the minimum sample."""
    by_day = {d.day: d for d in days}
    found: list[Comparison] = []
    sleep = [
        (d.sleep >= rules.good_sleep, d.morning_pain)
        for d in days
        if d.sleep is not None and d.morning_pain is not None
    ]
    found.append(Comparison(f"sleep {rules.good_sleep}+ last night", "morning pain", "sleep", "", *_split(sleep)))
    pairs = []
    for d in days:
        before = by_day.get(d.day - timedelta(days=1))
        if before is not None and before.load is not None and d.morning_pain is not None:
            pairs.append((before.load, d.morning_pain))
    found.append(Comparison("session load yesterday", "morning pain", "load", pairs=tuple(pairs)))
    logged = [d for d in days if d.logged]
    for tag in sorted(set().union(*(d.tags for d in days))):
        same = [(tag in d.tags, d.pain) for d in logged if d.pain is not None]
        found.append(Comparison(f"tag {tag}", "pain same day", "tag-same", tag, *_split(same)))
        nxt = [
            (tag in d.tags, after.pain)
            for d in logged
            if (after := by_day.get(d.day + timedelta(days=1))) and after.pain is not None
        ]
        found.append(Comparison(f"tag {tag}", "pain next day", "tag-next", tag, *_split(nxt)))
    for name in sorted(set().union(*(d.meds for d in days))):
        taken = [(name in d.meds, d.pain) for d in logged if d.pain is not None]
        found.append(Comparison(f"medication {name}", "pain same day", "med", name, *_split(taken)))
    return found


def _amount(value: float) -> str:
    if abs(value) < 0.05:
        return "the same"
    return f"{abs(value):.1f} {'lower' if value < 0 else 'higher'}"


def _range(low: float, high: float, kind: str) -> str:
    if kind == "load":
        return f"from {low:+.2f} to {high:+.2f}"
    return f"from {_amount(low)} to {_amount(high)}".replace("from the same", "from no difference").replace(
        "to the same", "to no difference"
    )


def _lead(c: Comparison, effect: float, rules: Rules) -> str:
    a, b = len(c.with_), len(c.without)
    same = abs(effect) < 0.05
    avg = "averaged about the same as" if same else f"averaged {_amount(effect)} than"
    if c.kind == "sleep":
        return (
            f"On mornings after a night you rated {rules.good_sleep} or more for sleep, morning pain {avg} "
            f"after poorer nights ({a} and {b} days)."
        )
    if c.kind == "load":
        trend = "higher" if effect > 0 else "lower"
        lead = (
            f"The more session load (effort x minutes) you had on a day, the {trend} your pain tended to be "
            "the next morning"
            if abs(effect) >= 0.05
            else "Session load (effort x minutes) on a day and your pain the next morning showed no trend"
        )
        return f"{lead}: rank correlation {effect:+.2f} over {c.n} days (0 means no link, -1 or +1 a perfect one)."
    if c.kind == "med":
        return (
            f"On days you took {c.subject}, pain {avg} on days you did not ({a} and {b} days). Medicine taken "
            "when pain is worse goes with worse days, so this says nothing about whether it helps."
        )
    when = "On days tagged" if c.kind == "tag-same" else "On the day after a day tagged"
    return f"{when} '{c.subject}', pain {avg} on other days ({a} and {b} days)."


def describe(c: Comparison, effect: float, low: float, high: float, rules: Rules) -> str:
    """One sentence a person can read: what went with what, on how many days, how sure."""
    span = _range(low, high, c.kind)
    if low > 0 or high < 0:
        tail = (
            f" The plausible range, {span}, does not include zero, so chance alone is a less likely "
            "explanation; it still does not show that one causes the other."
        )
    else:
        tail = f" This could be chance: the plausible range is {span}."
    return _lead(c, effect, rules) + tail


def _effect(c: Comparison) -> float | None:
    if c.kind == "load":
        return stats.spearman([x for x, _ in c.pairs], [y for _, y in c.pairs])
    return stats.mean(c.with_) - stats.mean(c.without)


def _interval(c: Comparison, rules: Rules, level: float) -> tuple[float, float]:
    seed = f"paceit-insights:{c.factor}:{c.outcome}"
    if c.kind == "load":
        return stats.bootstrap_pairs(c.pairs, stats.spearman, seed=seed, resamples=rules.resamples, level=level)
    return stats.bootstrap_difference(c.with_, c.without, seed=seed, resamples=rules.resamples, level=level)


def insights(days: Sequence[DayData], rules: Rules) -> list[dict[str, Any]]:
    """The `insights --json` list: results with enough days, clear ones first."""
    shown = [(c, e) for c in comparisons(days, rules) if c.enough(rules) and (e := _effect(c)) is not None]
    level = 1 - (1 - rules.confidence) / max(1, len(shown))
    found = []
    for c, effect in shown:
        low, high = _interval(c, rules, level)
        found.append(
            {
                "factor": c.factor,
                "outcome": c.outcome,
                "n": c.n,
                "effect": round(effect, 2),
                "low": round(low, 2),
                "high": round(high, 2),
                "text": describe(c, effect, low, high, rules),
                "method": "rank correlation" if c.kind == "load" else "difference of means",
                "n_with": len(c.with_) if c.kind != "load" else None,
                "n_without": len(c.without) if c.kind != "load" else None,
                "clear": low > 0 or high < 0,
                "level": round(level, 4),
            }
        )
    found.sort(key=lambda r: not r["clear"])  # stable: the fixed order within each group
    return found
