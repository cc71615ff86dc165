"""Properties of the pacing replay on random but valid histories (Hypothesis).

Each history is one activity over 20-60 days: sessions with random amounts and pains,
diary entries (mornings and later in the day) with an occasional "flare" tick, maybe a
declared flare and maybe some red flags. The properties are the safety promises of
clinical-rules "How `paceit next` decides" and the `next --json` contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paceit import flare, flare_episodes, redflags
from paceit.pacing import DayPlan, History, Rules, plan_for, replay
from paceit.records import ActivityRecord, DeclaredFlare, DiaryEntry, DiaryIndex, RedFlagRecord, SessionRecord
from paceit.redflags import CODES
from paceit.units import UNITS

D0 = date(2026, 1, 5)
SESSION_MINUTES = (7 * 60, 12 * 60, 17 * 60, 20 * 60)  # all before 23:59, where a test adds its own session
DIARY_MINUTES = (7 * 60, 8 * 60, 11 * 60 + 59, 12 * 60, 21 * 60)
LAST_MINUTE = 23 * 60 + 59
PAINS = st.sampled_from([0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10])
TODAY_NOTE = "Today's session is in; it counts from tomorrow's plan."
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def day(n: int) -> date:
    return D0 + timedelta(days=n)


@dataclass(frozen=True)
class Case:
    """The raw history; `history()` turns it into what the replay reads."""

    unit: str
    days: int
    baseline: float | None
    sessions: tuple[SessionRecord, ...]
    diary: tuple[DiaryEntry, ...]
    declared: tuple[DeclaredFlare, ...]
    flags: tuple[RedFlagRecord, ...]

    def history(
        self,
        sessions: Sequence[SessionRecord] | None = None,
        diary: Sequence[DiaryEntry] | None = None,
        declared: Sequence[DeclaredFlare] | None = None,
        flags: Sequence[RedFlagRecord] | None = None,
        last: date | None = None,
    ) -> History:
        index = DiaryIndex.build(self.diary if diary is None else diary)
        declared = self.declared if declared is None else declared
        found = flare.scan(index, list(declared), last or self.last, flare.FlareRules())
        activity = ActivityRecord(1, "walking", self.unit, D0, baseline=self.baseline)
        return History(
            activity,
            list(self.sessions if sessions is None else sessions),
            index,
            found.episodes,
            found.flare_days,
            list(self.flags if flags is None else flags),
        )

    @property
    def last(self) -> date:
        return day(self.days - 1)

    @property
    def rules(self) -> Rules:
        return Rules(unit=self.unit)

    def plans(self, history: History | None = None) -> list[DayPlan]:
        return replay(history or self.history(), self.rules, self.last)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    unit = draw(st.sampled_from(["min", "min", "km", "steps", "kg", "reps"]))
    step = UNITS[unit].step
    amounts = st.integers(1, 40).map(lambda k: round(k * step, 6))  # whole steps: 1-40 min, 0.1-4 km, ...
    level = draw(amounts)
    session_amounts = st.one_of(st.just(level), st.just(level), amounts)  # mostly steady, sometimes not
    calm = draw(st.booleans())  # calm histories reach the increase rule; the others go red and flare more
    pains = st.sampled_from([0, 1, 1, 2, 2, 3]) if calm else PAINS
    days = draw(st.integers(20, 60))
    baseline = draw(st.one_of(st.none(), amounts))
    slots = draw(
        st.lists(
            st.tuples(st.integers(0, days - 1), st.sampled_from(SESSION_MINUTES)),
            unique=True,
            min_size=days // 4,
            max_size=days,
        )
    )
    optional_pain = st.one_of(st.none(), pains)
    sessions = tuple(
        SessionRecord(
            day(n),
            minute,
            draw(session_amounts),
            pain_during=draw(optional_pain),
            pain_after=draw(optional_pain),
            pain_before=draw(optional_pain),
            id=i + 1,
        )
        for i, (n, minute) in enumerate(sorted(slots))
    )
    entries = st.tuples(
        st.integers(-14, days - 1),
        st.sampled_from(DIARY_MINUTES),
        pains,
        st.integers(0, 11).map(lambda k: k == 0),  # a flare tick now and then
    )
    diary = tuple(
        DiaryEntry(day(n), minute, pain, tick) for n, minute, pain, tick in draw(st.lists(entries, max_size=2 * days))
    )
    declared: tuple[DeclaredFlare, ...] = ()
    if draw(st.booleans()):
        start = draw(st.integers(0, days - 1))
        length = draw(st.one_of(st.none(), st.integers(0, 12)))
        declared = (DeclaredFlare(day(start), None if length is None else day(start + length), 1),)
    flags: tuple[RedFlagRecord, ...] = ()
    if draw(st.integers(0, 3)) == 0:
        ticks = st.tuples(st.sampled_from(CODES), st.integers(0, days - 1), st.one_of(st.none(), st.integers(0, 10)))
        flags = tuple(
            RedFlagRecord(spec.code, spec.group, day(start), None if length is None else day(start + length), i + 1)
            for i, (spec, start, length) in enumerate(draw(st.lists(ticks, min_size=1, max_size=2)))
        )
    return Case(unit, days, baseline, sessions, diary, declared, flags)


@given(cases())
@PROPERTY
def test_a_target_is_never_below_one_unit_step(case: Case) -> None:
    step = UNITS[case.unit].step
    for plan in case.plans():
        assert plan.target is None or plan.target >= step - 1e-9, plan


@given(cases())
@PROPERTY
def test_a_flare_never_raises_a_target(case: Case) -> None:
    history = case.history()
    plans = case.plans(history)
    for before, today in pairwise(plans):
        if flare_episodes.active_episode(history.episodes, today.day) and before.target is not None:
            assert today.target is None or today.target <= before.target, (before, today)


@given(cases())
@PROPERTY
def test_an_open_pausing_red_flag_always_pauses(case: Case) -> None:
    for plan in case.plans():
        paused = bool(redflags.pausing_flags(case.flags, plan.day))
        assert (plan.decision == "pause") is paused, plan
        if paused:
            assert plan.target is None


@given(cases())
@PROPERTY
def test_reasons_are_never_empty_and_the_target_matches_the_decision(case: Case) -> None:
    for plan in case.plans():
        assert plan.reasons and all(r.strip() for r in plan.reasons), plan
        assert plan.decision in {"pause", "baseline", "increase", "hold", "reduce"}
        assert (plan.target is None) is (plan.decision in {"pause", "baseline"}), plan
        assert plan.zone in {None, "green", "yellow", "red"}


@given(cases(), st.data())
@PROPERTY
def test_a_red_session_never_raises_the_next_days_target(case: Case, data: st.DataObject) -> None:
    # Day d lies within 12 days after one of the sessions (or anywhere when there are none), so the red
    # session does not end a 14-day gap: a gap's 0.8 x Q and a red session's 0.9 x Q are different rules, and a
    # session ending a gap is not the history "plus a red session" this property is about.
    anchors = [(s.day - D0).days for s in case.sessions if s.day <= day(case.days - 2)]
    if anchors:
        anchor = data.draw(st.sampled_from(anchors))
        d = min(anchor + data.draw(st.integers(0, 12)), case.days - 2)
    else:
        d = data.draw(st.integers(0, case.days - 2))
    amount = data.draw(st.sampled_from([s.amount for s in case.sessions] or [UNITS[case.unit].step]))
    red = SessionRecord(day(d), LAST_MINUTE, amount, pain_during=8, id=999)
    without = plan_for(case.history(), case.rules, day(d + 1))[0]
    with_red = plan_for(case.history(sessions=[*case.sessions, red]), case.rules, day(d + 1))[0]
    if without.target is not None and with_red.target is not None:
        assert with_red.target <= without.target, (without, with_red)


@given(cases(), st.data())
@PROPERTY
def test_recording_order_never_changes_any_plan(case: Case, data: st.DataObject) -> None:
    shuffled = case.history(
        sessions=data.draw(st.permutations(case.sessions)), diary=data.draw(st.permutations(case.diary))
    )
    assert case.plans(shuffled) == case.plans()


def _known_on(case: Case, d: date) -> History:
    """The history as it stood at the end of day d: sessions before it, diary up to it, flares and flags as
    then recorded (a flare not yet ended is open, a flag not yet cleared is open)."""
    return case.history(
        sessions=[s for s in case.sessions if s.day < d],
        diary=[e for e in case.diary if e.day <= d],
        declared=[_as_of(f, d) for f in case.declared if f.start <= d],
        flags=[
            replace(f, cleared=f.cleared if f.cleared and f.cleared <= d else None) for f in case.flags if f.day <= d
        ],
        last=d,
    )


def _as_of(declared: DeclaredFlare, d: date) -> DeclaredFlare:
    return replace(declared, end=declared.end if declared.end and declared.end <= d else None)


def _comparable(plan: DayPlan) -> tuple[object, ...]:
    # The note that a session is already logged for today mentions it without using it.
    # The day's own sessions show only in words: the note that they are in, and the baseline
    # count, which counts them as `log` does (issue 17); the decision never uses them.
    words = tuple(r for r in plan.reasons if r != TODAY_NOTE and not r.startswith("Finding your baseline: "))
    return plan.target, plan.decision, plan.zone, words


@given(cases(), st.data())
@PROPERTY
def test_a_days_plan_never_depends_on_later_entries(case: Case, data: st.DataObject) -> None:
    full = case.plans()
    for n in data.draw(st.lists(st.integers(0, case.days - 1), min_size=1, max_size=3, unique=True)):
        truncated = replay(_known_on(case, day(n)), case.rules, day(n))[-1]
        assert _comparable(truncated) == _comparable(full[n]), n


def test_the_same_sessions_in_another_recording_order_give_the_same_plan_by_example() -> None:
    # Fixed example of the shuffle property with distinct sessions, as the CLI would store them.
    case = Case(
        "min", 10, 12.5,
        (SessionRecord(day(0), 720, 10, 1, id=1), SessionRecord(day(1), 720, 10, 7, id=2),
         SessionRecord(day(1), 1020, 10, 2, id=3)),
        (DiaryEntry(day(1), 480, 3), DiaryEntry(day(2), 480, 5)), (), (),
    )  # fmt: skip
    shuffled = case.history(sessions=list(reversed(case.sessions)), diary=list(reversed(case.diary)))
    assert case.plans(shuffled) == case.plans()


def test_sessions_tied_in_time_and_amount_do_not_depend_on_recording_order() -> None:
    # Both logged for day 3 with a date-only --at (12:00), 8 min, pain during 2, after 3; no morning entry on
    # day 3, next morning 4. Pain before 2: 4 > 2 + 1 -> red. Pain before 3: 4 <= 3 + 1 -> green.
    red = SessionRecord(day(3), 720, 8, pain_during=2, pain_after=3, pain_before=2, id=4)
    green = SessionRecord(day(3), 720, 8, pain_during=2, pain_after=3, pain_before=3, id=5)
    first = [SessionRecord(day(n), 720, 8, pain_during=1, id=n + 1) for n in range(3)]
    case = Case("min", 5, 10, (*first, red, green), (DiaryEntry(day(4), 480, 4),), (), ())
    one = plan_for(case.history(sessions=[*first, red, green]), case.rules, day(4))[0]
    other = plan_for(case.history(sessions=[*first, green, red]), case.rules, day(4))[0]
    assert (one.target, one.decision) == (other.target, other.decision)  # actual: (8, 'hold') vs (7, 'reduce')


def _sessions_of(days: dict[int, int], red: int) -> tuple[SessionRecord, ...]:
    """`days[n]` sessions of 1 min on day n (07:00, 12:00, 17:00, 20:00), the one on day
    `red` with pain after 6 (above the ceiling of 5)."""
    minutes = (420, 720, 1020, 1200)
    found = [(n, minutes[k]) for n, count in sorted(days.items()) for k in range(count)]
    return tuple(
        SessionRecord(day(n), minute, 1, None, 6 if n == red else None, None, None, i + 1)
        for i, (n, minute) in enumerate(found)
    )


# Found by Hypothesis: a given baseline whose first day is a flare day (marked in the diary)
# starts its quota halved at once (the plan's cause is "flare", not "start"; Q0 is the usual it
# halves); the red step back on day 13 still stops at Q0.
STARTED_IN_A_FLARE = Case(
    "min", 20, 1, _sessions_of({0: 4, 1: 2, 5: 3, 12: 1, 13: 2}, red=12),
    (DiaryEntry(day(0), 420, 0, True), DiaryEntry(day(1), 420, 0, False), DiaryEntry(day(2), 420, 0, False)),
    (), (),
)  # fmt: skip


def starting_quota(plans: Sequence[DayPlan]) -> float | None:
    """Q0: the first quota. On a flare day it is halved at once, and that plan's `previous`
    is Q0 (the usual amount it halves)."""
    first = next((p for p in plans if p.target is not None), None)
    if first is None:
        return None
    return first.target if first.cause == "start" else first.previous


@given(cases())
@example(STARTED_IN_A_FLARE)
@PROPERTY
def test_a_step_back_for_a_red_session_never_goes_below_the_starting_quota(case: Case) -> None:
    """Rules version 2, §1: a red session returns to the previous quota or 0.9 x Q, never below Q0
    (the amount meant for a bad day) nor above the quota it steps back from; only a flare or a
    break may take the quota under Q0."""
    plans = case.plans()
    start = starting_quota(plans)
    for plan in plans:
        if plan.cause.startswith("red"):
            assert start is not None and plan.target is not None and plan.previous is not None
            assert min(start, plan.previous) <= plan.target < plan.previous, plan


@given(cases())
@PROPERTY
def test_a_bad_morning_alone_never_makes_a_session_red(case: Case) -> None:
    """R2 holds a bad next morning against a session only when the session raised pain: the
    same history with every pain during and after at most the pain before has no red step back
    but for pain 9-10 (R1), whatever the mornings say."""
    calm = tuple(
        replace(s, pain_during=min(v, 2), pain_after=min(v, 2))
        for s in case.sessions
        for v in [0 if s.pain_before is None else s.pain_before]
    )
    plans = case.plans(case.history(sessions=calm))
    assert not [p for p in plans if p.cause.startswith("red")], [p for p in plans if p.cause.startswith("red")]
