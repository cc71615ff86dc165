"""Upgrades from every released schema: each `tests/fixtures/schema-vN.db` (a realistic
diary made by paceit at schema N, see fixtures/make_fixtures.py) migrates to the newest
schema keeping every row and every value of its tables; a migration that fails on a real
diary rolls back, leaves the backup taken before it, and says where that backup is."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import paceit.db
import paceit.migrations
from helpers import fails, ok
from paceit import db
from paceit.migrations import LATEST, MIGRATIONS, Migration

FIXTURES = Path(__file__).with_name("fixtures")
LATER = datetime(2027, 3, 4, 5, 6, 7, tzinfo=UTC)


def fixture_version(path: Path) -> int:
    match = re.fullmatch(r"schema-v(\d+)\.db", path.name)
    assert match, path
    return int(match.group(1))


ALL = sorted(FIXTURES.glob("schema-v*.db"), key=fixture_version)


def shape(path: Path) -> dict[str, list[str]]:
    """Each table (sqlite_sequence too: AUTOINCREMENT counters must survive) and its columns."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


def rows(path: Path, tables: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """A logical dump of the given columns of the given tables, with SQLite types kept. The
    AUTOINCREMENT counters by table name: a step that rebuilds a table (6: entry_tag) moves
    its counter's row, and only the counter's value matters."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        out = {}
        for table, cols in tables.items():
            listed = ", ".join(f"{c}, typeof({c})" for c in cols)
            order = "name" if table == "sqlite_sequence" else "rowid"
            out[table] = [tuple(r) for r in conn.execute(f"SELECT {listed} FROM {table} ORDER BY {order}")]
        return out
    finally:
        conn.close()


# Schemas 2 and 3 were released together (paceit 0.2.0): no diary was ever left at 2. Schema 4: paceit 0.3.0.
# Schema 5: paceit 0.4.0 (pacing rules version 2). Schema 6 (strategies, issue 20): the next
# release; the tests take a step on main as released, so its fixture came with it.
RELEASED = [1, 3, 4, 5, 6]


def test_every_released_schema_has_a_fixture() -> None:
    assert RELEASED[-1] == LATEST, "a new schema version: add it to RELEASED when it is released"
    assert [fixture_version(p) for p in ALL] == RELEASED, (
        "run tests/fixtures/make_fixtures.py when a schema version is released, and commit its file"
    )


def test_the_fixtures_are_realistic() -> None:
    """Every table of its schema holds rows, including an undo log with real copies."""
    for path in ALL:  # the notice of schema 5 is only ever written by an upgrade, never in a new diary
        counts = {t: len(r) for t, r in rows(path, shape(path)).items() if t != "notice"}
        assert all(counts.values()), (path.name, counts)
        assert counts["pain_entry"] > 50 and counts["session"] > 50 and counts["audit"] > 5


@pytest.mark.parametrize("fixture", ALL, ids=lambda p: p.name)
def test_every_fixture_migrates_to_the_newest_keeping_every_row_and_value(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "paceit.db"
    shutil.copyfile(fixture, path)
    old_shape = shape(path)
    before = rows(path, old_shape)

    db.connect(path, now=LATER).close()

    after = rows(path, old_shape)
    assert after.pop("schema_version")[: len(before["schema_version"])] == before.pop("schema_version")
    assert without_checkpoints(after, fixture) == without_checkpoints(before, fixture)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST
    assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    backups = list(tmp_path.glob("paceit.db.schema*.bak"))
    assert len(backups) == (1 if fixture_version(fixture) < LATEST else 0)


def without_checkpoints(dump: dict[str, Any], fixture: Path) -> dict[str, Any]:
    """The dump but the replay's checkpoints, when step 5 (rules version 2) ran on the fixture:
    derived data holding version 1's answers, which it drops (the rest must stay as it was)."""
    if fixture_version(fixture) >= 5:
        return dump
    return {t: r for t, r in dump.items() if t != "replay_checkpoint"}


def install(monkeypatch: pytest.MonkeyPatch, *statements: str) -> int:
    """Pretend this paceit knows one more schema step (test-only)."""
    step = Migration(LATEST + 1, "test step", tuple(statements))
    for module in (paceit.db, paceit.migrations):
        monkeypatch.setattr(module, "MIGRATIONS", (*MIGRATIONS, step))
        monkeypatch.setattr(module, "LATEST", step.version)
    return step.version


@pytest.mark.parametrize("fixture", ALL, ids=lambda p: p.name)
def test_every_fixture_survives_one_more_step(fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "paceit.db"
    shutil.copyfile(fixture, path)
    old_shape = shape(path)
    before = rows(path, old_shape)
    new = install(
        monkeypatch,
        "ALTER TABLE pain_entry ADD COLUMN weather TEXT",
        "CREATE TABLE reminder (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    )

    db.connect(path, now=LATER).close()

    after = rows(path, old_shape)
    assert after["schema_version"][-1][0] == new  # every step up to the test step ran
    assert after.pop("schema_version")[: len(before["schema_version"])] == before.pop("schema_version")
    assert without_checkpoints(after, fixture) == without_checkpoints(before, fixture)
    [backup] = tmp_path.glob(f"paceit.db.schema{fixture_version(fixture)}-*.bak")
    assert rows(backup, old_shape) == rows(fixture, old_shape)


def test_a_failed_migration_rolls_back_and_the_message_names_the_backup(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The step alters a table holding rows, updates them, then raises (a NOT NULL
    constraint): the person sees one line naming the backup; nothing of the step stays."""
    isolated_db.parent.mkdir(mode=0o700)
    shutil.copyfile(ALL[-1], isolated_db)
    isolated_db.chmod(0o600)
    old_shape = shape(isolated_db)
    before = rows(isolated_db, old_shape)
    install(
        monkeypatch,
        "ALTER TABLE pain_entry ADD COLUMN weather TEXT",
        "UPDATE pain_entry SET weather = 'rain'",
        "INSERT INTO pain_entry (uuid) VALUES ('no time, no score')",
    )
    monkeypatch.setenv("PACEIT_NOW", LATER.isoformat())

    line = fails("pain", "4", code=1)

    [backup] = isolated_db.parent.glob("paceit.db.schema*.bak")
    assert str(backup) in line
    assert f"unchanged at schema {LATEST}" in line and "NOT NULL" in line
    assert shape(isolated_db) == old_shape  # no weather column
    assert rows(isolated_db, old_shape) == before  # no new entry either
    assert rows(backup, old_shape) == before
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    monkeypatch.undo()  # this paceit again, without the broken step: the diary works
    monkeypatch.setenv("PACEIT_DB", str(isolated_db))
    ok("pain", "4")
    assert backup.exists()


@pytest.mark.parametrize("fixture", ALL, ids=lambda p: p.name)
def test_a_failed_upgrade_leaves_the_file_exactly_as_it_was(
    fixture: Path, isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole upgrade, from the file's schema to the newest, is one transaction: a
    failure in the last step also takes back the steps before it (from schema 1, steps 2
    and 3 ran first), so the file is byte for byte as it was, never left in between."""
    isolated_db.parent.mkdir(mode=0o700)
    shutil.copyfile(fixture, isolated_db)
    isolated_db.chmod(0o600)
    original = isolated_db.read_bytes()
    version = fixture_version(fixture)
    install(monkeypatch, "CREATE TABLE reminder (id INTEGER PRIMARY KEY)", "THIS IS NOT SQL")
    monkeypatch.setenv("PACEIT_NOW", LATER.isoformat())

    line = fails("pain", "4", code=1)

    [backup] = isolated_db.parent.glob(f"paceit.db.schema{version}-*.bak")
    assert f"unchanged at schema {version}" in line and str(backup) in line
    assert isolated_db.read_bytes() == original
    assert sorted(p.name for p in isolated_db.parent.iterdir()) == ["paceit.db", backup.name]
    assert rows(backup, shape(fixture)) == rows(fixture, shape(fixture))

    monkeypatch.undo()  # this paceit again, without the broken step: the upgrade goes through
    monkeypatch.setenv("PACEIT_DB", str(isolated_db))
    ok("pain", "4")
    conn = sqlite3.connect(isolated_db)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST
    conn.close()
