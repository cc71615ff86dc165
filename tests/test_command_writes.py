"""The commands whose one change writes several rows (issue 20, item 3): `log` that moves
its activity's start, `flare end` (of a declared flare, and of one only the diary shows),
`flare plan`, `redflag check` and `prescription import`. Each is one change: every audit
row it writes shares one change id, and one `paceit undo` gives back the diary as it was.
And the pure rules that decide what they write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import fixed_clock, logical_dump, ok, row, rows
from paceit import activity_rules, flareplan, redflags

UNSTORED = ('"audit"', "sqlite_sequence", '"replay_checkpoint"', '"notice"')


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def diary(db: Path) -> list[str]:
    """The stored entries, without the audit log, the checkpoints and the notices (undo marks
    audit rows, and checkpoints come and go with every write)."""
    return [line for line in logical_dump(db) if not any(name in line for name in UNSTORED)]


def one_change_then_undo(db: Path, *command: str) -> list[dict[str, object]]:
    """Run `command`, require one change id over its audit rows, undo it once and require the
    diary as it was before. Returns the audit rows the command wrote."""
    before, done = diary(db), len(rows(db, "audit"))
    ok(*command)
    written = rows(db, "audit")[done:]
    assert written and len({r["change_id"] for r in written}) == 1, written
    assert diary(db) != before
    assert ok("undo").stdout.startswith(f"Undid 'paceit {' '.join(command[:2])}")
    assert diary(db) == before
    return written


def tables(written: list[dict[str, object]]) -> list[str]:
    return [str(r["table_name"]) for r in written]


def test_a_log_that_moves_the_activity_start_is_one_change(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-20")
    written = one_change_then_undo(
        isolated_db, "log", "walking", "20", "--at", "2026-11-18T09:00", "--tag", "hills", "--ask", "ok?"
    )
    assert tables(written) == ["session", "entry_tag", "clinician_note", "activity"]


def test_ending_a_declared_flare_is_one_change(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-19T08:00")
    written = one_change_then_undo(isolated_db, "flare", "end", "--note", "settled", "--ask", "why so long?")
    assert tables(written) == ["flare", "clinician_note"]
    assert rows(isolated_db, "flare")[0]["end_at_utc"] is None


def test_ending_a_flare_only_the_diary_shows_records_it_in_the_same_change(isolated_db: Path) -> None:
    ok("pain", "3", "--at", "2026-11-18T09:00")
    ok("pain", "8", "--flare", "--at", "2026-11-20T09:00")
    written = one_change_then_undo(isolated_db, "flare", "end")
    assert [(r["table_name"], r["action"]) for r in written] == [("flare", "insert"), ("flare", "update")]
    assert rows(isolated_db, "flare") == []


def test_setting_flare_plan_sections_is_one_change(isolated_db: Path) -> None:
    ok("flare", "plan", "comfort", "heat pack", "slow breathing")
    ok("flare", "plan", "triggers", "poor sleep")
    written = one_change_then_undo(isolated_db, "flare", "plan", "comfort", "short walks")
    assert [(r["table_name"], r["action"]) for r in written] == [
        ("flare_plan_item", "delete"),
        ("flare_plan_item", "delete"),
        ("flare_plan_item", "insert"),
    ]
    assert [r["text"] for r in rows(isolated_db, "flare_plan_item")] == ["heat pack", "slow breathing", "poor sleep"]


def test_a_red_flag_check_with_its_flags_is_one_change(isolated_db: Path) -> None:
    ok("pain", "3")
    written = one_change_then_undo(
        isolated_db, "redflag", "check", "--yes", "night-pain", "--yes", "fever", "--yes", "night-pain", "--ask", "?"
    )
    assert tables(written) == ["red_flag_check", "red_flag", "red_flag", "clinician_note"]


def test_a_prescription_import_is_one_change(tmp_path: Path, isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    plan = tmp_path / "plan.toml"
    plan.write_text(
        '[prescription]\nby = "J. Smith"\n[settings]\n"progression.every_days" = 10\n'
        '[[activity]]\nname = "walking"\nceiling = 5\n[[activity]]\nname = "cycling"\nunit = "min"\n',
        encoding="utf-8",
    )
    written = one_change_then_undo(isolated_db, "prescription", "import", str(plan))
    assert tables(written) == ["activity", "activity", "setting"]
    assert row(isolated_db, "activity", 1)["ceiling"] is None


# --- the pure rules ---------------------------------------------------------------------


def test_a_session_before_the_start_moves_it_and_a_later_one_does_not() -> None:
    activity = {"at_utc": "2026-11-20 08:00:00", "day": "2026-11-20", "utc_offset": 0}
    earlier = {"at_utc": "2026-11-18 09:00:00", "day": "2026-11-18", "utc_offset": 60, "amount": 20}
    assert activity_rules.moved_start(activity, earlier) == {
        "at_utc": "2026-11-18 09:00:00",
        "day": "2026-11-18",
        "utc_offset": 60,
    }
    assert activity_rules.moved_start(activity, {**earlier, "day": "2026-11-20"}) is None


def test_a_flare_plan_section_given_is_replaced_whole_and_the_others_kept() -> None:
    items = [
        {"id": 4, "section": "comfort", "position": 0, "text": "heat"},
        {"id": 5, "section": "triggers", "position": 0, "text": "sleep"},
        {"id": 9, "section": "comfort", "position": 1, "text": "rest"},
    ]
    assert flareplan.section_changes(items, {"comfort": ["walks"], "review": []}) == [
        ([4, 9], [{"section": "comfort", "position": 0, "text": "walks"}]),
        ([], []),
    ]


def test_a_red_flag_check_stores_each_code_once_with_its_group() -> None:
    moment = {"at_utc": "2026-11-21 18:00:00", "day": "2026-11-21", "utc_offset": 0}
    check, flags = redflags.check_rows(["fever", "night-pain", "fever"], "n", moment)
    assert check == {"codes": '["fever", "night-pain"]', "note": "n", **moment}
    assert [(f["code"], f["grp"]) for f in flags] == [("fever", 2), ("night-pain", 3)]
    assert all(f["note"] == "n" and f["day"] == "2026-11-21" for f in flags)


@pytest.mark.parametrize("rule", [activity_rules.moved_start, flareplan.section_changes, redflags.check_rows])
def test_the_rules_that_decide_a_write_have_a_docstring(rule: Callable[..., object]) -> None:
    assert rule.__doc__
