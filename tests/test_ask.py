"""`paceit ask` and `--ask` on `pain` and `log`: notes for the clinician (schema 2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import count, fails, fixed_clock, ok, rows


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def test_ask_saves_a_note(isolated_db: Path) -> None:
    out = ok("ask", "  Could I try swimming?  ", "--at", "2026-11-20 19:00").stdout
    assert "note #1" in out and "report" in out
    [note] = rows(isolated_db, "clinician_note")
    assert (note["text"], note["source"], note["source_uuid"], note["day"]) == (
        "Could I try swimming?",
        "ask",
        None,
        "2026-11-20",
    )


def test_ask_on_pain_and_log_keeps_the_entry_time_and_uuid(isolated_db: Path) -> None:
    ok("pain", "5", "--at", "2026-11-20 08:00", "--ask", "Stiff every morning: normal?")
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-01")
    ok("log", "walking", "12", "--at", "2026-11-20 17:00", "--ask", "Hills allowed?")
    notes = rows(isolated_db, "clinician_note")
    [pain] = rows(isolated_db, "pain_entry")
    [session] = rows(isolated_db, "session")
    assert [n["source_uuid"] for n in notes] == [pain["uuid"], session["uuid"]]
    assert [(n["source"], n["at_utc"], n["text"] != "") for n in notes] == [
        ("pain", "2026-11-20 08:00:00", True),
        ("log", "2026-11-20 17:00:00", True),
    ]


def test_undo_removes_the_entry_and_its_note_together(isolated_db: Path) -> None:
    ok("pain", "5", "--ask", "A question")
    ok("undo")
    assert count(isolated_db, "pain_entry") == 0 and count(isolated_db, "clinician_note") == 0


def test_an_empty_note_writes_nothing(isolated_db: Path) -> None:
    assert "--ask" in fails("pain", "5", "--ask", "  ")
    assert "TEXT" in fails("ask", " ")
    assert not isolated_db.exists()
