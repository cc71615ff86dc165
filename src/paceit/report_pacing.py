"""The report's pacing and flare sections, read off the same replay as `paceit next`.

Pure: plain data in (the replay, the flare scan, the amounts done), plain data out.

Readings written down (the conservative ones):
- An activity's "steps back" are the days its replay reduced or paused the quota,
  each with the replay's own reason and its cause (a flare, a red-zone session, a
  break of `gap.days` or more, a red flag); every other change is listed too.
- Adherence: a planned day is done at `gate.done_share` (80 %) of that day's quota.
  Today counts only once it is done (see `trends.adherence`).
- A flare's pre-flare quota is the replay's own: the `previous` of the day the flare
  reduced the quota ("A flare began ..."), which is the usual quota however the days
  before the flare went (a red-zone step back just before it, say). Its recovery is
  the first day after the flare on which every quota it reduced was back at that
  level or above (each activity's first such day; the flare's is the last of them);
  None while one is not. A flare that reduced no quota (nothing had a quota yet) has
  no recovery to show.
- Counts belong to the period: a flare counts, with its days inside the period,
  when it overlaps the period. A flare that ended before the period is listed apart
  ("before the period") only when its recovery reaches into the period (the quotas
  were still below their pre-flare level on the day before it began) and it ended
  in the `RECOVERY_LOOKBACK` days before; it never adds to the period's counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from paceit.flare import FlareScan
from paceit.flare_episodes import Episode
from paceit.pacing import DayPlan
from paceit.pacing_replay import PAUSED, headline
from paceit.plan import Replayed
from paceit.recordtype import record
from paceit.trends import adherence

RECOVERY_LOOKBACK = 28  # days before the period that a flare's recovery may reach back
FLARE_BEGAN = "A flare began"
CAUSES = {
    "flare": "a flare",
    "red": "a red-zone session",
    "gap": "a break",
    "pause": "a red flag",
    "other": "other",
}


def cause_of(decision: str, reason: str) -> str:
    """Why the quota stepped back, from the replay's own decision and reason."""
    if decision == "pause":
        return "pause"
    if reason.startswith(FLARE_BEGAN):
        return "flare"
    if reason.startswith("Stepping back"):
        return "red"
    if reason.startswith("Welcome back"):
        return "gap"
    return "other"


def short_reason(reason: str) -> str:
    """The replay's reason without what the line already says (the amounts): its first
    clause for a red-zone step back or a flare, the break's length for a return."""
    if reason.startswith(PAUSED) and " (ticked " in reason:
        # The line says "paused" already, and a report looks back: the tick's advice for
        # that day ("call emergency services now") is not today's. One part per flag.
        parts = []
        for sentence in reason.split("Paused")[1:]:
            what, rest = sentence.split(": ", 1)[1].split(" (ticked ", 1)
            parts.append(f"{what} (ticked {rest[:10]})")
        return f"red flag: {'; '.join(parts)}."
    text = reason.removeprefix("Stepping back: ")
    for end in (" Today's amount", ": today's amount"):
        if end in text:
            return text.split(end, 1)[0].rstrip(".") + "."
    if text.startswith("Welcome back. ") and ", so " in text:
        return text.removeprefix("Welcome back. ").split(", so ", 1)[0] + "."
    return text


@record
class QuotaChange:
    day: date
    decision: str
    target: float | None
    previous: float | None
    reason: str

    @property
    def step_back(self) -> bool:
        return self.decision in {"reduce", "pause"}

    @property
    def cause(self) -> str | None:
        return cause_of(self.decision, self.reason) if self.step_back else None

    @property
    def summary(self) -> str:
        return short_reason(self.reason)


@record
class ActivitySection:
    name: str
    unit: str
    started: date
    first_quota: float | None
    quota_at_start: float | None
    quota_now: float | None
    decision_now: str
    planned_days: int
    done_days: int
    changes: list[QuotaChange]
    weekly_quota: list[tuple[date, float | None]]  # the quota at the end of each weekly row
    # One value a day of the period, for the daily charts: the day's quota (None while
    # there is none) and what was done (None on a day without a session).
    daily_quota: tuple[float | None, ...] = ()
    daily_done: tuple[float | None, ...] = ()
    id: int = 0

    @property
    def adherence(self) -> float | None:
        return round(self.done_days / self.planned_days, 2) if self.planned_days else None

    @property
    def steps_back(self) -> list[QuotaChange]:
        return [c for c in self.changes if c.step_back]



def count_causes(changes: Sequence[QuotaChange]) -> dict[str, int]:
    """Changes per cause, in the order of `CAUSES` (for the counted, not listed, steps back)."""
    found = [c.cause for c in changes]
    return {k: found.count(k) for k in CAUSES if k in found}


def _changes(plans: Sequence[DayPlan], start: date, first_before: DayPlan | None = None) -> list[QuotaChange]:
    """The changes from `start` on; `first_before` is the plan of the day before plans[0]."""
    found = []
    for i, plan in enumerate(plans):
        before = plans[i - 1] if i else first_before
        moved = plan.changed or (before is not None and (before.decision == "pause") != (plan.decision == "pause"))
        if moved and plan.day >= start:
            previous = plan.previous if plan.changed else (before.target if before else None)
            found.append(QuotaChange(plan.day, plan.decision, plan.target, previous, headline(plan)))
    return found


def target_on(plans: Sequence[DayPlan], day: date) -> float | None:
    """The target on `day` (the last one known after the replay's end). The replay
    has one plan per consecutive day, so this is an index, not a search."""
    if not plans or day < plans[0].day:
        return None
    return plans[min((day - plans[0].day).days, len(plans) - 1)].target


def activity_sections(
    replayed: Sequence[Replayed],
    amounts: Mapping[tuple[int, date], float],
    *,
    start: date,
    end: date,
    today: date,
    week_ends: Sequence[tuple[date, date]],
) -> list[ActivitySection]:
    sections = []
    for item in replayed:
        a, plans = item.activity, item.plans
        if a.start > end or (a.archived is not None and a.archived < start) or not plans:
            continue
        done = adherence([item], amounts, start, end, today=today)
        last = plans[-1]
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        sections.append(
            ActivitySection(
                name=a.name,
                unit=a.unit,
                started=a.start,
                first_quota=item.first_target,
                quota_at_start=target_on(plans, start),
                quota_now=last.target,
                decision_now=last.decision,
                planned_days=sum(p for p, _ in done.values()),
                done_days=sum(d for _, d in done.values()),
                changes=_changes([p for p in plans if p.day <= end], start, item.before),
                weekly_quota=[(first, target_on(plans, until)) for first, until in week_ends],
                daily_quota=tuple(target_on(plans, d) for d in days),
                daily_done=tuple(amounts.get((a.id, d)) for d in days),
                id=a.id,
            )
        )
    return sections


@record
class FlareSection:
    start: date
    end: date | None
    days: int
    days_in_period: int
    kind: str
    before_period: bool  # ended before the period; listed for its recovery only
    reduced: bool  # the flare reduced at least one quota
    recovery_days: int | None
    quota_back: date | None


def _pre_flare(plans: Sequence[DayPlan], episode: Episode, last: date) -> float | None:
    """The usual quota this flare reduced from, if it reduced this one."""
    for plan in plans:
        if plan.day < episode.start or plan.day > last:
            continue
        flare = bool(plan.reasons) and plan.reasons[0].startswith(FLARE_BEGAN)
        if flare and plan.decision == "reduce" and plan.changed and plan.previous is not None:
            return plan.previous
    return None


def quota_back(episode: Episode, replayed: Sequence[Replayed], end: date) -> tuple[bool, date | None]:
    """(whether the flare reduced any quota, the first day after it by which every reduced
    quota had been back at its pre-flare level), from the replays up to `end`."""
    last = episode.end or end
    back: list[date | None] = []
    for item in replayed:
        usual = _pre_flare(item.plans, episode, last)
        if usual is None:
            continue
        back.append(
            next(
                (p.day for p in item.plans if last < p.day <= end and p.target is not None and p.target >= usual),
                None,
            )
        )
    if not back:
        return False, None
    return True, None if None in back else max(d for d in back if d is not None)


def flare_sections(scan: FlareScan, replayed: Sequence[Replayed], *, start: date, end: date) -> list[FlareSection]:
    sections = []
    for episode in scan.episodes:
        if episode.start > end:
            continue
        before = episode.end is not None and episode.end < start
        if before and (start - (episode.end or start)).days > RECOVERY_LOOKBACK:
            continue
        reduced, back = quota_back(episode, replayed, end)
        if before and not (reduced and (back is None or back >= start)):
            continue
        inside_end = min(episode.end or end, end)
        sections.append(
            FlareSection(
                start=episode.start,
                end=episode.end,
                days=episode.length(end),
                days_in_period=max(0, (inside_end - max(episode.start, start)).days + 1),
                kind=episode.kind,
                before_period=before,
                reduced=reduced,
                recovery_days=(back - episode.start).days if back else None,
                quota_back=back,
            )
        )
    return sections
