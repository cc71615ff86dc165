"""`paceit strategy` (issue 20: the add-a-command checklist, followed for this command): a
self-management strategy used, how much it helped and for how long, end to end: what is
stored, what is refused, the repeat check, and history, edit, delete, undo, export and
import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import checkpoint, count, done, fails, fixed_clock, logical_dump, ok, read_json, rows

LONG = "x" * 61


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def test_records_a_strategy_with_its_rating_time_tags_and_note(isolated_db: Path) -> None:
    said = ok(
        "strategy", "  rest   break ", "--helped", "6", "--minutes", "20", "--tag", "Work", "--tag", "evening",
        "--at", "2026-11-20T18:30", "--note", "lay down flat",
    ).stdout  # fmt: skip
    assert said.strip() == (
        "Saved strategy #1 for Fri 20 Nov 2026 18:30: rest break (helped 6/10, 20 min); tags: work, evening."
    )
    [row] = rows(isolated_db, "strategy_use")
    assert (row["name"], row["helped"], row["minutes"], row["note"]) == ("rest break", 6, 20, "lay down flat")
    assert (row["at_utc"], row["day"], row["utc_offset"]) == ("2026-11-20 18:30:00", "2026-11-20", 0)
    assert [(t["strategy_id"], t["tag"]) for t in rows(isolated_db, "entry_tag")] == [(1, "work"), (1, "evening")]


def test_helped_and_minutes_are_optional_and_the_boundaries_are_accepted(isolated_db: Path) -> None:
    ok("strategy", "heat")
    ok("strategy", "ice", "--helped", "0", "--minutes", "1")
    ok("strategy", "TENS", "--helped", "10", "--minutes", "600")
    found = [(r["name"], r["helped"], r["minutes"]) for r in rows(isolated_db, "strategy_use")]
    assert found == [("heat", None, None), ("ice", 0, 1), ("TENS", 10, 600)]


def test_an_earlier_spelling_is_kept_whatever_the_case_typed(isolated_db: Path) -> None:
    ok("strategy", "TENS", "--helped", "4")
    assert "Saved strategy #2" in ok("strategy", "tens", "--helped", "5").stdout
    ok("strategy", "Straße gehen", "--helped", "3")
    ok("strategy", "STRASSE GEHEN", "--helped", "2")  # Unicode case folding, not SQLite's ASCII lower()
    ok("strategy", "breathing")
    assert [r["name"] for r in rows(isolated_db, "strategy_use")] == [
        "TENS", "TENS", "Straße gehen", "Straße gehen", "breathing"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["heat", "--helped", "11"], "--helped must be a whole number from 0 to 10 (got '11')"),
        (["heat", "--helped", "-1"], "--helped must be a whole number from 0 to 10 (got '-1')"),
        (["heat", "--helped", "5.5"], "--helped must be a whole number from 0 to 10 (got '5.5')"),
        (["heat", "--helped", "lots"], "--helped must be a whole number from 0 to 10 (got 'lots')"),
        (["heat", "--minutes", "0"], "--minutes must be a whole number from 1 to 600 (got '0')"),
        (["heat", "--minutes", "601"], "--minutes must be a whole number from 1 to 600 (got '601')"),
        (["heat", "--minutes", "20m"], "--minutes must be a whole number from 1 to 600 (got '20m')"),
        (["  "], "NAME must not be empty"),
        ([LONG], "NAME must be at most 60 characters (got 61)"),
        (["heat\nice"], "NAME must be a single line"),
        (["heat", "--tag", " "], "--tag must not be empty"),
        (["heat", "--at", "tomorrow"], "--at"),
        (["heat", "--note", "a\x1b[31mred"], "--note must not contain control characters"),
    ],
)
def test_bad_input_is_one_line_naming_the_field_and_range_and_changes_nothing(
    isolated_db: Path, args: list[str], words: str
) -> None:
    assert "paceit: error: " + words in fails("strategy", *args)
    assert not isolated_db.exists()  # nothing created for a refused first entry
    ok("strategy", "heat", "--helped", "5")
    checkpoint(isolated_db)
    before = logical_dump(isolated_db)
    assert words in fails("strategy", *args)
    checkpoint(isolated_db)
    assert logical_dump(isolated_db) == before


def test_the_same_strategy_again_within_minutes_needs_again(isolated_db: Path) -> None:
    ok("strategy", "heat", "--helped", "5", "--minutes", "20")
    line = fails("strategy", "Heat", "--helped", "5", "--minutes", "20")
    assert "the same strategy is already saved as #1" in line and "--again" in line
    assert "paceit history --kind strategy" in line
    assert count(isolated_db, "strategy_use") == 1
    ok("strategy", "heat", "--helped", "6", "--minutes", "20")  # another rating: another entry
    ok("strategy", "heat", "--helped", "5", "--minutes", "20", "--again")
    assert count(isolated_db, "strategy_use") == 3


def test_history_edit_delete_and_undo(isolated_db: Path) -> None:
    ok("strategy", "heat", "--helped", "5", "--minutes", "20", "--tag", "evening", "--note", "sofa")
    ok("pain", "4")
    shown = ok("history", "--kind", "strategy").stdout
    assert "strategy: heat (helped 5/10, 20 min); tags: evening" in shown and "pain 4/10" not in shown
    [entry] = read_json("history", "--kind", "strategy")
    assert (entry["kind"], entry["name"], entry["helped"], entry["minutes"], entry["tags"]) == (
        "strategy", "heat", 5, 20, ["evening"]
    )  # fmt: skip

    said = " ".join(ok("edit", "strategy", "1", "--helped", "7", "--minutes", "none", "--tag", "work").stdout.split())
    assert "strategy #1 (heat, Sat 21 Nov 2026 18:00)" in said
    assert "helped 5 -> 7" in said and "minutes 20 -> none" in said and "tag evening -> work" in said
    assert [(r["helped"], r["minutes"]) for r in rows(isolated_db, "strategy_use")] == [(7, None)]
    assert "--helped must be a whole number from 0 to 10" in fails("edit", "strategy", "1", "--helped", "12")
    assert "--minutes must be a whole number from 1 to 600" in fails("edit", "strategy", "1", "--minutes", "0")
    assert "cannot be edited on a strategy" in fails("edit", "strategy", "1", "--name", "ice")

    said = " ".join(ok("delete", "strategy", "1").stdout.split())
    assert "Deleted strategy #1 (heat, Sat 21 Nov 2026 18:00): heat (helped 7/10)" in said
    assert count(isolated_db, "strategy_use") == 0 and count(isolated_db, "entry_tag") == 0
    assert "no strategy with id 1" in fails("delete", "strategy", "1")
    ok("undo")
    assert [(r["helped"], r["minutes"]) for r in rows(isolated_db, "strategy_use")] == [(7, None)]
    assert [(t["strategy_id"], t["tag"]) for t in rows(isolated_db, "entry_tag")] == [(1, "work")]
    ok("undo")  # the edit
    assert [(r["helped"], r["minutes"]) for r in rows(isolated_db, "strategy_use")] == [(5, 20)]
    assert [t["tag"] for t in rows(isolated_db, "entry_tag")] == ["evening"]


def test_ask_keeps_a_note_for_the_clinician_with_the_strategy(isolated_db: Path) -> None:
    said = ok("strategy", "TENS", "--ask", "Is TENS fine at night?").stdout
    assert "note for your clinician" in said
    [note] = rows(isolated_db, "clinician_note")
    assert (note["text"], note["source"]) == ("Is TENS fine at night?", "strategy")
    assert note["source_uuid"] == rows(isolated_db, "strategy_use")[0]["uuid"]


def test_export_and_import_round_trip(isolated_db: Path, tmp_path: Path) -> None:
    ok("strategy", "heat", "--helped", "5", "--minutes", "20", "--tag", "evening", "--note", "sofa")
    ok("strategy", "relaxation", "--at", "2026-11-20T21:00")
    export = tmp_path / "diary.json"
    done("export", "--output", str(export))
    document = json.loads(export.read_text(encoding="utf-8"))
    assert [r["name"] for r in document["tables"]["strategy_use"]["rows"]] == ["heat", "relaxation"]
    other = tmp_path / "other.db"
    done("--db", str(other), "import", str(export))
    assert rows(other, "strategy_use") == rows(isolated_db, "strategy_use")
    assert rows(other, "entry_tag") == rows(isolated_db, "entry_tag")

    document["tables"]["strategy_use"]["rows"][0]["helped"] = 11
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    line = fails("--db", str(tmp_path / "third.db"), "import", str(bad))
    assert "table 'strategy_use'" in line and "field 'helped'" in line and "from 0 to 10" in line


def test_the_help_gives_an_example_and_no_advice(isolated_db: Path) -> None:
    text = " ".join(ok("strategy", "--help").stdout.split())
    assert "Example: paceit strategy heat --helped 6 --minutes 20" in text
    assert "gives no treatment advice" in text


def test_the_report_lists_the_strategies_of_the_period_in_every_human_format_and_json(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-20T09:00")
    for helped, day in (("4", "17"), ("6", "18"), ("7", "19")):
        ok("strategy", "heat pack", "--helped", helped, "--at", f"2026-11-{day}T20:00")
    ok("strategy", "Relaxation", "--helped", "3", "--at", "2026-11-18T21:00")
    ok("strategy", "relaxation", "--at", "2026-11-19T21:00")  # not rated
    ok("strategy", "TENS", "--at", "2026-11-19T10:00")
    ok("strategy", "ice", "--helped", "9", "--at", "2026-09-01T10:00")  # before the period
    words = "heat pack 3 (helped 6); Relaxation 2 (helped 3, 1 of them rated); TENS 1 (not rated)"
    for fmt in ("text", "md", "html"):
        out = " ".join(ok("report", "--format", fmt).stdout.split())
        assert words in out and "never advises on them" in out, fmt
        assert "ice" not in out.split("Self-management strategies")[1][:200], fmt
        assert "Functional tests, medicines and strategies" in out, fmt  # the heading names what it lists
    doc = json.loads(ok("report", "--format", "json").stdout)
    assert doc["strategies"] == [
        {"name": "heat pack", "times": 3, "rated": 3, "helped_median": 6.0},
        {"name": "Relaxation", "times": 2, "rated": 1, "helped_median": 3.0},
        {"name": "TENS", "times": 1, "rated": 0, "helped_median": None},
    ]
    assert "heat pack" not in ok("report", "--format", "fhir").stdout


def test_a_report_without_strategies_says_what_it_said_before(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "2026-11-20T09:00")
    text = " ".join(ok("report").stdout.split())
    assert "Functional tests and medicines None logged in this period." in text
    assert "strateg" not in text.lower()
    assert json.loads(ok("report", "--format", "json").stdout)["strategies"] == []
