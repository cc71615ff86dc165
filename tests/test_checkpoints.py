"""Checkpoints never change an answer (checkpoints.py).

Pure level (Hypothesis): on random histories of several months and activities, a run
resumed from any checkpoint, reading only the window of history `planning.plan_inputs`
would load, gives the very plans, flare state and `next` document of a replay from the
start. Database level: see tests/test_checkpoint_store.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paceit import checkpoints, flare_episodes
from paceit.pacing_state import State, state_from_json, state_json
from paceit.plan import Inputs, Replayed, Run, next_plan, run
from paceit.records import ActivityRecord, DeclaredFlare, DiaryEntry, DiaryIndex, RedFlagRecord, SessionRecord
from paceit.redflags import CODES
from paceit.settings import DEFAULTS

D0 = date(2025, 3, 3)
PAINS = st.sampled_from([0, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 10])
CALM = st.sampled_from([0, 1, 1, 2, 2, 3])
SESSION_MINUTES = (7 * 60, 12 * 60, 17 * 60, 20 * 60)
DIARY_MINUTES = (7 * 60, 8 * 60, 11 * 60 + 59, 12 * 60, 21 * 60)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


@dataclass(frozen=True)
class Case:
    days: int
    activities: tuple[ActivityRecord, ...]
    sessions: dict[int, tuple[SessionRecord, ...]]
    diary: tuple[DiaryEntry, ...]
    declared: tuple[DeclaredFlare, ...]
    flags: tuple[RedFlagRecord, ...]
    settings: dict[str, Any]

    @property
    def last(self) -> date:
        return day(self.days - 1)

    def inputs(self, resume: dict[str, Any] | None = None) -> Inputs:
        """What `planning.plan_inputs` loads: everything, or the checkpoint's window."""
        since_sessions = since_diary = date.min
        if resume is not None:
            since_sessions, since_diary = checkpoints.window_start(date.fromisoformat(resume["day"]), self.settings)
        return Inputs(
            day=self.last,
            settings=self.settings,
            activities=self.activities,
            sessions={k: [s for s in v if s.day >= since_sessions] for k, v in self.sessions.items()},
            diary=DiaryIndex.build(e for e in self.diary if e.day >= since_diary),
            declared=[f for f in self.declared if f.end is None or f.end >= since_diary],
            flags=self.flags,
            steps=[],
            trials={},
            resume=resume,
        )


@st.composite
def amounts(draw: st.DrawFn) -> float:
    return float(draw(st.integers(2, 30)))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    days = draw(st.integers(60, 200))
    calm = draw(st.booleans())
    pains = CALM if calm else PAINS
    activities, sessions = [], {}
    for ident in range(1, draw(st.integers(1, 3)) + 1):
        start = draw(st.integers(0, days // 2))
        archived = draw(st.one_of(st.none(), st.none(), st.integers(start + 1, days + 5)))
        baseline = draw(st.one_of(st.none(), amounts()))
        target = draw(st.one_of(st.none(), st.integers(15, 40).map(float)))
        activities.append(
            ActivityRecord(ident, f"a{ident}", "min", day(start), baseline, target=target,
                           archived=day(archived) if archived is not None else None)
        )  # fmt: skip
        level = draw(amounts())
        # Mostly steady sessions, a gap of two weeks or more now and then, sometimes a boom.
        gap = draw(st.one_of(st.none(), st.tuples(st.integers(start, days - 1), st.integers(14, 30))))
        rows = []
        for n in range(start, days):
            if gap and gap[0] <= n < gap[0] + gap[1]:
                continue
            if draw(st.integers(0, 2)) == 0:
                continue
            amount = draw(st.one_of(st.just(level), st.just(level), st.just(level * 2), amounts()))
            pain = st.one_of(st.none(), pains)
            rows.append(
                SessionRecord(day(n), draw(st.sampled_from(SESSION_MINUTES)), amount, draw(pain), draw(pain),
                              draw(pain), draw(st.one_of(st.none(), st.integers(0, 10))), len(rows) + 1)
            )  # fmt: skip
        sessions[ident] = tuple(rows)
    diary = []
    for n in range(-20, days):
        for _ in range(draw(st.integers(0, 2))):
            tick = draw(st.integers(0, 25)) == 0
            diary.append(DiaryEntry(day(n), draw(st.sampled_from(DIARY_MINUTES)), draw(pains), tick))
    declared = tuple(
        DeclaredFlare(day(s), None if length is None else day(s + length), i + 1)
        for i, (s, length) in enumerate(
            sorted(draw(st.lists(st.tuples(st.integers(0, days - 1), st.one_of(st.none(), st.integers(0, 20))),
                                 max_size=2, unique_by=lambda t: t[0]))))
    )  # fmt: skip
    flags = tuple(
        RedFlagRecord(spec.code, spec.group, day(s), None if length is None else day(s + length), i + 1)
        for i, (spec, s, length) in enumerate(
            draw(st.lists(st.tuples(st.sampled_from(CODES), st.integers(0, days - 1),
                                    st.one_of(st.none(), st.integers(0, 12))), max_size=2)))
    )  # fmt: skip
    tuned = dict(DEFAULTS)
    if draw(st.booleans()):  # the windows follow the settings
        tuned["boombust.window_days"] = draw(st.integers(7, 56))
        tuned["flare.baseline_days"] = draw(st.integers(7, 28))
    return Case(days, tuple(activities), sessions, tuple(diary), declared, flags, tuned)


def by_day(item: Replayed) -> dict[date, Any]:
    return {p.day: p for p in item.plans}


def same_replays(full: Run, resumed: Run, after: date) -> None:
    for whole, part in zip(full.replayed, resumed.replayed, strict=True):
        expected = {d: p for d, p in by_day(whole).items() if d > after}
        got = by_day(part)
        assert sorted(got) == sorted(expected), whole.activity
        differ = next((d for d in sorted(got) if got[d] != expected[d]), None)
        assert differ is None, (whole.activity.id, after, differ and got[differ], differ and expected[differ])
        if part.before is not None:
            assert part.before == by_day(whole)[part.before.day]
        assert part.first_target == whole.first_target


def same_zones(case: Case, full: Run, resumed: Run, windowed: Inputs) -> None:
    """Every session the resumed run reads is judged as in the full replay: the window
    holds the diary and flare days its zone looks back on (usual pain, R2)."""
    from paceit.zones import ZoneRules, session_zone

    rules = ZoneRules.from_settings(case.settings)
    whole = DiaryIndex.build(case.diary)
    for sessions in windowed.sessions.values():
        for s in sessions:
            assert session_zone(s, windowed.diary, rules, resumed.scan.flare_days) == session_zone(
                s, whole, rules, full.scan.flare_days
            ), s


def same_flares(full: Run, resumed: Run, after: date, last: date) -> None:
    d = after + timedelta(days=1)
    while d <= last:
        active = flare_episodes.active_episode
        assert active(resumed.scan.episodes, d) == active(full.scan.episodes, d), d
        assert resumed.scan.flare_days.get(d) == full.scan.flare_days.get(d), d  # the day and when it was known
        d += timedelta(days=1)


SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=SLOW)


@given(cases(), st.data())
@PROPERTY
def test_a_run_resumed_from_any_checkpoint_gives_the_plans_of_a_replay_from_the_start(
    case: Case, data: st.DataObject
) -> None:
    full = run(case.inputs(), keep_checkpoints=True)
    assert full.checkpoints or case.days < 8  # one every 7th day
    document = next_plan(case.inputs(), full)
    chosen = data.draw(st.lists(st.sampled_from(full.checkpoints), max_size=3, unique_by=lambda c: c["day"]))
    for checkpoint in chosen:
        taken = date.fromisoformat(checkpoint["day"])
        windowed = case.inputs(resume=checkpoint)
        resumed = run(windowed, keep_checkpoints=True)
        same_replays(full, resumed, taken)
        same_zones(case, full, resumed, windowed)
        same_flares(full, resumed, taken, case.last)
        assert next_plan(windowed, resumed) == document
        later = {c["day"]: c for c in full.checkpoints if c["day"] > checkpoint["day"]}
        assert {c["day"]: c for c in resumed.checkpoints} == later  # and so are the checkpoints it takes


@given(cases())
@settings(max_examples=15, deadline=None, suppress_health_check=SLOW)
def test_a_chain_of_resumes_gives_the_plans_of_a_replay_from_the_start(case: Case) -> None:
    """As day-to-day use does it: each run starts from the newest checkpoint the previous took."""
    full = run(case.inputs(), keep_checkpoints=True)
    if not full.checkpoints:
        return
    checkpoint = full.checkpoints[0]
    while True:
        step = replace(case, days=min(case.days, (date.fromisoformat(checkpoint["day"]) - D0).days + 12))
        resumed = run(step.inputs(resume=checkpoint), keep_checkpoints=True)
        same_replays(run(step.inputs()), resumed, date.fromisoformat(checkpoint["day"]))
        if not resumed.checkpoints or step.days == case.days:
            break
        checkpoint = resumed.checkpoints[-1]


def test_the_state_is_written_down_and_read_back_whole() -> None:
    from fractions import Fraction

    from paceit.pacing_state import CountedSession, WindowSession
    from paceit.zones import Zone

    state = State(
        quota=12.0, previous=10.0, changed_on=day(40), clock_from=day(41), clock_reason="the red-flag pause",
        change_reason="moved up +10%", baseline=13.7, gap_handled=day(3), flare_pre=14.0, flare_started=day(30),
        rebuild_next=day(44), rebuild_left=1, rebuild_step=2.5, start_quota=9.0, boombust_on=day(20),
        boombust_text="2 cycles", first_target=11.0,
        quota_by_day={day(n): (None if n < 5 else 11.0 if n < 40 else 12.0) for n in range(0, 45)},
        window=[
            WindowSession(day(41), Fraction(7, 6), "green"), WindowSession(day(42), Fraction(1, 3), "yellow", True)
        ],
        latest_plain=CountedSession(day(43), 12.0, Zone("yellow", ("pain during 4/10",))),
        latest=CountedSession(day(44), 6.0, Zone("red", ("r1", "r2"), failed=("R1", "R2"))),
        first_amounts=[10.0, 12.0, 11.5],
    )  # fmt: skip
    back = state_from_json(state_json(state, keep_from=day(0)))
    assert back == state
    trimmed = state_from_json(state_json(state, keep_from=day(38)))
    assert trimmed.quota_by_day == {d: q for d, q in state.quota_by_day.items() if d >= day(38)}


def test_checkpoint_days_thin_out_with_age() -> None:
    until = date(2026, 12, 5)
    days = [until - timedelta(days=n) for n in range(0, 3 * 365)]
    kept = [d for d in days if checkpoints.is_checkpoint_day(d, until)]
    recent = [d for d in kept if (until - d).days <= checkpoints.RECENT_DAYS]
    old = [d for d in kept if (until - d).days > checkpoints.RECENT_DAYS]
    assert len(recent) == 26 and all(d.toordinal() % 7 == 0 for d in recent)
    assert 8 <= len(old) <= 10 and all(d.toordinal() % 91 == 0 for d in old)
    assert until not in kept  # never the asked day itself: its entries may still come
    assert checkpoints.kept_days(kept, until) == kept
    assert checkpoints.kept_days(kept, until + timedelta(days=400)) == [d for d in kept if d.toordinal() % 91 == 0]


def test_a_checkpoint_of_another_version_or_format_is_not_used() -> None:
    good = checkpoints.document(day(7), {}, {})
    assert checkpoints.usable(good)
    assert not checkpoints.usable({**good, "version": "0.0.1"})
    assert not checkpoints.usable({**good, "format": checkpoints.FORMAT + 1})
