"""Command modules name no table and open no transaction (issue 20, item 3).

A command under src/paceit/cli/ parses, makes one call and renders: reads go through
`queries` (and the other *_queries modules), writes through the store's verbs (`store.record`,
`store.update`, `store.edit`, `store.delete_rows`, `store.save_setting` and those of
`domain_writes`). So no module there may import `store.change`, `store.Change` or
`db.transaction`, call `.execute(` (or `executemany`/`executescript`), or hold SQL text (its
keywords in capitals, as every query in paceit writes them).
Read from the source with `ast`, imports inside functions included.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CLI = Path(__file__).resolve().parents[1] / "src" / "paceit" / "cli"
FORBIDDEN_NAMES = {"paceit.store": {"change", "Change"}, "paceit.db": {"transaction"}}
FORBIDDEN_ATTRIBUTES = {("store", "change"), ("store", "Change"), ("db", "transaction")}
EXECUTE = {"execute", "executemany", "executescript"}
SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER|VIEW)\b|\bPRAGMA\s+\w+|\bBEGIN(\s+IMMEDIATE)?\b\s*;?\s*$"
    r"|^\s*(COMMIT|ROLLBACK)\b",
    re.DOTALL | re.MULTILINE,
)


def problems(source: str) -> list[str]:
    """What in `source` breaks the rule, one line each ('line N: ...')."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN_NAMES:
            found += [
                f"line {line}: imports {node.module}.{a.name}"
                for a in node.names
                if a.name in FORBIDDEN_NAMES[node.module]
            ]
        elif isinstance(node, ast.Import):
            found += [f"line {line}: imports {a.name}" for a in node.names if a.name in ("paceit.db", "sqlite3.dbapi2")]
        elif isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and (node.value.id, node.attr) in FORBIDDEN_ATTRIBUTES:
                found.append(f"line {line}: uses {node.value.id}.{node.attr}")
            elif node.attr in EXECUTE:
                found.append(f"line {line}: calls .{node.attr}(")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"line {line}: SQL {node.value[:40]!r}")
    return found


def modules() -> list[Path]:
    return sorted(CLI.glob("*.py"))


def test_there_are_command_modules_to_check() -> None:
    assert len(modules()) > 20 and (CLI / "log.py") in modules()


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_a_command_module_names_no_table_and_opens_no_transaction(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "from paceit.store import change",
        "from paceit.store import Change, record",
        "from paceit.db import transaction",
        "import paceit.db",
        "from paceit import store\nwith store.change(conn, command='x', now=now) as ch: pass",
        "def f(ch: store.Change) -> None: ...",
        "from paceit import db\nwith db.transaction(conn): pass",
        "conn.execute('x')",
        "state.db().executemany(q, rows)",
        "def f():\n    from paceit.store import change",
        "q = 'SELECT text FROM ladder_step WHERE id = ?'",
        "q = 'SELECT id\\n  FROM flare'",
        "q = 'INSERT INTO pain_entry (score) VALUES (?)'",
        "q = 'INSERT OR IGNORE INTO setting VALUES (?, ?)'",
        "q = 'UPDATE activity SET name = ?'",
        "q = 'DELETE FROM session'",
        "q = 'PRAGMA user_version'",
        "q = 'BEGIN IMMEDIATE'",
        "q = 'COMMIT'",
    ],
)
def test_the_check_catches_each_way_of_writing_or_reading_by_hand(source: str) -> None:
    assert problems(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "from paceit import store\nstore.record(conn, 'pain_entry', row, command='pain', now=now)",
        "from paceit.store import require_row, deletion_rows",
        "help = 'Select the entries to update, then delete them from your diary.'",
        "text = 'Change a setting (default puts it back).'",
        "text = 'begin with your first session'",
    ],
)
def test_the_check_leaves_verbs_and_words_alone(source: str) -> None:
    assert problems(source) == []


# --- formatting lives in render/ (issue 20, item 5) -----------------------------------------

# cli/output.py is the one helper that prints plain lines and JSON for every command.
PRINTS = {"output.py"}
DRAWING = ("rich", "paceit.render.tables")


def formatting(source: str) -> list[str]:
    """What in `source` formats output that belongs in render/: Rich or the table helper
    imported, or a JSON serializer (a function named `*_json`) defined."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(DRAWING):
            found.append(f"line {line}: imports from {node.module}")
        elif isinstance(node, ast.Import):
            found += [f"line {line}: imports {a.name}" for a in node.names if a.name.startswith(DRAWING)]
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_json"):
            found.append(f"line {line}: defines {node.name}")
    return found


@pytest.mark.parametrize("path", [p for p in modules() if p.name not in PRINTS], ids=lambda p: p.name)
def test_a_command_module_leaves_tables_and_json_to_render(path: Path) -> None:
    assert formatting(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "def f():\n    from paceit.render.tables import print_table",
        "from rich.table import Table",
        "import rich.console",
        "def flare_json(row): return {}",
    ],
)
def test_the_formatting_check_catches_tables_and_serializers(source: str) -> None:
    assert formatting(source) != []


def test_the_formatting_check_leaves_a_renderer_call_alone() -> None:
    assert (
        formatting("def f():\n    from paceit.render.flares import show_flares\n    show_flares([], as_json=True)")
        == []
    )


def declares_json(source: str) -> bool:
    """Whether `source` declares a `--json` option of its own (the flag as a string of its own)."""
    return any(isinstance(n, ast.Constant) and n.value == "--json" for n in ast.walk(ast.parse(source)))


def test_the_json_option_is_declared_once_in_options_and_shared() -> None:
    """The sqlite-utils way: one `--json` (cli/options.Json) that every command with JSON output takes."""
    declaring = [p.name for p in modules() if declares_json(p.read_text(encoding="utf-8"))]
    assert declaring == ["options.py"]
    assert declares_json('Json = Annotated[bool, typer.Option("--json", help="JSON.")]')
    assert not declares_json("def f(as_json: Json = False) -> None: ...")
