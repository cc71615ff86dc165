"""Natural times and durations (natural.py through parse.py): the exact forms it reads,
what each means, and that everything else is refused in one line, never guessed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers import fails, fixed_clock, ok, rows, time_zone
from paceit import natural, parse, parse_amounts
from paceit.errors import InputError

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # a Saturday, 10:00
TODAY = NOW.date()
DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    with time_zone("UTC"):
        yield


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def error(value: str, *, now: datetime = NOW) -> str:
    with pytest.raises(InputError) as caught:
        parse.when(value, now=now)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("--at ")
    return message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yesterday 8am", at(date(2026, 11, 20), 8)),
        ("Yesterday  8 AM", at(date(2026, 11, 20), 8)),
        ("yesterday at 8:30pm", at(date(2026, 11, 20), 20, 30)),
        ("8am yesterday", at(date(2026, 11, 20), 8)),
        ("2 days ago", at(date(2026, 11, 19), 12)),
        ("two days ago 7:15", at(date(2026, 11, 19), 7, 15)),
        ("a week ago", at(date(2026, 11, 14), 12)),
        ("3 weeks ago", at(date(2026, 10, 31), 12)),
        ("last monday 18:00", at(date(2026, 11, 16), 18)),
        ("last saturday", at(date(2026, 11, 14), 12)),  # today is a Saturday: a week ago
        ("saturday 9:30am", at(TODAY, 9, 30)),  # a bare day name: the latest, today included
        ("fri evening", at(date(2026, 11, 20), 19)),
        ("3h ago", NOW - timedelta(hours=3)),
        ("3 hours ago", NOW - timedelta(hours=3)),
        ("90 min ago", NOW - timedelta(minutes=90)),
        ("1 hour 15 min ago", NOW - timedelta(minutes=75)),
        ("this morning", at(TODAY, 8)),
        ("last night", at(date(2026, 11, 20), 22)),
        ("yesterday noon", at(date(2026, 11, 20), 12)),
        ("8am", at(TODAY, 8)),
        ("-2d 8am", at(date(2026, 11, 19), 8)),
        ("2026-11-20 8am", at(date(2026, 11, 20), 8)),
    ],
)
def test_natural_moments(raw: str, expected: datetime) -> None:
    assert parse.when(raw, now=NOW) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("last monday", date(2026, 11, 16)), ("3 days ago", date(2026, 11, 18)), ("2 weeks ago", date(2026, 11, 7)),
     ("fri", date(2026, 11, 20)), ("Saturday", TODAY), ("last sat", date(2026, 11, 14)),
     ("one day ago", date(2026, 11, 20))],
)  # fmt: skip
def test_natural_days(raw: str, expected: date) -> None:
    assert parse.day(raw, today=TODAY, option="--since") == expected


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [("1 hour", 60.0), ("1.5 hours", 90.0), ("90 min", 90.0), ("1 hour 15 min", 75.0), ("1 hr 15 mins", 75.0),
     ("an hour", 60.0), ("45 seconds", 0.75), ("1:15", 75.0), ("0:45", 45.0), ("1:15:30", 75.5),
     ("2 hours 5 seconds", 120.0833)],
)  # fmt: skip
def test_natural_durations(raw: str, minutes: float) -> None:
    assert parse_amounts.duration_minutes(raw, option="AMOUNT") == minutes


@pytest.mark.parametrize(
    "bad",
    ["tomorrow", "next monday", "in 3 hours", "3h", "8", "13pm", "0am", "8:60am", "1:15 ago", "monday next",
     "last", "ago", "this", "yesterday yesterday", "8am 9am", "last funday", "two", "morning evening",
     "thirty days ago", "yesterday 25:00", "100000 days ago"],
)  # fmt: skip
def test_other_words_are_refused_with_the_forms(bad: str) -> None:
    message = error(bad)
    assert message.startswith("--at must be a date or time like 2026-11-20")
    assert "yesterday 8am" in message and "3h ago" in message and "last monday 18:00" in message


@pytest.mark.parametrize("bad", ["1:75", "1 hour 1 hour", "15 min 1 hour", "1.5 seconds", "1h15", "an", "1 hours x"])
def test_other_durations_are_refused(bad: str) -> None:
    with pytest.raises(InputError, match=r"^AMOUNT must be a duration like .*1 hour, 90 min or 1:15"):
        parse_amounts.duration_minutes(bad, option="AMOUNT")


@pytest.mark.parametrize("raw", ["12am", "12pm", "yesterday 12pm", "12:30am"])
def test_12am_and_12pm_are_refused_as_ambiguous(raw: str) -> None:
    message = error(raw, now=at(TODAY, 23))
    assert message.startswith("--at is ambiguous:") and "00:00, 12:00 or noon" in message


@pytest.mark.parametrize("raw", ["this afternoon", "tonight", "11pm", "today 8pm"])
def test_future_parts_of_today_are_refused_as_future(raw: str) -> None:
    assert error(raw).startswith("--at must not be in the future")


def test_this_morning_under_way_is_now_and_before_it_starts_is_the_future() -> None:
    early = at(TODAY, 6, 30)
    assert parse.when("this morning", now=early) == early  # 08:00 not reached yet: now
    assert error("this morning", now=at(TODAY, 3)).startswith("--at must not be in the future")
    assert parse.when("this morning", now=at(TODAY, 11)) == at(TODAY, 8)


def test_hours_ago_counts_real_time_across_the_clocks_going_forward() -> None:
    """London, 29 March 2026: at 01:00 GMT the clocks go to 02:00 BST. At 03:30 BST,
    3 hours ago is 23:30 GMT the day before (the offset of that moment, not of now)."""
    with time_zone("Europe/London"):
        now = datetime(2026, 3, 29, 3, 30).astimezone()
        then = parse.when("3h ago", now=now)
    assert then.utcoffset() == timedelta(0)
    assert then.replace(tzinfo=None) == datetime(2026, 3, 28, 23, 30)


# --- properties -------------------------------------------------------------------------


@given(st.integers(0, 3000), st.integers(0, 23), st.integers(0, 59))
def test_days_ago_with_a_clock_is_that_day_at_that_time(days: int, hour: int, minute: int) -> None:
    expected = at(TODAY - timedelta(days=days), hour, minute)
    assume(expected <= NOW)
    assert parse.when(f"{days} days ago {hour}:{minute:02d}", now=NOW) == expected
    assert parse.when(f"{hour}:{minute:02d} {days} days ago", now=NOW) == expected


@given(st.integers(1, 11), st.integers(0, 59), st.booleans(), st.sampled_from(["", " "]))
def test_am_pm_is_the_twelve_hour_clock(hour: int, minute: int, pm: bool, space: str) -> None:
    suffix = "pm" if pm else "am"
    expected = at(TODAY - timedelta(days=1), hour + (12 if pm else 0), minute)
    assert parse.when(f"yesterday {hour}:{minute:02d}{space}{suffix}", now=NOW) == expected
    if minute == 0:
        assert parse.when(f"yesterday {hour}{space}{suffix}", now=NOW) == expected


@given(st.dates(date(1901, 1, 1), date(9000, 1, 1)), st.sampled_from(DAY_NAMES))
def test_last_weekday_is_one_to_seven_days_before_and_a_bare_one_zero_to_six(today: date, name: str) -> None:
    last = natural.day(f"last {name}", today=today)
    bare = natural.day(name[:3], today=today)
    assert last is not None and bare is not None
    assert 1 <= (today - last).days <= 7 and 0 <= (today - bare).days <= 6
    assert last.weekday() == bare.weekday() == DAY_NAMES.index(name)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_durations_in_words_and_as_a_clock_agree(hours: int, minutes: int, seconds: int) -> None:
    assume(hours or minutes)
    expected = round(hours * 60 + minutes + seconds / 60, 4)
    words = f"{hours} hours {minutes} minutes {seconds} seconds"
    assert parse_amounts.duration_minutes(words, option="AMOUNT") == expected
    assert parse_amounts.duration_minutes(f"{hours}:{minutes:02d}:{seconds:02d}", option="AMOUNT") == expected


TOKENS = ["yesterday", "today", "last", "this", "at", "ago", "days", "hours", "h", "min", "morning", "night",
          "monday", "sun", "8am", "12pm", "18:00", "3", "two", "a", "-2d", "2026-11-20", "noon", "pm",
          "week"]  # fmt: skip
MOMENTS = st.datetimes(datetime(1950, 1, 1), datetime(2090, 1, 1))


@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=4), MOMENTS)
def test_any_words_give_a_past_moment_or_one_line_error(words: list[str], now_naive: datetime) -> None:
    now = now_naive.replace(tzinfo=UTC)
    try:
        moment = parse.when(" ".join(words), now=now)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--at ")
    else:
        assert moment <= now + parse.FUTURE_SLACK and moment.tzinfo is not None


@given(st.text(alphabet="0123456789.:hmsinour aecd", max_size=16))
def test_any_duration_text_gives_minutes_in_range_or_one_line_error(raw: str) -> None:
    try:
        minutes = parse_amounts.duration_minutes(raw, option="AMOUNT")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert 0 < minutes <= 1440


# --- on the command line ----------------------------------------------------------------


def test_pain_and_log_take_natural_times_and_amounts(monkeypatch: pytest.MonkeyPatch, isolated_db: Path) -> None:
    with fixed_clock(monkeypatch):  # Saturday 21 November 2026, 18:00
        out = ok("pain", "5", "--at", "yesterday 8am").stdout
        assert "Fri 20 Nov 2026 08:00" in out
        ok("activity", "add", "walking", "--unit", "min")
        out = ok("log", "walking", "1:15", "--at", "3h ago").stdout
        assert "Sat 21 Nov 2026 15:00: walking 75 min" in out
        ok("log", "walking", "1 hour", "--at", "last monday 18:00")
        assert "--at is ambiguous" in fails("pain", "4", "--at", "12pm")
        assert fails("pain", "4", "--at", "tomorrow 8am").startswith("paceit: error: --at must be a date or time")
    pains = [(r["day"], r["at_utc"]) for r in rows(isolated_db, "pain_entry")]
    assert pains == [("2026-11-20", "2026-11-20 08:00:00")]
    sessions = [(r["day"], r["amount"]) for r in rows(isolated_db, "session")]
    assert sessions == [("2026-11-21", 75.0), ("2026-11-16", 60.0)]
