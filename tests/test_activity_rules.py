"""One rule per activity setting (paceit.activity_rules), the same at every entry point:
`activity add` and `edit`, `prescription import` and JSON `import`.

The bug this guards against: `activity add` checked the target against 0.8 x the baseline
with 0.8 hard-coded, so with baseline.factor 1.0 a target of 17 for a baseline of 20 was
accepted and `next` planned 20, above the target; `prescription import` required target >
baseline; JSON `import` checked nothing."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import done, fails, fixed_clock, logical_dump, ok, read_json, run
from paceit import activity_rules
from paceit.records import ActivityRecord


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def test_a_target_at_or_below_the_starting_quota_under_the_factor_in_force_is_refused(isolated_db: Path) -> None:
    ok("config", "set", "baseline.factor", "1.0", "--clinician")
    before = logical_dump(isolated_db)

    line = fails("activity", "add", "walking", "--unit", "min", "--baseline", "20", "--target", "17")

    assert line.startswith("paceit: error: --target must be above the starting quota (20 min"), line
    assert logical_dump(isolated_db) == before


# --- the other entry points, and the rule itself ---------------------------------------

HEADER = '[prescription]\nby = "J. Smith, physiotherapist"\n'


def test_prescription_import_uses_the_factor_in_force(tmp_path: Path, isolated_db: Path) -> None:
    ok("config", "set", "baseline.factor", "1.0", "--clinician")
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + '[[activity]]\nname = "walking"\nunit = "min"\nbaseline = 20\ntarget = 17\n')
    before = logical_dump(isolated_db)

    line = fails("prescription", "import", str(plan))

    assert line.endswith(
        'activity 1 ("walking"): target must be above the starting quota '
        "(20 min, 1 x the baseline 20 min; baseline.factor) (got 17 min)"
    ), line
    assert logical_dump(isolated_db) == before


def test_prescription_import_checks_against_the_factor_the_file_itself_sets(tmp_path: Path, isolated_db: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        HEADER + '[settings]\n"baseline.factor" = 1.0\n'
        '[[activity]]\nname = "walking"\nunit = "min"\nbaseline = 20\ntarget = 17\n'
    )

    assert "target must be above the starting quota (20 min" in fails("prescription", "import", str(plan))


def test_prescription_import_accepts_a_target_between_the_starting_quota_and_the_baseline(
    tmp_path: Path, isolated_db: Path
) -> None:
    # the same rule as activity add: 0.8 x 20 = 16 < 18 (it asked for more than the baseline before)
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + '[[activity]]\nname = "walking"\nunit = "min"\nbaseline = 20\ntarget = 18\n')

    ok("prescription", "import", str(plan))

    assert read_json("activity", "show", "walking")["target"] == 18


def export_with(folder: Path, columns: dict[str, Any], *, factor: float | None = None) -> Path:
    """A paceit export holding one activity, walking, with `columns` laid over it (and the
    setting baseline.factor when given), as a hand-edited or scripted file could hold."""
    db, out = folder / "source.db", folder / "export.json"
    if factor is not None:
        ok("--db", str(db), "config", "set", "baseline.factor", str(factor), "--clinician")
    ok("--db", str(db), "activity", "add", "walking", "--unit", str(columns.get("unit", "min")))
    done("--db", str(db), "export", "--output", str(out))
    document = json.loads(out.read_text(encoding="utf-8"))
    document["tables"]["activity"]["rows"][0].update(columns)
    out.write_text(json.dumps(document), encoding="utf-8")
    return out


def test_json_import_refuses_a_target_below_the_starting_quota(tmp_path: Path, isolated_db: Path) -> None:
    ok("pain", "4")
    before = logical_dump(isolated_db)
    path = export_with(tmp_path, {"baseline": 10.0, "target": 5.0})

    line = fails("import", str(path))

    assert "table 'activity', row 1 (id 1), field 'target' must be above the starting quota (8 min" in line, line
    assert logical_dump(isolated_db) == before


def test_json_import_into_a_new_diary_checks_against_the_factor_the_file_brings(
    tmp_path: Path, isolated_db: Path
) -> None:
    path = export_with(tmp_path, {"baseline": 20.0, "target": 17.0}, factor=1.0)

    assert "field 'target' must be above the starting quota (20 min, 1 x" in fails("import", str(path))
    assert not isolated_db.exists()


def test_json_import_checks_against_the_factor_set_here(tmp_path: Path, isolated_db: Path) -> None:
    ok("config", "set", "baseline.factor", "1.0", "--clinician")
    path = export_with(tmp_path, {"baseline": 20.0, "target": 17.0})  # its own factor: the default 0.8

    assert "field 'target' must be above the starting quota (20 min, 1 x" in fails("import", str(path))


@pytest.mark.parametrize(("baseline", "factor", "unit", "quota"), [
    (20, 0.8, "min", 16),
    (19.5, 0.8, "min", 16),  # 15.6 exactly, but the plan starts at 16 (rounded to 1 min): the larger
    (1.0, 0.85, "km", 0.9),  # 0.85 -> 0.9 km
    (1, 0.5, "reps", 1),  # never below one step
    (20, 1.0, "min", 20),
])  # fmt: skip
def test_the_starting_quota_is_the_largest_the_plan_could_start_at(
    baseline: float, factor: float, unit: str, quota: float
) -> None:
    assert activity_rules.start_quota(baseline, factor, unit) == pytest.approx(quota)


def test_the_target_rule_names_the_field_and_the_allowed_range() -> None:
    with pytest.raises(activity_rules.RuleError) as refused:
        activity_rules.check_target(19.5, 15.8, "min", factor=0.8)
    assert refused.value.message == (
        "target must be above the starting quota (16 min, 0.8 x the baseline 19.5 min; baseline.factor) (got 15.8 min)"
    )
    assert refused.value.named({"target": "--target"}).message.startswith("--target must be above")
    activity_rules.check_target(19.5, 16.5, "min", factor=0.8)
    activity_rules.check_target(None, 1, "min", factor=0.8)  # the baseline comes from the first sessions


@pytest.mark.parametrize(("sessions", "goals", "expected"), [
    (1, 0, "unit cannot change from min to km: 1 session is logged in min"),
    (3, 0, "unit cannot change from min to km: 3 sessions are logged in min"),
    (0, 2, "unit cannot change from min to km: 2 goals count in min"),
])  # fmt: skip
def test_a_unit_change_is_refused_while_amounts_count_in_the_old_unit(sessions: int, goals: int, expected: str) -> None:
    with pytest.raises(activity_rules.RuleError) as refused:
        activity_rules.unit_change({"unit": "min", "step_mode": None}, "km", sessions=sessions, goal_targets=goals)
    assert refused.value.message == expected


def test_a_unit_change_clears_the_amounts_given_in_the_old_unit() -> None:
    row = {"unit": "min", "baseline": 10.0, "target": 30.0, "step_mode": "abs", "step": 2.0}

    assert activity_rules.unit_change(row, "km", sessions=0, goal_targets=0) == {
        "unit": "km", "baseline": None, "target": None, "step_mode": None, "step": None,
    }  # fmt: skip
    assert "step_mode" not in activity_rules.unit_change({**row, "step_mode": "pct"}, "km", sessions=0, goal_targets=0)


def test_the_ranges_are_those_of_the_matching_settings() -> None:
    assert activity_rules.EVERY_DAYS.whole() == (7, 14)
    assert activity_rules.CEILING.whole() == (5, 7)
    assert (activity_rules.STEP_PCT.lo, activity_rules.STEP_PCT.hi) == (5, 20)


# --- one verdict at every entry point ---------------------------------------------------

AMOUNTS = st.one_of(st.integers(1, 40).map(float), st.integers(1, 400).map(lambda tenths: tenths / 10))
STEPS = st.one_of(
    st.tuples(st.just("pct"), st.sampled_from([3.0, 5.0, 10.0, 12.5, 20.0, 25.0])),
    st.tuples(st.just("abs"), AMOUNTS),
)


@st.composite
def activity_settings(draw: st.DrawFn) -> dict[str, Any]:
    """An activity's settings, in and out of range; half the time a baseline with a target
    near its starting quota (0.5-1.2 x the baseline), where the rules used to differ."""
    given: dict[str, Any] = {"unit": draw(st.sampled_from(["min", "reps", "km"]))}
    if draw(st.booleans()):
        given["baseline"] = draw(AMOUNTS)
        given["target"] = round(given["baseline"] * draw(st.sampled_from([0.5, 0.75, 0.8, 0.85, 0.9, 1.0, 1.2])), 1)
    else:
        given.update({key: draw(AMOUNTS) for key in ("baseline", "target") if draw(st.booleans())})
    optional = {
        "every_days": st.integers(7, 14) | st.sampled_from([6, 15]),  # in range, or just out of it
        "ceiling": st.integers(5, 7) | st.sampled_from([4, 8]),
        "step": STEPS,
    }
    given.update({key: draw(values) for key, values in optional.items() if draw(st.integers(0, 3)) == 0})
    return {key: value for key, value in given.items() if value != 0}


FACTORS = st.sampled_from([0.5, 0.75, 0.8, 0.9, 1.0])


def _number(value: float) -> str:
    return f"{value:g}"


def _step_text(step: tuple[str, float]) -> str:
    return _number(step[1]) + ("%" if step[0] == "pct" else "")


def _verdict(*args: str) -> bool:
    """Accepted (exit 0) or refused (exit 2, one line); anything else fails the test."""
    result = run(*args)
    assert result.exit_code in (0, 2), (args, result.exit_code, result.stderr, result.exception)
    return result.exit_code == 0


def by_activity_add(folder: Path, given: dict[str, Any], factor: float) -> bool:
    db = str(folder / "add.db")
    ok("--db", db, "config", "set", "baseline.factor", _number(factor), "--clinician")
    options = ["--unit", given["unit"], "--clinician"]
    options += [w for key in ("baseline", "target") if key in given for w in (f"--{key}", _number(given[key]))]
    options += ["--every", str(given["every_days"])] if "every_days" in given else []
    options += ["--ceiling", str(given["ceiling"])] if "ceiling" in given else []
    options += ["--step", _step_text(given["step"])] if "step" in given else []
    return _verdict("--db", db, "activity", "add", "walking", *options)


def by_prescription(folder: Path, given: dict[str, Any], factor: float) -> bool:
    db = str(folder / "rx.db")
    ok("--db", db, "config", "set", "baseline.factor", _number(factor), "--clinician")
    lines = [HEADER, "[[activity]]", 'name = "walking"', f'unit = "{given["unit"]}"']
    lines += [f"{key} = {_number(given[key])}" for key in ("baseline", "target") if key in given]  # as typed
    lines += [f"every = {given['every_days']}"] if "every_days" in given else []
    lines += [f"ceiling = {given['ceiling']}"] if "ceiling" in given else []
    lines += [f'step = "{_step_text(given["step"])}"'] if "step" in given else []
    plan = folder / "plan.toml"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _verdict("--db", db, "prescription", "import", str(plan))


def by_json_import(folder: Path, given: dict[str, Any], factor: float, into_new: bool) -> bool:
    """Into a new diary the file brings the factor; into one in use, the diary has it."""
    columns = {k: v for k, v in given.items() if k != "step"}
    if "step" in given:
        columns["step_mode"], columns["step"] = given["step"]
    db = str(folder / "import.db")
    if not into_new:
        ok("--db", db, "config", "set", "baseline.factor", _number(factor), "--clinician")
    path = export_with(folder, columns, factor=factor if into_new else None)
    return _verdict("--db", db, "import", str(path))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(activity_settings(), FACTORS, st.booleans())
def test_every_entry_point_gives_the_same_verdict_on_the_same_activity(
    given_settings: dict[str, Any], factor: float, into_new: bool
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        verdicts = {
            "activity add": by_activity_add(folder, given_settings, factor),
            "prescription import": by_prescription(folder, given_settings, factor),
            "import": by_json_import(folder, given_settings, factor, into_new),
        }

    assert len(set(verdicts.values())) == 1, verdicts


# --- the rule from the setting's side: a new factor must keep every target above its start ---


def test_config_set_refuses_a_factor_that_would_start_an_activity_at_its_target(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20", "--target", "17")
    before = logical_dump(isolated_db)

    line = fails("config", "set", "baseline.factor", "1.0", "--clinician")

    assert line == (
        "paceit: error: baseline.factor cannot be 1: walking would start at 20 min, not below its target 17 min; "
        'change its target first (paceit activity edit "walking" --target N)'
    )
    assert logical_dump(isolated_db) == before
    ok("config", "set", "baseline.factor", "0.8", "--clinician")  # unchanged in force: nothing to check
    assert "would start at 17 min, not below its target 17 min" in fails(
        "config", "set", "baseline.factor", "0.85", "--clinician"
    )
    ok("config", "set", "baseline.factor", "0.8", "--clinician")  # 16 min, below 17
    ok("config", "set", "baseline.factor", "default", "--clinician")


def test_a_prescription_factor_is_checked_against_the_activities_it_leaves_out(
    tmp_path: Path, isolated_db: Path
) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20", "--target", "17")
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + '[settings]\n"baseline.factor" = 1.0\n', encoding="utf-8")
    before = logical_dump(isolated_db)

    line = fails("prescription", "import", str(plan))

    assert line.endswith(
        "[settings]: baseline.factor cannot be 1: walking would start at 20 min, "
        'not below its target 17 min; change its target first (paceit activity edit "walking" --target N)'
    )
    assert logical_dump(isolated_db) == before


def test_a_factor_an_import_brings_is_checked_against_the_activities_here(tmp_path: Path, isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20", "--target", "17")
    source = tmp_path / "other.db"
    ok("--db", str(source), "config", "set", "baseline.factor", "1.0", "--clinician")
    done("--db", str(source), "export", "--output", str(tmp_path / "other.json"))
    before = logical_dump(isolated_db)

    line = fails("import", str(tmp_path / "other.json"))

    assert "table 'setting', baseline.factor cannot be 1: walking would start at 20 min" in line, line
    assert logical_dump(isolated_db) == before


# --- the goal cap (clinical-rules §1): progression stops at the SMART goal ---------------


def _activity(activity_id: int, target: float | None) -> ActivityRecord:
    return ActivityRecord(activity_id, f"a{activity_id}", "min", date(2026, 1, 1), target=target)


def test_an_open_goal_below_the_target_caps_it_and_the_lowest_goal_wins() -> None:
    found = activity_rules.with_goal_caps(
        [_activity(1, 40.0), _activity(2, None), _activity(3, 30.0)],
        [(1, 35.0), (1, 32.0), (2, 25.0), (3, 45.0), (None, 5.0), (3, None)],
    )
    assert [a.target for a in found] == [32.0, 25.0, 30.0]  # a goal above the target leaves it
    assert [a.id for a in found] == [1, 2, 3]  # same activities, same order


def test_no_goal_leaves_every_activity_as_it_was() -> None:
    activities = [_activity(1, 40.0), _activity(2, None)]
    assert activity_rules.with_goal_caps(activities, []) == activities


@given(
    own=st.none() | st.floats(1, 500),
    caps=st.lists(st.tuples(st.sampled_from([1, 2, None]), st.none() | st.floats(1, 500)), max_size=6),
)
def test_the_capped_target_is_the_lowest_of_the_own_and_the_goals_targets(
    own: float | None, caps: list[tuple[int | None, float | None]]
) -> None:
    (found,) = activity_rules.with_goal_caps([_activity(1, own)], caps)
    candidates = [t for t in [own, *(t for a, t in caps if a == 1)] if t is not None]
    assert found.target == (min(candidates) if candidates else None)
    assert found == _activity(1, found.target)  # nothing else changes
