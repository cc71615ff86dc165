"""`paceit delete KIND ID --purge`: the entry and every copy of it in the undo log are gone
from the diary file for good (not even its bytes remain), the rest of the diary and its
undo history are untouched, and it is never done by accident."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from helpers import checkpoint, count, fails, fixed_clock, ok, rows

SECRET = "told-my-physio-about-the-divorce"


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def file_bytes(path: Path) -> bytes:
    gc.collect()
    data = path.read_bytes()
    wal = Path(f"{path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def daily(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.glob("backups/paceit-daily-*.db")}


def test_purge_removes_the_entry_and_every_copy_of_it(isolated_db: Path) -> None:
    ok("pain", "3", "--note", "keep this one")
    ok("pain", "6", "--note", SECRET)
    ok("edit", "pain", "2", "--note", SECRET + " (edited)")
    ok("pain", "4")
    checkpoint(isolated_db)
    assert SECRET.encode() in file_bytes(isolated_db)
    copies_before = daily(isolated_db)
    kept_audit = [r for r in rows(isolated_db, "audit") if r["row_key"] != "2"]

    result = ok("delete", "pain", "2", "--purge", "--yes")

    assert "Purged pain entry #2 and 2 copies of it from the undo log" in result.stdout
    assert "cannot be undone" in result.stdout and "backups" in result.stdout
    assert [r["id"] for r in rows(isolated_db, "pain_entry")] == [1, 3]
    assert rows(isolated_db, "audit") == kept_audit  # the rest of the history is intact
    assert SECRET.encode() not in file_bytes(isolated_db)  # secure_delete + WAL truncated
    assert daily(isolated_db) == copies_before  # no fresh copy holding the entry is taken to purge it

    ok("undo")  # undoes the last *other* change (pain 4); the purged entry never comes back
    assert [r["id"] for r in rows(isolated_db, "pain_entry")] == [1]
    ok("undo")
    ok("undo")
    assert [r["id"] for r in rows(isolated_db, "pain_entry")] == []
    assert ok("undo").stdout.startswith("Nothing to undo")


def test_purge_takes_a_measure_with_its_answers(isolated_db: Path) -> None:
    ok("measure", "peg", "--pain", "5", "--enjoyment", "6", "--activity", "4", "--note", SECRET)
    assert count(isolated_db, "questionnaire_item") == 3
    ok("delete", "measure", "1", "--purge", "--yes")
    assert count(isolated_db, "questionnaire") == 0 and count(isolated_db, "questionnaire_item") == 0
    assert count(isolated_db, "audit") == 0
    assert SECRET.encode() not in file_bytes(isolated_db)


def test_purge_off_a_terminal_needs_yes_and_changes_nothing(isolated_db: Path) -> None:
    ok("pain", "6", "--note", SECRET)
    before = file_bytes(isolated_db)
    line = fails("delete", "pain", "1", "--purge")
    assert "cannot be undone" in line and "--yes" in line
    assert file_bytes(isolated_db) == before
    # --yes alone is a plain delete, which undo reverses (it also answers the question about
    # an entry older than 7 days): the copy in the undo log stays
    ok("delete", "pain", "1", "--yes")
    assert count(isolated_db, "pain_entry") == 0 and SECRET in str(rows(isolated_db, "audit"))


def test_purge_refuses_what_a_plain_delete_refuses(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    ok("log", "walking", "10")
    assert "archive" in fails("delete", "activity", "1", "--purge", "--yes")
    assert "no pain entry" in fails("delete", "pain", "9", "--purge", "--yes")
    assert count(isolated_db, "activity") == 1


QUESTION = "ask-about-the-lump-i-found"
TABLE_OF = {"pain": "pain_entry", "session": "session", "trial": "exposure_trial", "med": "med_dose",
            "task": "task_result", "measure": "questionnaire", "strategy": "strategy_use"}  # fmt: skip


@pytest.mark.parametrize(
    ("record", "kind"),
    [
        (["pain", "6", "--note", SECRET], "pain"),
        (["log", "walking", "20", "--note", SECRET], "session"),
        (["ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--note", SECRET], "trial"),
        (["med", "ibuprofen", "--note", SECRET], "med"),
        (["strategy", "heat", "--helped", "5", "--note", SECRET], "strategy"),
        (["measure", "task", "sit-to-stand", "11", "--note", SECRET], "task"),
        (["measure", "peg", "--pain", "5", "--enjoyment", "6", "--activity", "4", "--note", SECRET], "measure"),
    ],
)
def test_purge_takes_the_question_for_the_clinician_recorded_with_the_entry(
    isolated_db: Path, record: list[str], kind: str
) -> None:
    """`--ask` keeps a note for the clinician with the entry's uuid: purging the entry
    must not leave it behind, in the table or in the undo log (issue 16, item 18)."""
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    ok("ladder", "add", "carry a bag", "--fear", "50")
    ok("ask", "a question of its own, kept")
    ok(*record, "--ask", QUESTION)
    entry_id = max(r["id"] for r in rows(isolated_db, TABLE_OF[kind]))
    assert QUESTION in ok("report").stdout

    result = ok("delete", kind, str(entry_id), "--purge", "--yes")

    assert "note for your clinician" in result.stdout
    assert [r["text"] for r in rows(isolated_db, "clinician_note")] == ["a question of its own, kept"]
    assert QUESTION not in ok("report").stdout
    assert QUESTION.encode() not in file_bytes(isolated_db) and SECRET.encode() not in file_bytes(isolated_db)
    assert "a question of its own, kept" in ok("report").stdout
