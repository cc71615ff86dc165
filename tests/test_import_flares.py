"""An import may not bring a declared flare that overlaps another (product.md: a flare runs
from `flare start` to `flare end`; `flare start` and `flare edit` refuse an overlap).

Merged into a diary that holds entries, a new flare that overlaps one here, or another new
one of the same file, refuses the whole file in one line, nothing written. Taken whole into
an empty diary (a restore of a person's own export) the file is kept as it is: a diary
imported before this check may hold such flares, the flare scan reads them as one flare
(flare._Scan._declared_on), and refusing would stop that person restoring their backup.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import checkpoint, done, fixed_clock, ok, rows, run


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def exported(folder: Path, *commands: list[str]) -> dict[str, Any]:
    """The export of a diary of its own, made by these commands."""
    source = folder / "source.db"
    for command in commands:
        ok("--db", str(source), *command)
    done("--db", str(source), "export", "--output", str(folder / "source.json"))
    document: dict[str, Any] = json.loads((folder / "source.json").read_text(encoding="utf-8"))
    return document


def import_file(document: dict[str, Any], folder: Path) -> Any:
    path = folder / "file.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return run("import", str(path))


def refused(diary: Path, document: dict[str, Any], folder: Path) -> str:
    checkpoint(diary)
    before = diary.read_bytes()
    result = import_file(document, folder)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "nothing was imported" in lines[0] and "Traceback" not in result.stderr
    checkpoint(diary)
    assert diary.read_bytes() == before
    return lines[0]


ELEVENTH_TO_FOURTEENTH = [["flare", "start", "--at", "2026-11-11"], ["flare", "end", "--at", "2026-11-14"]]


def test_a_flare_overlapping_one_here_refuses_the_file(isolated_db: Path, tmp_path: Path) -> None:
    document = exported(tmp_path, *ELEVENTH_TO_FOURTEENTH)
    ok("flare", "start", "--at", "2026-11-13")
    ok("flare", "end", "--at", "2026-11-18")
    line = refused(isolated_db, document, tmp_path)
    assert "table 'flare'" in line and "2026-11-11 to 2026-11-14" in line and "2026-11-13 to 2026-11-18" in line
    assert "overlap" in line


def test_a_flare_overlapping_an_open_one_here_refuses_the_file(isolated_db: Path, tmp_path: Path) -> None:
    document = exported(tmp_path, *ELEVENTH_TO_FOURTEENTH)
    ok("flare", "start", "--at", "2026-11-09")  # still open: it runs to now
    line = refused(isolated_db, document, tmp_path)
    assert "2026-11-09 to now" in line, line


def test_two_overlapping_flares_of_the_file_refuse_it(isolated_db: Path, tmp_path: Path) -> None:
    document = exported(tmp_path, *ELEVENTH_TO_FOURTEENTH)
    second = copy.deepcopy(document["tables"]["flare"]["rows"][0])
    second.update(id=second["id"] + 1, uuid=str(uuid.uuid4()), day="2026-11-12", at_utc="2026-11-12 08:00:00")
    document["tables"]["flare"]["rows"].append(second)
    ok("pain", "3")  # not empty: a merge
    assert "overlap" in refused(isolated_db, document, tmp_path)


def test_flares_that_touch_without_overlapping_are_merged(isolated_db: Path, tmp_path: Path) -> None:
    """Guards the tests above against refusing every flare: the day after one ends is free,
    and the same flare imported again is recognised as the same row, not an overlap."""
    document = exported(tmp_path, *ELEVENTH_TO_FOURTEENTH)
    ok("flare", "start", "--at", "2026-11-15")
    ok("flare", "end", "--at", "2026-11-18")
    assert import_file(document, tmp_path).exit_code == 0
    assert import_file(document, tmp_path).exit_code == 0  # again: nothing new
    assert sorted((r["day"], r["end_day"]) for r in rows(isolated_db, "flare")) == [
        ("2026-11-11", "2026-11-14"),
        ("2026-11-15", "2026-11-18"),
    ]


def test_an_empty_diary_takes_a_restore_with_overlapping_flares_whole(isolated_db: Path, tmp_path: Path) -> None:
    document = exported(tmp_path, *ELEVENTH_TO_FOURTEENTH)
    second = copy.deepcopy(document["tables"]["flare"]["rows"][0])
    second.update(id=second["id"] + 1, uuid=str(uuid.uuid4()), day="2026-11-12", at_utc="2026-11-12 08:00:00")
    document["tables"]["flare"]["rows"].append(second)
    assert import_file(document, tmp_path).exit_code == 0
    assert len(rows(isolated_db, "flare")) == 2
    assert ok("next").exit_code == 0
