"""migrations.py and models.py: the migrated schema matches the declared models, released
steps never change, and upgrading keeps every row and every value."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import paceit.db
import paceit.migrations
from paceit import db
from paceit.migrations import LATEST, MIGRATIONS, Migration

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LATER = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)

# A released migration must never change: a database already upgraded by it would no longer
# match a new one. Add a new Migration at the end instead, and pin its hash here when released.
RELEASED_SHA256 = {
    1: "d9b5fe934086426cbb6e640f465b5878ed0a931348ea23a21168726ce0412695",
    2: "76a4f3217780094f5e1961f3e1463fa932c4b250a4d49bdfa9e79297028f7a44",  # medication, tasks, tags (issue 9)
    3: "aa0fa97fe0e06fdc0744155883d6ad73e416df3960363c53600ee8175d48a29d",  # notes for the clinician (issue 5)
    4: "f8e3b43ac528c556f29ceb663cd679ac8cc8b1e3ad5f4e2196dd962019c9556e",  # checkpoints of the replay (issue 6)
    5: "57a0d8da1b94241f4259cff60ce1378d811c7f57643d9fc0994176dd33331c52",  # rules version 2 notice (issue 15)
    6: "9483157740d00088b4a593c67324aa4583291e0b076ba6e3d10ddc20d8bc10f1",  # strategies, their tags (issue 20)
}


def migration_sha256(step: Migration) -> str:
    return hashlib.sha256(json.dumps(list(step.statements)).encode()).hexdigest()


# --- the schema of record -----------------------------------------------------------------


def affinity(declared: str) -> str:
    """SQLite's column affinity rules (https://sqlite.org/datatype3.html, 3.1)."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(word in upper for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if any(word in upper for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def describe(path: Path) -> dict[str, dict[str, Any]]:
    """Per table: columns (name, affinity, notnull, pk), foreign keys, unique constraints
    and named indexes, as SQLite itself reports them."""
    conn = sqlite3.connect(path)
    try:
        tables = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        ))
        result: dict[str, dict[str, Any]] = {}
        for table in tables:
            cols = [(r[1], affinity(r[2]), r[3], r[5])
                    for r in conn.execute(f"PRAGMA table_info({table})")]
            fks = sorted((r[2], r[3], r[4])
                         for r in conn.execute(f"PRAGMA foreign_key_list({table})"))
            uniques, named = [], []
            for _, name, unique, origin, _partial in conn.execute(f"PRAGMA index_list({table})"):
                index_cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
                if origin in ("u", "pk"):
                    uniques.append((origin, index_cols))
                else:
                    named.append((name, index_cols, unique))
            result[table] = {"columns": cols, "foreign_keys": fks,
                             "unique": sorted(uniques), "indexes": sorted(named)}
        return result
    finally:
        conn.close()


@pytest.fixture(scope="module")
def migrated_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    path = tmp_path_factory.mktemp("migrated") / "paceit.db"
    db.connect(path, now=NOW).close()
    return describe(path)


@pytest.fixture(scope="module")
def model_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    from sqlmodel import SQLModel, create_engine

    import paceit.models  # noqa: F401  (registers the tables)

    path = tmp_path_factory.mktemp("models") / "models.db"
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return describe(path)


def test_affinity_rules() -> None:
    assert [affinity(t) for t in ("INTEGER", "BIGINT", "VARCHAR(80)", "TEXT", "CLOB", "FLOAT",
                                  "REAL", "DOUBLE", "", "BLOB", "NUMERIC", "DECIMAL")] == [
        "INTEGER", "INTEGER", "TEXT", "TEXT", "TEXT", "REAL", "REAL", "REAL", "BLOB", "BLOB",
        "NUMERIC", "NUMERIC"]


def test_migrated_tables_are_the_model_tables(
    migrated_schema: dict[str, Any], model_schema: dict[str, Any]
) -> None:
    assert set(migrated_schema) == set(model_schema)
    assert len(migrated_schema) == 22


@pytest.mark.parametrize("part", ["columns", "foreign_keys", "unique", "indexes"])
def test_migrated_schema_matches_the_models(
    migrated_schema: dict[str, Any], model_schema: dict[str, Any], part: str
) -> None:
    mismatches = {
        table: {"migrated": migrated_schema[table][part], "models": model_schema[table][part]}
        for table in sorted(set(migrated_schema) & set(model_schema))
        if migrated_schema[table][part] != model_schema[table][part]
    }
    assert mismatches == {}


def test_the_schema_description_sees_what_matters(migrated_schema: dict[str, Any]) -> None:
    # Guards the comparison above against comparing empty lists.
    session = migrated_schema["session"]
    assert ("amount", "REAL", 1, 0) in session["columns"]
    assert ("id", "INTEGER", 1, 1) in session["columns"]
    assert ("pain_during", "INTEGER", 0, 0) in session["columns"]
    assert session["foreign_keys"] == [("activity", "activity_id", "id")]
    assert session["unique"] == [("u", ("uuid",))]
    assert ("ix_session_activity_day", ("activity_id", "day"), 0) in session["indexes"]
    assert migrated_schema["activity"]["unique"] == [("u", ("name",)), ("u", ("uuid",))]
    assert migrated_schema["setting"]["unique"] == [("pk", ("key",))]


# --- released steps -----------------------------------------------------------------------


def test_versions_run_one_to_latest_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == LATEST
    assert all(m.description.strip() and m.statements for m in MIGRATIONS)


@pytest.mark.parametrize("step", MIGRATIONS, ids=lambda m: f"v{m.version}")
def test_released_migration_sql_never_changes(step: Migration) -> None:
    assert step.version in RELEASED_SHA256, (
        f"pin the sha256 of migration {step.version} in RELEASED_SHA256 when it is released"
    )
    assert migration_sha256(step) == RELEASED_SHA256[step.version], (
        f"migration {step.version} changed: a released migration must never change; "
        "add a new migration at the end instead"
    )


# --- fixture rows: every table, every column holding a value somewhere --------------------

STAMP = {"at_utc": "2026-11-02 07:30:00", "day": "2026-11-02", "utc_offset": 60}
V1_ROWS: dict[str, list[dict[str, Any]]] = {
    "pain_entry": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000001", **STAMP, "pain": 0,
         "sleep": 10, "mood": 0, "fatigue": 5, "stress": 3, "sites": '["knee", "lower back"]',
         "flare": 1, "note": "slept badly \u2013 knee \u00fc\nsecond line", "created_utc": "2026-11-02 07:31:00"},
        {"id": 7, "uuid": "00000000-0000-4000-8000-000000000007", "at_utc": "2026-11-03 22:59:59",
         "day": "2026-11-03", "utc_offset": -570, "pain": 10, "sleep": None, "mood": None,
         "fatigue": None, "stress": None, "sites": "[]", "flare": 0, "note": None,
         "created_utc": "2026-11-04 08:00:00"},
    ],
    "activity": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000011", "name": "Walking", "unit": "min",
         "baseline": 12.5, "step_mode": "pct", "step": 10.0, "every_days": 7, "ceiling": 5,
         "target": 45.0, **STAMP, "archived_utc": None, "note": "flat ground",
         "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000012", "name": "Squats", "unit": "reps",
         "baseline": None, "step_mode": "abs", "step": 2.0, "every_days": 14, "ceiling": 4,
         "target": None, **STAMP, "archived_utc": "2026-11-10 10:00:00", "note": None,
         "created_utc": "2026-11-02 07:31:00"},
    ],
    "session": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000021", "activity_id": 1, **STAMP,
         "amount": 0.1 + 0.2, "effort": 3, "pain_before": 2, "pain_during": 4, "pain_after": 5,
         "note": "windy", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000022", "activity_id": 2, **STAMP,
         "amount": 12.0, "effort": None, "pain_before": None, "pain_during": None,
         "pain_after": None, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "ladder_step": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000031", "text": "Bend to pick up a box",
         "fear": 40, "harm": 55, "activity_id": 2, **STAMP, "note": "start light",
         "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000032", "text": "Run for the bus",
         "fear": 100, "harm": None, "activity_id": None, **STAMP, "note": None,
         "created_utc": "2026-11-02 07:31:00"},
    ],
    "exposure_trial": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000041", "step_id": 1, **STAMP,
         "fear_before": 40, "fear_peak": 70, "fear_after": 20, "expect": "my back will lock",
         "expect_likely": 80, "predicted_pain": 8, "pain": 3, "happened": 0, "safety": 1,
         "aborted": 0, "note": "went fine", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000042", "step_id": 2, **STAMP,
         "fear_before": 90, "fear_peak": None, "fear_after": 95, "expect": None,
         "expect_likely": None, "predicted_pain": None, "pain": None, "happened": None,
         "safety": None, "aborted": 1, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "red_flag_check": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000151", **STAMP, "codes": '["fever"]',
         "note": "weekly", "created_utc": "2026-11-02 07:31:00"},
    ],
    "red_flag": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000051", "check_id": 1, "code": "fever", "grp": 2,
         **STAMP, "cleared_utc": "2026-11-05 12:00:00", "reviewed": "GP: viral, ok to continue",
         "note": "38.2 C", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000052", "check_id": None, "code": "night-pain", "grp": 3,
         **STAMP, "cleared_utc": None, "reviewed": None, "note": None,
         "created_utc": "2026-11-02 07:31:00"},
    ],
    "flare": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000061", **STAMP,
         "end_at_utc": "2026-11-05 18:00:00", "end_day": "2026-11-05", "end_utc_offset": 0,
         "end_note": "settled", "note": "after gardening", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000062", **STAMP, "end_at_utc": None,
         "end_day": None, "end_utc_offset": None, "end_note": None, "note": None,
         "created_utc": "2026-11-02 07:31:00"},
    ],
    "flare_plan_item": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000071", "section": "comfort",
         "position": 1, "text": "heat pack, 20 min", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000072", "section": "seek-care",
         "position": 2, "text": "flare over 14 days", "created_utc": "2026-11-02 07:31:00"},
    ],
    "goal": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000081", "text": "Walk to the park",
         "activity_id": 1, "target": 30.0, **STAMP, "done_utc": "2026-12-01 10:00:00",
         "note": "with the dog", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000082", "text": "Garden for an hour",
         "activity_id": None, "target": None, **STAMP, "done_utc": None, "note": None,
         "created_utc": "2026-11-02 07:31:00"},
    ],
    "questionnaire": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-000000000091", "kind": "peg", **STAMP,
         "score": 6.333333333333333, "note": "weekly", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-000000000092", "kind": "psfs", **STAMP,
         "score": 0.0, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "questionnaire_item": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000a1", "questionnaire_id": 1,
         "position": 1, "item": "average pain", "value": 7},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000a2", "questionnaire_id": 2,
         "position": 1, "item": "climbing stairs", "value": 0},
    ],
    "setting": [
        {"key": "progression.step_pct", "value": "15", "updated_utc": "2026-11-02 07:31:00"},
        {"key": "plan.days", "value": '["mon", "thu"]', "updated_utc": "2026-11-03 07:31:00"},
    ],
    "audit": [
        {"id": 1, "change_id": "c1", "at_utc": "2026-11-02 07:31:00", "command": "pain",
         "action": "insert", "table_name": "pain_entry", "row_key": "1", "before": None,
         "after": '{"id": 1}', "undone_utc": "2026-11-02 07:35:00"},
        {"id": 2, "change_id": "c2", "at_utc": "2026-11-02 07:32:00", "command": "edit",
         "action": "update", "table_name": "pain_entry", "row_key": "1", "before": '{"pain": 1}',
         "after": '{"pain": 0}', "undone_utc": None},
    ],
}

# Fixture rows per schema version: when a migration adds a table or a required column, add an
# entry for its version (the coverage test below fails until you do).
V2_ROWS: dict[str, list[dict[str, Any]]] = {
    **{table: table_rows for table, table_rows in V1_ROWS.items() if table not in ("setting", "audit")},
    "med_dose": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000b1", "name": "ibuprofen", "dose": "400 mg",
         "schedule": "as-needed", **STAMP, "note": "with food", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000b2", "name": "amitriptyline", "dose": None,
         "schedule": "regular", **STAMP, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "task_result": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000c1", "name": "sit-to-stand", "value": 11.0,
         "unit": "count", "better": "higher", **STAMP, "note": "kitchen chair",
         "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000c2", "name": "up-and-go", "value": 9.5,
         "unit": "s", "better": "lower", **STAMP, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "entry_tag": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000d1", "pain_id": 1, "session_id": None,
         "trial_id": None, "tag": "gardening"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000d2", "pain_id": None, "session_id": 1,
         "trial_id": None, "tag": "stress"},
        {"id": 3, "uuid": "00000000-0000-4000-8000-0000000000d3", "pain_id": None, "session_id": None,
         "trial_id": 1, "tag": "stress"},
    ],
    "setting": V1_ROWS["setting"],
    "audit": V1_ROWS["audit"],
}

V3_ROWS: dict[str, list[dict[str, Any]]] = {
    **V2_ROWS,
    "clinician_note": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000e1", "at_utc": "2026-11-02 07:30:00",
         "day": "2026-11-02", "utc_offset": 60, "text": "Is the morning stiffness normal?",
         "source": "pain", "source_uuid": V1_ROWS["pain_entry"][0]["uuid"],
         "created_utc": "2026-11-02 07:30:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000e2", "at_utc": "2026-11-03 19:00:00",
         "day": "2026-11-03", "utc_offset": 60, "text": "Could I try swimming?", "source": "ask",
         "source_uuid": None, "created_utc": "2026-11-03 19:00:00"},
    ],
}
# Derived data, but rows all the same: inserted last, so no entry's trigger deletes them.
V4_ROWS: dict[str, list[dict[str, Any]]] = {
    **V3_ROWS,
    "replay_checkpoint": [{"day": "2026-11-01", "state": '{"format": 1, "version": "0.2.0", "day": "2026-11-01"}'}],
}
V5_ROWS: dict[str, list[dict[str, Any]]] = {**V4_ROWS, "notice": [{"key": "rules-v2", "text": "paceit now uses ..."}]}
# Schema 6 adds strategy_use and a column of entry_tag pointing at it: the tags go after the
# strategies (a foreign key), so after the checkpoints too (no trigger on either table).
V6_ROWS: dict[str, list[dict[str, Any]]] = {
    **{table: table_rows for table, table_rows in V5_ROWS.items() if table != "entry_tag"},
    "strategy_use": [
        {"id": 1, "uuid": "00000000-0000-4000-8000-0000000000f1", "name": "heat pack", "helped": 0,
         "minutes": 600, **STAMP, "note": "on the sofa \u2013 ok", "created_utc": "2026-11-02 07:31:00"},
        {"id": 2, "uuid": "00000000-0000-4000-8000-0000000000f2", "name": "TENS", "helped": None,
         "minutes": None, **STAMP, "note": None, "created_utc": "2026-11-02 07:31:00"},
    ],
    "entry_tag": [
        *({**tag, "strategy_id": None} for tag in V2_ROWS["entry_tag"]),
        {"id": 4, "uuid": "00000000-0000-4000-8000-0000000000d4", "pain_id": None, "session_id": None,
         "trial_id": None, "strategy_id": 1, "tag": "evening"},
    ],
}
ROWS_BY_VERSION: dict[int, dict[str, list[dict[str, Any]]]] = {
    1: V1_ROWS, 2: V2_ROWS, 3: V3_ROWS, 4: V4_ROWS, 5: V5_ROWS, 6: V6_ROWS,
}


def rows_for(version: int) -> dict[str, list[dict[str, Any]]]:
    return ROWS_BY_VERSION[max(v for v in ROWS_BY_VERSION if v <= version)]


def insert_rows(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = ON")
    with raw:
        for table, table_rows in rows.items():  # dict order is parent-before-child
            for row in table_rows:
                raw.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    tuple(row.values()),
                )
    raw.close()


def assert_rows_kept(conn: sqlite3.Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    for table, table_rows in rows.items():
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(table_rows)
        for row in table_rows:
            key = {"setting": "key", "replay_checkpoint": "day", "notice": "key"}.get(table, "id")
            found = conn.execute(
                f"SELECT {', '.join(row)} FROM {table} WHERE {key} = ?", (row[key],)
            ).fetchone()
            assert found is not None, (table, row[key])
            assert dict(zip(row, found, strict=True)) == row
            assert [type(v) for v in found] == [type(v) for v in row.values()], (table, row[key])


@pytest.fixture
def build_at(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Path, int], dict[str, list[dict[str, Any]]]]:
    """A diary file at schema `version` (using only the first steps) holding fixture rows."""

    def build(path: Path, version: int) -> dict[str, list[dict[str, Any]]]:
        with monkeypatch.context() as patch:
            patch.setattr(paceit.db, "MIGRATIONS", MIGRATIONS[:version])
            patch.setattr(paceit.db, "LATEST", version)
            db.connect(path, now=NOW).close()
        rows = rows_for(version)
        insert_rows(path, rows)
        return rows

    return build


def test_fixture_rows_fill_every_column_of_every_table(tmp_path: Path) -> None:
    """Upgrade tests are only as good as their fixture: every table of the newest schema has
    rows, and every column holds a non-NULL value in at least one of them."""
    path = tmp_path / "paceit.db"
    conn = db.connect(path, now=NOW)
    rows = rows_for(LATEST)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )]
    for table in tables:
        if table == "schema_version":
            continue  # written by the migrations themselves
        assert rows.get(table), f"add fixture rows for {table}"
        declared = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        for column in declared:
            assert any(row.get(column) is not None for row in rows[table]), (table, column)
    conn.close()


# Empty (so skipped) while schema 1 is the only release; from schema 2 on, every
# released version is upgraded here. The fake-version-2 test below covers the path now.
@pytest.mark.parametrize(
    "version",
    range(1, LATEST) or [pytest.param(0, marks=pytest.mark.skip(reason="no older schema released yet"))],
)
def test_an_older_diary_upgrades_keeping_every_row(
    tmp_path: Path, version: int, build_at: Callable[..., dict[str, list[dict[str, Any]]]]
) -> None:
    path = tmp_path / "paceit.db"
    rows = build_at(path, version)
    conn = db.connect(path, now=LATER)
    assert db.schema_version(conn, path) == LATEST
    # every row kept, but the replay's checkpoints of a diary before schema 5: derived data,
    # version 1 rules' answers, which step 5 drops (step 6 keeps them: the replay reads no
    # strategy); and it leaves one notice, as the diary has activities
    dropped = version < 5
    assert_rows_kept(conn, {t: r for t, r in rows.items() if t != "replay_checkpoint" or not dropped})
    assert conn.execute("SELECT count(*) FROM replay_checkpoint").fetchone()[0] == (0 if dropped else 1)
    assert [r[0] for r in conn.execute("SELECT key FROM notice")] == ["rules-v2"]
    assert len(list(tmp_path.glob(f"paceit.db.schema{version}-*.bak"))) == 1
    conn.close()


def test_a_diary_with_rows_in_every_table_upgrades_to_a_new_step_keeping_every_value(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build_at: Callable[..., dict[str, list[dict[str, Any]]]],
) -> None:
    path = tmp_path / "paceit.db"
    rows = build_at(path, LATEST)
    fake = Migration(LATEST + 1, "test: one more column",
                     ("ALTER TABLE pain_entry ADD COLUMN extra TEXT",))
    for module in (paceit.db, paceit.migrations):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, fake))
        monkeypatch.setattr(module, "LATEST", LATEST + 1)

    conn = db.connect(path, now=LATER)
    assert db.schema_version(conn, path) == LATEST + 1
    assert_rows_kept(conn, rows)
    assert [r[0] for r in conn.execute("SELECT extra FROM pain_entry")] == [None, None]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    [backup] = tmp_path.glob(f"paceit.db.schema{LATEST}-*.bak")
    old = sqlite3.connect(backup)
    old.row_factory = sqlite3.Row
    assert_rows_kept(old, rows)
    old.close()


# --- CHECK constraints: the second line of defence behind parse.py ------------------------


@pytest.fixture
def filled(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "paceit.db"
    db.connect(path, now=NOW).close()
    insert_rows(path, V1_ROWS)
    conn = db.connect(path, now=NOW)
    yield conn
    conn.close()


def insert_variant(conn: sqlite3.Connection, table: str, **changes: Any) -> None:
    """Insert a copy of the first fixture row of `table` with a fresh key and `changes`."""
    row = dict(V1_ROWS[table][0])
    row.pop("id", None)
    if "uuid" in row:
        row["uuid"] = "ffffffff-0000-4000-8000-000000000000"
    if table == "activity":
        row["name"] = "Another"
    if table == "setting":
        row["key"] = "another.key"
    row.update(changes)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )


@pytest.mark.parametrize(
    ("table", "changes"),
    [
        ("pain_entry", {"pain": 11}), ("pain_entry", {"pain": -1}), ("pain_entry", {"pain": None}),
        ("pain_entry", {"sleep": 11}), ("pain_entry", {"flare": 2}),
        ("pain_entry", {"uuid": V1_ROWS["pain_entry"][1]["uuid"]}),
        ("pain_entry", {"created_utc": None}), ("pain_entry", {"day": None}),
        ("activity", {"unit": "miles"}), ("activity", {"baseline": 0}),
        ("activity", {"step_mode": "linear"}), ("activity", {"step": 0}),
        ("activity", {"every_days": 61}), ("activity", {"ceiling": 11}),
        ("activity", {"target": -1}), ("activity", {"name": "Walking"}),
        ("session", {"amount": 0}), ("session", {"effort": 11}), ("session", {"activity_id": 99}),
        ("ladder_step", {"fear": 101}), ("ladder_step", {"harm": -1}),
        ("exposure_trial", {"fear_before": 101}), ("exposure_trial", {"fear_after": None}),
        ("exposure_trial", {"happened": 2}), ("exposure_trial", {"aborted": None}),
        ("exposure_trial", {"step_id": 99}),
        ("red_flag", {"grp": 4}), ("flare_plan_item", {"section": "other"}),
        ("goal", {"target": 0}), ("questionnaire", {"kind": "tsk"}),
        ("questionnaire", {"score": 10.5}), ("questionnaire_item", {"value": 11}),
        ("questionnaire_item", {"questionnaire_id": 99}), ("setting", {"key": "plan.days"}),
        ("audit", {"action": "upsert"}),
    ],
)
def test_the_schema_refuses_impossible_values(
    filled: sqlite3.Connection, table: str, changes: dict[str, Any]
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        insert_variant(filled, table, **changes)


@pytest.mark.parametrize(
    ("table", "changes"),
    [("pain_entry", {"pain": 10, "sleep": 0}), ("activity", {"unit": "sets", "every_days": 60}),
     ("activity", {"name": "walking"}), ("exposure_trial", {"fear_before": 0, "fear_after": 100}),
     ("red_flag", {"grp": 1}), ("flare_plan_item", {"section": "return-steps"}),
     ("questionnaire", {"score": 10})],
)
def test_the_schema_accepts_boundary_values(
    filled: sqlite3.Connection, table: str, changes: dict[str, Any]
) -> None:
    insert_variant(filled, table, **changes)
    assert filled.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 3


def test_defaults_for_sites_and_flags(filled: sqlite3.Connection) -> None:
    filled.execute(
        "INSERT INTO pain_entry (uuid, at_utc, day, utc_offset, pain, created_utc) "
        "VALUES ('new', 'x', 'x', 0, 1, 'x')"
    )
    row = filled.execute("SELECT sites, flare FROM pain_entry WHERE uuid = 'new'").fetchone()
    assert tuple(row) == ("[]", 0)


def _filled(tmp_path: Path, rows: dict[str, list[dict[str, Any]]]) -> sqlite3.Connection:
    path = tmp_path / "paceit.db"
    db.connect(path, now=NOW).close()
    insert_rows(path, rows)
    return db.connect(path, now=NOW)


@pytest.mark.parametrize(
    ("rows", "table", "changes"),
    [
        *((V2_ROWS, table, changes) for table, changes in (
            ("med_dose", {"schedule": "sometimes"}), ("med_dose", {"name": None}),
            ("task_result", {"value": -1}), ("task_result", {"better": "more"}), ("task_result", {"unit": None}),
            ("entry_tag", {"pain_id": None}), ("entry_tag", {"session_id": 1}), ("entry_tag", {"pain_id": 99}),
            ("entry_tag", {"tag": ""}), ("entry_tag", {"tag": "x" * 41}),
        )),
        # schema 6: strategies, and a tag pointing at one
        *((V6_ROWS, table, changes) for table, changes in (
            ("strategy_use", {"helped": 11}), ("strategy_use", {"helped": -1}), ("strategy_use", {"minutes": 0}),
            ("strategy_use", {"minutes": 601}), ("strategy_use", {"name": ""}), ("strategy_use", {"name": "x" * 61}),
            ("strategy_use", {"name": None}), ("entry_tag", {"pain_id": 1}), ("entry_tag", {"strategy_id": None}),
            ("entry_tag", {"strategy_id": 99}),
        )),
    ],
)  # fmt: skip
def test_the_new_tables_refuse_impossible_values(
    tmp_path: Path, rows: dict[str, list[dict[str, Any]]], table: str, changes: dict[str, Any]
) -> None:
    """A row of a table added by a step, with one impossible value: its CHECKs refuse it (for
    entry_tag, the last row is schema 6's tag on a strategy)."""
    row = dict(rows[table][-1 if rows is V6_ROWS and table == "entry_tag" else 0])
    row.pop("id")
    row["uuid"] = "ffffffff-0000-4000-8000-000000000000"
    row.update(changes)
    conn = _filled(tmp_path, rows)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            insert = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
            conn.execute(insert, tuple(row.values()))
    finally:
        conn.close()


def test_step_6_rebuilds_entry_tag_keeping_its_counter(
    tmp_path: Path, build_at: Callable[..., dict[str, list[dict[str, Any]]]]
) -> None:
    """entry_tag is rebuilt (a new CHECK): the id of a tag deleted before the upgrade is never
    given again, as AUTOINCREMENT promises (undo restores rows by id)."""
    path = tmp_path / "paceit.db"
    build_at(path, 5)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DELETE FROM entry_tag WHERE id = 3")
    raw.close()
    conn = db.connect(path, now=LATER)
    conn.execute("INSERT INTO entry_tag (uuid, pain_id, tag) VALUES ('new', 1, 'after')")
    assert [r[0] for r in conn.execute("SELECT id FROM entry_tag ORDER BY id")] == [1, 2, 4]
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'entry_tag' AND type = 'index'")
            if r[0].startswith("ix_")] == ["ix_entry_tag_pain", "ix_entry_tag_session", "ix_entry_tag_trial",
                                           "ix_entry_tag_strategy", "ix_entry_tag_tag"]
    conn.close()
