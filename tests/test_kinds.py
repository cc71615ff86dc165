"""The registry of entry kinds (kinds.py): every table is decided, and the lists that
`history`, `edit`, `delete`, the store, the import checks and completion use come from it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paceit import db, kinds, store

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = db.connect(tmp_path / "paceit.db", now=NOW)
    yield connection
    connection.close()


def _tables(conn: sqlite3.Connection) -> set[str]:
    found = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
    return {r[0] for r in found}


def test_every_table_of_the_migrated_schema_is_a_kind_or_named_as_no_entry(conn: sqlite3.Connection) -> None:
    # A new table must be added to kinds.KINDS (an entry) or kinds.NOT_ENTRIES (with why).
    tables = _tables(conn)
    undecided = tables - set(kinds.BY_TABLE) - set(kinds.NOT_ENTRIES)
    assert not undecided, f"add these tables to kinds.KINDS or kinds.NOT_ENTRIES: {sorted(undecided)}"
    assert set(kinds.BY_TABLE) | set(kinds.NOT_ENTRIES) == tables  # nothing named that is not there
    assert not set(kinds.BY_TABLE) & set(kinds.NOT_ENTRIES)


def test_the_registry_matches_the_schema(conn: sqlite3.Connection) -> None:
    for kind in kinds.KINDS:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({kind.table})")}
        assert ("uuid" in columns) == kind.uuid, kind.table
        assert ("created_utc" in columns) == kind.created, kind.table
        assert not kind.lived or "day" in columns, kind.table
        for part in kind.parts:
            assert part.column in {r[1] for r in conn.execute(f"PRAGMA table_info({part.table})")}, part
    tag_columns = {r[1] for r in conn.execute("PRAGMA table_info(entry_tag)")}
    assert {kind.tag_column for kind in kinds.KINDS if kind.tag_column} == tag_columns - {
        "id", "uuid", "created_utc", "tag"
    }  # fmt: skip


def test_names_are_unique_and_every_listed_kind_has_a_name() -> None:
    names = [kind.name for kind in kinds.KINDS if kind.name]
    assert len(names) == len(set(names))
    assert len(kinds.BY_TABLE) == len(kinds.KINDS)
    for kind in kinds.KINDS:
        if kind.history or kind.editable or kind.deletable or kind.tag_column:
            assert kind.name, kind.table


def test_commands_take_their_kinds_from_the_registry() -> None:
    from paceit import import_checks, queries
    from paceit.cli import data, fields

    assert store.TABLES == kinds.TABLES and store.TAG_COLUMNS == kinds.TAG_COLUMNS
    assert queries.HISTORY_KINDS == kinds.HISTORY
    assert tuple(fields.KINDS) == kinds.EDITABLE
    assert set(fields.FIELDS) == set(kinds.EDITABLE)  # every editable kind declares its fields
    assert data.DELETABLE == kinds.DELETABLE
    for name, spec in fields.KINDS.items():
        assert (spec.table, spec.label) == (kinds.named(name).table, kinds.named(name).label)
        assert spec.tags == (name in kinds.TAG_COLUMNS)
    assert set(kinds.TAG_COLUMNS.values()) <= set(import_checks.RULES["entry_tag"])


def test_the_generated_completion_offers_the_registrys_kinds() -> None:
    from paceit.completion_spec import SPEC

    text = repr(SPEC)
    for name in (*kinds.HISTORY, *kinds.EDITABLE, *kinds.DELETABLE):
        assert repr(name) in text


def test_the_registry_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, paceit.kinds; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite3', 'typer', 'rich', 'click', 'sqlmodel') "
        "or m.startswith('paceit.') and m not in ('paceit.kinds', 'paceit.slotted')))"  # slotted: its plain classes
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_demo_writes_every_kind_it_does_not_leave_out_on_purpose() -> None:
    from paceit.demo.rows import TABLE_ORDER

    left_out = {"red_flag_check"}  # the demo's red flag is declared without a checklist run
    assert set(TABLE_ORDER) == set(kinds.TABLES) - left_out


def test_every_edit_example_names_a_field_of_its_own_kind() -> None:
    """The 'nothing to change' refusal shows an example edit: it must be one the kind takes."""
    from paceit.cli.fields import EXAMPLES, KINDS

    by_table = {kind.table: kind for kind in KINDS.values()}
    assert set(EXAMPLES) <= set(by_table)
    for table, example in EXAMPLES.items():
        assert example.split()[0].removeprefix("--") in by_table[table].names(), table
