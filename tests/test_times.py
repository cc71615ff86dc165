"""times.py: the stored form of a moment (at_utc, local day, offset) and its way back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paceit import times
from paceit.times import UTC_FORMAT, parse_utc, parse_utc_naive

LONDON = ZoneInfo("Europe/London")

offsets = st.integers(-1200, 1400)
# Whole seconds (storage precision), and years whose UTC conversion stays in range.
naive_moments = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30)).map(
    lambda d: d.replace(microsecond=0)
)


def aware(naive: datetime, offset_minutes: int) -> datetime:
    return naive.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))


def test_stamp_of_a_simple_moment() -> None:
    moment = datetime(2026, 11, 20, 18, 30, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert times.stamp(moment) == times.Stamp("2026-11-20 23:30:05", "2026-11-20", -300)


def test_stamp_keeps_the_local_day_when_utc_is_on_another_day() -> None:
    late = datetime(2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=-8)))
    early = datetime(2026, 11, 21, 0, 30, tzinfo=timezone(timedelta(hours=10)))
    assert times.stamp(late) == times.Stamp("2026-11-21 07:30:00", "2026-11-20", -480)
    assert times.stamp(early) == times.Stamp("2026-11-20 14:30:00", "2026-11-21", 600)


def test_stamp_drops_microseconds() -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5, 999_999, tzinfo=UTC)
    assert times.stamp(moment).at_utc == "2026-01-02 03:04:05"


class NoOffset(tzinfo):
    """A tzinfo that knows no offset: the datetime is still naive in effect."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


@pytest.mark.parametrize("moment", [datetime(2026, 11, 20, 12, 0), datetime(2026, 11, 20, 12, 0, tzinfo=NoOffset())])
def test_stamp_refuses_a_naive_moment(moment: datetime) -> None:
    with pytest.raises(ValueError, match="aware"):
        times.stamp(moment)


@pytest.mark.parametrize(
    ("local", "fold", "at_utc", "offset"),
    [
        # 2026-03-29, clocks go forward 01:00 GMT -> 02:00 BST
        (datetime(2026, 3, 29, 0, 30), 0, "2026-03-29 00:30:00", 0),
        (datetime(2026, 3, 29, 0, 59, 59), 0, "2026-03-29 00:59:59", 0),
        (datetime(2026, 3, 29, 2, 0), 0, "2026-03-29 01:00:00", 60),
        (datetime(2026, 3, 29, 23, 59), 0, "2026-03-29 22:59:00", 60),
        # 2026-10-25, clocks go back 02:00 BST -> 01:00 GMT; 01:30 happens twice
        (datetime(2026, 10, 25, 0, 30), 0, "2026-10-24 23:30:00", 60),
        (datetime(2026, 10, 25, 1, 30), 0, "2026-10-25 00:30:00", 60),
        (datetime(2026, 10, 25, 1, 30), 1, "2026-10-25 01:30:00", 0),
        (datetime(2026, 10, 25, 2, 30), 0, "2026-10-25 02:30:00", 0),
    ],
)
def test_stamp_on_dst_change_days(local: datetime, fold: int, at_utc: str, offset: int) -> None:
    moment = local.replace(tzinfo=LONDON, fold=fold)
    result = times.stamp(moment)
    assert result == times.Stamp(at_utc, local.date().isoformat(), offset)
    back = times.local_moment(result.at_utc, result.utc_offset)
    # PEP 495: a moment in the repeated hour never compares equal across zones, so compare
    # the instant and the wall clock instead.
    assert back.timestamp() == moment.timestamp()
    assert back.replace(tzinfo=None) == local


def test_both_halves_of_the_repeated_hour_sort_in_order() -> None:
    first = times.stamp(datetime(2026, 10, 25, 1, 45, tzinfo=LONDON, fold=0))
    second = times.stamp(datetime(2026, 10, 25, 1, 15, tzinfo=LONDON, fold=1))
    assert first.day == second.day == "2026-10-25"
    assert first.at_utc < second.at_utc  # 01:45 BST came before 01:15 GMT


@given(naive_moments, offsets)
def test_stamp_then_local_moment_round_trips(naive: datetime, offset: int) -> None:
    moment = aware(naive, offset)
    stored = times.stamp(moment)
    assert stored.utc_offset == offset
    assert stored.day == naive.date().isoformat()
    back = times.local_moment(stored.at_utc, stored.utc_offset)
    assert back == moment
    assert back.utcoffset() == timedelta(minutes=offset)
    assert back.replace(tzinfo=None) == naive
    assert times.local_iso(stored.at_utc, stored.utc_offset) == moment.isoformat()


@given(naive_moments, offsets)
def test_local_iso_parses_back_to_the_same_moment(naive: datetime, offset: int) -> None:
    stored = times.stamp(aware(naive, offset))
    text = times.local_iso(stored.at_utc, stored.utc_offset)
    parsed = datetime.fromisoformat(text)
    assert parsed == aware(naive, offset)
    assert parsed.utcoffset() == timedelta(minutes=offset)
    assert text[:10] == stored.day


@given(naive_moments, offsets, naive_moments, offsets)
def test_at_utc_text_sorts_like_the_moments(a: datetime, offset_a: int, b: datetime, offset_b: int) -> None:
    first, second = aware(a, offset_a), aware(b, offset_b)
    text_a, text_b = times.stamp(first).at_utc, times.stamp(second).at_utc
    assert (text_a < text_b) == (first < second)
    assert (text_a == text_b) == (first == second)


@given(naive_moments, offsets)
def test_now_utc_text_matches_stamp(naive: datetime, offset: int) -> None:
    moment = aware(naive, offset)
    assert times.now_utc_text(moment) == times.stamp(moment).at_utc


def test_human_forms() -> None:
    assert times.human("2026-11-21 10:45:00", 0) == "Sat 21 Nov 2026 10:45"
    assert times.human("2026-11-21 23:30:00", 60) == "Sun 22 Nov 2026 00:30"
    assert times.human_day("2026-11-21") == "Sat 21 Nov 2026"
    assert times.human_day(date(2026, 11, 22)) == "Sun 22 Nov 2026"
    assert times.local_iso("2026-11-21 23:30:00", -90) == "2026-11-21T22:00:00-01:30"


def test_local_moment_refuses_malformed_text() -> None:
    with pytest.raises(ValueError):
        times.local_moment("2026-11-21T10:45:00", 0)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)))
def test_parse_utc_reads_every_stored_time_as_strptime_does(moment: datetime) -> None:
    text = moment.replace(microsecond=0).strftime(UTC_FORMAT)
    assert parse_utc(text) == datetime.strptime(text, UTC_FORMAT).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["2026-11-21 08:00+01", "2026-W47-6 08:00:00", "2026-11-21 08:00.00", "2026-11-21T08:00:00",
     "2026-02-30 08:00:00", "2026-11-21 24:00:00", "+026-11-21 08:00:00", "2026-11-21 08:00:00Z"],
)  # fmt: skip
def test_parse_utc_refuses_any_other_shape(text: str) -> None:
    with pytest.raises(ValueError):
        parse_utc(text)


@given(naive_moments, st.integers(-24 * 60 + 1, 24 * 60 - 1))
def test_the_wall_clock_reading_is_the_local_moment_without_its_zone(moment: datetime, offset: int) -> None:
    """local_wall (the replay's rows, issue 19's fifth round) reads as local_moment does,
    for every offset a time zone allows."""
    text = moment.strftime(UTC_FORMAT)
    assert times.local_wall(text, offset) == times.local_moment(text, offset).replace(tzinfo=None)


@pytest.mark.parametrize(("text", "offset"), [("9999-12-31 23:00:00", 120), ("0001-01-01 00:30:00", -60)])
def test_the_wall_clock_fails_as_the_local_moment_at_the_calendars_ends(text: str, offset: int) -> None:
    with pytest.raises(OverflowError):
        times.local_moment(text, offset)
    with pytest.raises(OverflowError):
        times.local_wall(text, offset)


@pytest.mark.parametrize("offset", [24 * 60, -24 * 60, 10**6])
def test_an_offset_no_time_zone_has_is_refused_by_the_wall_clock_too(offset: int) -> None:
    with pytest.raises(ValueError):
        times.local_moment("2026-11-21 08:00:00", offset)
    with pytest.raises(ValueError):
        times.local_wall("2026-11-21 08:00:00", offset)


@pytest.mark.parametrize(
    "text", ["2026-11-21 08:00+01", "2026-W47-6 08:00", "2026-11-21T08:00:00", "2026-13-21 08:00:00"]
)
def test_the_wall_clock_refuses_what_parse_utc_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_utc(text)
    with pytest.raises(ValueError):
        times.local_wall(text, 60)


def _stored_shape_as_written_before(text: str) -> bool:
    """parse_utc_naive's shape test before issue 19's sixth round: one comparison a position."""
    return not (
        len(text) != 19
        or text[10] != " "
        or not text[:4].isdigit()
        or text[4] != "-"
        or text[7] != "-"
        or text[13] != ":"
        or text[16] != ":"
    )


@given(naive_moments, st.lists(st.tuples(st.integers(0, 19), st.sampled_from("0123456789-: T+²")), max_size=2))
def test_the_shape_test_in_one_slice_takes_what_the_test_by_position_took(
    moment: datetime, changes: list[tuple[int, str]]
) -> None:
    """parse_utc_naive tests the five separators as one slice ([4] [7] [10] [13] [16]):
    it refuses and accepts the very texts the test of each position did (stored texts with
    up to two characters changed, or one put at the end)."""
    text = moment.strftime(UTC_FORMAT)
    for at, char in changes:
        text = text[:at] + char + text[at + 1 :]
    try:
        parse_utc_naive(text)
        refused = False
    except ValueError as exc:
        refused = "does not match format" in str(exc)
    assert refused == (not _stored_shape_as_written_before(text))
