"""Flares and red flags (clinical-rules §7 and §8), with hand-computed numbers.

Rules version 2. Defaults: baseline B = median of the daily average pain over the 14 days
before, leaving out flare days, needing 7 logged days, and s their sample SD; a day is high
when its average >= B + 2 and clear when >= B + max(2, ceil(2.5 s)); a run of high days makes
flare days once it holds 2 clear days in a row or 4 high days in a row (judged against B and s
of its first day; one unlogged day inside it neither breaks nor counts), or the person ticked
"flare"; an episode on 2 consecutive flare days (or at once on a tick), ending after 2 calm days
(average <= B + 1 with B frozen when the episode began; without one, B as it stands that day;
failing both, <= flare.calm_max = 5; no tick); longer than 14 days is a setback. Red flags of groups 1-2 pause from the
tick day through the day of the review.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pytest

from paceit import flare, flare_episodes, plan, redflags
from paceit.flare import FlareRules, FlareScan
from paceit.flare_episodes import Episode
from paceit.records import DeclaredFlare, DiaryEntry, DiaryIndex, RedFlagRecord

D0 = date(2026, 2, 2)  # a Monday
RULES = FlareRules()


def day(offset: int) -> date:
    return D0 + timedelta(days=offset)


def entry(offset: int, pain: int, minute: int = 8 * 60, tick: bool = False) -> DiaryEntry:
    return DiaryEntry(day(offset), minute, pain, tick)


def daily(pains: dict[int, int]) -> list[DiaryEntry]:
    return [entry(o, p) for o, p in pains.items()]


def scan(entries: list[DiaryEntry], last: int, declared: tuple[DeclaredFlare, ...] = ()) -> FlareScan:
    return flare.scan(DiaryIndex.build(entries), list(declared), day(last), RULES)


def offsets(days: Iterable[date]) -> set[int]:
    return {(d - D0).days for d in days}


# --- baseline and flare days -----------------------------------------------------------------------


def test_a_high_day_needs_seven_logged_days_before_it() -> None:
    # six days of 3, then 9 on day 6: only 6 logged days before it -> no baseline -> not a high day
    assert scan(daily({**{o: 3 for o in range(6)}, 6: 9}), 6).high_days == set()
    # seven days of 3 (B = 3), then 5 on day 7: 5 >= 3 + 2 -> a high day
    assert offsets(scan(daily({**{o: 3 for o in range(7)}, 7: 5}), 7).high_days) == {7}
    # 4 on day 7: 4 < 5 -> not a high day
    assert scan(daily({**{o: 3 for o in range(7)}, 7: 4}), 7).high_days == set()


def test_the_baseline_window_is_the_fourteen_days_before() -> None:
    # logged days 0 and 10..15 (seven days of 3); day 16 looks back at days 2..15: only 6 logged -> no B
    pains = {0: 3, **{o: 3 for o in range(10, 16)}, 16: 9}
    assert scan(daily(pains), 16).high_days == set()
    # log day 2 as well: day 16 sees days 2, 10..15 = 7 logged days, B = 3 -> 9 is a high day
    assert offsets(scan(daily({**pains, 2: 3}), 16).high_days) == {16}


def test_the_baseline_is_the_median_of_daily_averages() -> None:
    # day averages: day 0 (1 + 3) / 2 = 2, day 1 2, day 2 3, day 3 3, day 4 (3 + 5) / 2 = 4, day 5 4, day 6 6
    # sorted 2, 2, 3, 3, 4, 4, 6 -> median 3 -> a high day from an average of 5
    entries = [
        entry(0, 1), entry(0, 3, minute=18 * 60), entry(1, 2), entry(2, 3), entry(3, 3),
        entry(4, 3), entry(4, 5, minute=18 * 60), entry(5, 4), entry(6, 6),
    ]  # fmt: skip
    assert offsets(scan([*entries, entry(7, 5)], 7).high_days) == {7}
    assert scan([*entries, entry(7, 4)], 7).high_days == set()
    # and the day's own average counts: 4 (08:00) and 6 (18:00) on day 7 -> 5 >= 5
    assert offsets(scan([*entries, entry(7, 4), entry(7, 6, minute=18 * 60)], 7).high_days) == {7}


def test_an_even_number_of_days_takes_the_middle_two() -> None:
    # eight days 5, 6, 2, 2, 3, 3, 4, 4 (day 7's 4 is no high day: its 7 days before have median 3, 4 < 5)
    # sorted 2, 2, 3, 3, 4, 4, 5, 6 -> median (3 + 4) / 2 = 3.5 -> high day from 5.5
    pains = dict(enumerate([5, 6, 2, 2, 3, 3, 4, 4]))
    assert scan(daily({**pains, 8: 5}), 8).high_days == set()  # 5 < 5.5
    assert offsets(scan(daily({**pains, 8: 6}), 8).high_days) == {8}  # 6 >= 5.5


def test_flare_days_are_left_out_of_the_baseline() -> None:
    # days 0..13: pain 2 (B = 2); days 14..20: pain 6, each a flare day (6 >= 2 + 2; B stays 2 as they are left out)
    # day 21 looks back at days 7..20: days 7..13 are seven non-flare days of 2 -> B = 2 -> pain 4 >= 4: a flare day.
    # Were the flare days counted, B = median(7 x 2, 7 x 6) = 4 and 4 would be far from a flare day (needs 6).
    # (days 14 and 15 are clear rises, 6 >= 2 + max(2, ceil(2.5 x 0)), so they make flare days on day 15)
    pains = {**{o: 2 for o in range(14)}, **{o: 6 for o in range(14, 21)}, 21: 4}
    found = scan(daily(pains), 21)
    assert offsets(found.flare_days) == set(range(14, 22))
    assert found.flare_days[day(14)] == day(15) and found.flare_days[day(21)] == day(21)  # when each was known


def test_a_ticked_day_is_a_flare_day_whatever_the_pain() -> None:
    # no baseline at all (one logged day), pain 2, but ticked
    assert offsets(scan([entry(0, 2, tick=True)], 0).flare_days) == {0}


# --- episodes --------------------------------------------------------------------------------------

CALM_WEEK = {o: 3 for o in range(7)}  # B = 3 from day 7 on: flare day >= 5, calm day <= 4


def test_one_high_day_is_neither_a_flare_day_nor_an_episode() -> None:
    # version 1 made day 7 a flare day; one day above B + 2 is noise in persistent pain
    found = scan(daily({**CALM_WEEK, 7: 6, 8: 3}), 8)
    assert offsets(found.high_days) == {7}
    assert found.flare_days == {}
    assert found.episodes == []


def test_two_consecutive_flare_days_make_an_episode_known_from_the_second() -> None:
    found = scan(daily({**CALM_WEEK, 7: 6, 8: 5}), 8)  # 6 >= 5 and 5 >= 5
    assert found.episodes == [Episode(day(7), None, "pain", 3.0, day(8))]
    episode = found.episodes[0]
    # the plan for day 7 uses the diary up to day 7 only: one flare day, no episode yet
    assert not episode.active_on(day(7))
    assert episode.active_on(day(8))
    assert flare_episodes.active_episode(found.episodes, day(8)) == episode


def test_two_high_days_apart_are_not_flare_days() -> None:
    found = scan(daily({**CALM_WEEK, 7: 6, 8: 3, 9: 6}), 9)
    assert offsets(found.high_days) == {7, 9}
    assert found.flare_days == {} and found.episodes == []


SWINGING = dict(enumerate([4, 2, 4, 2, 4, 2, 4, 2]))  # B (3 + 3) / 2 = 3, s 1.07 -> clear = ceil(2.67) = 3: >= 6


def test_four_high_days_in_a_row_make_flare_days_when_none_is_a_clear_rise() -> None:
    three = scan(daily({**SWINGING, 8: 5, 9: 5, 10: 5}), 10)  # 5 >= 3 + 2, 5 < 3 + 3
    assert three.flare_days == {} and three.episodes == []
    four = scan(daily({**SWINGING, 8: 5, 9: 5, 10: 5, 11: 5}), 11)
    assert four.flare_days == {day(n): day(11) for n in range(8, 12)}
    assert four.episodes == [Episode(day(8), None, "pain", 3.0, day(11))]


def test_two_clear_rises_in_a_row_make_flare_days_on_the_second() -> None:
    found = scan(daily({**SWINGING, 8: 6, 9: 6}), 9)
    assert found.flare_days == {day(8): day(9), day(9): day(9)}
    assert found.episodes == [Episode(day(8), None, "pain", 3.0, day(9))]
    # a clear day after two merely high ones is one clear day: the run is 3 high days, no flare yet
    assert scan(daily({**SWINGING, 8: 5, 9: 5, 10: 6}), 10).flare_days == {}


def test_a_run_is_judged_against_the_baseline_of_its_first_day() -> None:
    # B 3, s 1.07 on day 8. Were day 8's 6 taken into day 9's baseline, s would grow to 1.36 and a clear
    # rise would need ceil(3.4) = 4 above B: day 9's 6 would no longer count.
    found = scan(daily({**SWINGING, 8: 6, 9: 6}), 9)
    assert day(9) in found.flare_days


def test_one_unlogged_day_inside_a_run_neither_breaks_nor_counts() -> None:
    one_gap = scan(daily({**SWINGING, 8: 6, 10: 6}), 10)
    assert offsets(one_gap.flare_days) == {8, 10}
    two_gaps = scan(daily({**SWINGING, 8: 6, 11: 6}), 11)
    assert two_gaps.flare_days == {}


def test_a_flare_day_setting_changes_the_run_rule() -> None:
    three_days = FlareRules(high_days=3)
    found = flare.scan(DiaryIndex.build(daily({**SWINGING, 8: 5, 9: 5, 10: 5})), [], day(10), three_days)
    assert offsets(found.flare_days) == {8, 9, 10}


def test_a_ticked_flare_starts_an_episode_at_once() -> None:
    found = scan([*daily(CALM_WEEK), entry(7, 3, tick=True)], 7)
    assert found.episodes == [Episode(day(7), None, "reported", 3.0, day(7))]
    assert found.episodes[0].active_on(day(7))


def test_a_ticked_flare_counts_even_before_a_baseline_exists() -> None:
    found = scan([entry(0, 4, tick=True)], 0)
    assert found.episodes == [Episode(day(0), None, "reported", None, day(0))]


def test_an_episode_ends_after_two_calm_days() -> None:
    # B = 3 at the start; days 7, 8 flare (6, 6); day 9: 4 <= 3 + 1 calm; day 10: 3 calm -> the episode ends.
    # It was active through day 9 (the first calm day) and is over on day 10, the second.
    found = scan(daily({**CALM_WEEK, 7: 6, 8: 6, 9: 4, 10: 3}), 12)
    assert found.episodes == [Episode(day(7), day(9), "pain", 3.0, day(8))]
    episode = found.episodes[0]
    assert [episode.active_on(day(o)) for o in range(6, 12)] == [False, False, True, True, False, False]


@pytest.mark.parametrize(
    ("after", "why"),
    [
        ({9: 5, 10: 3, 11: 3}, "5 > B + 1 = 4 is not calm, so the calm days are 10 and 11"),
        ({9: 4, 10: 5, 11: 4, 12: 4}, "a non-calm day between two calm days restarts the count"),
    ],
)
def test_calm_days_must_be_consecutive_and_at_most_b_plus_one(after: dict[int, int], why: str) -> None:
    found = scan(daily({**CALM_WEEK, 7: 6, 8: 6, **after}), 14)
    last_calm = max(after)
    assert found.episodes[0].end == day(last_calm - 1), why


def test_a_ticked_day_is_never_calm() -> None:
    # day 9 has pain 3 (<= 4) but a tick: not calm. Calm days are 10 and 11 -> end on day 10.
    entries = [*daily({**CALM_WEEK, 7: 6, 8: 6, 10: 3, 11: 3}), entry(9, 3, tick=True)]
    assert scan(entries, 14).episodes[0].end == day(10)


def test_a_day_without_entries_is_not_calm() -> None:
    # day 9 not logged: calm days are 10 and 11 -> the episode ends on day 10
    assert scan(daily({**CALM_WEEK, 7: 6, 8: 6, 10: 3, 11: 3}), 14).episodes[0].end == day(10)


def test_a_flare_without_a_baseline_does_not_end_on_days_of_high_pain() -> None:
    # a new diary: a tick on day 0 (pain 4), then 9, 9, 9 without ticks
    found = scan([entry(0, 4, tick=True), entry(1, 9), entry(2, 9), entry(3, 9)], 3)
    assert found.episodes[0].active_on(day(3))  # actual: the episode ended on day 1


def test_a_flare_without_any_baseline_ends_on_two_days_within_the_mild_band() -> None:
    # a new diary: a tick on day 0 (pain 4), then 5 and 5: 5 <= calm_max 5 -> calm, calm -> ended on day 1
    entries = [entry(0, 4, tick=True), entry(1, 5), entry(2, 5)]
    assert scan(entries, 3).episodes == [Episode(day(0), day(1), "reported", None, day(0))]
    # with flare.calm_max 4 the same days are not calm (5 > 4): still on
    stricter = flare.scan(DiaryIndex.build(entries), [], day(3), FlareRules(calm_max=4))
    assert stricter.episodes == [Episode(day(0), None, "reported", None, day(0))]


def test_a_flare_without_a_frozen_baseline_ends_against_the_baseline_of_the_day() -> None:
    # A new diary whose usual pain is high: a tick on day 0 (no baseline then), then 7 every day. Days 1..7
    # have no baseline yet (day 0 is a flare day and is left out: at most 6 logged days before day 7), so
    # calm means <= calm_max 5 and 7 is not calm. From day 8 the 14 days before hold days 1..7 = seven 7s:
    # B = 7 (7 is no flare day: 7 < 7 + 2) and calm means <= 7 + 1 = 8 -> days 8 and 9 are calm -> ended on
    # day 8. (Held to calm_max alone it would never end.)
    entries = [entry(0, 7, tick=True), *(entry(o, 7) for o in range(1, 12))]
    found = scan(entries, 11)
    assert found.episodes == [Episode(day(0), day(8), "reported", None, day(0))]
    assert offsets(found.flare_days) == {0}


def test_calm_means_at_most_b_plus_one() -> None:
    # B = 2 at the start (days 0..6 of 2), flare on 7 and 8 (5, 5 >= 4). Calm needs <= 2 + 1 = 3.
    # Days 9..10 of 4 are not calm (4 > 3); days 11, 12 of 3 are.
    found = scan(daily({**{o: 2 for o in range(7)}, 7: 5, 8: 5, 9: 4, 10: 4, 11: 3, 12: 3}), 14)
    assert found.episodes[0].baseline == 2.0
    assert found.episodes[0].end == day(11)


def test_a_declared_flare_is_active_from_its_start_to_its_end() -> None:
    found = scan([], 20, (DeclaredFlare(day(5), day(8)),))
    assert found.episodes == [Episode(day(5), day(8), "declared", None, day(5))]
    active = [o for o in range(0, 12) if flare_episodes.active_episode(found.episodes, day(o))]
    assert active == [5, 6, 7, 8]


def test_an_open_declared_flare_goes_on() -> None:
    found = scan(daily(CALM_WEEK), 30, (DeclaredFlare(day(5)),))
    assert found.episodes[0].end is None
    assert found.episodes[0].active_on(day(30))
    assert found.episodes[0].length(day(30)) == 26  # days 5..30 inclusive


def test_a_declared_flare_holds_even_on_calm_days() -> None:
    found = scan(daily({o: 2 for o in range(12)}), 12, (DeclaredFlare(day(5), day(10)),))
    assert [e.kind for e in found.episodes] == ["declared"]
    assert found.episodes[0].active_on(day(10))
    assert not found.episodes[0].active_on(day(11))


@pytest.mark.parametrize("last", [12, 16, 25])
def test_overlapping_declared_flares_are_one_flare_whatever_day_is_asked(last: int) -> None:
    """`flare start`/`edit` refuse overlapping declared flares, but an imported file may hold
    them. The scan must stay causal: what it says of a day may not change when a later day
    is asked (the checkpoints depend on it). It did: on day 17, when the first flare (5-16)
    was over and the second (7-, open) still ran, a new episode was opened in the past, on
    day 7. Now the flare still declared carries the one episode on."""
    found = scan([], last, (DeclaredFlare(day(5), day(16), 1), DeclaredFlare(day(7), None, 2)))
    assert [(e.start, e.kind) for e in found.episodes] == [(day(5), "declared")]
    assert found.episodes[0].end is None  # the open declaration ends it
    active = [o for o in range(0, last + 1) if flare_episodes.active_episode(found.episodes, day(o))]
    assert active == list(range(5, last + 1))
    assert flare_episodes.active_episode(found.episodes, day(10)).start == day(5)  # type: ignore[union-attr]


def test_a_declared_flare_after_another_one_ended_is_a_new_flare() -> None:
    found = scan([], 20, (DeclaredFlare(day(5), day(8), 1), DeclaredFlare(day(9), day(12), 2)))
    assert [(e.start, e.end) for e in found.episodes] == [(day(5), day(8)), (day(9), day(12))]


# --- setback ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("last", "setback"), [(13, False), (14, True), (30, True)])
def test_an_episode_longer_than_fourteen_days_is_a_setback(last: int, setback: bool) -> None:
    # declared from day 0: on day 13 it is 14 days long (not longer); on day 14 it is 15 days long
    found = scan([], last, (DeclaredFlare(day(0)),))
    state = plan.flare_json(found, day(last), RULES, 0.5)
    assert state["active"] is True
    assert state["since"] == day(0).isoformat()
    assert state["reasons"][0] == (
        f"A flare since {day(0)} ({last + 1} days): amounts are 0.5 x the usual, not stopped, and the ladder "
        "holds at its step. See your flare plan: paceit flare plan."
    )
    assert any("please contact your clinician" in r for r in state["reasons"]) is setback
    assert len(state["reasons"]) == (2 if setback else 1)


@pytest.mark.parametrize(
    ("asked", "words", "setback"), [(0, "(1 day)", False), (5, "(6 days)", False), (14, "(15 days)", True)]
)
def test_the_flare_block_counts_days_only_up_to_the_asked_day(asked: int, words: str, setback: bool) -> None:
    # declared on days 0..20 (21 days in all, a setback by its end): asked about day 0, 5 or 14, only the days
    # up to it count, so it is a setback (15 > 14 days) from day 14 on, not from its first day
    found = scan([], 30, (DeclaredFlare(day(0), day(20)),))
    state = plan.flare_json(found, day(asked), RULES, 0.5)
    assert f"A flare since {day(0)} {words}: " in state["reasons"][0]
    assert any("please contact your clinician" in r for r in state["reasons"]) is setback


def test_the_flare_block_names_the_factor_in_force() -> None:
    state = plan.flare_json(scan([], 3, (DeclaredFlare(day(0)),)), day(3), RULES, 0.6)
    assert "(4 days): amounts are 0.6 x the usual, not stopped" in state["reasons"][0]


def test_no_flare_says_so() -> None:
    state = plan.flare_json(scan(daily(CALM_WEEK), 7), day(7), RULES, 0.5)
    assert state == {"active": False, "since": None, "reasons": ["No flare at the moment."]}


# --- red flags -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "group", "paused"),
    [
        # ticked day 3, cleared day 9: paused days 3..9 (the day of the review still shows the pause)
        ("saddle-numbness", 1, [3, 4, 5, 6, 7, 8, 9]),
        ("fever", 2, [3, 4, 5, 6, 7, 8, 9]),
        ("night-pain", 3, []),  # group 3 never pauses
    ],
)
def test_groups_one_and_two_pause_from_the_tick_until_the_review(code: str, group: int, paused: list[int]) -> None:
    flags = [RedFlagRecord(code, group, day(3), day(9), 1)]
    assert [o for o in range(12) if redflags.pausing_flags(flags, day(o))] == paused
    # open_flags lists every group while it is open (it is shown), paused or not; cleared on day 9, it is
    # no longer open that day
    assert [o for o in range(12) if redflags.open_flags(flags, day(o))] == [3, 4, 5, 6, 7, 8]


def test_a_flag_ticked_and_cleared_on_the_same_day_pauses_that_day_only() -> None:
    flags = [RedFlagRecord("fever", 2, day(3), day(3), 1)]
    assert [o for o in range(6) if redflags.pausing_flags(flags, day(o))] == [3]


def test_an_uncleared_flag_pauses_for_good() -> None:
    flags = [RedFlagRecord("chest-pain", 1, day(3)), RedFlagRecord("weight-loss", 3, day(1))]
    assert redflags.pausing_flags(flags, day(2)) == []
    assert redflags.pausing_flags(flags, day(400)) == [flags[0]]
    assert redflags.open_flags(flags, day(2)) == [flags[1]]


def test_s_is_computed_on_high_days_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan needs s (the baseline's SD) only to tell a clear rise on a day at least B +
    delta (issue 19, fifth round): a diary without such a day never computes it, and one
    with a high day computes it for that day."""
    import paceit.flare_baseline

    calls: list[int] = []
    real = paceit.flare_baseline.stdev
    monkeypatch.setattr(paceit.flare_baseline, "stdev", lambda values: calls.append(1) or real(values))
    assert scan(daily({**{o: 3 for o in range(7)}, **{o: 4 for o in range(7, 30)}}), 29).high_days == set()
    assert calls == []
    assert offsets(scan(daily({**SWINGING, 8: 6, 9: 6}), 9).flare_days) == {8, 9}
    assert calls == [1]  # day 8 begins the run; day 9 is judged against day 8's (B, s)
