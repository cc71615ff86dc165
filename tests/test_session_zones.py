"""`zones.session_zones`, the replay's judging of all its sessions at once (issue 19, sixth
round), gives what `session_zone` gives each session, notes and all: on random diaries with
flare days, mornings around the sessions, logged or missing pains, and other rules."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from paceit.records import DiaryEntry, DiaryIndex, SessionRecord
from paceit.usual import UsualRules
from paceit.zones import ZoneRules, session_zone, session_zones

D0 = date(2026, 3, 1)
pains = st.integers(0, 10)
maybe = st.none() | pains


@st.composite
def diaries(draw: st.DrawFn) -> tuple[list[SessionRecord], DiaryIndex, dict[date, date], ZoneRules]:
    days = draw(st.integers(1, 40))
    minutes = st.sampled_from([3 * 60, 4 * 60, 7 * 60, 8 * 60, 11 * 60 + 59, 12 * 60, 17 * 60])
    steady = st.integers(0, 8).flatmap(lambda base: st.integers(base, base + 2))  # boundaries met exactly
    every_day = [(n, 8 * 60, draw(steady), False) for n in range(days + 1)] if draw(st.booleans()) else []
    entries = every_day + draw(
        st.lists(st.tuples(st.integers(0, days), minutes, pains, st.booleans()), max_size=2 * days)
    )
    diary = DiaryIndex.build(DiaryEntry(D0 + timedelta(days=n), m, p, f) for n, m, p, f in entries)
    session = st.builds(
        SessionRecord, st.integers(0, days).map(lambda n: D0 + timedelta(days=n)), minutes, st.floats(0.5, 60),
        maybe, maybe, maybe,
    )  # fmt: skip
    sessions = sorted(draw(st.lists(session, max_size=30)), key=lambda s: (s.day, s.minute))
    flare_days = {
        D0 + timedelta(days=n): D0 + timedelta(days=n + k)
        for n, k in draw(st.lists(st.tuples(st.integers(0, days), st.integers(0, 3))))
    }
    rules = ZoneRules(
        green_max=draw(st.integers(0, 3)), ceiling=draw(st.integers(3, 7)), r1_rise=draw(st.integers(1, 3)),
        usual=UsualRules(min_mornings=draw(st.integers(3, 6)), rise_points=draw(st.integers(1, 3))),
    )  # fmt: skip
    return sessions, diary, flare_days, rules


@settings(max_examples=300)
@given(diaries(), st.booleans())
def test_all_at_once_is_each_alone(
    case: tuple[list[SessionRecord], DiaryIndex, dict[date, date], ZoneRules], flares: bool
) -> None:
    sessions, diary, flare_days, rules = case
    skip = flare_days if flares else None
    alone = [session_zone(s, DiaryIndex(diary.by_day), rules, skip) for s in sessions]
    assert session_zones(sessions, diary, rules, skip) == alone
    assert session_zones(sessions, diary, rules, skip) == alone  # from the memo's table of usual pains


def test_a_next_morning_at_the_least_clear_rise_is_judged_in_full() -> None:
    """Steady mornings of 3 (no swing): a next morning of 5 after a session that raised pain
    is red through R2, one of 4 is settled."""
    mornings = [DiaryEntry(D0 + timedelta(days=n), 8 * 60, 3) for n in range(14)]
    session = SessionRecord(D0 + timedelta(days=14), 17 * 60, 20.0, 5, 5)
    for next_morning, zone in ((5, "red"), (4, "yellow")):
        diary = DiaryIndex.build([*mornings, DiaryEntry(D0 + timedelta(days=15), 8 * 60, next_morning)])
        (found,) = session_zones([session], diary, ZoneRules())
        assert found == session_zone(session, DiaryIndex(diary.by_day), ZoneRules()) and found.zone == zone
