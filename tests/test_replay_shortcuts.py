"""The replay's shortcuts of issue 19's sixth round give the answers of what they stand for:
the days a red flag may pause (`pacing_replay.pause_span`, outside which `pausing_flags`
is not asked), the boom-bust watch's one-record count (`BoomWatch.count` for `add`), and
the episode index's lookup (`EpisodeIndex.active_on` for `Episode.active_on`)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from paceit.boombust import BoomRules, BoomWatch, Judged
from paceit.flare_episodes import Episode, EpisodeIndex, active_episode
from paceit.pacing_replay import pause_span
from paceit.records import RedFlagRecord
from paceit.redflags import pausing_flags

D0 = date(2026, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


flags = st.lists(
    st.builds(
        RedFlagRecord,
        st.sampled_from(["a", "b"]),
        st.integers(1, 4),
        st.integers(0, 30).map(day),
        st.none() | st.integers(0, 40).map(day),
    ),
    max_size=5,
)


@given(flags)
def test_no_day_outside_the_span_pauses(found: list[RedFlagRecord]) -> None:
    first, last = pause_span(found)
    paused = [n for n in range(-5, 60) if pausing_flags(found, day(n))]
    assert all(first <= day(n) <= last for n in paused)


sessions = st.lists(
    st.tuples(st.integers(0, 1), st.sampled_from([1.0, 5.0, 10.0, 12.0, 11.99]), st.sampled_from([None, 10.0]),
              st.booleans()),
    max_size=30,
)  # fmt: skip


@given(sessions)
def test_counting_a_session_is_adding_it(raw: list[tuple[int, float, float | None, bool]]) -> None:
    rules = BoomRules()
    added, counted, on = BoomWatch(rules, {}), BoomWatch(rules, {}), 0
    for step, amount, quota, red in raw:
        on += step
        added.add(Judged(day(on), amount, quota, red))
        counted.count(day(on), amount, quota, red)
    assert (counted.judged, counted.days, counted.amounts, counted.booms) == (
        added.judged, added.days, added.amounts, added.booms,
    )  # fmt: skip


@st.composite
def episodes(draw: st.DrawFn) -> list[Episode]:
    found, at = [], 0
    for _ in range(draw(st.integers(0, 5))):
        start = at + draw(st.integers(0, 4))
        known = start + draw(st.integers(0, 2))
        end = None if draw(st.booleans()) and not found else known + draw(st.integers(0, 5))
        found.insert(0, Episode(day(start), None if end is None else day(end), "pain", 3.0, day(known)))
        at = (end or known) + 1
        if end is None:
            break
    return list(reversed(found))


@given(episodes())
def test_the_index_finds_the_episode_active_on_each_day(found: list[Episode]) -> None:
    index = EpisodeIndex(found)
    assert all(index.active_on(day(n)) is active_episode(found, day(n)) for n in range(-2, 40))
