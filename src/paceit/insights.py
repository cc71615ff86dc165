"""What goes with better or worse days: lagged associations, computed locally.

Pure: plain per-day records in, the `insights --json` list out (product.md). Each result
names its factor and outcome, the number of days behind it, a signed effect (negative: the
factor goes with less pain), an interval with its level, and one plain-language sentence
that never claims a cause.

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
- **No morning entries.** Someone who logs only after 12:00 has no morning pain, and sleep
  and load would never show. When fewer than `min_days` days have a morning entry but
  enough have some entry, those two use the day's average pain instead, and the text says
  so and why: it is still measured after the night and after yesterday's sessions, but it
  also reflects the rest of that day. Never mixed within one result.
- **Tags.** A day carries a tag when any of its entries does. Same day: the day's mean
  pain; next day: the following day's mean pain. "Days without" are days with at least one
  entry and without the tag (an empty day says nothing about whether the tag applied).
- **As-needed medicine.** Days it was taken against logged days it was not, on the same
  day's mean pain. It is taken because pain is worse, so the text says that the link says
  nothing about whether it helps.
- **Regular medicine.** Taken every day, so "days with against days without" means little.
  The days since it started (first to last regular dose) are compared with the days
  before it started; days after the last dose are left out. A before/after difference is
  also what any change over time would give (pain often eases or worsens on its own), so
  the text says so, and the carry-over allowance (stats.py) widens such long runs most.
- **Minimum sample.** Nothing is shown below `insights.min_days` (14) paired days, or with
  fewer than `insights.min_group` (3) days on either side of a comparison.
- **Intervals.** Welch's t (difference of means) and Fisher's z (rank correlation), both
  allowing for pain carrying over from day to day; stats.py says why and how well they
  hold their level. The level is `insights.confidence` (95 %) widened for the number of
  results shown together (Bonferroni), so that looking at many tags at once does not make
  chance look like a finding; the text and the JSON say which level was used. A result is
  `clear` only when its interval leaves out zero.
- **Order.** A result depends on which days fall in which group and on the calendar (the
  carry-over), never on the order in which the days are given. Exchanging the values of
  two days of one group leaves the effect and the group sizes as they are; the interval
  too, once the carry-over is fixed (`Rules.carryover`): estimated, it rightly reads the
  calendar order of the values, since that is what carry-over is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from paceit import stats
from paceit.insight_records import DayData

MORNING, DAY = "morning pain", "pain that day"
CARRYOVER_NOTE = 1.5  # variance widened this much or more for carry-over: say so


@dataclass(frozen=True)
class Rules:
    """The insights' numbers: how many days and how large groups before anything is said."""

    min_days: int = 14
    min_group: int = 3
    good_sleep: int = 7
    confidence: float = 0.95
    carryover: float | None = None  # None: estimated from the data (stats.carryover)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Rules:
        return cls(
            int(settings["insights.min_days"]),
            int(settings["insights.min_group"]),
            int(settings["insights.good_sleep"]),
            float(settings["insights.confidence"]),
        )


Point = tuple[int, float]  # (day number, value)


@dataclass(frozen=True)
class Comparison:
    """One factor against one outcome, before its interval is drawn."""

    factor: str
    outcome: str
    kind: str  # sleep | load | tag-same | tag-next | med | med-regular
    subject: str = ""
    with_: tuple[Point, ...] = ()
    without: tuple[Point, ...] = ()
    pairs: tuple[tuple[int, float, float], ...] = ()  # (day number, factor, outcome)

    @property
    def n(self) -> int:
        return len(self.pairs) if self.kind == "load" else len(self.with_) + len(self.without)

    def enough(self, rules: Rules) -> bool:
        if self.n < rules.min_days:
            return False
        return self.kind == "load" or min(len(self.with_), len(self.without)) >= rules.min_group


def _split(values: Sequence[tuple[date, bool, float]]) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    with_ = tuple((d.toordinal(), v) for d, has, v in values if has)
    return with_, tuple((d.toordinal(), v) for d, has, v in values if not has)


def _pain(d: DayData, outcome: str) -> float | None:
    return d.morning_pain if outcome == MORNING else d.pain


def _first_enough(build: Callable[[str], Comparison], rules: Rules) -> Comparison:
    """Morning pain when enough days have it; else the day's average pain (module docstring)."""
    morning = build(MORNING)
    if morning.enough(rules):
        return morning
    fallback = build(DAY)
    return fallback if fallback.enough(rules) else morning


def _sleep(days: Sequence[DayData], rules: Rules) -> Comparison:
    def build(outcome: str) -> Comparison:
        values = [
            (d.day, d.sleep >= rules.good_sleep, pain)
            for d in days
            if d.sleep is not None and (pain := _pain(d, outcome)) is not None
        ]
        return Comparison(f"sleep {rules.good_sleep}+ last night", outcome, "sleep", "", *_split(values))

    return _first_enough(build, rules)


def _load(days: Sequence[DayData], by_day: Mapping[date, DayData], rules: Rules) -> Comparison:
    def build(outcome: str) -> Comparison:
        pairs = []
        for d in days:
            before = by_day.get(d.day - timedelta(days=1))
            if before is not None and before.load is not None and (pain := _pain(d, outcome)) is not None:
                pairs.append((d.day.toordinal(), before.load, pain))
        return Comparison("session load yesterday", outcome, "load", pairs=tuple(pairs))

    return _first_enough(build, rules)


def _tags(logged: Sequence[DayData], by_day: Mapping[date, DayData]) -> list[Comparison]:
    found = []
    for tag in sorted(set().union(*(d.tags for d in logged))):
        same = [(d.day, tag in d.tags, d.pain) for d in logged if d.pain is not None]
        found.append(Comparison(f"tag {tag}", "pain same day", "tag-same", tag, *_split(same)))
        nxt = [
            (after.day, tag in d.tags, after.pain)
            for d in logged
            if (after := by_day.get(d.day + timedelta(days=1))) and after.pain is not None
        ]
        found.append(Comparison(f"tag {tag}", "pain next day", "tag-next", tag, *_split(nxt)))
    return found


def _medicines(logged: Sequence[DayData]) -> list[Comparison]:
    found = []
    for name in sorted(set().union(*(d.meds for d in logged))):
        taken = [(d.day, name in d.meds, d.pain) for d in logged if d.pain is not None]
        found.append(Comparison(f"medication {name}", "pain same day", "med", name, *_split(taken)))
    for name in sorted(set().union(*(d.regular for d in logged))):
        periods = [
            (d.day, name in d.regular, d.pain)
            for d in logged
            if d.pain is not None and (name in d.regular or name in d.regular_before)
        ]
        found.append(
            Comparison(f"regular medication {name}", "pain since starting", "med-regular", name, *_split(periods))
        )
    return found


def comparisons(days: Sequence[DayData], rules: Rules) -> list[Comparison]:
    """Every comparison the data allows, in a fixed order, before the minimum sample."""
    ordered = sorted(days, key=lambda d: d.day)
    by_day = {d.day: d for d in ordered}
    logged = [d for d in ordered if d.logged]
    return [_sleep(ordered, rules), _load(ordered, by_day, rules), *_tags(logged, by_day), *_medicines(logged)]


# --- wording ----------------------------------------------------------------------------------


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


def level_text(level: float, shown: int) -> str:
    """'95% interval', or '99.4% interval, widened because 8 results are shown together'."""
    percent = f"{level * 100:.1f}".removesuffix(".0")
    if shown <= 1:
        return f"{percent}% interval"
    return f"{percent}% interval, widened because {shown} results are shown together"


def _no_morning(c: Comparison) -> str:
    if c.outcome != DAY:
        return ""
    return (
        " You rarely log before 12:00, so this uses each day's average pain instead of morning pain "
        "(the first entry before noon); that average also reflects the rest of the day."
    )


def _lead(c: Comparison, effect: float, rules: Rules) -> str:
    a, b = len(c.with_), len(c.without)
    avg = "averaged about the same as" if abs(effect) < 0.05 else f"averaged {_amount(effect)} than"
    if c.kind == "sleep":
        start, outcome = ("On mornings", "morning pain") if c.outcome == MORNING else ("On days", "your pain that day")
        return (
            f"{start} after a night you rated {rules.good_sleep} or more for sleep, {outcome} {avg} "
            f"after poorer nights ({a} and {b} days).{_no_morning(c)}"
        )
    if c.kind == "load":
        when = "the next morning" if c.outcome == MORNING else "the next day"
        lead = (
            f"The more session load (effort x minutes) you had on a day, the {'higher' if effect > 0 else 'lower'} "
            f"your pain tended to be {when}"
            if abs(effect) >= 0.05
            else f"Session load (effort x minutes) on a day and your pain {when} showed no trend"
        )
        return (
            f"{lead}: rank correlation {effect:+.2f} over {c.n} days (0 means no link, -1 or +1 a perfect one)."
            f"{_no_morning(c)}"
        )
    if c.kind == "med":
        return (
            f"On days you took {c.subject}, pain {avg} on days you did not ({a} and {b} days). Medicine taken "
            "as needed is usually taken when pain is worse, so days with it tend to be worse days; this says "
            "nothing about whether it helps."
        )
    if c.kind == "med-regular":
        return (
            f"Since you started {c.subject} as a regular medicine, pain {avg} in the days before ({a} days "
            f"since, {b} before). Pain often eases or worsens over weeks for other reasons too, and a "
            "before-and-after comparison cannot tell those apart from the medicine, so this does not show "
            "whether it helps; your prescriber can help you judge that."
        )
    when = "On days tagged" if c.kind == "tag-same" else "On the day after a day tagged"
    return f"{when} '{c.subject}', pain {avg} on other days ({a} and {b} days)."


def describe(c: Comparison, effect: float, interval: stats.Interval, rules: Rules, level: str) -> str:
    """One sentence a person can read: what went with what, on how many days, how sure."""
    span = _range(interval.low, interval.high, c.kind)
    if interval.low > 0 or interval.high < 0:
        tail = (
            f" The plausible range, {span} ({level}), does not include zero, so chance alone is a less "
            "likely explanation; it still does not show that one causes the other."
        )
    else:
        tail = f" This could be chance: the plausible range is {span} ({level})."
    if interval.inflation >= CARRYOVER_NOTE:
        tail += (
            " Your pain tends to carry over from one day to the next and these days come in runs, so they "
            "hold less information than their number suggests; the range allows for that."
        )
    return _lead(c, effect, rules) + tail


# --- results ------------------------------------------------------------------------------------


def _effect(c: Comparison) -> float | None:
    if c.kind == "load":
        return stats.spearman([x for _, x, _ in c.pairs], [y for _, _, y in c.pairs])
    return stats.mean([v for _, v in c.with_]) - stats.mean([v for _, v in c.without])


def _interval(c: Comparison, rules: Rules, level: float) -> stats.Interval:
    if c.kind == "load":
        found = stats.correlation_interval(c.pairs, level=level, carryover_given=rules.carryover)
        return found or stats.Interval(-1.0, 1.0, 0.0, 1.0)
    return stats.difference_interval(c.with_, c.without, level=level, carryover_given=rules.carryover)


def _result(c: Comparison, effect: float, rules: Rules, level: float, shown: int) -> dict[str, Any]:
    interval = _interval(c, rules, level)
    load = c.kind == "load"
    return {
        "factor": c.factor,
        "outcome": c.outcome,
        "n": c.n,
        "effect": round(effect, 2),
        "low": round(interval.low, 2),
        "high": round(interval.high, 2),
        "text": describe(c, effect, interval, rules, level_text(level, shown)),
        "method": "rank correlation" if load else "difference of means",
        "n_with": None if load else len(c.with_),
        "n_without": None if load else len(c.without),
        "clear": interval.low > 0 or interval.high < 0,
        "level": round(level, 4),
        "comparisons": shown,
        "carryover": round(interval.carryover, 2),
        "effective_n": round(c.n / interval.inflation, 1),
    }


def insights(days: Sequence[DayData], rules: Rules) -> list[dict[str, Any]]:
    """The `insights --json` list: results with enough days, clear ones first."""
    shown = [(c, e) for c in comparisons(days, rules) if c.enough(rules) and (e := _effect(c)) is not None]
    level = 1 - (1 - rules.confidence) / max(1, len(shown))
    found = [_result(c, effect, rules, level, len(shown)) for c, effect in shown]
    found.sort(key=lambda r: not r["clear"])  # stable: the fixed order within each group
    return found


def shortfall(days: Sequence[DayData], rules: Rules) -> list[str]:
    """Why nothing can be shown yet, one plain reason per kind of result, for the empty case."""
    logged = [d for d in days if d.pain is not None]
    reasons = []
    if len(logged) < rules.min_days:
        reasons.append(f"pain is logged on {len(logged)} of these days; a result needs at least {rules.min_days}")
    rated = [d for d in logged if d.sleep is not None]
    good = sum(1 for d in rated if d.sleep is not None and d.sleep >= rules.good_sleep)
    if not rated:
        reasons.append("no sleep ratings yet (add --sleep N to your first entry of the day)")
    elif min(good, len(rated) - good) < rules.min_group:
        reasons.append(
            f"sleep: {good} nights rated {rules.good_sleep}+ and {len(rated) - good} below; each side needs "
            f"{rules.min_group} or more"
        )
    if not any(d.load is not None and d.load > 0 for d in days):
        reasons.append("no timed sessions with an effort rating (paceit log NAME MINUTES --effort N)")
    if not any(d.tags for d in days):
        reasons.append("no tags yet (paceit pain N --tag WORD)")
    return reasons
