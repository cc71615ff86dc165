"""settings.py: every tunable number has a default inside its own range, and `config set`
values are parsed to that range or refused with one line naming the key and the range."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paceit.errors import InputError
from paceit.settings import DEFAULTS, SPEC_BY_KEY, SPECS, WEEKDAYS, SettingSpec, format_value, parse_value

NUMERIC = [s for s in SPECS if s.kind in ("int", "float")]
INTS = [s for s in SPECS if s.kind == "int"]
FLOATS = [s for s in SPECS if s.kind == "float"]
CHOICES = [s for s in SPECS if s.kind == "choice"]
by_key = pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.key)


def refused(spec: SettingSpec, raw: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_value(spec, raw)
    message = str(caught.value)
    assert message == f"{spec.key} must be {spec.allowed()} (got {raw!r})"
    assert "\n" not in message
    return message


# --- the table of settings itself ---------------------------------------------------------


def test_keys_are_unique_and_indexed() -> None:
    assert len({s.key for s in SPECS}) == len(SPECS)
    assert {s.key: s for s in SPECS} == SPEC_BY_KEY
    assert {s.key: s.default for s in SPECS} == DEFAULTS


@by_key
def test_every_spec_is_well_formed(spec: SettingSpec) -> None:
    assert spec.kind in {"int", "float", "choice", "days", "text"}
    assert spec.owner in {"U", "C"}
    assert spec.tag in {"E", "P", "D"}
    assert spec.help.strip()
    if spec.kind in ("int", "float"):
        assert spec.lo < spec.hi
    if spec.kind == "int":
        assert spec.lo == int(spec.lo) and spec.hi == int(spec.hi)
        assert type(spec.default) is int
    if spec.kind == "float":
        assert isinstance(spec.default, int | float) and not isinstance(spec.default, bool)
    if spec.kind == "choice":
        assert len(spec.choices) >= 2 and all(c == c.lower().strip() for c in spec.choices)


@by_key
def test_every_default_is_within_its_own_range(spec: SettingSpec) -> None:
    if spec.kind in ("int", "float"):
        assert spec.lo <= spec.default <= spec.hi
    elif spec.kind == "choice":
        assert spec.default in spec.choices
    elif spec.kind == "text":
        assert len(spec.default) <= spec.hi
    else:
        assert spec.default and all(d in WEEKDAYS for d in spec.default)


@by_key
def test_every_default_survives_format_and_parse(spec: SettingSpec) -> None:
    assert parse_value(spec, format_value(spec.default)) == spec.default


def test_only_days_reminders_and_housekeeping_belong_to_the_person() -> None:
    # clinical-rules.md: U may change only logging days, reminders and units.
    assert {s.key for s in SPECS if s.owner == "U"} == {"plan.days", "redflag.ask_days",
                                                       "backup.keep", "report.name"}


@pytest.mark.parametrize(
    ("key", "default", "lo", "hi"),
    [
        # clinical-rules.md §1, §2, §8, §5 and "How paceit next decides"
        ("baseline.sessions", 3, 3, 5), ("baseline.factor", 0.8, None, None),
        ("progression.every_days", 7, 7, 14), ("progression.step_pct", 10, 5, 20),
        ("progression.add_pct", 15, 10, 20),
        ("gate.done_share", 0.8, None, None), ("regress.factor", 0.9, None, None),
        ("flare.factor", 0.5, 0.3, 0.8), ("flare.rebuild_steps", 2, None, None),
        ("flare.rebuild_days", 4, None, None), ("flare.baseline_days", 14, None, None),
        ("flare.min_logged_days", 7, None, None), ("flare.pain_delta", 2, None, None),
        ("flare.episode_days", 2, 1, 3), ("flare.end_days", 2, None, None),
        ("flare.end_delta", 1, None, None), ("flare.setback_days", 14, None, None),
        ("gap.days", 14, None, None), ("gap.factor", 0.8, None, None),
        ("zone.green_max", 2, None, None), ("zone.r1_ceiling", 5, None, None),
        ("zone.r3_tolerance", 1.0, None, None), ("zone.r1_rise", 2, None, None), ("zone.r1_max", 8, None, None),
        ("zone.usual_days", 14, None, None), ("zone.usual_min", 4, None, None), ("zone.rise_points", 2, None, None),
        ("zone.rise_sd", 2.5, None, None), ("flare.clear_days", 2, None, None), ("flare.high_days", 4, None, None),
        ("boom.factor", 1.2, None, None), ("boom.no_quota_factor", 1.5, None, None),
        ("bust.factor", 0.5, None, None), ("bust.window_days", 2, None, None),
        ("boombust.cycles", 2, None, None), ("boombust.window_days", 28, None, None),
        ("boombust.cv", 0.5, None, None), ("boombust.cv_min_sessions", 4, None, None),
        ("acwr.spike", 1.5, None, None), ("acwr.min_days", 21, None, None),
        ("ladder.ev_min", 2, None, None), ("ladder.likely_drop", 20, None, None),
        ("ladder.habituation_pct", 50, None, None), ("ladder.habituation_end", 30, None, None),
        ("ladder.master_trials", 3, None, None), ("ladder.master_successes", 2, None, None),
        ("ladder.master_fear", 30, None, None), ("ladder.abort_peak", 90, None, None),
        ("ladder.first_step_max", 40, None, None), ("ladder.max_gap", 15, None, None),
        ("ladder.min_steps", 8, 3, 15), ("mid.pain_points", 2, None, None),
        ("mid.pain_pct", 30, None, None), ("mid.peg", 1.0, None, None),
        ("mid.psfs", 2.0, None, None), ("mid.sleep", 2, None, None),
    ],
)
def test_documented_defaults(key: str, default: float, lo: float | None, hi: float | None) -> None:
    spec = SPEC_BY_KEY[key]
    assert spec.default == default
    if lo is not None:
        assert (spec.lo, spec.hi) == (lo, hi)


def test_documented_modes() -> None:
    assert SPEC_BY_KEY["progression.mode"].default == "multiply"
    assert SPEC_BY_KEY["ladder.mode"].default == "inhibitory"
    assert set(SPEC_BY_KEY["ladder.mode"].choices) == {"inhibitory", "habituation"}
    assert SPEC_BY_KEY["plan.days"].default == list(WEEKDAYS)


# --- parse_value --------------------------------------------------------------------------


@pytest.mark.parametrize("spec", NUMERIC, ids=lambda s: s.key)
def test_numeric_bounds_are_inclusive(spec: SettingSpec) -> None:
    assert parse_value(spec, f"{spec.lo:g}") == spec.lo
    assert parse_value(spec, f" {spec.hi:g} ") == spec.hi
    step = 1 if spec.kind == "int" else 0.001
    refused(spec, str(spec.lo - step))
    refused(spec, str(spec.hi + step))


@given(st.sampled_from(INTS), st.data())
def test_int_settings_round_trip_in_range(spec: SettingSpec, data: st.DataObject) -> None:
    value = data.draw(st.integers(int(spec.lo), int(spec.hi)))
    parsed = parse_value(spec, str(value))
    assert parsed == value and type(parsed) is int


@given(st.sampled_from(INTS), st.integers())
def test_int_settings_refuse_out_of_range(spec: SettingSpec, value: int) -> None:
    if not spec.lo <= value <= spec.hi:
        refused(spec, str(value))


@given(st.sampled_from(FLOATS), st.data())
def test_float_settings_round_trip_in_range(spec: SettingSpec, data: st.DataObject) -> None:
    value = data.draw(st.decimals(Decimal(str(spec.lo)), Decimal(str(spec.hi)), places=3))
    parsed = parse_value(spec, str(value))
    assert parsed == float(value) and type(parsed) is float
    assert parse_value(spec, format_value(parsed)) == parsed


@given(st.sampled_from(NUMERIC), st.text())
def test_numeric_settings_give_a_number_in_range_or_one_line_error(
    spec: SettingSpec, raw: str
) -> None:
    try:
        value = parse_value(spec, raw)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{spec.key} must be ")
    else:
        assert spec.lo <= value <= spec.hi


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "", "abc", "1,5", "7 days"])
def test_float_settings_refuse_non_numbers(raw: str) -> None:
    refused(SPEC_BY_KEY["flare.factor"], raw)


@pytest.mark.parametrize("raw", ["7.0", "7.5", "seven", ""])
def test_int_settings_refuse_decimals_and_words(raw: str) -> None:
    refused(SPEC_BY_KEY["progression.every_days"], raw)


def test_a_message_names_key_and_range() -> None:
    assert refused(SPEC_BY_KEY["flare.factor"], "0.9") == (
        "flare.factor must be a number from 0.3 to 0.8 (got '0.9')"
    )
    assert refused(SPEC_BY_KEY["gap.days"], "99") == (
        "gap.days must be a whole number from 7 to 60 (got '99')"
    )


@pytest.mark.parametrize("spec", CHOICES, ids=lambda s: s.key)
def test_choices(spec: SettingSpec) -> None:
    for option in spec.choices:
        assert parse_value(spec, f" {option.upper()} ") == option
    message = refused(spec, "other")
    assert "one of " + ", ".join(spec.choices) in message


@pytest.mark.parametrize(
    ("raw", "days"),
    [("all", list(WEEKDAYS)), ("ALL", list(WEEKDAYS)), ("mon,wed,fri", ["mon", "wed", "fri"]),
     ("fri, mon", ["mon", "fri"]), ("sun,sun,sat", ["sat", "sun"]), ("Tue,,thu,", ["tue", "thu"]),
     (",".join(WEEKDAYS), list(WEEKDAYS))],
)
def test_days_are_normalised_to_week_order(raw: str, days: list[str]) -> None:
    assert parse_value(SPEC_BY_KEY["plan.days"], raw) == days


@pytest.mark.parametrize("raw", ["", ",", "funday", "mon,funday", "monday", "1,2"])
def test_days_refuse_unknown_or_empty(raw: str) -> None:
    message = refused(SPEC_BY_KEY["plan.days"], raw)
    assert "weekdays like mon,wed,fri (or 'all')" in message


@given(st.sets(st.sampled_from(WEEKDAYS), min_size=1))
def test_days_round_trip_through_format(days: set[str]) -> None:
    spec = SPEC_BY_KEY["plan.days"]
    ordered = [d for d in WEEKDAYS if d in days]
    text = format_value(ordered)
    assert (text == "all") == (len(days) == 7)
    assert parse_value(spec, text) == ordered


def test_format_value() -> None:
    assert format_value(0.8) == "0.8"
    assert format_value(2.0) == "2"
    assert format_value(7) == "7"
    assert format_value("multiply") == "multiply"
    assert format_value(["mon", "wed"]) == "mon,wed"
    assert format_value(list(WEEKDAYS)) == "all"


@by_key
def test_allowed_is_one_line(spec: SettingSpec) -> None:
    text = spec.allowed()
    assert text and "\n" not in text


def test_a_text_setting_keeps_its_case_and_refuses_control_characters() -> None:
    spec = SPEC_BY_KEY["report.name"]
    assert parse_value(spec, "  Ana   María López ") == "Ana María López"
    assert parse_value(spec, "''") == ""
    for bad in ("Ana\nLópez", "Ana\x1b[2J", "x" * 81):
        with pytest.raises(InputError):
            parse_value(spec, bad)
