"""The pain-monitoring model for persistent pain (rules version 2, §2), case by case with
hand-computed numbers, and the person's usual pain, usual swing and R3 (usual.py).

Defaults: ceiling C 5, green up to max(2, pain before), R1 limit L = min(8, max(C, before + 2)),
usual pain U = median of the 14 mornings before the session's day (>= 4 of them), swing s = their
sample SD, a clear rise = max(2, ceil(2.5 s)), R3 = mean of the last 7 mornings more than 1.0 above
the mean of the 14 before them. Every case is a session on SESSION_DAY (a Wednesday) at 17:00 plus
the diary entries named; "usual(p, ...)" writes mornings on the 14 days before it.
"""

from __future__ import annotations

from datetime import date, timedelta
from statistics import stdev

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paceit.records import DiaryEntry, DiaryIndex, SessionRecord
from paceit.usual import UsualRules, clear_rise, usual_pain, week_check
from paceit.zones import Zone, ZoneRules, acceptable_limit, session_zone, soreness

SESSION_DAY = date(2026, 3, 11)
RULES = ZoneRules()
MORNING = 8 * 60  # 08:00


def day(offset: int) -> date:
    return SESSION_DAY + timedelta(days=offset)


def entry(offset: int, pain: int, minute: int = MORNING, flare: bool = False) -> DiaryEntry:
    return DiaryEntry(day(offset), minute, pain, flare)


def usual(*pains: int) -> list[DiaryEntry]:
    """Mornings on the days before the session: the last value on the day before it."""
    return [entry(-len(pains) + i, p) for i, p in enumerate(pains)]


def session(
    during: int | None = None, before: int | None = None, after: int | None = None, minute: int = 17 * 60
) -> SessionRecord:
    return SessionRecord(SESSION_DAY, minute, 20, pain_during=during, pain_after=after, pain_before=before)


def zone_of(sess: SessionRecord, entries: list[DiaryEntry], rules: ZoneRules = RULES) -> Zone:
    return session_zone(sess, DiaryIndex.build(entries), rules)


STEADY_3 = usual(3, 3, 3, 3, 3, 3, 3)  # U 3, s 0 -> a clear rise is 2


# --- morning pain: 04:00 to before 12:00 -----------------------------------------------------------


def test_an_entry_at_one_in_the_morning_is_last_night_not_this_morning() -> None:
    diary = DiaryIndex.build([entry(0, 7, minute=60), entry(0, 4, minute=9 * 60)])
    assert diary.morning(SESSION_DAY) == 4  # the 01:00 entry is passed over
    assert DiaryIndex.build([entry(0, 7, minute=60)]).morning(SESSION_DAY) is None
    assert DiaryIndex.build([entry(0, 5, minute=4 * 60)]).morning(SESSION_DAY) == 5  # 04:00 counts
    assert DiaryIndex.build([entry(0, 5, minute=12 * 60)]).morning(SESSION_DAY) is None  # noon does not


def test_a_morning_entry_logged_after_the_session_is_not_pain_before() -> None:
    diary = DiaryIndex.build([entry(0, 6, minute=11 * 60)])
    assert diary.morning_before(SESSION_DAY, 10 * 60) is None
    assert diary.morning_before(SESSION_DAY, 11 * 60 + 1) == 6
    assert diary.morning_before(SESSION_DAY, 11 * 60) == 6  # the same minute counts as before


# --- usual pain and swing ---------------------------------------------------------------------------


def test_usual_pain_is_the_median_of_the_14_mornings_before_and_swing_their_sample_sd() -> None:
    pains = (2, 4, 3, 5, 3, 3, 6, 2, 4, 3, 3, 5, 4, 3)
    found = usual_pain(DiaryIndex.build(usual(*pains)), SESSION_DAY, UsualRules(), None, SESSION_DAY)
    assert found.pain == 3.0  # sorted: 2 2 3 3 3 3 3 | 3 4 4 4 5 5 6 -> median (3 + 3) / 2
    assert found.swing == pytest.approx(stdev(pains)) == pytest.approx(1.1579, abs=1e-4)  # mean 50/14
    assert found.mornings == 14
    assert found.rise(UsualRules()) == 3  # ceil(2.5 x 1.1579 = 2.89) = 3 > 2


def test_usual_pain_needs_four_mornings_and_leaves_out_the_day_itself_and_older_ones() -> None:
    rules = UsualRules()
    three = DiaryIndex.build([*usual(3, 3, 3), entry(0, 9), entry(-15, 9)])
    assert usual_pain(three, SESSION_DAY, rules, None, SESSION_DAY).pain is None  # 3 mornings in the 14 days
    four = DiaryIndex.build([*usual(3, 3, 3, 5), entry(0, 9)])
    assert usual_pain(four, SESSION_DAY, rules, None, SESSION_DAY).pain == 3.0


def test_flare_days_known_by_then_are_left_out_of_usual_pain() -> None:
    diary = DiaryIndex.build(usual(3, 3, 3, 3, 8, 8))
    flare_days = {day(-2): day(-1), day(-1): day(1)}  # the second one known only two days later
    found = usual_pain(diary, SESSION_DAY, UsualRules(), flare_days, SESSION_DAY)
    assert found.mornings == 5 and found.pain == 3.0  # day -2 left out, day -1 not yet known
    later = usual_pain(diary, SESSION_DAY, UsualRules(), flare_days, day(1))
    assert later.mornings == 4 and later.swing == 0


@given(st.floats(min_value=0, max_value=5), st.integers(1, 4), st.floats(min_value=1, max_value=4))
def test_a_clear_rise_is_never_below_its_points_nor_k_times_the_swing(swing: float, points: int, k: float) -> None:
    rise = clear_rise(swing, UsualRules(rise_points=points, rise_sd=k))
    assert rise >= points
    assert rise >= k * swing - 1e-6
    assert rise - 1 < max(points, k * swing)  # the smallest whole number that is both


# --- R1: the acceptable limit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "limit"),
    [
        (None, 5),  # nothing tells pain before: the ceiling
        (0, 5),  # max(5, 0 + 2)
        (3, 5),  # max(5, 5)
        (4, 6),  # max(5, 6)
        (6, 8),  # max(5, 8) = 8
        (7, 8),  # min(8, 9): 9-10 never acceptable
        (9, 8),
    ],
)
def test_r1_limit_is_min_8_max_ceiling_pain_before_plus_2(before: int | None, limit: int) -> None:
    assert acceptable_limit(before, RULES)[0] == limit


@pytest.mark.parametrize(
    ("morning", "during", "after", "expected"),
    [
        (4, 6, None, "yellow"),  # L = 6: 6 is acceptable, a rise of 2
        (4, 7, None, "red"),  # 7 > 6
        (4, 5, 7, "red"),  # pain after above L is red too
        (2, 5, None, "yellow"),  # L = 5 (the ceiling)
        (2, 6, None, "red"),
        (8, 8, None, "green"),  # no rise: green, 8 <= L 8
        (8, 9, None, "red"),  # 9 is never acceptable
        (9, 9, None, "red"),  # even without a rise
    ],
)
def test_r1_uses_the_morning_as_pain_before(morning: int, during: int, after: int | None, expected: str) -> None:
    found = zone_of(session(during, after=after), [entry(0, morning)])
    assert found.zone == expected
    assert ("R1" in found.failed) == (expected == "red")


def test_r1_note_names_the_limit_and_how_it_came_about() -> None:
    assert "pain during was 7, above 6: your pain before it, 4, plus 2" in zone_of(session(7), [entry(0, 4)]).notes
    assert "pain during was 9, above 8, the most that is ever acceptable" in zone_of(session(9), [entry(0, 8)]).notes
    assert "pain during was 6, above the ceiling of 5" in zone_of(session(6), [entry(0, 2)]).notes
    assert "pain after was 8, above 6: your pain before it, 4, plus 2" in (
        zone_of(session(5, after=8), [entry(0, 4)]).notes
    )


def test_pain_before_falls_back_to_the_sessions_own_then_to_usual_pain() -> None:
    assert zone_of(session(6, before=4), []).zone == "yellow"  # L from --pain-before 4 = 6
    assert zone_of(session(6), usual(4, 4, 4, 4)).zone == "yellow"  # L from U 4 = 6
    assert zone_of(session(6), []).zone == "red"  # nothing known: L = C = 5
    # a morning entry beats --pain-before
    assert zone_of(session(6, before=4), [entry(0, 2)]).zone == "red"


@pytest.mark.parametrize(
    ("rules", "morning", "during", "expected"),
    [
        (ZoneRules(ceiling=6), 2, 6, "yellow"),  # C raised to 6
        (ZoneRules(ceiling=6), 2, 7, "red"),
        (ZoneRules(green_max=3), 2, 3, "green"),
        (ZoneRules(r1_rise=1), 4, 6, "red"),  # L = max(5, 5) = 5
        (ZoneRules(r1_max=7), 6, 8, "red"),  # L = min(7, 8) = 7
    ],
)
def test_r1_numbers_are_settings(rules: ZoneRules, morning: int, during: int, expected: str) -> None:
    assert zone_of(session(during), [entry(0, morning)], rules).zone == expected


# --- zones: green, yellow ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("morning", "during", "expected"),
    [
        (3, 3, "green"),  # no rise
        (3, 2, "green"),
        (3, 4, "yellow"),  # a rise, within L 5
        (0, 2, "green"),  # up to 2 is green whatever came before
        (0, 3, "yellow"),
        (6, 6, "green"),  # a high morning, no rise
        (6, 7, "yellow"),
    ],
)
def test_green_is_no_rise_above_max_2_and_pain_before(morning: int, during: int, expected: str) -> None:
    assert zone_of(session(during), [entry(0, morning)]).zone == expected


def test_unknown_pain_during_counts_as_acceptable_and_asks_for_it() -> None:
    found = zone_of(session(None), [entry(0, 3)])
    assert found.zone == "yellow" and found.unrated
    assert "pain during not logged: counted as acceptable on what is known; log it with --pain-during" in found.notes
    assert zone_of(session(None, after=8), [entry(0, 3)]).zone == "red"  # what is known still counts


# --- R2: settled by the next morning ------------------------------------------------------------------


def test_r2_a_clear_rise_the_next_morning_after_a_session_that_raised_pain_is_red() -> None:
    # U 3, s 0 -> clear rise 2; the session raised pain (4 > 3); next morning 5 = 3 + 2
    found = zone_of(session(4), [*STEADY_3, entry(0, 3), entry(1, 5)])
    assert found.zone == "red" and found.failed == ("R2",)
    assert (
        "the next morning's pain was 5, 2 above your usual 3; a rise of 2 or more after a session that raised "
        "your pain counts as not settled"
    ) in found.notes


def test_r2_one_point_less_than_a_clear_rise_is_settled() -> None:
    found = zone_of(session(4), [*STEADY_3, entry(0, 3), entry(1, 4)])
    assert found.zone == "yellow" and found.notes == ()


def test_r2_compares_with_usual_pain_not_one_earlier_morning() -> None:
    # version 1 compared with the morning before (2) + 1 and would call 4 red; U is 4
    found = zone_of(session(4), [*usual(4, 5, 4, 3, 4), entry(0, 2), entry(1, 5)])
    assert found.zone == "yellow"


def test_r2_the_clear_rise_grows_with_the_persons_swing() -> None:
    swinging = usual(2, 5, 3, 6, 2, 4, 3, 5, 2, 5, 3, 4, 6, 2)  # U 3.5, s 1.45 -> ceil(3.63) = 4
    assert zone_of(session(5), [*swinging, entry(0, 3), entry(1, 7)]).zone == "yellow"  # 7 < 3.5 + 4
    assert zone_of(session(5), [*swinging, entry(0, 3), entry(1, 8)]).zone == "red"  # 8 >= 7.5


def test_r2_a_bad_morning_after_a_session_that_did_not_raise_pain_is_noted_not_held_against_it() -> None:
    found = zone_of(session(3, after=3), [*STEADY_3, entry(0, 3), entry(1, 7)])
    assert found.zone == "green"
    assert any("did not raise your pain, so it is not held against it" in n for n in found.notes)


def test_r2_pain_after_alone_can_show_the_session_raised_pain() -> None:
    found = zone_of(session(3, after=4), [*STEADY_3, entry(0, 3), entry(1, 5)])
    assert found.zone == "red" and found.failed == ("R2",)


def test_r2_unknown_next_morning_is_judged_on_r1_alone_and_said() -> None:
    found = zone_of(session(4), [*STEADY_3, entry(0, 3)])
    assert found.zone == "yellow"
    assert "no morning pain logged the next day, so it is judged on pain during and after only" in found.notes


def test_r2_without_usual_pain_falls_back_to_pain_before_and_says_so() -> None:
    found = zone_of(session(4), [entry(0, 3), entry(1, 5)])  # no U: 5 >= 3 + 2
    assert found.zone == "red"
    assert any("your pain before the session, 3, as your usual pain is not known yet" in n for n in found.notes)
    assert zone_of(session(4), [entry(0, 3), entry(1, 4)]).zone == "yellow"


def test_r2_needs_to_know_the_session_raised_pain() -> None:
    found = zone_of(session(None), [*STEADY_3, entry(0, 3), entry(1, 7)])
    assert found.zone == "yellow"  # neither during nor after logged: cannot tell
    assert any("log pain during and after" in n for n in found.notes)


def test_an_evening_entry_the_next_day_is_not_the_next_morning() -> None:
    found = zone_of(session(4), [*STEADY_3, entry(0, 3), entry(1, 9, minute=20 * 60)])
    assert found.zone == "yellow"


def test_sore_but_settled_is_pain_after_above_before_and_no_clear_rise_next_morning() -> None:
    diary = DiaryIndex.build([*STEADY_3, entry(0, 3), entry(1, 4)])
    assert soreness(session(4, after=5), diary, RULES) is not None
    assert soreness(session(4, after=3), diary, RULES) is None  # no soreness afterwards
    worse = DiaryIndex.build([*STEADY_3, entry(0, 3), entry(1, 6)])
    assert soreness(session(4, after=5), worse, RULES) is None  # not settled: red


# --- R3: morning pain rising week to week (a gate, never a red session) -------------------------------


def _weeks(before: list[int], this: list[int]) -> DiaryIndex:
    """`before` on days -20..-7 (14), `this` on days -6..0 (7)."""
    return DiaryIndex.build(
        [entry(-20 + i, p) for i, p in enumerate(before)] + [entry(-6 + i, p) for i, p in enumerate(this)]
    )


def test_r3_holds_when_this_week_is_at_most_one_point_above_the_two_weeks_before() -> None:
    found = week_check(_weeks([4] * 14, [5] * 7), SESSION_DAY, UsualRules())
    assert found.holds is True  # 5.0 <= 4.0 + 1.0


def test_r3_fails_when_more_than_one_point_above() -> None:
    found = week_check(_weeks([4] * 14, [5, 5, 5, 5, 5, 5, 6]), SESSION_DAY, UsualRules())
    assert found.holds is False  # 5.14 > 5.0
    assert found.text() == (
        "your morning pain has been rising: 5.1 on average this week against 4.0 in the two weeks before, "
        "more than 1 point higher"
    )


def test_r3_needs_four_mornings_in_each_stretch() -> None:
    assert week_check(_weeks([4] * 3, [8] * 7), SESSION_DAY, UsualRules()).holds is None
    assert week_check(_weeks([4] * 14, [8] * 3), SESSION_DAY, UsualRules()).holds is None


def test_r3_never_makes_a_session_red() -> None:
    entries = [entry(-20 + i, 2) for i in range(14)] + [entry(-6 + i, 6) for i in range(7)]
    found = zone_of(session(3), entries)  # morning 6, during 3: no rise, green, R3 fails
    assert week_check(DiaryIndex.build(entries), SESSION_DAY, UsualRules()).holds is False
    assert found.zone == "green"


# --- the swing when it matters (issue 19, fifth round) ----------------------------------------------


def test_the_swing_is_computed_when_first_asked_and_is_the_sample_sd() -> None:
    pains = (2, 4, 3, 5, 3, 3, 6, 2, 4, 3, 3, 5, 4, 3)
    found = usual_pain(DiaryIndex.build(usual(*pains)), SESSION_DAY, UsualRules(), None, SESSION_DAY)
    assert found._swing is None
    assert found.swing == stdev(pains) and found._swing == stdev(pains)


@pytest.mark.parametrize(("next_morning", "swing_asked"), [(4, False), (5, True), (7, True)])
def test_a_next_morning_short_of_the_least_clear_rise_settles_without_the_swing(
    next_morning: int, swing_asked: bool
) -> None:
    """U 3: a next morning under U + 2 (the least clear rise) settles whatever the swing; at
    U + 2 or more the rise depends on the swing, which is then computed."""
    diary = DiaryIndex.build([*usual(2, 4, 3, 5, 3, 3, 6, 2, 4, 3, 3, 5, 4, 3), entry(1, next_morning)])
    zone = session_zone(session(during=4, before=3), diary, RULES)
    found = usual_pain(diary, SESSION_DAY, RULES.usual, None, day(1))  # the zone's own, memoised on the diary
    assert (found._swing is not None) is swing_asked
    assert (zone.zone == "red") is (next_morning >= 3 + found.rise(RULES.usual))


@given(st.floats(0, 10), st.integers(1, 4), st.floats(2.0, 3.5))
def test_a_clear_rise_is_never_less_than_its_points(swing: float, points: int, sd: float) -> None:
    """What lets R2 settle a morning below U + points without the swing."""
    assert clear_rise(swing, UsualRules(rise_points=points, rise_sd=sd)) >= points


@given(
    st.one_of(st.none(), st.integers(0, 10), st.floats(0, 10)),
    st.integers(1, 10),
    st.integers(0, 4),
    st.integers(1, 10),
)
def test_the_limit_without_its_words_is_the_limit(before: float | None, ceiling: int, rise: int, most: int) -> None:
    """session_zone reads L without its words (issue 19, fifth round); any ceiling, rise and
    most (also a most below the ceiling) give acceptable_limit's L, of the same type."""
    from paceit.zones import _limit

    rules = ZoneRules(ceiling=ceiling, r1_rise=rise, r1_max=most)
    expected = acceptable_limit(before, rules)[0]
    assert _limit(before, rules) == expected and type(_limit(before, rules)) is type(expected)
