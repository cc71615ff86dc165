"""paceit.api: the read-only Python API over a diary (issue 20, item 8).

The promise tested first: nothing done through the API can change a diary. The file is
opened with SQLite's `mode=ro`, so a write through the ORM session fails and the diary's
bytes, mtime and mode are the same after use. Then the refusals (a newer or older schema,
a file that is not a paceit diary, a missing file is not created), the typed reads, and
the example in docs/api.md, run as written against a demo diary."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import re
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from sqlmodel import SQLModel, select, text

from helpers import NOW, run
from paceit import api, models
from paceit.errors import NotFoundError, NotSQLiteError, OperationalError
from paceit.migrations import LATEST

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


@pytest.fixture(scope="module")
def demo_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo diary of 4 weeks, made by the CLI in-process (as `paceit demo` would)."""
    path = tmp_path_factory.mktemp("demo") / "paceit.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACEIT_NOW", NOW)
        result = run("--db", str(path), "demo", "--weeks", "4")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def diary_copy(demo_diary: Path, tmp_path: Path) -> Path:
    """A private copy, for the tests that change the file with plain sqlite3 first."""
    target = tmp_path / "copy.db"
    source = sqlite3.connect(demo_diary)
    dest = sqlite3.connect(target)
    source.backup(dest)
    source.close()
    dest.close()
    return target


def fingerprint(path: Path) -> tuple[str, int, int]:
    """The diary as the file system sees it: its bytes, mtime and mode."""
    info = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, stat.S_IMODE(info.st_mode)


def working_files(path: Path) -> dict[str, int]:
    return {s: Path(f"{path}{s}").stat().st_size for s in ("-wal", "-journal") if Path(f"{path}{s}").exists()}


def count(path: Path, table: str, where: str = "", params: tuple[Any, ...] = ()) -> int:
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table} {where}", params).fetchone()[0])


# --- the read-only guarantee ------------------------------------------------------------------


WRITES = [
    "INSERT INTO setting (key, value, updated_utc) VALUES ('x', '1', '2026-11-21 10:00:00')",
    "DELETE FROM pain_entry",
    "UPDATE activity SET name = 'renamed'",
    "DROP TABLE notice",
    "CREATE TABLE mine (x)",
    "PRAGMA user_version = 7",
    "PRAGMA journal_mode = DELETE",
]


@pytest.mark.parametrize("statement", WRITES, ids=lambda s: " ".join(s.split()[:2]))
def test_a_write_through_the_session_fails_and_the_file_is_unchanged(demo_diary: Path, statement: str) -> None:
    before, pending = fingerprint(demo_diary), working_files(demo_diary)
    rows = count(demo_diary, "pain_entry")
    # SQLite says "attempt to write a readonly database", or for the journal mode (whose
    # switch must rewrite the header) "disk I/O error": refused either way.
    refused = pytest.raises(sqlalchemy.exc.OperationalError, match=r"readonly|disk I/O error")
    with api.open_diary(demo_diary) as diary, diary.orm_session() as session, refused:
        session.exec(text(statement))  # type: ignore[call-overload]
        session.commit()
    assert fingerprint(demo_diary) == before
    assert working_files(demo_diary) == pending or set(working_files(demo_diary).values()) == {0}
    assert count(demo_diary, "pain_entry") == rows
    assert count(demo_diary, "setting", "WHERE key = 'x'") == 0


def test_an_object_added_to_the_session_is_never_saved(demo_diary: Path) -> None:
    before = fingerprint(demo_diary)
    with api.open_diary(demo_diary) as diary:
        entry = diary.pain_entries()[0]
        entry.note = "changed in the notebook"  # a plain object: nothing goes back to the file
        with diary.orm_session() as session:
            session.add(models.Setting(key="mine", value='"1"', updated_utc="2026-11-21 10:00:00"))
            with pytest.raises(sqlalchemy.exc.OperationalError, match="readonly"):
                session.commit()
        assert diary.pain_entries()[0].note != "changed in the notebook"
    assert fingerprint(demo_diary) == before


def test_no_other_file_can_be_attached_to_write_through(demo_diary: Path, tmp_path: Path) -> None:
    """SQLite's ATTACH takes a URI on this connection, so `file:...?mode=rw` would open the
    diary itself for writing: the API's connection may attach nothing at all."""
    before = fingerprint(demo_diary)
    refused = pytest.raises(sqlalchemy.exc.OperationalError, match="too many attached")
    with api.open_diary(demo_diary) as diary, diary.orm_session() as session, refused:
        session.exec(text(f"ATTACH '{demo_diary.as_uri()}?mode=rw' AS rw"))  # type: ignore[call-overload]
    assert fingerprint(demo_diary) == before


def test_a_checkpoint_asked_through_the_session_writes_nothing(diary_copy: Path) -> None:
    """With another paceit's changes still in the WAL, a checkpoint would copy them into the
    diary file: a read-only connection must not (SQLite refuses, or does nothing)."""
    writer = sqlite3.connect(diary_copy, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE pain_entry SET note = 'pending in the WAL' WHERE id = 1")
        before, wal = fingerprint(diary_copy), Path(f"{diary_copy}-wal").read_bytes()
        with api.open_diary(diary_copy) as diary, diary.orm_session() as session:
            assert diary.pain_entries()[0].note == "pending in the WAL"  # read through the WAL
            with contextlib.suppress(sqlalchemy.exc.OperationalError):
                session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # type: ignore[call-overload]
        assert fingerprint(diary_copy) == before
        assert Path(f"{diary_copy}-wal").read_bytes() == wal
    finally:
        writer.close()


def test_reading_every_kind_leaves_the_diary_unchanged(demo_diary: Path) -> None:
    before, pending = fingerprint(demo_diary), working_files(demo_diary)
    with api.open_diary(demo_diary) as diary:
        for table in api.TABLES:
            diary.rows(table)
        diary.pain_entries(since="2026-11-01")
        diary.sessions(activity="walking")
        diary.activities()
        diary.trials()
        diary.questionnaires(kind="peg")
    assert fingerprint(demo_diary) == before
    # SQLite may leave an empty WAL and its index beside the diary (a read-only connection
    # cannot check them in and remove them); the next paceit command tidies them away.
    assert working_files(demo_diary) == pending or set(working_files(demo_diary).values()) == {0}


def test_the_next_paceit_command_removes_the_working_files_left(diary_copy: Path) -> None:
    with api.open_diary(diary_copy) as diary:
        diary.pain_entries()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACEIT_NOW", NOW)
        assert run("--db", str(diary_copy), "check").exit_code == 0
    assert not Path(f"{diary_copy}-wal").exists()
    assert not Path(f"{diary_copy}-shm").exists()


def test_the_connection_is_closed_after_the_with_block(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary:
        assert diary.pain_entries()
        connection = diary.connection
    with pytest.raises(sqlite3.ProgrammingError):
        connection.execute("SELECT 1")
    with pytest.raises(OperationalError, match="closed"):
        diary.pain_entries()
    diary.close()  # closing twice is harmless


# --- what is refused ---------------------------------------------------------------------------


def test_a_diary_of_a_newer_paceit_is_refused_unchanged(diary_copy: Path) -> None:
    with contextlib.closing(sqlite3.connect(diary_copy)) as conn, conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'the future', '2027-01-01 00:00:00')", (LATEST + 1,))
    before = fingerprint(diary_copy)
    with pytest.raises(OperationalError, match=f"newer paceit \\(schema {LATEST + 1}; this one knows up to {LATEST}"):
        api.open_diary(diary_copy)
    assert fingerprint(diary_copy) == before


def test_a_diary_of_an_older_paceit_is_refused_with_how_to_upgrade_it(diary_copy: Path) -> None:
    with contextlib.closing(sqlite3.connect(diary_copy)) as conn, conn:
        conn.execute("DELETE FROM schema_version WHERE version = ?", (LATEST,))
    before = fingerprint(diary_copy)
    with pytest.raises(OperationalError, match=f"schema {LATEST - 1}.*paceit --db .* check"):
        api.open_diary(diary_copy)
    assert fingerprint(diary_copy) == before


def test_a_sqlite_file_of_another_program_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    before = fingerprint(other)
    with pytest.raises(OperationalError, match="not a paceit database"):
        api.open_diary(other)
    assert fingerprint(other) == before


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 200)
    before = fingerprint(notes)
    with pytest.raises(NotSQLiteError):
        api.open_diary(notes)
    assert fingerprint(notes) == before


def test_an_empty_file_is_not_a_diary(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(OperationalError, match="empty"):
        api.open_diary(empty)
    assert empty.stat().st_size == 0


def test_a_missing_diary_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "paceit.db"
    with pytest.raises(OperationalError, match="no paceit diary at"):
        api.open_diary(missing)
    assert not missing.parent.exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OperationalError, match="folder"):
        api.open_diary(tmp_path)


# --- where the diary is ------------------------------------------------------------------------


def test_the_default_diary_is_the_one_the_cli_uses(demo_diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_DB", str(demo_diary))
    with api.open_diary() as diary:
        assert diary.path == demo_diary
        assert diary.schema == LATEST


def test_a_path_given_as_text_with_a_tilde(demo_diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(demo_diary.parent))
    with api.open_diary(f"~/{demo_diary.name}") as diary:
        assert diary.path == demo_diary


# --- typed reads -----------------------------------------------------------------------------


def test_every_kind_comes_back_as_its_model(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary:
        for table, model in api.TABLES.items():
            found = diary.rows(table)
            assert len(found) == count(demo_diary, table), table
            assert all(type(row) is model for row in found)
        assert all(isinstance(e, models.PainEntry) for e in diary.pain_entries())
        assert all(isinstance(a, models.Activity) for a in diary.activities())


def test_the_tables_are_every_table_of_the_models() -> None:
    assert set(api.TABLES) == set(SQLModel.metadata.tables)
    assert api.TABLES["pain_entry"] is models.PainEntry


def test_since_and_until_are_days_as_lived_both_included(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary:
        entries = diary.pain_entries(since="2026-11-10", until="2026-11-14")
        assert entries and {e.day for e in entries} <= {f"2026-11-{d}" for d in range(10, 15)}
        assert len(entries) == count(demo_diary, "pain_entry", "WHERE day BETWEEN '2026-11-10' AND '2026-11-14'")
        from datetime import date

        assert diary.pain_entries(since=date(2026, 11, 10), until=date(2026, 11, 14)) == entries
        ordered = [(e.at_utc, e.id) for e in diary.pain_entries()]
        assert ordered == sorted(ordered)


def test_a_day_that_is_not_a_date_is_refused(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary, pytest.raises(ValueError, match="YYYY-MM-DD"):
        diary.pain_entries(since="last week")


def test_sessions_of_one_activity_by_name_or_id(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary:
        walking = next(a for a in diary.activities() if a.name == "walking")
        by_name = diary.sessions(activity="walking")
        assert by_name and {s.activity_id for s in by_name} == {walking.id}
        assert diary.sessions(activity=walking.id) == by_name
        assert diary.sessions(activity=walking) == by_name
        assert len(diary.sessions()) == count(demo_diary, "session")
        with pytest.raises(NotFoundError, match="no activity named 'swimming'"):
            diary.sessions(activity="swimming")


def test_questionnaires_of_one_kind(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary:
        kinds = {q.kind for q in diary.questionnaires()}
        assert len(kinds) > 1
        for kind in kinds:
            assert {q.kind for q in diary.questionnaires(kind=kind)} == {kind}


def test_an_unknown_table_is_refused(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary, pytest.raises(NotFoundError, match="no table 'sqlite_master'"):
        diary.rows("sqlite_master")


def test_a_dataframe_when_pandas_is_installed(demo_diary: Path) -> None:
    pandas = pytest.importorskip("pandas")
    with api.open_diary(demo_diary) as diary:
        frame = diary.dataframe("session", since="2026-11-01")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(models.Session.model_fields)
    assert len(frame) == count(demo_diary, "session", "WHERE day >= '2026-11-01'")


def test_without_pandas_dataframe_says_how_to_get_it(demo_diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # importing it now fails, as when it is absent
    with api.open_diary(demo_diary) as diary, pytest.raises(ImportError, match="pip install pandas"):
        diary.dataframe("pain_entry")


# --- the documented example ----------------------------------------------------------------------


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_the_documented_example_runs_as_written(demo_diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(DOC.read_text())
    assert blocks, "docs/api.md has no python example"
    monkeypatch.setenv("PACEIT_DB", str(demo_diary))
    before = fingerprint(demo_diary)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            if "import pandas" in block and not _has_pandas():
                continue
            exec(compile(block, str(DOC), "exec"), {})
    assert "walking" in printed.getvalue()
    assert fingerprint(demo_diary) == before


def _has_pandas() -> bool:
    return importlib.util.find_spec("pandas") is not None


def test_select_with_your_own_query(demo_diary: Path) -> None:
    with api.open_diary(demo_diary) as diary, diary.orm_session() as session:
        bad = session.exec(select(models.PainEntry).where(models.PainEntry.pain >= 7)).all()
    assert len(bad) == count(demo_diary, "pain_entry", "WHERE pain >= 7")
