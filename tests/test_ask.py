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


# Every recording command takes --ask (issue 5, gap 6): (setup commands, the command, its
# table, the note's source). The note keeps the entry's time and uuid; undo takes both.
AT = "2026-11-20 10:00"
RECORDING = [
    ([], ["activity", "add", "cycling", "--unit", "min", "--at", AT], "activity", "activity add"),
    ([], ["ladder", "add", "bend", "--fear", "30", "--at", AT], "ladder_step", "ladder add"),
    (
        [["ladder", "add", "bend", "--fear", "30", "--at", "2026-11-19"]],
        ["ladder", "try", "1", "--fear-before", "30", "--fear-after", "10", "--at", AT],
        "exposure_trial",
        "ladder try",
    ),
    ([], ["flare", "start", "--at", AT], "flare", "flare start"),
    ([], ["measure", "peg", "--pain", "5", "--enjoyment", "4", "--activity", "6", "--at", AT], "questionnaire",
     "measure peg"),
    ([], ["measure", "psfs", "--item", "stairs=4", "--item", "garden=3", "--item", "lift=5", "--at", AT],
     "questionnaire", "measure psfs"),
    ([], ["measure", "task", "sit-to-stand", "11", "--at", AT], "task_result", "measure task"),
    ([], ["med", "ibuprofen", "--at", AT], "med_dose", "med"),
    ([], ["redflag", "check", "--yes", "night-pain", "--at", AT], "red_flag_check", "redflag check"),
    ([], ["redflag", "check", "--none", "--at", AT], "red_flag_check", "redflag check"),
    ([], ["goal", "add", "walk to the park", "--at", AT], "goal", "goal add"),
]  # fmt: skip
IDS = [" ".join(r[1][:2]) for r in RECORDING]


@pytest.mark.parametrize(("setup", "command", "table", "source"), RECORDING, ids=IDS)
def test_every_recording_command_takes_ask(
    isolated_db: Path, setup: list[list[str]], command: list[str], table: str, source: str
) -> None:
    for step in setup:
        ok(*step)
    out = ok(*command, "--ask", "Is this one fine?").stdout
    assert "note for your clinician" in out and "paceit report" in out
    [entry] = rows(isolated_db, table)
    [note] = rows(isolated_db, "clinician_note")
    assert (note["text"], note["source"], note["source_uuid"]) == ("Is this one fine?", source, entry["uuid"])
    assert (note["at_utc"], note["day"]) == (entry["at_utc"], entry["day"]) == ("2026-11-20 10:00:00", "2026-11-20")
    ok("undo")
    assert count(isolated_db, table) == 0 and count(isolated_db, "clinician_note") == 0


@pytest.mark.parametrize(("setup", "command", "table", "source"), RECORDING, ids=IDS)
def test_an_empty_ask_on_any_recording_command_writes_nothing(
    isolated_db: Path, setup: list[list[str]], command: list[str], table: str, source: str
) -> None:
    for step in setup:
        ok(*step)
    before = {t: count(isolated_db, t) for t in (table, "clinician_note")} if isolated_db.exists() else None
    assert "--ask" in fails(*command, "--ask", "   ")
    if before is None:
        assert not isolated_db.exists()
    else:
        assert {t: count(isolated_db, t) for t in (table, "clinician_note")} == before


def test_flare_end_asks_at_the_end_and_the_report_lists_every_note(isolated_db: Path) -> None:
    ok("flare", "start", "--at", "2026-11-10 09:00")
    ok("flare", "end", "--at", "2026-11-14 20:00", "--ask", "Why did this one last five days?")
    [flare] = rows(isolated_db, "flare")
    [note] = rows(isolated_db, "clinician_note")
    assert (note["source"], note["source_uuid"], note["at_utc"]) == ("flare end", flare["uuid"], "2026-11-14 20:00:00")
    ok("goal", "add", "walk to the park", "--ask", "Is 30 minutes realistic?")
    text = " ".join(ok("report").stdout.split())
    assert "2026-11-14: Why did this one last five days?" in text and "Is 30 minutes realistic?" in text
