"""`paceit prescription import`: a clinician's TOML file, checked in full before the
diary is touched, applied as one change that one `paceit undo` takes back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import fails, fixed_clock, logical_dump, ok, read_json, row, rows
from paceit.errors import InputError
from paceit.prescription import parse_prescription
from paceit.settings import SPECS, SettingSpec
from paceit.units import UNITS

HEADER = '[prescription]\nby = "J. Smith, physiotherapist"\ndate = 2026-11-20\nnote = "after assessment"\n'
FULL = (
    HEADER
    + """
[settings]
"gate.done_share" = 0.75
"progression.every_days" = 10

[[activity]]
name = "walking"
unit = "min"
baseline = 12
step = "10%"
every = 7
ceiling = 5
target = 45
start = 2026-11-20

[[activity]]
name = "Sit to stand"
unit = "reps"
baseline = 8
step = 2
"""
)
TODAY = date(2026, 11, 21)
PACING = ("unit", "baseline", "step_mode", "step", "every_days", "ceiling", "target", "day", "note")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests compare whole output lines; a wide terminal keeps each on one line."""
    monkeypatch.setenv("COLUMNS", "250")


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def write(tmp_path: Path, text: str, name: str = "plan.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def diary(db: Path) -> list[str]:
    """The stored data without the audit log (undo marks audit rows, it does not delete them)."""
    return [line for line in logical_dump(db) if '"audit"' not in line and "sqlite_sequence" not in line]


# --- a valid file ----------------------------------------------------------------------


def test_a_full_file_adds_its_activities_and_settings(tmp_path: Path, isolated_db: Path) -> None:
    result = ok("prescription", "import", write(tmp_path, FULL))

    assert result.stdout.splitlines() == [
        "Prescription by J. Smith, physiotherapist (2026-11-20): 2 activities, 2 settings.",
        "Note: after assessment",
        "Added activity #1 walking (min): baseline 12 min, step 10%, every 7 days, ceiling 5/10, target 45 min, "
        "starting Fri 20 Nov 2026",
        "Added activity #2 Sit to stand (reps): baseline 8 reps, step 2 reps",
        "Set gate.done_share = 0.75 (was 0.8 default)",
        "Set progression.every_days = 10 (was 7 default)",
    ]
    walking, sit = rows(isolated_db, "activity")
    assert {k: walking[k] for k in PACING} == {
        "unit": "min", "baseline": 12, "step_mode": "pct", "step": 10, "every_days": 7, "ceiling": 5,
        "target": 45, "day": "2026-11-20", "note": None,
    }
    assert {k: sit[k] for k in PACING} == {
        "unit": "reps", "baseline": 8, "step_mode": "abs", "step": 2, "every_days": None, "ceiling": None,
        "target": None, "day": TODAY.isoformat(), "note": None,
    }
    listed = {a["name"]: a for a in read_json("activity", "list")}
    assert (listed["walking"]["baseline"], listed["walking"]["ceiling"], listed["walking"]["start"]) == (
        12, 5, "2026-11-20",
    )
    config = read_json("config", "show")
    assert (config["gate.done_share"]["value"], config["gate.done_share"]["changed"]) == (0.75, True)
    assert (config["progression.every_days"]["value"], config["progression.every_days"]["changed"]) == (10, True)
    audit = rows(isolated_db, "audit")
    assert {a["command"] for a in audit} == {"prescription import"}
    assert len({a["change_id"] for a in audit}) == 1


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path, isolated_db: Path) -> None:
    plan = write(tmp_path, FULL)
    ok("prescription", "import", plan)
    before = logical_dump(isolated_db)

    result = ok("prescription", "import", plan)

    assert result.stdout.splitlines()[-1] == "Nothing changed: the diary already follows this prescription."
    assert logical_dump(isolated_db) == before


def test_settings_may_be_written_as_dotted_keys_or_subtables(tmp_path: Path) -> None:
    text = HEADER + "[settings]\ngate.done_share = 0.9\n[settings.flare]\nfactor = 0.4\n"
    ok("prescription", "import", write(tmp_path, text))

    config = read_json("config", "show")
    assert (config["gate.done_share"]["value"], config["flare.factor"]["value"]) == (0.9, 0.4)


def test_an_existing_activity_is_matched_in_any_case_and_only_given_fields_change(
    tmp_path: Path, isolated_db: Path
) -> None:
    ok("activity", "add", "Walking", "--unit", "min", "--baseline", "10", "--step", "15%", "--target", "40",
       "--at", "2026-11-01", "--note", "mine", "--clinician")
    before = row(isolated_db, "activity", 1)
    text = HEADER + '[[activity]]\nname = "WALKING"\nceiling = 6\nevery = 14\nbaseline = "12m"\n'

    result = ok("prescription", "import", write(tmp_path, text))

    assert result.stdout.splitlines()[-1] == (
        "Updated activity #1 Walking: baseline 10 min -> 12 min, every default -> 14 days, ceiling default -> 6"
    )
    after = row(isolated_db, "activity", 1)
    assert (after["ceiling"], after["every_days"], after["baseline"]) == (6, 14, 12)
    untouched = set(before) - {"ceiling", "every_days", "baseline"}
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    assert len(rows(isolated_db, "activity")) == 1


def test_a_unit_change_without_sessions_clears_amounts_in_the_old_unit(tmp_path: Path, isolated_db: Path) -> None:
    ok("activity", "add", "cycling", "--unit", "min", "--baseline", "10", "--target", "30")
    text = HEADER + '[[activity]]\nname = "cycling"\nunit = "km"\nbaseline = 2.5\n'

    result = ok("prescription", "import", write(tmp_path, text))

    assert "unit min -> km, baseline 10 min -> 2.5 km, target 30 min -> none" in result.stdout
    stored = row(isolated_db, "activity", 1)
    assert (stored["unit"], stored["baseline"], stored["target"]) == ("km", 2.5, None)


def test_an_archived_activity_is_updated_and_the_person_is_told_how_to_restore_it(tmp_path: Path) -> None:
    ok("activity", "add", "swimming", "--unit", "min")
    ok("activity", "archive", "swimming")

    result = ok("prescription", "import", write(tmp_path, HEADER + '[[activity]]\nname = "swimming"\nceiling = 7\n'))

    assert "ceiling default -> 7 (archived: bring it back with 'paceit activity archive \"swimming\" --restore')" in (
        result.stdout
    )


def test_one_undo_reverts_the_whole_import(tmp_path: Path, isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    ok("config", "set", "gate.done_share", "0.9", "--clinician")
    before = diary(isolated_db)
    text = FULL.replace('name = "walking"', 'name = "Walking"').replace("start = 2026-11-20\n", "")
    imported = ok("prescription", "import", write(tmp_path, text)).stdout
    assert "Updated activity #1 walking" in imported and "Added activity #2 Sit to stand" in imported

    undone = ok("undo").stdout

    assert undone.startswith("Undid 'paceit prescription import'")
    assert diary(isolated_db) == before
    assert read_json("config", "show")["gate.done_share"]["value"] == 0.9


def test_dry_run_shows_the_changes_and_writes_nothing(tmp_path: Path, isolated_db: Path) -> None:
    plan = write(tmp_path, FULL)

    result = ok("prescription", "import", plan, "--dry-run")

    assert "Would add activity walking (min): baseline 12 min" in result.stdout
    assert "Would set gate.done_share = 0.75 (was 0.8 default)" in result.stdout
    assert result.stdout.splitlines()[-1] == "Dry run: nothing was written."
    assert not isolated_db.exists()
    ok("activity", "add", "cycling", "--unit", "km")
    before = logical_dump(isolated_db)
    ok("prescription", "import", plan, "--dry-run")
    assert logical_dump(isolated_db) == before


# --- errors: exit 2, one line naming the place and the range, nothing written ----------

BAD_FILES = [
    ('[[activity]]\nname = "walking"\nceiling = 9\n',
     'activity 1 ("walking"): ceiling must be a whole number from 5 to 7 (got 9)'),
    ('[[activity]]\nname = "walking"\nevery = "seven"\n',
     'activity 1 ("walking"): every must be a whole number from 7 to 14 (got "seven")'),
    ('[[activity]]\nname = "walking"\nevery = 7.5\n',
     'activity 1 ("walking"): every must be a whole number from 7 to 14 (got 7.5)'),
    ('[[activity]]\nname = "walking"\nstep = "25%"\n',
     'activity 1 ("walking"): step must be a percentage from 5% to 20% or a positive amount (got "25%")'),
    ('[[activity]]\nname = "rowing"\nunit = "reps"\nbaseline = 2.5\n',
     'activity 1 ("rowing"): baseline must be a whole number of repetitions above 0 and at most 10000 (got 2.5)'),
    ('[[activity]]\nname = "rowing"\nunit = "reps"\nbaseline = 10\ntarget = 8\n',
     'activity 1 ("rowing"): target must be above the starting quota (8 reps, 0.8 x the baseline 10 reps; '
     "baseline.factor) (got 8 reps)"),
    ('[[activity]]\nname = "walking"\ntarget = 5\n',
     'activity 1 ("walking"): target must be above the starting quota (8 min, 0.8 x the baseline 10 min; '
     "baseline.factor) (got 5 min)"),
    ('[[activity]]\nname = "walking"\ncolour = "red"\n',
     'activity 1 ("walking"): unknown key "colour"; '
     "allowed: name, unit, baseline, step, every, ceiling, target, start"),
    ('[[activity]]\nname = "rowing"\nunit = "furlongs"\n',
     'activity 1 ("rowing"): unit must be one of min, reps, steps, m, km, kg, sets (got "furlongs")'),
    ('[[activity]]\nname = "walkin"\nceiling = 6\n',
     "activity 1 (\"walkin\"): unit is required for a new activity: one of min, reps, steps, m, km, kg, sets; "
     "or did you mean the existing 'walking'?"),
    ('[[activity]]\nname = "rowing"\nunit = "min"\nstart = 2026-12-01\n',
     'activity 1 ("rowing"): start must not be in the future (got 2026-12-01; today is 2026-11-21)'),
    ('[[activity]]\nname = "walking"\nstart = 2026-01-01\n',
     "activity 1 (\"walking\"): start applies only to a new activity, and 'walking' exists"),
    ('[[activity]]\nname = "rowing"\nunit = "min"\n[[activity]]\nname = "Rowing"\n',
     'activity 2 ("Rowing"): the same activity as activity 1 ("rowing"); give each activity once'),
    ('[[activity]]\nunit = "min"\n', "activity 1: name is required"),
    ('[[activity]]\nname = "rowing"\nunit = "min"\n[[activity]]\nname = "walking"\nceiling = 8\n',
     'activity 2 ("walking"): ceiling must be a whole number from 5 to 7 (got 8)'),
    ('[[activity]]\nname = "rowing"\nunit = "min"\n[[activity]]\nname = "cycling"\n',
     'activity 2 ("cycling"): unit is required for a new activity'),
    ('[activity]\nname = "walking"\n', "activity must be written as [[activity]] tables"),
    ('[settings]\n"gate.doneshare" = 0.7\n',
     '[settings]: unknown key "gate.doneshare"; did you mean "gate.done_share"?'),
    ('[settings]\n"gate.done_share" = 1.5\n', "[settings]: gate.done_share must be a number from 0.5 to 1 (got 1.5)"),
    ('[settings]\n"progression.mode" = "faster"\n',
     '[settings]: progression.mode must be one of multiply, add (got "faster")'),
    ('[settings]\n"plan.days" = "mon,wed"\n',
     "[settings]: plan.days is the person's own setting, not a clinical one: "
     "they set it with 'paceit config set plan.days VALUE'"),
    ('[settings]\n"gate.done_share" = 0.7\n[settings.gate]\ndone_share = 0.8\n',
     "[settings]: gate.done_share is given twice"),
    ("[setting]\nx = 1\n", 'unknown key "setting"; did you mean [settings]?'),
]


@pytest.fixture
def walking(isolated_db: Path) -> list[str]:
    """A diary with one activity; returns its dump to compare after a refused import."""
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    return logical_dump(isolated_db)


@pytest.mark.parametrize(("body", "expected"), BAD_FILES)
def test_a_bad_value_is_one_line_naming_place_and_range_and_nothing_is_written(
    body: str, expected: str, tmp_path: Path, isolated_db: Path, walking: list[str]
) -> None:
    plan = write(tmp_path, HEADER + body)

    line = fails("prescription", "import", plan)

    assert line.startswith(f"paceit: error: {plan}: {expected}"), line
    assert logical_dump(isolated_db) == walking


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[activity]]\nname = "walking"\n', '[prescription] is missing: say who prescribed it'),
        ('[prescription]\nnote = "x"\n', "[prescription]: by is required"),
        ('[prescription]\nby = ""\n', "[prescription]: by must not be empty"),
        ('[prescription]\nby = 3\n', "[prescription]: by must be text in quotes (got 3)"),
        ('[prescription]\nby = "x"\nwho = "y"\n', '[prescription]: unknown key "who"; allowed: by, date, note'),
        ('[prescription]\nby = "x"\ndate = 2027-01-01\n', "[prescription]: date must not be in the future"),
        ('[prescription]\nby = "x"\ndate = "soon"\n', '[prescription]: date must be a date like 2026-11-20'),
    ],
)
def test_the_header_is_checked(
    text: str, expected: str, tmp_path: Path, isolated_db: Path, walking: list[str]
) -> None:
    plan = write(tmp_path, text)

    assert fails("prescription", "import", plan).startswith(f"paceit: error: {plan}: {expected}")
    assert logical_dump(isolated_db) == walking


def test_a_unit_change_is_refused_while_sessions_count_in_the_old_unit(
    tmp_path: Path, isolated_db: Path, walking: list[str]
) -> None:
    ok("log", "walking", "12")
    before = logical_dump(isolated_db)
    plan = write(tmp_path, HEADER + '[[activity]]\nname = "walking"\nunit = "steps"\nbaseline = 1000\n')

    line = fails("prescription", "import", plan)

    assert line == (
        f"paceit: error: {plan}: activity 1 (\"walking\"): unit cannot change from min to steps: "
        "1 session is logged in min"
    )
    assert logical_dump(isolated_db) == before


def test_a_file_that_is_not_toml_names_the_line(tmp_path: Path, isolated_db: Path, walking: list[str]) -> None:
    plan = write(tmp_path, HEADER + "[[activity]]\nname = walking\n")

    line = fails("prescription", "import", plan)

    assert line == f"paceit: error: {plan}: not a valid TOML file: Invalid value (at line 6, column 8)"
    assert logical_dump(isolated_db) == walking


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")

    assert fails("prescription", "import", str(path)) == f"paceit: error: {path}: not UTF-8 text; " + (
        "a prescription is a TOML text file"
    )


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path, isolated_db: Path) -> None:
    missing = tmp_path / "nope.toml"

    assert fails("prescription", "import", str(missing)) == f"paceit: error: {missing}: no such file"
    assert fails("prescription", "import", str(tmp_path)) == (
        f"paceit: error: {tmp_path}: is a folder, not a prescription file"
    )
    assert not isolated_db.exists()


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + '[[activity]]\nname = "rowing"\nunit = "min"\n').encode())

    assert "Added activity #1 rowing (min)" in ok("prescription", "import", str(path)).stdout


# --- the pure parser ---------------------------------------------------------------


def parsed_or_error(body: str) -> str | None:
    """None when the file is accepted, else the error's message."""
    try:
        parse_prescription(HEADER + body, today=TODAY, source="rx.toml")
    except InputError as exc:
        return exc.message
    return None


def assert_one_line_error(message: str | None, place: str, key: str, shown: str) -> None:
    assert message is not None
    assert "\n" not in message
    assert message.startswith(f"rx.toml: {place}: "), message
    assert key in message and f"(got {shown})" in message, message


@given(
    st.sampled_from([("every", 7, 14), ("ceiling", 5, 7)]),
    st.integers(-1000, 1000),
)
def test_whole_number_fields_are_accepted_exactly_in_their_range(field: tuple[str, int, int], value: int) -> None:
    key, lo, hi = field
    message = parsed_or_error(f'[[activity]]\nname = "walking"\n{key} = {value}\n')

    if lo <= value <= hi:
        assert message is None
    else:
        assert_one_line_error(message, 'activity 1 ("walking")', f"{key} must be a whole number from {lo} to {hi}",
                              str(value))


@given(st.integers(0, 400).map(lambda tenths: tenths / 10))
def test_percentage_steps_are_accepted_from_5_to_20(percent: float) -> None:
    message = parsed_or_error(f'[[activity]]\nname = "walking"\nstep = "{percent}%"\n')

    if 5 <= percent <= 20:
        assert message is None
    else:
        assert_one_line_error(message, 'activity 1 ("walking")', "step must be a percentage", f'"{percent}%"')


@given(st.sampled_from(sorted(UNITS)), st.integers(-10, 300_000))
def test_whole_baselines_are_accepted_up_to_the_units_maximum(unit: str, value: int) -> None:
    message = parsed_or_error(f'[[activity]]\nname = "walking"\nunit = "{unit}"\nbaseline = {value}\n')

    if 0 < value <= UNITS[unit].maximum:
        assert message is None
    else:
        assert_one_line_error(message, 'activity 1 ("walking")', "baseline must be", str(value))


NUMERIC_CLINICAL = [s for s in SPECS if s.owner == "C" and s.kind in ("int", "float")]


@given(st.sampled_from(NUMERIC_CLINICAL), st.integers(-2000, 200_000))
def test_numeric_settings_are_accepted_exactly_in_their_range(spec: SettingSpec, hundredths: int) -> None:
    value: float = hundredths // 100 if spec.kind == "int" else hundredths / 100
    message = parsed_or_error(f'[settings]\n"{spec.key}" = {value!r}\n')

    if spec.lo <= value <= spec.hi:
        assert message is None
    else:
        assert_one_line_error(message, "[settings]", f"{spec.key} must be", repr(value))


@given(st.sampled_from(["every", "ceiling", "baseline", "target", "step", "unit"]),
       st.sampled_from(["true", "[1, 2]", "{ a = 1 }", "2026-11-20", "07:30:00"]))
def test_values_of_the_wrong_type_get_the_same_one_line_error(key: str, toml_value: str) -> None:
    unit = "" if key == "unit" else 'unit = "min"\n'
    message = parsed_or_error(f'[[activity]]\nname = "walking"\n{unit}{key} = {toml_value}\n')

    assert message is not None and "\n" not in message
    assert message.startswith(f'rx.toml: activity 1 ("walking"): {key} must be'), message
