"""A diary from paceit 0.3 (pacing rules version 1, schema 4) under rules version 2: every row
is kept, the plans are recomputed by the new rules (no checkpoint of version 1 is read), the
first `paceit next` says so once, and the settings version 2 no longer reads are kept, shown
as such, and refused where a person or clinician would set them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import done, fails, fixed_clock, ok, read_json
from paceit.migrations import LATEST, RULES_V2_NOTICE

V4 = Path(__file__).with_name("fixtures") / "schema-v4.db"
NOTE = "paceit now uses version 2 of its pacing rules."


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


@pytest.fixture
def old_diary(isolated_db: Path) -> Path:
    """The schema-4 fixture as the person's diary, with a setting that rules version 2 retired."""
    isolated_db.parent.mkdir(mode=0o700)
    shutil.copyfile(V4, isolated_db)
    isolated_db.chmod(0o600)
    with sqlite3.connect(isolated_db) as conn:
        conn.execute(
            "INSERT INTO setting (key, value, updated_utc) VALUES ('gate.green_share', '0.8', '2026-11-01 10:00:00')"
        )
        conn.execute(  # a checkpoint as paceit 0.3 kept it (after the setting: its trigger clears them)
            "INSERT INTO replay_checkpoint (day, state) VALUES ('2026-11-14', ?)",
            (json.dumps({"format": 2, "version": "0.3.0", "day": "2026-11-14"}),),
        )
    return isolated_db


def test_the_first_next_after_the_upgrade_says_so_once(old_diary: Path) -> None:
    first = ok("next").stdout
    assert first.startswith("Note\n") and NOTE in " ".join(first.split())
    assert "Plan for " in first
    again = ok("next").stdout
    assert NOTE not in " ".join(again.split())
    assert again.startswith("Plan for ")


def test_json_carries_the_notice_and_leaves_it_for_the_person(old_diary: Path) -> None:
    assert read_json("next")["notices"] == [RULES_V2_NOTICE]
    assert read_json("next")["notices"] == [RULES_V2_NOTICE]  # a script read it, not the person
    ok("next")
    assert read_json("next")["notices"] == []


def test_no_checkpoint_of_version_1_survives_the_upgrade(old_diary: Path) -> None:
    ok("check")  # opens and migrates the diary
    with sqlite3.connect(old_diary) as conn:
        assert conn.execute("SELECT count(*) FROM replay_checkpoint").fetchone()[0] == 0
        assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST


def test_a_new_diary_never_gets_the_notice() -> None:
    ok("activity", "add", "walking", "--unit", "min")
    assert read_json("next")["notices"] == []
    assert NOTE not in ok("next").stdout


def test_plans_are_recomputed_by_the_new_rules(old_diary: Path) -> None:
    """Version 1 turned every session of a week with rising morning pain red and stepped back on
    one bad morning; under version 2 no plan of this diary steps back for R3, and the reasons
    speak of usual pain, not of "allowed +1"."""
    history = read_json("plan", "history", "walking")
    assert history and all("allowed +" not in r for p in history for r in p["reasons"])
    plan = read_json("next")
    assert all(a["reasons"] for a in plan["activities"])


def test_retired_settings_are_kept_and_shown_as_retired(old_diary: Path) -> None:
    out = ok("config", "show").stdout
    assert "Kept but no longer used: gate.green_share = 0.8 (rules version 2 count yellow" in " ".join(out.split())
    shown = read_json("config", "show")
    assert shown["gate.green_share"]["retired"] is True and shown["gate.green_share"]["value"] == 0.8
    assert "zone.usual_days" in shown and shown["zone.rise_sd"]["value"] == 2.5


def test_setting_a_retired_key_is_refused_with_the_reason(old_diary: Path) -> None:
    line = fails("config", "set", "gate.green_share", "0.9", "--clinician")
    assert line.startswith("paceit: error: KEY: gate.green_share is no longer used: rules version 2 count yellow")
    before = old_diary.read_bytes()
    fails("config", "set", "zone.r2_tolerance", "1", "--clinician")
    assert old_diary.read_bytes() == before


def test_a_prescription_with_a_retired_key_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[prescription]\nby = "J. Smith"\n\n[settings]\n"gate.green_share" = 0.7\n', encoding="utf-8")
    line = fails("prescription", "import", str(plan))
    assert "gate.green_share is no longer used" in line


def test_an_old_export_with_a_retired_setting_still_imports_and_keeps_it(old_diary: Path, tmp_path: Path) -> None:
    export = tmp_path / "old.json"
    done("export", "--output", str(export))
    assert any(r["key"] == "gate.green_share" for r in json.loads(export.read_text())["tables"]["setting"]["rows"])
    fresh = tmp_path / "fresh.db"
    done("--db", str(fresh), "import", str(export))
    with sqlite3.connect(fresh) as conn:
        assert conn.execute("SELECT value FROM setting WHERE key = 'gate.green_share'").fetchone() == ("0.8",)
