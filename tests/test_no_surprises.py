"""Issue 17, "No silent surprises" (items 6-10 and 12), off a terminal: repeats, implausible
amounts, corrections that name what they changed, undo and redo, the report's format
from its file name. The same checks on a terminal are in test_confirmations.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import count, done, fails, fixed_clock, flat, ok, row, rows, run

SETUP = (("activity", "add", "walking", "--unit", "min"), ("ladder", "add", "bend to pick up a box", "--fear", "50"))


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):  # Sat 21 Nov 2026 18:00 UTC
        yield


# --- item 6: the same entry twice ------------------------------------------------------

REPEATABLE = [
    (("pain", "4", "--sleep", "6"), "pain_entry"),
    (("log", "walking", "20", "--pain-after", "3"), "session"),
    (("med", "ibuprofen", "--dose", "400 mg"), "med_dose"),
    (("ladder", "try", "1", "--fear-before", "50", "--fear-after", "30"), "exposure_trial"),
    (("measure", "peg", "--pain", "5", "--enjoyment", "6", "--activity", "4"), "questionnaire"),
    (("measure", "psfs", "--item", "stairs=4", "--item", "garden=3", "--item", "lifting=2"), "questionnaire"),
    (("measure", "task", "sit-to-stand", "11"), "task_result"),
]


@pytest.mark.parametrize(("args", "table"), REPEATABLE, ids=lambda a: " ".join(a[:2]) if isinstance(a, tuple) else a)
def test_the_same_entry_within_10_minutes_is_refused_naming_the_first_and_again_saves_it(
    isolated_db: Path, args: tuple[str, ...], table: str
) -> None:
    for setup in SETUP:
        ok(*setup)
    ok(*args, "--at", "17:52")
    line = fails(*args, "--at", "18:00")
    assert "already saved as #1 (Sat 21 Nov 2026 17:52" in line and "--again" in line, line
    assert count(isolated_db, table) == 1
    ok(*args, "--at", "18:00", "--again")
    assert count(isolated_db, table) == 2


def test_other_values_or_more_than_10_minutes_apart_are_not_repeats(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "17:49")
    ok("pain", "4", "--at", "18:00")  # 11 minutes later
    ok("pain", "5", "--at", "18:00")
    ok("pain", "5", "--at", "18:00", "--note", "another note: taken as meant")
    ok("measure", "psfs", "--item", "a=4", "--item", "b=3", "--item", "c=2", "--at", "17:59")
    ok("measure", "psfs", "--item", "a=3", "--item", "b=4", "--item", "c=2")  # the same score, other answers
    assert count(isolated_db, "pain_entry") == 4 and count(isolated_db, "questionnaire") == 2


def test_a_backfilled_entry_logged_twice_is_a_repeat(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20", "--at", "yesterday")
    assert "already saved as #1 (Fri 20 Nov 2026 12:00" in fails("log", "walking", "20", "--at", "yesterday")


# --- item 7: implausible amounts -------------------------------------------------------


def test_more_than_24_hours_is_refused_naming_the_field_and_range(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    for amount in ("1441", "25h", "24h1m"):
        line = fails("log", "walking", amount)
        assert line.startswith("paceit: error: AMOUNT must be") and "at most 1440 minutes" in line, line
    assert count(isolated_db, "session") == 0


def test_five_times_the_quota_needs_yes_off_a_terminal_and_names_the_quota(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "-3d")
    assert json.loads(ok("next", "--json").stdout)["activities"][0]["target"] == 8
    line = fails("log", "walking", "40")
    assert "40 min is 5 times today's quota of 8 min for walking" in line and "--yes" in line, line
    assert count(isolated_db, "session") == 0
    ok("log", "walking", "39")  # 4.9 times: no question
    ok("log", "walking", "40", "--yes")
    assert [r["amount"] for r in rows(isolated_db, "session")] == [39, 40]


def test_no_quota_no_question_while_the_baseline_is_set(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "5", "--at", "-2d")
    ok("log", "walking", "300")  # the first sessions set the baseline: there is no quota to compare with
    assert count(isolated_db, "session") == 2


# --- item 10: a start moved back more than 7 days --------------------------------------


def test_moving_an_activity_start_back_more_than_7_days_needs_yes(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    line = fails("log", "walking", "20", "--at", "-8d")
    assert "would move walking's start (and so its baseline) from Sat 21 Nov 2026 to Fri 13 Nov 2026" in line
    assert "8 days earlier" in line and "--yes" in line
    assert count(isolated_db, "session") == 0 and row(isolated_db, "activity", 1)["day"] == "2026-11-21"
    ok("log", "walking", "20", "--at", "-7d")  # a week back: no question
    ok("log", "walking", "20", "--at", "-20d", "--yes")
    assert row(isolated_db, "activity", 1)["day"] == "2026-11-01"


# --- item 8: edit and delete say what they changed --------------------------------------


def test_edit_names_the_entry_and_each_value_old_to_new(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "-3d")
    ok("log", "walking", "20", "--at", "2026-11-20T08:30")
    out = flat(ok("edit", "session", "1", "--amount", "25", "--pain-after", "4").stdout)
    assert out == (
        "Updated session #1 (walking, Fri 20 Nov 2026 08:30): amount 20 min -> 25 min, pain-after none -> 4. "
        "Undo with 'paceit undo'."
    )


def test_delete_names_the_entry_and_its_values(isolated_db: Path) -> None:
    ok("med", "ibuprofen", "--dose", "400 mg", "--at", "09:15")
    out = flat(ok("delete", "med", "1").stdout)
    assert out == (
        "Deleted medication dose #1 (ibuprofen, Sat 21 Nov 2026 09:15): ibuprofen 400 mg (as-needed). "
        "Undo with 'paceit undo'."
    )


def test_an_entry_older_than_7_days_needs_yes_off_a_terminal(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-13T08:00")  # 8 days before today
    ok("pain", "3", "--at", "2026-11-14T08:00")  # 7 days: no question
    line = fails("edit", "pain", "1", "--pain", "5")
    assert line == (
        "paceit: error: pain entry #1 (Fri 13 Nov 2026 08:00) is from Fri 13 Nov 2026, more than 7 days ago; "
        "add --yes to change it"
    )
    assert "add --yes to delete it" in fails("delete", "pain", "1")
    assert [r["pain"] for r in rows(isolated_db, "pain_entry")] == [4, 3]
    ok("edit", "pain", "2", "--pain", "2")
    ok("edit", "pain", "1", "--pain", "5", "--yes")
    ok("delete", "pain", "1", "--yes")
    assert [r["pain"] for r in rows(isolated_db, "pain_entry")] == [2]


def test_edit_help_lists_the_fields_of_each_kind_and_completion_offers_them() -> None:
    from paceit.completion import candidates
    from paceit.completion_spec import SPEC

    help_text = flat(ok("edit", "--help").stdout)
    assert "session: --amount --activity --effort --pain-before --pain-during --pain-after --at --note --tag" in (
        help_text
    )
    assert "med: --dose --schedule --at --note --regular --as-needed" in help_text
    offered = [value for value, _ in candidates(SPEC, ["edit", "session", "3"], "--pain-")]
    assert offered == ["--pain-after", "--pain-before", "--pain-during"]
    assert [v for v, _ in candidates(SPEC, ["edit", "trial", "3", "--happened"], "")] == ["yes", "no"]
    assert "--sleep" not in [v for v, _ in candidates(SPEC, ["edit", "session", "3"], "--")]


# --- item 9: undo says when, asks about an earlier day, redo brings it back ---------------


def test_undo_of_a_change_made_on_an_earlier_day_needs_yes(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok("pain", "4")
    monkeypatch.setenv("PACEIT_NOW", "2026-11-22T09:00:00+00:00")
    line = fails("undo")
    assert "'paceit pain', was made on an earlier day (Sat 21 Nov 2026 18:00); add --yes" in line, line
    assert count(isolated_db, "pain_entry") == 1
    out = flat(ok("undo", "--yes").stdout)
    assert out.startswith("Undid 'paceit pain' (made Sat 21 Nov 2026 18:00): removed pain entry #1.")
    assert count(isolated_db, "pain_entry") == 0


def test_undo_names_the_day_of_a_backfilled_entry(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-19T08:00")
    out = flat(ok("undo").stdout)
    assert "removed pain entry #1 of Thu 19 Nov 2026 08:00" in out, out


def test_redo_brings_back_what_undo_took_back_until_a_new_change(isolated_db: Path) -> None:
    ok("pain", "4", "--sleep", "6")
    ok("edit", "pain", "1", "--pain", "5")
    entry = rows(isolated_db, "pain_entry")
    ok("undo")
    ok("undo")
    assert count(isolated_db, "pain_entry") == 0
    assert flat(ok("redo").stdout).startswith("Redid 'paceit pain' (made Sat 21 Nov 2026 18:00): brought back")
    assert flat(ok("redo").stdout).startswith("Redid 'paceit edit pain 1'")
    assert rows(isolated_db, "pain_entry") == entry
    assert ok("redo").stdout.startswith("Nothing to redo")
    ok("undo")  # a redone change can be undone again
    assert row(isolated_db, "pain_entry", 1)["pain"] == 4
    ok("pain", "7", "--note", "a new change ends the redo")
    assert ok("redo").stdout.startswith("Nothing to redo")
    assert row(isolated_db, "pain_entry", 1)["pain"] == 4


def test_redo_never_brings_back_a_change_undone_before_a_newer_change(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pain", "4")
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:01:00+00:00")
    ok("undo")  # pain 4 undone ...
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:02:00+00:00")
    ok("pain", "6")  # ... then a new change, itself undone
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:03:00+00:00")
    ok("undo")
    assert flat(ok("redo").stdout).startswith("Redid 'paceit pain' (made Sat 21 Nov 2026 18:02)")
    assert [r["pain"] for r in rows(isolated_db, "pain_entry")] == [6]
    assert ok("redo").stdout.startswith("Nothing to redo")


def test_undo_with_nothing_left_points_to_the_daily_backups(isolated_db: Path) -> None:
    ok("pain", "4")
    ok("undo")
    out = flat(ok("undo").stdout)
    assert out.startswith("Nothing to undo. To go further back, restore a backup")
    assert "paceit-daily-2026-11-21.db" in out and "'paceit restore PATH'" in out, out


# --- item 12: the report's format from its file name --------------------------------------


@pytest.mark.parametrize(
    ("name", "starts"),
    [("r.html", "<!"), ("r.md", "#"), ("r.json", "{"), ("r.fhir.json", "{"), ("r.txt", ""), ("r", "")],
)
def test_report_output_takes_its_format_from_the_file_ending(tmp_path: Path, name: str, starts: str) -> None:
    ok("pain", "4")
    target = tmp_path / name
    done("report", "--output", str(target))
    text = target.read_text()
    assert text.lstrip().startswith(starts)
    if name == "r.fhir.json":
        assert json.loads(text)["resourceType"] == "Bundle"
    if name == "r.json":
        assert "period" in json.loads(text)


def test_report_refuses_a_format_the_file_ending_contradicts(tmp_path: Path) -> None:
    ok("pain", "4")
    line = fails("report", "--format", "md", "--output", str(tmp_path / "r.html"))
    assert "ends in .html, which holds html, but --format is md" in line
    assert "ends in .pdf, which holds pdf, but --format is html" in fails(
        "report", "--format", "html", "--output", str(tmp_path / "r.pdf")
    )
    assert not list(tmp_path.glob("r.*"))
    run("report", "--output", str(tmp_path / "r.pdf"))  # the ending chooses pdf
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    (tmp_path / "r.pdf").unlink()
    done("report", "--format", "fhir", "--output", str(tmp_path / "r.json"))  # FHIR is JSON
    assert json.loads((tmp_path / "r.json").read_text())["resourceType"] == "Bundle"


def test_report_refuses_a_file_ending_it_does_not_write(tmp_path: Path) -> None:
    """`report --output r.docx` wrote plain text into a file Word then refuses to open (a
    new-user review): an ending paceit does not write is refused unless --format says what
    to put in it; a name without an ending stays text."""
    ok("pain", "4")
    line = fails("report", "--output", str(tmp_path / "r.docx"))
    assert "--output r.docx" in line and ".pdf" in line and "--format" in line
    assert not (tmp_path / "r.docx").exists()
    done("report", "--format", "text", "--output", str(tmp_path / "r.docx"))  # said on purpose
    done("report", "--output", str(tmp_path / "report"))
    assert (tmp_path / "report").read_text().lstrip().startswith("paceit report")


def test_history_offers_more_only_when_there_is_more(isolated_db: Path) -> None:
    """The footer said '--since or --all for more' on a diary whose every entry was shown
    (a new-user review); it is offered only when entries older than the window exist."""
    ok("pain", "4")
    ok("pain", "5", "--at", "yesterday 9am")
    footer = " ".join(ok("history").stdout.split())
    assert "2 entries from" in footer and "for more" not in footer
    ok("pain", "3", "--at", "-40d")
    assert "2 entries from" in " ".join(ok("history").stdout.split())
    assert "--since or --all for more" in " ".join(ok("history").stdout.split())
    assert "for more" not in " ".join(ok("history", "--kind", "session").stdout.split())
