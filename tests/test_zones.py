"""The pain-monitoring model of clinical-rules §2, case by case with hand-computed numbers.

Defaults: R1 ceiling 5, green up to 2, R2 tolerance +1 (pain after may reach the ceiling; the
'before' value is a morning entry logged before the session, else pain before), R3 tolerance +0.5.
Every case is a session on SESSION_DAY (a Wednesday) plus the diary entries named.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from paceit.records import DiaryEntry, DiaryIndex, SessionRecord
from paceit.zones import Zone, ZoneRules, session_zone, week_check

SESSION_DAY = date(2026, 3, 11)
RULES = ZoneRules()
MORNING = 8 * 60  # 08:00
NOON = 12 * 60


def day(offset: int) -> date:
    return SESSION_DAY + timedelta(days=offset)


def entry(offset: int, pain: int, minute: int = MORNING, flare: bool = False) -> DiaryEntry:
    return DiaryEntry(day(offset), minute, pain, flare)


def session(
    during: int | None = None, before: int | None = None, after: int | None = None, minute: int = 17 * 60
) -> SessionRecord:
    return SessionRecord(SESSION_DAY, minute, 20, pain_during=during, pain_after=after, pain_before=before)


def zone_of(
    sess: SessionRecord, entries: list[DiaryEntry], rules: ZoneRules = RULES, flare_days: frozenset[date] = frozenset()
) -> Zone:
    return session_zone(sess, DiaryIndex.build(entries), rules, flare_days)


# --- R1: pain during, with R2 and R3 unknown (no diary at all) ------------------------------------


@pytest.mark.parametrize(
    ("during", "expected"),
    [
        (6, "red"),  # 6 > ceiling 5: R1 fails
        (10, "red"),
        (5, "yellow"),  # 3 <= 5 <= 5: acceptable
        (3, "yellow"),  # 3 > green_max 2
        (2, "green"),  # 2 <= green_max 2
        (0, "green"),
    ],
)
def test_r1_pain_during_sets_the_zone(during: int, expected: str) -> None:
    assert zone_of(session(during), []).zone == expected


def test_r1_red_names_the_ceiling() -> None:
    found = zone_of(session(6), [])
    assert "pain during 6/10 was above the ceiling of 5" in found.notes
    assert found.weekly_only is False  # red through R1, not through R3


@pytest.mark.parametrize(
    ("rules", "during", "expected"),
    [
        (ZoneRules(ceiling=6), 6, "yellow"),  # C raised R1 to 6: 6 <= 6
        (ZoneRules(ceiling=6), 7, "red"),  # 7 > 6
        (ZoneRules(green_max=3), 3, "green"),  # "some summaries use <= 3 as safe"
        (ZoneRules(green_max=3), 4, "yellow"),
    ],
)
def test_r1_cut_offs_are_settings(rules: ZoneRules, during: int, expected: str) -> None:
    assert zone_of(session(during), [], rules).zone == expected


def test_unknown_pain_during_is_judged_on_what_is_known() -> None:
    found = zone_of(session(None), [])
    assert found.zone == "green"  # nothing failed (the increase gates count it as unrated, not green)
    assert found.notes[0] == "pain during not logged, so it does not count as green for moving up"
    assert any("next-morning" in n for n in found.notes)  # R2 unknown, and said


# --- R2: next-morning pain <= the morning before + 1 ------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "before", "expected", "note"),
    [
        # morning of the session day 3, next morning 4: 4 <= 3 + 1 -> settled; during 2 -> green
        ([entry(0, 3), entry(1, 4)], None, "green", None),
        # 5 > 3 + 1 -> R2 fails -> red even though pain during was green
        (
            [entry(0, 3), entry(1, 5)],
            None,
            "red",
            "pain had not settled by the next morning: 5/10 vs 3/10 that morning, allowed +1",
        ),
        # no morning entry that day: fall back to pain before 2; 4 > 2 + 1 -> red
        (
            [entry(1, 4)],
            2,
            "red",
            "pain had not settled by the next morning: 4/10 vs 2/10 before the session, allowed +1",
        ),
        # fallback to pain before 3: 4 <= 3 + 1 -> settled
        ([entry(1, 4)], 3, "green", None),
        # the morning entry wins over pain before: 4 <= 3 + 1 (pain before 1 would have made it 4 > 2)
        ([entry(0, 3), entry(1, 4)], 1, "green", None),
        # an entry at 12:00 is not "morning" (before 12:00): fall back to pain before 1; 4 > 1 + 1 -> red
        (
            [entry(0, 3, minute=NOON), entry(1, 4)],
            1,
            "red",
            "pain had not settled by the next morning: 4/10 vs 1/10 before the session, allowed +1",
        ),
        # an entry at 11:59 is morning: 4 <= 3 + 1
        ([entry(0, 3, minute=NOON - 1), entry(1, 4)], 1, "green", None),
        # "morning pain" is the FIRST entry before 12:00: next morning 4 (07:00), not 8 (09:00)
        ([entry(0, 3), entry(1, 4, minute=7 * 60), entry(1, 8, minute=9 * 60)], None, "green", None),
    ],
)
def test_r2_next_morning_against_the_morning_before(
    entries: list[DiaryEntry], before: int | None, expected: str, note: str | None
) -> None:
    found = zone_of(session(2, before=before), entries)
    assert found.zone == expected
    if note:
        assert note in found.notes
        assert found.weekly_only is False


def test_r2_uses_only_a_morning_entry_logged_before_the_session() -> None:
    # a session at 09:00; the day's morning entry (3) was logged at 10:00, after it, so it cannot be the
    # "before" value (it would hide the rise): pain before 1 stands in; next morning 4 > 1 + 1 -> red
    found = zone_of(session(2, before=1, minute=9 * 60), [entry(0, 3, minute=10 * 60), entry(1, 4)])
    assert found.zone == "red"
    assert "pain had not settled by the next morning: 4/10 vs 1/10 before the session, allowed +1" in found.notes
    # logged at 08:00, before the 09:00 session, the same entry is used: 4 <= 3 + 1 -> settled, green
    assert zone_of(session(2, before=1, minute=9 * 60), [entry(0, 3, minute=8 * 60), entry(1, 4)]).zone == "green"
    # logged at the session's own minute: not before it -> pain before 1 again -> red
    assert zone_of(session(2, before=1, minute=9 * 60), [entry(0, 3, minute=9 * 60), entry(1, 4)]).zone == "red"
    # no pain before either: R2 unknown, said, and not held against the session
    unknown = zone_of(session(2, minute=9 * 60), [entry(0, 3, minute=10 * 60), entry(1, 4)])
    assert unknown.zone == "green"
    assert "next morning 4/10, but no earlier morning value to compare" in unknown.notes


@pytest.mark.parametrize(
    ("rules", "after", "entries", "expected"),
    [
        # pain after 6 > 5 fails R2 even with no diary at all (R2 otherwise unknown)
        (RULES, 6, [], "red"),
        # ... and even when it settled by the next morning (4 <= 3 + 1)
        (RULES, 6, [entry(0, 3), entry(1, 4)], "red"),
        (RULES, 10, [entry(0, 3), entry(1, 3)], "red"),
        # pain after may reach 5: 5 <= 5, and the next morning settled -> green (pain during 2)
        (RULES, 5, [entry(0, 3), entry(1, 4)], "green"),
        # with C's ceiling of 6 pain after may reach 6; 7 > 6 fails
        (ZoneRules(ceiling=6), 6, [entry(0, 3), entry(1, 4)], "green"),
        (ZoneRules(ceiling=6), 7, [entry(0, 3), entry(1, 4)], "red"),
    ],
)
def test_r2_pain_after_above_the_ceiling_is_red(
    rules: ZoneRules, after: int, entries: list[DiaryEntry], expected: str
) -> None:
    found = zone_of(session(2, after=after), entries, rules)
    assert found.zone == expected
    if expected == "red":
        ceiling = rules.ceiling
        assert found.notes == (f"pain after {after}/10 was above {ceiling}, the most it may reach",)
        assert found.weekly_only is False  # red through R2, acted on every time


def test_r2_fails_with_yellow_pain_during_gives_red() -> None:
    # during 4 would be yellow, but next morning 6 > 4 + 1 -> red
    assert zone_of(session(4), [entry(0, 4), entry(1, 6)]).zone == "red"


def test_r2_holds_with_yellow_pain_during_stays_yellow() -> None:
    # during 5 (yellow), next morning 5 <= 4 + 1
    assert zone_of(session(5), [entry(0, 4), entry(1, 5)]).zone == "yellow"


@pytest.mark.parametrize(
    ("entries", "before", "note"),
    [
        ([entry(0, 3)], None, "next-morning"),  # no entry the next day at all
        ([entry(0, 3), entry(1, 9, minute=13 * 60)], None, "next-morning"),  # only an afternoon one
        ([entry(1, 4)], None, "next morning 4/10, but no earlier morning value to compare"),
    ],
)
def test_r2_unknown_is_said_and_not_counted_against_the_session(
    entries: list[DiaryEntry], before: int | None, note: str
) -> None:
    found = zone_of(session(2, before=before), entries)
    assert found.zone == "green"
    assert any(note in n for n in found.notes), found.notes


def test_r2_tolerance_is_a_setting() -> None:
    # tolerance 0: next morning 4 > 3 + 0 -> red; tolerance 2: 5 <= 3 + 2 -> settled
    assert zone_of(session(2), [entry(0, 3), entry(1, 4)], ZoneRules(r2_tolerance=0)).zone == "red"
    assert zone_of(session(2), [entry(0, 3), entry(1, 5)], ZoneRules(r2_tolerance=2)).zone == "green"


# --- R3: this week's mean morning pain <= last week's + 0.5 ----------------------------------------
# "This week" is the 7 days ending on the session day (offsets -6..0), "last week" the 7 before (-13..-7).
# No entry on the day after, so R2 stays unknown and only R3 decides.

LAST_WEEK_3 = [entry(o, 3) for o in range(-13, -6)]  # seven mornings of 3 -> mean 3.0


@pytest.mark.parametrize(
    ("this_week", "expected", "this_mean"),
    [
        ([entry(-2, 3), entry(0, 4)], "green", 3.5),  # (3 + 4) / 2 = 3.5 <= 3.0 + 0.5 -> holds (boundary)
        ([entry(-2, 4), entry(-1, 3), entry(0, 4)], "red", 11 / 3),  # 11 / 3 = 3.67 > 3.5 -> rising
        ([entry(-6, 2), entry(0, 2)], "green", 2.0),  # falling
        ([entry(0, 4)], "red", 4.0),  # 4.0 > 3.5
    ],
)
def test_r3_weekly_means_with_half_a_point_tolerance(
    this_week: list[DiaryEntry], expected: str, this_mean: float
) -> None:
    diary = DiaryIndex.build(LAST_WEEK_3 + this_week)
    check = week_check(diary, SESSION_DAY, 0.5)
    assert check.this_week == pytest.approx(this_mean)
    assert check.last_week == 3.0
    found = session_zone(session(2), diary, RULES)
    assert found.zone == expected
    if expected == "red":
        assert found.weekly_only is True  # R1 and R2 held or were unknown: red through R3 alone
        assert f"morning pain rising: this week's mean {this_mean:.1f} vs last week's 3.0, allowed +0.5" in found.notes


def test_r3_leaves_out_flare_days() -> None:
    # This week: 3 (day -2), 4 (day 0) and 9 on day -1, a flare day.
    # With the flare day: (3 + 9 + 4) / 3 = 5.33 > 3.5 -> red. Without it: (3 + 4) / 2 = 3.5 -> holds.
    entries = [*LAST_WEEK_3, entry(-2, 3), entry(-1, 9), entry(0, 4)]
    assert zone_of(session(2), entries).zone == "red"
    assert zone_of(session(2), entries, flare_days=frozenset({day(-1)})).zone == "green"
    # a flare day in last week is left out too: last week 3 x 6 + 9 on day -10 (flare) -> mean 3.0, not 3.86
    entries = [entry(o, 3) for o in range(-13, -6) if o != -10] + [entry(-10, 9), entry(0, 4)]
    # with day -10 counted: (6 x 3 + 9) / 7 = 3.857; this week 4 <= 4.357 -> holds
    assert zone_of(session(2), entries).zone == "green"
    # without it: last week 3.0; 4 > 3.5 -> rising -> red
    assert zone_of(session(2), entries, flare_days=frozenset({day(-10)})).zone == "red"


@pytest.mark.parametrize(
    "entries",
    [
        [entry(0, 9)],  # no morning entries last week
        LAST_WEEK_3,  # none this week
        [entry(-14, 1), entry(0, 9)],  # day -14 lies before "last week" (-13..-7)
    ],
)
def test_r3_unknown_when_a_week_has_no_morning_entries(entries: list[DiaryEntry]) -> None:
    diary = DiaryIndex.build(entries)
    assert week_check(diary, SESSION_DAY, 0.5).holds is None
    found = session_zone(session(2), diary, RULES)
    assert found.zone == "green"


def test_r3_uses_only_morning_entries() -> None:
    # afternoon 9s on this week's days do not count: this week's mornings are 3 and 3 -> 3.0 <= 3.5
    entries = [*LAST_WEEK_3, entry(-1, 3), entry(-1, 9, minute=15 * 60), entry(0, 3), entry(0, 9, minute=NOON)]
    assert week_check(DiaryIndex.build(entries), SESSION_DAY, 0.5).this_week == 3.0


def test_r1_red_with_r3_red_is_not_weekly_only() -> None:
    found = zone_of(session(7), [*LAST_WEEK_3, entry(0, 5)])  # 7 > 5 and 5.0 > 3.5
    assert found.zone == "red"
    assert found.weekly_only is False
    assert len(found.notes) == 3  # R1 failed, R2 unknown, R3 failed


def test_recording_order_of_diary_entries_does_not_matter() -> None:
    entries = [entry(0, 3), entry(1, 4, minute=7 * 60), entry(1, 8, minute=9 * 60)]
    assert zone_of(session(2), entries) == zone_of(session(2), list(reversed(entries)))
