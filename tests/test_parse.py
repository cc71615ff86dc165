"""parse.py: every user-typed value becomes a clean value or ONE one-line InputError
naming the option and the allowed range or form. `now`/`today` are always passed in."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from paceit import parse, parse_amounts
from paceit.errors import EXIT_USAGE, InputError
from paceit.times import stamp
from paceit.units import UNITS

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@contextmanager
def local_tz(name: str) -> Iterator[None]:
    """Run with the process's local time zone set to `name`, restored afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def utc_local() -> Iterator[None]:
    with local_tz("UTC"):
        yield


@pytest.fixture
def london() -> Iterator[None]:
    with local_tz("Europe/London"):
        yield


def error_of(call: Callable[..., object], *args: Any, **kwargs: Any) -> str:
    """The message of the InputError `call` raises, checked to be a single line."""
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert caught.value.message == message
    assert caught.value.exit_code == EXIT_USAGE
    assert "\n" not in message and "\r" not in message, message
    return message


# Text that is not a plain whole number once trimmed.
not_whole = st.text().filter(lambda s: re.fullmatch(r"[+-]?\d+", s.strip()) is None)


# --- scale / required_scale ---------------------------------------------------------------


@given(st.integers(0, 10))
def test_scale_round_trips_every_value_in_range(value: int) -> None:
    assert parse.scale(str(value), option="--pain") == value
    assert parse.scale(value, option="--pain") == value
    assert parse.scale(f"  {value} ", option="--pain") == value


@given(st.integers(0, 100))
def test_scale_with_custom_range(value: int) -> None:
    assert parse.scale(str(value), option="--fear", lo=0, hi=100) == value


@given(st.integers().filter(lambda v: not 0 <= v <= 10))
def test_scale_outside_range_is_one_line_error(value: int) -> None:
    message = error_of(parse.scale, str(value), option="--sleep")
    assert message.startswith("--sleep must be a whole number from 0 to 10")
    assert str(value)[:30] in message


@given(not_whole)
def test_scale_refuses_anything_not_a_whole_number(value: str) -> None:
    message = error_of(parse.scale, value, option="--mood")
    assert "--mood" in message and "0 to 10" in message


def test_scale_message_example() -> None:
    assert error_of(parse.scale, "11", option="--sleep") == (
        "--sleep must be a whole number from 0 to 10 (got '11')"
    )


@pytest.mark.parametrize("value", ["5.0", "5.5", "five", "", " ", "1e1", "0x5", "5 5", "--5"])
def test_scale_refuses_decimals_words_and_blanks(value: str) -> None:
    error_of(parse.scale, value, option="--pain")


def test_scale_none_stays_none_but_required_scale_demands_a_value() -> None:
    assert parse.scale(None, option="--pain") is None
    assert parse.required_scale("0", option="SCORE") == 0
    message = error_of(parse.required_scale, None, option="SCORE")
    assert message == "SCORE is required: a whole number from 0 to 10"


def test_scale_shortens_a_long_value_and_never_shows_its_newlines() -> None:
    message = error_of(parse.scale, "x" * 500 + "\n" + "y", option="--pain")
    assert len(message) < 120
    assert "..." in message


def test_huge_digit_strings_are_input_errors_not_crashes() -> None:
    # Python refuses int() of more than 4300 digits with ValueError; that must not escape.
    digits = "1" * 5000
    error_of(parse.scale, digits, option="--pain")
    error_of(parse.entry_id, digits)
    error_of(parse.number, digits, option="--x", lo=0, hi=10, whole=True)
    error_of(parse_amounts.amount, digits, unit_name="reps")


# --- number / yes_no ----------------------------------------------------------------------


@given(st.decimals(min_value=0, max_value=42, places=6))
def test_number_round_trips_decimals_in_range(value: Decimal) -> None:
    text = format(value, "f")  # plain decimal notation: exponents are not accepted
    assert parse.number(text, option="--target", lo=0, hi=42) == float(text)


@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: not 0 <= v <= 42))
def test_number_outside_range_or_nan_is_refused(value: float) -> None:
    message = error_of(parse.number, repr(value), option="--target", lo=0, hi=42)
    assert "--target must be a number from 0 to 42" in message


def test_number_whole_and_forms() -> None:
    assert parse.number(None, option="--x", lo=0, hi=1) is None
    assert parse.number(".5", option="--x", lo=0, hi=1) == 0.5
    assert parse.number("1.", option="--x", lo=0, hi=1) == 1.0
    assert parse.number("3", option="--x", lo=0, hi=5, whole=True) == 3.0
    assert "a whole number from 0 to 5" in error_of(
        parse.number, "2.5", option="--x", lo=0, hi=5, whole=True
    )
    for bad in ("nan", "inf", "1e3", "1,5", "", "."):
        error_of(parse.number, bad, option="--x", lo=0, hi=10_000)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("Y", True), (" true ", True), ("1", True),
     ("no", False), ("N", False), ("FALSE", False), ("0", False),
     (True, True), (False, False), (None, None)],
)
def test_yes_no_accepts(raw: str | bool | None, expected: bool | None) -> None:
    assert parse.yes_no(raw, option="--happened") is expected


@pytest.mark.parametrize("raw", ["maybe", "", "2", "yess", "oui"])
def test_yes_no_refuses(raw: str) -> None:
    message = error_of(parse.yes_no, raw, option="--happened")
    assert message.startswith("--happened must be yes or no")


# --- text / note / name -------------------------------------------------------------------


def test_text_trims_and_keeps_tabs_and_newlines_inside() -> None:
    assert parse.text("  walked\tthe dog\nslowly  ", option="--note") == "walked\tthe dog\nslowly"
    assert parse.text(None, option="--note") is None


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_text_refuses_blank(bad: str) -> None:
    assert error_of(parse.text, bad, option="--note") == "--note must not be empty"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b[31m", "\r", "\x7f"])
def test_text_refuses_control_characters(control: str) -> None:
    message = error_of(parse.text, f"a{control}b", option="--note")
    assert message == (
        "--note must not contain control characters or bidirectional controls "
        f"(found U+{ord(control[0]):04X}, a control character)"
    )


def test_text_length_limits() -> None:
    assert parse.text("x" * parse.TEXT_MAX, option="--expect") == "x" * parse.TEXT_MAX
    message = error_of(parse.text, "x" * (parse.TEXT_MAX + 1), option="--expect")
    assert message == f"--expect must be at most {parse.TEXT_MAX} characters (got 301)"
    assert parse.note("n" * parse.NOTE_MAX) == "n" * parse.NOTE_MAX
    assert "--note must be at most 2000" in error_of(parse.note, "n" * (parse.NOTE_MAX + 1))
    assert parse.required_text(" a ", option="TEXT") == "a"
    assert error_of(parse.required_text, None, option="TEXT") == "TEXT is required"


@given(st.text())
def test_text_either_returns_clean_text_or_one_line_error(value: str) -> None:
    try:
        result = parse.text(value, option="--note")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--note ")
    else:
        assert result == value.strip()
        assert result and len(result) <= parse.TEXT_MAX
        assert all(ord(c) >= 32 or c in "\t\n" for c in result) and "\x7f" not in result


def test_name_is_short_single_line_and_required() -> None:
    assert parse.name("  Walking ") == "Walking"
    assert parse.name("w" * parse.NAME_MAX) == "w" * parse.NAME_MAX
    assert "NAME must be at most 80" in error_of(parse.name, "w" * (parse.NAME_MAX + 1))
    assert error_of(parse.name, "walk\nrun") == "NAME must be a single line"
    assert error_of(parse.name, "walk\trun") == "NAME must be a single line"
    assert error_of(parse.name, None) == "NAME is required"
    assert error_of(parse.name, "  ") == "NAME must not be empty"


# --- unit / step / choice / entry_id ------------------------------------------------------


@pytest.mark.parametrize("name", list(UNITS))
def test_unit_accepts_every_unit_in_any_case(name: str) -> None:
    assert parse_amounts.unit(name) == name
    assert parse_amounts.unit(f" {name.upper()} ") == name


@pytest.mark.parametrize(
    ("alias", "unit"),
    [("minutes", "min"), ("mins", "min"), ("Minute", "min"), ("rep", "reps"), ("set", "sets")],
)
def test_unit_aliases(alias: str, unit: str) -> None:
    assert parse_amounts.unit(alias) == unit


@pytest.mark.parametrize("bad", ["miles", "", None, "hours", "k"])
def test_unit_refuses_unknown(bad: str | None) -> None:
    message = error_of(parse_amounts.unit, bad)
    assert message.startswith("--unit must be one of min, reps, steps, m, km, kg, sets")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("10%", ("pct", 10.0)), (" 5% ", ("pct", 5.0)), ("20%", ("pct", 20.0)),
     ("12.5%", ("pct", 12.5)), ("2", ("abs", 2.0)), ("0.5", ("abs", 0.5)),
     ("10000", ("abs", 10_000.0)), (None, None)],
)
def test_step_forms(raw: str | None, expected: tuple[str, float] | None) -> None:
    assert parse_amounts.step(raw) == expected


@pytest.mark.parametrize(
    "bad", ["0%", "4.9%", "21%", "50%", "x%", "%", "0", "-2", "10001", "ten", ""]
)
def test_step_refuses(bad: str) -> None:
    # Percentages follow the clinician range of clinical-rules §1 (5-20 %).
    message = error_of(parse_amounts.step, bad)
    assert message == f"--step must be a percentage from 5% to 20% or a positive amount (got {bad!r})"


def test_choice() -> None:
    assert parse.choice(" JSON ", option="--format", choices=["text", "json"]) == "json"
    message = error_of(parse.choice, "xml", option="--format", choices=("text", "json"))
    assert message == "--format must be one of text, json (got 'xml')"
    error_of(parse.choice, None, option="--format", choices=("text",))


@given(st.integers(1, 2**62 - 1))
def test_entry_id_round_trips(value: int) -> None:
    assert parse.entry_id(str(value)) == value
    assert parse.entry_id(f"#{value}") == value
    assert parse.entry_id(value) == value


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "", "#", "1.0", str(2**62), "12a"])
def test_entry_id_refuses(bad: str) -> None:
    message = error_of(parse.entry_id, bad)
    assert message.startswith("ID must be a positive whole number")


# --- durations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [("20", 20.0), ("20m", 20.0), ("20min", 20.0), ("1h", 60.0), ("1h15m", 75.0),
     ("90s", 1.5), ("1h 15m", 75.0), ("1H15M", 75.0), ("1.5h", 90.0), ("2.5", 2.5),
     ("1m30s", 1.5), ("1h0m30s", 60.5), ("24h", 1440.0), ("1s", 0.0167)],
)
def test_duration_forms(raw: str, minutes: float) -> None:
    assert parse_amounts.duration_minutes(raw, option="AMOUNT") == minutes


@pytest.mark.parametrize(
    "bad", ["0", "0m", "", "m", "h", "-5", "20x", "1h-5m", "24h1s", "1441", "1.5s", "s90",
            "1e3", "nan", "inf", "1h15", "15m1h", "0.00001"],
)
def test_duration_refuses(bad: str) -> None:
    message = error_of(parse_amounts.duration_minutes, bad, option="AMOUNT")
    assert message.startswith("AMOUNT must be a duration like 20, 20m, 1h15m, 90s, 1 hour, 90 min or 1:15")
    assert "at most 1440 minutes" in message


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
def test_duration_from_hours_minutes_seconds(h: int, m: int, s: int) -> None:
    assume(h or m or s)
    parts = (f"{h}h" if h else "") + (f"{m}m" if m else "") + (f"{s}s" if s else "")
    expected = round(h * 60 + m + s / 60, 4)
    assert parse_amounts.duration_minutes(parts, option="AMOUNT") == expected
    spaced = " ".join(p for p in re.findall(r"\d+[hms]", parts))
    assert parse_amounts.duration_minutes(spaced, option="AMOUNT") == expected


@given(st.text(alphabet="0123456789.hms -+e", max_size=12), st.floats(1, 5000))
def test_duration_is_positive_and_within_maximum_or_refused(raw: str, maximum: float) -> None:
    try:
        minutes = parse_amounts.duration_minutes(raw, option="--x", maximum=maximum)
    except InputError as exc:
        assert "\n" not in str(exc) and "--x" in str(exc)
    else:
        assert 0 < minutes <= maximum


# --- amounts per unit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [("20", "min", 20.0), ("1h15m", "min", 75.0), ("90s", "min", 1.5),
     ("12", "reps", 12.0), ("12reps", "reps", 12.0), ("3 sets", "sets", 3.0),
     ("5000steps", "steps", 5000.0), ("2.5", "kg", 2.5), ("2.5kg", "kg", 2.5),
     ("500", "m", 500.0), ("500m", "m", 500.0), ("2km", "m", 2000.0), ("1.2 km", "m", 1200.0),
     ("2.5", "km", 2.5), ("2.5km", "km", 2.5), ("500m", "km", 0.5), ("1500 M", "km", 1.5)],
)
def test_amount_forms(raw: str, unit: str, expected: float) -> None:
    assert parse_amounts.amount(raw, unit_name=unit) == expected


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("12.5", "reps"), ("0", "reps"), ("-3", "kg"), ("10001", "reps"), ("501", "kg"),
     ("1001", "km"), ("1000001m", "km"), ("101km", "m"), ("3km", "kg"), ("ten", "steps"),
     ("", "sets"), ("2 reps", "sets"), ("0.0000001", "kg"), ("0.0004m", "km"), ("25h", "min")],
)
def test_amount_refuses(raw: str, unit: str) -> None:
    message = error_of(parse_amounts.amount, raw, unit_name=unit)
    assert message.startswith("AMOUNT must be")
    assert f"{UNITS[unit].maximum:g}" in message


def test_amount_message_names_unit_and_wholeness() -> None:
    assert error_of(parse_amounts.amount, "2.5", unit_name="reps") == (
        "AMOUNT must be a whole number of repetitions above 0 and at most 10000 (got '2.5')"
    )
    message = error_of(parse_amounts.amount, "600", unit_name="kg", option="--target")
    assert message.startswith("--target must be a number of kilograms above 0 and at most 500")


@given(
    st.sampled_from(sorted(UNITS)),
    st.one_of(
        st.decimals(min_value=-10, max_value=300_000, places=7).map(str),
        st.integers(-10, 300_000).map(str),
        st.text(alphabet="0123456789.kmhs -", max_size=10),
    ),
    st.sampled_from(["", "m", "km", "s", "h", " reps", "kg", "steps", "sets"]),
)
def test_amount_is_never_zero_negative_or_above_the_unit_maximum(
    unit: str, number: str, suffix: str
) -> None:
    try:
        value = parse_amounts.amount(number + suffix, unit_name=unit)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("AMOUNT must be")
    else:
        assert 0 < value <= UNITS[unit].maximum
        if UNITS[unit].whole:
            assert value == int(value)


# --- when (--at) --------------------------------------------------------------------------


@pytest.mark.usefixtures("utc_local")
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, NOW),
        ("now", NOW),
        ("today", NOW),
        ("TODAY", NOW),
        ("2026-11-20", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
        ("2026-11-20T18:30", datetime(2026, 11, 20, 18, 30, tzinfo=UTC)),
        ("2026-11-20t18:30", datetime(2026, 11, 20, 18, 30, tzinfo=UTC)),
        ("2026-11-20 18:30:15", datetime(2026, 11, 20, 18, 30, 15, tzinfo=UTC)),
        ("2026-11-20T18:30Z", datetime(2026, 11, 20, 18, 30, tzinfo=UTC)),
        ("08:15", datetime(2026, 11, 21, 8, 15, tzinfo=UTC)),
        ("8:15", datetime(2026, 11, 21, 8, 15, tzinfo=UTC)),
        ("10:05", datetime(2026, 11, 21, 10, 5, tzinfo=UTC)),
        ("yesterday", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
        ("yesterday 08:00", datetime(2026, 11, 20, 8, 0, tzinfo=UTC)),
        ("Yesterday 23:30", datetime(2026, 11, 20, 23, 30, tzinfo=UTC)),
        ("today 07:00", datetime(2026, 11, 21, 7, 0, tzinfo=UTC)),
        ("-2d", datetime(2026, 11, 19, 12, 0, tzinfo=UTC)),
        ("-2d 07:30", datetime(2026, 11, 19, 7, 30, tzinfo=UTC)),
        ("-1w", datetime(2026, 11, 14, 12, 0, tzinfo=UTC)),
        ("1900-01-01", datetime(1900, 1, 1, 12, 0, tzinfo=UTC)),
    ],
)
def test_when_forms(raw: str | None, expected: datetime) -> None:
    result = parse.when(raw, now=NOW)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_when_keeps_an_explicit_offset() -> None:
    result = parse.when("2026-11-20T18:30+05:30", now=NOW)
    assert result.utcoffset() == timedelta(hours=5, minutes=30)
    assert stamp(result).day == "2026-11-20"
    assert stamp(result).at_utc == "2026-11-20 13:00:00"


def test_a_day_without_a_time_is_noon_not_morning(utc_local: None) -> None:
    for raw in ("2026-11-20", "yesterday", "-3d", "-1w"):
        assert parse.when(raw, now=NOW).time().hour == 12


@pytest.mark.usefixtures("utc_local")
@pytest.mark.parametrize(
    "raw", ["10:06", "23:59", "today 18:00", "2026-11-22", "2026-11-21T10:05:01Z", "2030-01-01"]
)
def test_when_refuses_the_future_beyond_five_minutes(raw: str) -> None:
    message = error_of(parse.when, raw, now=NOW)
    assert message.startswith("--at must not be in the future")
    assert "yesterday 23:30" in message


@pytest.mark.usefixtures("utc_local")
def test_when_accepts_exactly_five_minutes_ahead() -> None:
    assert parse.when("2026-11-21T10:05:00Z", now=NOW) == NOW + timedelta(minutes=5)


@pytest.mark.usefixtures("utc_local")
@pytest.mark.parametrize("raw", ["1899-12-31", "1899-12-31T23:59", "1850-06-01T12:00+01:00"])
def test_when_refuses_before_1900(raw: str) -> None:
    message = error_of(parse.when, raw, now=NOW)
    assert message == f"--at must be on or after 1900-01-01 (got {raw!r})"


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize(
    "raw", ["0001-01-01", "0001-01-01T00:00", "0001-01-01 08:00", "0001-01-01T00:00+14:00", "0001-01-01T00:30:00",
            "0999-12-31T23:59Z"],
)
def test_when_refuses_year_one_as_too_early_not_as_badly_formed(zone: str, raw: str) -> None:
    """Year 1 overflows when made a local time; it is still a date too early, and says so."""
    with local_tz(zone):
        message = error_of(parse.when, raw, now=NOW)
    assert message == f"--at must be on or after 1900-01-01 (got {raw!r})"


@pytest.mark.usefixtures("utc_local")
@pytest.mark.parametrize(
    "raw",
    ["", "tomorrow", "2026-13-01", "2026-02-30", "2026-02-30T10:00", "25:00", "10:60",
     "yesterday 25:00", "yesterday noon!", "now 08:00", "+2d", "-2x", "-123456d", "2026/11/20",
     "18h30", "20261120"],
)
def test_when_refuses_malformed(raw: str) -> None:
    message = error_of(parse.when, raw, now=NOW, option="--at")
    assert message.startswith("--at must be a date or time like 2026-11-20")


def test_when_names_its_option() -> None:
    assert error_of(parse.when, "soon", now=NOW, option="--since").startswith("--since must be")


TIME_ZONES = ["UTC", "Europe/London", "America/St_Johns", "Pacific/Kiritimati",
              "Pacific/Pago_Pago", "Asia/Kathmandu", "Australia/Lord_Howe"]

when_inputs = st.one_of(
    st.sampled_from(["now", "today", "yesterday", "-0d", "-1w", "00:00", "23:59", "12:00"]),
    st.builds(lambda n, u: f"-{n}{u}", st.integers(0, 99_999), st.sampled_from("dw")),
    st.builds(
        lambda head, h, m: f"{head} {h:02d}:{m:02d}",
        st.sampled_from(["today", "yesterday", "-1d", "-3w"]), st.integers(0, 23),
        st.integers(0, 59),
    ),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
        lambda d: d.isoformat(timespec="minutes")
    ),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=14)),
                                   timezone(timedelta(hours=-12))]),
    ).map(lambda d: d.isoformat(timespec="seconds")),
    st.dates().map(date.isoformat),
    st.text(max_size=20),
)


@given(
    raw=when_inputs,
    tz=st.sampled_from(TIME_ZONES),
    naive_now=st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2100, 1, 1)),
)
def test_when_never_returns_a_moment_after_now_plus_five_minutes(
    raw: str, tz: str, naive_now: datetime
) -> None:
    with local_tz(tz):
        now = naive_now.astimezone()
        try:
            moment = parse.when(raw, now=now)
        except InputError as exc:
            assert "\n" not in str(exc) and str(exc).startswith("--at must ")
            return
        assert moment.tzinfo is not None and moment.utcoffset() is not None
        assert moment <= now + parse.FUTURE_SLACK
        assert moment.date() >= parse.EARLIEST


# --- when across daylight-saving changes (system time zone Europe/London) ------------------


@pytest.mark.usefixtures("london")
@pytest.mark.parametrize(
    ("raw", "at_utc", "day", "offset"),
    [
        # 2026-03-29: clocks go forward at 01:00 GMT -> 02:00 BST.
        ("2026-03-29T00:30", "2026-03-29 00:30:00", "2026-03-29", 0),
        ("2026-03-29T02:30", "2026-03-29 01:30:00", "2026-03-29", 60),
        ("2026-03-29", "2026-03-29 11:00:00", "2026-03-29", 60),
        ("2026-03-28T23:30", "2026-03-28 23:30:00", "2026-03-28", 0),
        # 2026-10-25: clocks go back at 02:00 BST -> 01:00 GMT.
        ("2026-10-25T00:30", "2026-10-24 23:30:00", "2026-10-25", 60),
        ("2026-10-25T03:00", "2026-10-25 03:00:00", "2026-10-25", 0),
        ("2026-10-25", "2026-10-25 12:00:00", "2026-10-25", 0),
        ("2026-10-24T23:30", "2026-10-24 22:30:00", "2026-10-24", 60),
    ],
)
def test_when_on_dst_change_days_gives_the_local_day_and_offset(
    raw: str, at_utc: str, day: str, offset: int
) -> None:
    now = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    result = stamp(parse.when(raw, now=now))
    assert (result.at_utc, result.day, result.utc_offset) == (at_utc, day, offset)


@pytest.mark.usefixtures("london")
def test_relative_days_across_dst_changes_keep_the_wall_clock_time() -> None:
    spring_now = datetime(2026, 3, 29, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    before = stamp(parse.when("yesterday 23:30", now=spring_now))
    assert (before.at_utc, before.day, before.utc_offset) == ("2026-03-28 23:30:00", "2026-03-28", 0)
    today = stamp(parse.when("08:00", now=spring_now))
    assert (today.at_utc, today.day, today.utc_offset) == ("2026-03-29 07:00:00", "2026-03-29", 60)

    autumn_now = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    back = stamp(parse.when("-1d 08:00", now=autumn_now))
    assert (back.at_utc, back.day, back.utc_offset) == ("2026-10-25 08:00:00", "2026-10-25", 0)
    earlier = stamp(parse.when("-2d 08:00", now=autumn_now))
    assert (earlier.at_utc, earlier.day, earlier.utc_offset) == (
        "2026-10-24 07:00:00", "2026-10-24", 60
    )


def test_half_hour_daylight_saving_offsets() -> None:
    with local_tz("Australia/Lord_Howe"):
        now = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
        summer = stamp(parse.when("2026-01-15T08:00", now=now))
        winter = stamp(parse.when("2026-07-15T08:00", now=now))
    assert (summer.day, summer.utc_offset, summer.at_utc) == ("2026-01-15", 660, "2026-01-14 21:00:00")
    assert (winter.day, winter.utc_offset, winter.at_utc) == ("2026-07-15", 630, "2026-07-14 21:30:00")


# --- day (--date, --since, --until) -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, TODAY), ("today", TODAY), (" Today ", TODAY), ("yesterday", date(2026, 11, 20)),
     ("2026-11-20", date(2026, 11, 20)), ("2030-01-01", date(2030, 1, 1)), ("-0d", TODAY),
     ("-3d", date(2026, 11, 18)), ("-2w", date(2026, 11, 7)), ("1900-01-01", date(1900, 1, 1))],
)
def test_day_forms(raw: str | None, expected: date) -> None:
    assert parse.day(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "bad", ["", "tomorrow", "2026-02-30", "-3", "3d", "+3d", "-3m", "-123456d", "2026-11-20T10:00", "20.11.2026"],
)
def test_day_refuses(bad: str) -> None:
    message = error_of(parse.day, bad, today=TODAY, option="--since")
    assert message.startswith("--since must be a day like 2026-11-20, today, yesterday")


@pytest.mark.parametrize("early", ["1899-12-31", "1800-01-01", "0001-01-01", "-99999d", "-99999w"])
def test_a_well_formed_day_before_1900_says_so(early: str) -> None:
    """As `--at` does: the form was right, the day is too early."""
    message = error_of(parse.day, early, today=TODAY, option="--since")
    assert message == f"--since must be on or after 1900-01-01 (got {early!r})"


@given(st.integers(0, 99_999), st.sampled_from(["d", "w"]),
       st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_relative_days_count_back_or_are_refused(count: int, unit: str, today: date) -> None:
    days = count * (7 if unit == "w" else 1)
    try:
        result = parse.day(f"-{count}{unit}", today=today)
    except InputError:
        assert today - parse.EARLIEST < timedelta(days=days)
    else:
        assert result == today - timedelta(days=days)
        assert result >= parse.EARLIEST


@given(st.dates(min_value=date(1900, 1, 1)))
def test_iso_days_round_trip(value: date) -> None:
    assert parse.day(value.isoformat(), today=TODAY) == value


# --- closest (did you mean ...?) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [("walkng", "Walking"), ("WALKING", "Walking"), ("swimm", "Swimming"),
     ("back", "Back stretches"), ("cycling", None), ("zzz", None)],
)
def test_closest_suggests_the_nearest_name_in_its_own_case(
    wanted: str, expected: str | None
) -> None:
    names = ["Walking", "Swimming", "Back stretches", "Stairs"]
    assert parse.closest(wanted, names) == expected


def test_closest_prefix_must_be_unique() -> None:
    assert parse.closest("st", ["Stairs", "Stretch"]) is None
    assert parse.closest("st", ["Stairs", "Walking"]) == "Stairs"
    assert parse.closest("anything", []) is None
