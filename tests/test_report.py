"""`paceit report`: the JSON contract with numbers computed by hand on a small history
built with real commands, every format's renderer, the private output file, the FHIR
bundle validated by a FHIR library, and (where Chromium exists) the printed page count.

The clock is fixed at Saturday 2026-11-21 18:00 UTC; the period asked is Monday
2026-11-09 to 2026-11-21 (13 days, so the early and recent windows are 6 days each:
the 9th to the 14th and the 16th to the 21st).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from helpers import built_once, child_env, copy_built, fails, fixed_clock, ok, run
from paceit.render import plain

PERIOD = ("--since", "2026-11-09", "--until", "2026-11-21")


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def history() -> None:
    ok("config", "set", "plan.days", "mon,wed,fri")
    ok(
        "activity",
        "add",
        "walking",
        "--unit",
        "min",
        "--baseline",
        "12.5",
        "--every",
        "14",
        "--clinician",
        "--at",
        "2026-11-09",
    )  # Q = 0.8 x 12.5 = 10 min throughout
    for at, amount in [
        ("2026-11-09", "10"),
        ("2026-11-11", "7"),
        ("2026-11-13", "8"),
        ("2026-11-16", "12"),
        ("2026-11-20", "9"),
    ]:
        ok("log", "walking", amount, "--effort", "3", "--pain-during", "1", "--at", f"{at}T17:00")
    for at, pain in [
        ("2026-11-10 08:00", "6"),
        ("2026-11-12 08:00", "6"),
        ("2026-11-12 20:00", "4"),
        ("2026-11-17 08:00", "3"),
        ("2026-11-19 08:00", "4"),
    ]:
        ok("pain", pain, "--sleep", "6", "--mood", "5", "--at", at)
    ok("pain", "4", "--at", "2026-11-19 20:00", "--ask", "Is the night pain worth a look?")
    ok("ask", "Could I try swimming?", "--at", "2026-11-20 19:00")
    ok("measure", "peg", "--pain", "6", "--enjoyment", "5", "--activity", "7", "--at", "2026-11-09 09:00")
    ok("measure", "peg", "--pain", "4", "--enjoyment", "4", "--activity", "4", "--at", "2026-11-20 09:00")
    ok("measure", "psfs", "--item", "stairs=3", "--item", "gardening=2", "--item", "cooking=6", "--at", "2026-11-09")
    ok("measure", "psfs", "--item", "Stairs=6", "--item", "gardening=4", "--item", "driving=5", "--at", "2026-11-20")
    ok("goal", "add", "walk to the park", "--activity", "walking", "--target", "30")
    ok("ladder", "add", "carry the shopping", "--fear", "40")
    ok(
        "ladder",
        "try",
        "1",
        "--fear-before",
        "40",
        "--fear-after",
        "20",
        "--predicted-pain",
        "6",
        "--pain",
        "3",
        "--happened",
        "no",
        "--at",
        "2026-11-18 11:00",
    )
    ok("redflag", "check", "--yes", "night-pain")  # group 3: noted, nothing paused


@pytest.fixture(scope="module")
def built_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """history(), written once for the module (22 commands), not in each of its tests."""
    return built_once(tmp_path_factory, history)


@pytest.fixture
def with_history(built_history: Path, isolated_db: Path) -> Path:
    """The diary history() writes, as this test's diary."""
    return copy_built(built_history, isolated_db)


def document(*args: str) -> Any:
    """The report over PERIOD in a JSON format, parsed (stdout only)."""
    return json.loads(ok("report", *PERIOD, *args).stdout)


def check_contract(doc: dict[str, Any]) -> None:
    """The keys product.md promises for `report --format json`."""
    assert {"period", "pain", "activities", "ladder", "flares", "goals", "measures"} <= set(doc)
    assert set(doc["period"]) >= {"start", "end"}
    assert {"weekly", "baseline", "recent", "change"} <= set(doc["pain"])
    for week in doc["pain"]["weekly"]:
        assert {"week_start", "mean", "min", "max", "n"} <= set(week)
    assert all(isinstance(doc[key], list) for key in ("activities", "ladder", "flares", "goals", "measures"))


@pytest.mark.usefixtures("with_history")
def test_json_contract_with_numbers_by_hand() -> None:
    doc = document("--format", "json")
    check_contract(doc)
    assert doc["period"]["start"] == "2026-11-09" and doc["period"]["end"] == "2026-11-21"
    assert (doc["period"]["days"], doc["period"]["asked_end"]) == (13, None)
    assert "health data" in doc["health_data"]
    pain = doc["pain"]
    # Calendar weeks from Monday, as in `trends`: the 9th to the 15th (6, 6, 4 -> 5.33), and
    # the week under way, the 16th to today, the 21st (3, 4, 4 -> 3.67).
    assert [(w["week_start"], w["days"], w["mean"], w["min"], w["max"], w["n"]) for w in pain["weekly"]] == [
        ("2026-11-09", 7, 5.3, 4, 6, 3),
        ("2026-11-16", 6, 3.7, 3, 4, 3),
    ]
    # Morning pain (the first entry from 04:00 to noon), not the daily mean: early 10th 6, 12th 6
    # (its 20:00 entry of 4 is left out) -> 6.0; recent 17th 3, 19th 4 -> 3.5; -2.5 reaches the MID.
    assert (pain["baseline"], pain["recent"], pain["change"]) == (6.0, 3.5, -2.5)
    assert pain["basis"] == "morning"
    assert pain["assessment"]["reaches_mid"] is True and pain["assessment"]["direction"] == "better"
    [walking] = doc["activities"]
    # Planned Mon 9 (10), Wed 11 (7 < 8), Fri 13 (8), Mon 16 (12), Wed 18 (none), Fri 20 (9): 4 of 6.
    assert (walking["quota_now"], walking["planned_days"], walking["done_days"], walking["adherence"]) == (
        10,
        6,
        4,
        0.67,
    )
    [step] = doc["ladder"]
    assert (step["trials"], step["predicted_pain"], step["actual_pain"], step["feared_happened"]) == (1, 6, 3, 0)
    [goal] = doc["goals"]
    assert (goal["target"], goal["quota_now"], goal["progress"]) == (30, 10, 0.33)
    peg, psfs = doc["measures"]
    assert [s["score"] for s in peg["scores"]] == [6.0, 4.0]
    assert (peg["change"]["change"], peg["change"]["reaches_mid"]) == (-2.0, True)
    # PSFS on the shared activities only: stairs and gardening, (3+2)/2 = 2.5 -> (6+4)/2 = 5.
    assert (psfs["change"]["before"], psfs["change"]["after"], psfs["change"]["items"]) == (
        2.5,
        5.0,
        ["Stairs", "gardening"],
    )
    assert [f["code"] for f in doc["red_flags"]] == ["night-pain"]
    assert [n["text"] for n in doc["notes_for_clinician"]] == [
        "Is the night pain worth a look?",
        "Could I try swimming?",
    ]
    assert doc["flares"] == []


@pytest.mark.usefixtures("with_history")
def test_a_flare_shows_as_a_step_back_with_its_reason_and_its_recovery() -> None:
    ok("flare", "start", "--at", "2026-11-14 09:00")
    ok("flare", "end", "--at", "2026-11-15 20:00")
    doc = document("--format", "json")
    [flare] = doc["flares"]
    assert (flare["start"], flare["end"], flare["days"], flare["kind"]) == ("2026-11-14", "2026-11-15", 2, "declared")
    backs = [c for c in doc["activities"][0]["changes"] if c["step_back"]]
    assert backs and backs[0]["date"] == "2026-11-14" and backs[0]["target"] == 5
    assert "flare" in backs[0]["reason"].lower()


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20, 21, 22])  # Monday to Sunday
def test_the_default_period_is_six_calendar_weeks_from_monday_on_any_weekday(
    day: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pain", "3", "--at", "2026-09-01")  # a diary older than the period
    monkeypatch.setenv("PACEIT_NOW", f"2026-11-{day}T18:00:00+00:00")
    doc = json.loads(ok("report", "--format", "json").stdout)
    start, end = date.fromisoformat(doc["period"]["start"]), date.fromisoformat(doc["period"]["end"])
    assert end == date(2026, 11, day) and start == date(2026, 10, 12)  # the Monday five weeks before the 16th
    assert (end - start).days + 1 == doc["period"]["days"] == 35 + day - 15
    weeks = doc["pain"]["weekly"]
    assert len(weeks) == 6 and all(w["days"] == 7 for w in weeks[:5]) and weeks[-1]["days"] == day - 15
    assert all(date.fromisoformat(w["week_start"]).weekday() == 0 for w in weeks)


def test_a_new_diary_s_report_starts_on_its_first_day_and_says_so() -> None:
    ok("pain", "4", "--at", "2026-11-12 08:00")  # the diary began 10 days ago: no empty weeks before that
    ok("pain", "5")
    doc = json.loads(ok("report", "--format", "json").stdout)
    assert (doc["period"]["start"], doc["period"]["days"], doc["period"]["starts_at_diary_start"]) == (
        "2026-11-12", 10, True,
    )  # fmt: skip
    assert doc["period"]["asked_start"] is None  # the default period, not a --since
    assert [w["week_start"] for w in doc["pain"]["weekly"]] == ["2026-11-12", "2026-11-16"]  # cut, then Monday
    text = " ".join(ok("report").stdout.split())
    assert "Period: 2026-11-12, the day your diary began, to 2026-11-21; 10 days." in text
    asked = " ".join(ok("report", "--since", "2026-01-01").stdout.split())
    assert "Period: 2026-11-12, the day your diary began (asked: 2026-01-01), to 2026-11-21; 10 days." in asked
    later = json.loads(ok("report", "--since", "2026-11-15", "--format", "json").stdout)["period"]
    assert (later["start"], later["starts_at_diary_start"]) == ("2026-11-15", False)  # inside the diary: as asked


@pytest.mark.usefixtures("with_history")
def test_text_fits_80_columns_and_names_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")  # a pipe: 80 columns
    out = ok("report", *PERIOD).stdout
    assert 70 < max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out
    for words in (
        "health data",
        "6.0/10",
        "3.5/10",
        "4 of 6 (67%)",
        "carry the shopping",
        "night pain",
        "Could I try swimming?",
        "PEG",
        "PSFS",
    ):
        assert words in out, words


@pytest.mark.usefixtures("with_history")
@pytest.mark.parametrize(("columns", "width"), [("40", 60), ("60", 60), ("72", 72), ("100", 100), ("150", 100)])
def test_text_follows_the_terminal_width_from_60_to_100(
    columns: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = ok("report", *PERIOD).stdout
    assert width - 10 < max(len(line) for line in out.splitlines()) <= width
    assert "…" not in out and "4 of 6 (67%)" in " ".join(out.split())


@pytest.mark.usefixtures("with_history")
def test_a_text_report_written_to_a_file_is_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # the terminal's width is not the file's
    target = tmp_path / "report.txt"
    assert run("report", *PERIOD, "--output", str(target)).exit_code == 0
    assert 70 < max(len(line) for line in target.read_text().splitlines()) <= 80


@pytest.mark.usefixtures("with_history")
def test_the_text_report_is_what_rich_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report is written as plain lines where `render.plain` lays a piece out as
    Rich would, and drawn by Rich where it declines (here: wide characters in a question
    and a ladder step, a word longer than a line): the same characters as drawing every
    piece through Rich, at each width."""
    ok("ask", "Is 日本の散歩 fine? " + "x" * 90, "--at", "2026-11-20 19:30")
    ok("ladder", "add", "walk to 公園 and back", "--fear", "30")
    for columns in ("60", "80", "100"):
        monkeypatch.setenv("COLUMNS", columns)
        written = ok("report", *PERIOD).stdout
        with monkeypatch.context() as rich_only:
            for name in ("wrap", "printed", "fitted_table"):
                rich_only.setattr(plain, name, lambda *args: None)
            drawn = ok("report", *PERIOD).stdout
        assert written == drawn
        assert "公園" in written and "x" * 90 in written


@pytest.mark.usefixtures("with_history")
def test_markdown_reads_as_plain_text() -> None:
    out = ok("report", *PERIOD, "--format", "md").stdout
    assert out.startswith("# paceit report: 2026-11-09 to 2026-11-21")
    assert "| 2026-11-09       |  5.3 |   4-6 |       3 |   6.0 |  5.0 |       - |" in out
    assert "| 2026-11-16 (6 d) |  3.7 |   3-4 |       3 |   6.0 |  5.0 |       - |" in out
    assert "- Could I try swimming?" in out or "2026-11-20: Could I try swimming?" in out
    assert "\\-" not in out and "\\>" not in out


@pytest.mark.usefixtures("with_history")
def test_html_is_well_formed_self_contained_with_a_chart_per_series() -> None:
    out = ok("report", *PERIOD, "--format", "html").stdout
    root = ET.fromstring(out.split("\n", 1)[1])  # after the doctype line
    charts = [el for el in root.iter() if el.tag == "svg"]
    titles = [el.findtext("title") for el in charts]
    assert len(charts) == 4 and any("pain" in t for t in titles) and any("walking" in t for t in titles)
    assert "http" not in out and "<script" not in out and "@media print" in out
    assert not any(el.tag in {"img", "link", "iframe"} for el in root.iter())


FHIR_R4_SCHEMA = Path(__file__).parent / "fhir" / "fhir.schema.r4.json.gz"


@pytest.fixture(scope="module")
def r4() -> Any:
    """A validator for the official FHIR R4 JSON schema (draft-06, id .../json-schema/4.0),
    published by HL7 (CC0) and copied unchanged; see tests/fhir/README.md."""
    import gzip

    from jsonschema import Draft6Validator

    schema = json.loads(gzip.decompress(FHIR_R4_SCHEMA.read_bytes()))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    return Draft6Validator(schema)


def test_the_r4_schema_refuses_what_r4_has_not(r4: Any) -> None:
    """The check has teeth: an R4B/R5-only element and a wrong code are refused."""
    bundle = {"resourceType": "Bundle", "type": "collection", "issues": {"resourceType": "OperationOutcome"}}
    assert not r4.is_valid(bundle)  # Bundle.issues came with R4B
    observation = {"resourceType": "Observation", "status": "done", "code": {"text": "pain"}}
    assert not r4.is_valid(observation)
    assert r4.is_valid({**observation, "status": "final"})


@pytest.mark.usefixtures("with_history")
def test_fhir_bundle_is_valid_r4_with_pain_and_peg(r4: Any) -> None:
    from fhir.resources.R4B.bundle import Bundle

    doc = document("--format", "fhir")
    errors = sorted(r4.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:3]]
    Bundle.model_validate(doc)  # and the maintained FHIR library's (R4B) model
    assert doc["type"] == "collection"
    patient = doc["entry"][0]
    assert patient["resource"]["resourceType"] == "Patient"
    observations = [e["resource"] for e in doc["entry"][1:]]
    codes = [o["code"]["coding"][0]["code"] for o in observations]
    # 6 diary entries in the period; 2 PEG, each a panel, 3 items and a score.
    assert codes.count("72514-3") == 6
    assert [codes.count(c) for c in ("91148-7", "75893-8", "91145-3", "91146-1", "91147-9")] == [2, 2, 2, 2, 2]
    for o in observations:
        assert o["subject"]["reference"] == patient["fullUrl"] == o["performer"][0]["reference"]
        assert o["status"] == "final" and o["category"][0]["coding"][0]["code"] == "survey"
    urls = {e["fullUrl"] for e in doc["entry"]}
    panel = next(o for o in observations if o["code"]["coding"][0]["code"] == "91148-7")
    assert len(panel["hasMember"]) == 4 and all(m["reference"] in urls for m in panel["hasMember"])
    pains = sorted(o["valueInteger"] for o in observations if o["code"]["coding"][0]["code"] == "72514-3")
    assert pains == [3, 4, 4, 4, 6, 6]


@pytest.mark.usefixtures("with_history")
def test_output_is_private_and_never_overwritten_silently(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "report.html"
    result = run("report", *PERIOD, "--format", "html", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert "health data" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    first = target.read_text()
    target.write_text("mine")
    assert "--force" in fails("report", *PERIOD, "--output", str(target))
    assert target.read_text() == "mine"
    target.chmod(0o644)
    assert run("report", *PERIOD, "--format", "html", "--output", str(target), "--force").exit_code == 0
    assert target.read_text() == first and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["report.html"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--format", "docx"), "--format"),
        (("--paper", "a5"), "--paper"),
        (("--sections", "pain,weather"), "--sections"),
        (("--since", "2026-11-20", "--until", "2026-11-10"), "--since"),
        (("--until", "someday"), "--until"),
    ],
)
def test_bad_options_are_refused(args: tuple[str, ...], words: str) -> None:
    ok("pain", "3")
    assert words in fails("report", *args)


@pytest.fixture(scope="module")
def demo52(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A year of demo history, built once for the long-period tests."""
    path = tmp_path_factory.mktemp("demo52") / "demo.db"
    with pytest.MonkeyPatch.context() as patch, fixed_clock(patch):
        ok("--db", str(path), "demo", "--weeks", "52")
    yield path


def test_a_long_period_is_summarised_for_people_and_whole_in_json(demo52: Path) -> None:
    doc = json.loads(ok("--db", str(demo52), "report", "--since", "-52w", "--format", "json").stdout)
    period, pain = doc["period"], doc["pain"]
    assert period["summarised"] is True and period["steps_back_listed_from"] == "2026-10-25"
    # calendar weeks: the Sunday the diary began, then 52 weeks from Monday (the last under way)
    assert len(pain["weekly"]) == 53 and pain["weekly"][0]["days"] == 1 and pain["weekly"][-1]["days"] == 6
    assert pain["row_days"] == 28 and len(pain["rows"]) == 13
    # -52w asks for 365 days; the demo's diary began a day later, so the period starts there
    assert (period["days"], period["start"], period["asked_start"]) == (364, "2025-11-23", "2025-11-22")
    assert all(r["days"] == 28 for r in pain["rows"][1:-1])  # the first and last cut by the period
    assert sum(r["days"] for r in pain["rows"]) == 364
    backs = sum(1 for a in doc["activities"] for ch in a["changes"] if ch["step_back"])
    out = ok("--db", str(demo52), "report", "--since", "-52w").stdout
    text = " ".join(out.split())
    assert "A long period, so it is summarised" in text and "4 weeks from" in out
    listed = len(re.findall(r"^  - \d{4}-\d\d-\d\d step back", out, flags=re.M))
    counted = sum(int(n) for n in re.findall(r"Before 2026-10-25: (\d+) steps? back", text))
    assert listed + counted == backs and counted > listed
    assert "scores from" in text  # PEG and PSFS summed up, not listed one by one
    assert len(out.splitlines()) < 180


# The printed page counts (HTML by Chromium, and the PDF) are in test_report_pdf.py.


def test_the_print_css_keeps_sections_flowing_and_type_readable() -> None:
    from paceit.render.report_html import CSS

    printed = CSS.split("@media print", 1)[1]
    assert "section{break-inside:avoid}" not in CSS.replace(" ", "")  # a whole section never jumps a page
    assert "break-after:avoid" in CSS and "footer{break-before:avoid" in CSS
    sizes = [float(v) for v in re.findall(r"font-size:([\d.]+)pt", printed)]
    assert sizes and min(sizes) >= 9


@pytest.mark.usefixtures("with_history")
def test_each_format_goes_to_stdout_without_output() -> None:
    for fmt in ("text", "md", "html", "json", "fhir"):
        out = ok("report", *PERIOD, "--format", fmt).stdout
        assert out.strip(), fmt
    assert document("--format", "json")["period"]["start"] == "2026-11-09"


@pytest.mark.usefixtures("with_history")
def test_a_red_flag_shows_with_its_review() -> None:
    ok("redflag", "clear", "1", "--reviewed", "physio: nothing serious, carry on")
    [flag] = document("--format", "json")["red_flags"]
    assert (flag["code"], flag["reviewed_on"], flag["review"]) == (
        "night-pain",
        "2026-11-21",
        "physio: nothing serious, carry on",
    )
    out = ok("report", *PERIOD).stdout
    assert out.index("Red flags") < out.index("Pain, sleep and mood")  # safety first
    assert "reviewed 2026-11-21: physio: nothing serious" in out


def imported_by(args: list[str], db: Path) -> set[str]:
    """The paceit and heavy modules one real process imports to run `args`."""
    code = (
        "import sys, json\nfrom paceit.cli.app import app\n"
        f"app({args!r}, prog_name='paceit', standalone_mode=False)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('paceit', 'sqlmodel', 'pydantic')))))\n"
    )
    env = {**os.environ, "PACEIT_DB": str(db), "PACEIT_NOW": "2026-11-21T18:00:00+00:00"}
    proc = subprocess.run([sys.executable, "-c", code], env=child_env(env), capture_output=True, text=True, check=True)
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_daily_commands_never_load_the_report_and_report_loads_one_renderer(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    for args in (["pain", "3", "--ask", "a question"], ["log", "walking", "10"], ["next"]):
        loaded = imported_by(args, isolated_db)
        assert not {
            m for m in loaded if m.startswith(("paceit.report", "paceit.render.report", "sqlmodel", "pydantic"))
        }
    loaded = imported_by(["report", "--format", "json"], isolated_db)
    assert "paceit.render.report_json" in loaded
    assert not {"paceit.render.report_html", "paceit.render.report_text", "sqlmodel", "pydantic"} & loaded


def test_a_since_before_1900_names_the_earliest_day() -> None:
    ok("pain", "3")
    early = fails("report", "--since", "1800-01-01")
    assert early == "paceit: error: --since must be on or after 1900-01-01 (got '1800-01-01')"
    assert "must be a day like" in fails("report", "--since", "1800-13-01")  # malformed: the forms are named


# --- sleep judged by its change threshold, and monotony and strain -------------------------


def sleep_history(early: tuple[int, int], late: tuple[int, int]) -> None:
    """Sleep on two days of each window (PERIOD: the 9th-14th and the 16th-21st), with
    entries without sleep (the first opens the diary on the 9th) that must not count as 0."""
    ok("pain", "4", "--at", "2026-11-09 08:00")
    for day, sleep in [("10", early[0]), ("12", early[1]), ("17", late[0]), ("19", late[1])]:
        ok("pain", "4", "--sleep", str(sleep), "--at", f"2026-11-{day} 08:00")
    ok("pain", "4", "--at", "2026-11-19 20:00")


def test_the_report_judges_the_sleep_change_by_mid_sleep() -> None:
    sleep_history((3, 4), (6, 6))
    doc = document("--format", "json")
    sleep = doc["sleep"]
    # Daily means: first 6 days 3 and 4 -> 3.5; last 6 days 6 and 6 -> 6.0; +2.5 >= 2 (mid.sleep).
    assert (sleep["baseline"], sleep["recent"], sleep["change"]) == (3.5, 6.0, 2.5)
    assert sleep["baseline_days"] == ["2026-11-09", "2026-11-14"]
    assert sleep["recent_days"] == ["2026-11-16", "2026-11-21"]
    assert sleep["assessment"]["reaches_mid"] is True and sleep["assessment"]["direction"] == "better"
    assert sleep["assessment"]["threshold"] == "2 points" and "10 = best" in sleep["scale"]
    words = "Sleep is better, by at least the change that matters (2 points)."
    for fmt in ("text", "md", "html"):
        shown = unescape(" ".join(ok("report", *PERIOD, "--format", fmt).stdout.split()))
        assert "Sleep (10 = best): 3.5 in the first 6 days, 6.0 in the last 6 days, change +2.5." in shown, fmt
        assert words in shown and "paceit's default" in shown, fmt


def test_a_sleep_change_below_mid_sleep_may_be_day_to_day_variation() -> None:
    sleep_history((5, 5), (6, 7))
    sleep = document("--format", "json")["sleep"]
    assert sleep["change"] == 1.5 and sleep["assessment"]["reaches_mid"] is False
    text = " ".join(ok("report", *PERIOD).stdout.split())
    assert "Sleep is a little better, less than the change that matters (2 points): it may be day-to-day" in text
    # A clinician's 1 point makes the same change one that matters.
    ok("config", "set", "mid.sleep", "1", "--clinician")
    assert document("--format", "json")["sleep"]["assessment"]["reaches_mid"] is True


def test_no_sleep_logged_means_no_sleep_change() -> None:
    ok("pain", "4", "--at", "2026-11-09 08:00")
    ok("pain", "4", "--at", "2026-11-18 08:00")
    assert document("--format", "json")["sleep"] is None
    assert "Sleep (10 = best)" not in ok("report", *PERIOD).stdout


@pytest.mark.usefixtures("with_history")
def test_the_report_shows_monotony_and_strain_of_its_last_week_as_information_only() -> None:
    load = document("--format", "json")["monotony"]
    # The 15th-21st: Mon 16th 12 min x effort 3 = 36, Fri 20th 9 x 3 = 27, other days 0: load 63,
    # mean 9, population SD sqrt((36^2 + 27^2) / 7 - 9^2) = sqrt(208.29) = 14.43; monotony
    # 9 / 14.43 = 0.624; strain 63 x 0.6236 = 39.29.
    assert (load["week_start"], load["week_end"], load["load"], load["monotony"], load["strain"]) == (
        "2026-11-15",
        "2026-11-21",
        63,
        0.62,
        39.3,
    )
    assert load["information_only"] is True and load["sd"] == "population"
    for fmt in ("text", "md", "html"):
        shown = " ".join(ok("report", *PERIOD, "--format", fmt).stdout.split())
        assert "Monotony 0.62 and strain 39 from 2026-11-15 to 2026-11-21 (load 63)." in shown, fmt
        assert "never change your plan" in shown, fmt


@pytest.mark.usefixtures("with_history")
def test_trends_and_the_report_give_the_same_weekly_means_for_the_same_weeks() -> None:
    """One week convention (issue 18): calendar weeks from Monday in both, and each says so."""
    for day in range(1, 9):
        ok("pain", str(day % 5 + 2), "--sleep", "5", "--at", f"2026-11-{day:02d} 09:00")
    trends = json.loads(ok("trends", "--weeks", "3", "--json").stdout)["weeks"]
    report = json.loads(ok("report", "--since", "2026-11-02", "--format", "json").stdout)["pain"]["weekly"]
    assert [w["week_start"] for w in report] == [w["week_start"] for w in trends] == [
        "2026-11-02", "2026-11-09", "2026-11-16",
    ]  # fmt: skip
    assert [(w["mean"], w["n"]) for w in report] == [(t["pain"]["mean"], t["pain"]["n"]) for t in trends]
    assert "weeks start on Monday" in ok("trends", "--weeks", "3").stdout
    assert "Weeks are calendar weeks from Monday, the same weeks as 'paceit trends'" in " ".join(
        ok("report").stdout.split()
    )


@pytest.mark.usefixtures("with_history")
def test_fhir_has_its_timestamp_functional_tests_psfs_items_and_the_name(r4: Any) -> None:
    from fhir.resources.R4B.bundle import Bundle

    ok("config", "set", "report.name", "Ana López")
    ok("measure", "task", "sit-to-stand", "9", "--at", "2026-11-10")
    ok("measure", "task", "tug", "11.5", "--at", "2026-11-10")
    ok("measure", "task", "stair-climb", "20", "--at", "2026-11-12")
    doc = document("--format", "fhir")
    errors = sorted(r4.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:3]]
    Bundle.model_validate(doc)
    assert doc["timestamp"] == "2026-11-21T18:00:00+00:00"  # when the report was made, with its offset
    patient = doc["entry"][0]["resource"]
    assert patient["name"] == [{"text": "Ana López"}]
    observations = [e["resource"] for e in doc["entry"][1:]]
    by_code = {o["code"]["coding"][0]["code"]: o for o in observations}
    # LOINC where verified on loinc.org: 30-second sit-to-stand and timed up-and-go
    sts, tug = by_code["66247-8"], by_code["89423-8"]
    assert sts["code"]["coding"][0]["system"] == tug["code"]["coding"][0]["system"] == "http://loinc.org"
    assert (sts["valueQuantity"]["value"], sts["effectiveDateTime"]) == (9, "2026-11-10")
    assert (tug["valueQuantity"]["value"], tug["valueQuantity"]["code"]) == (11.5, "s")
    assert sts["category"][0]["coding"][0]["code"] == "exam"
    # no verified code for the stair climb: paceit's own code system, with the words in code.text
    stairs = by_code["functional-test"]
    assert stairs["code"]["coding"][0]["system"].startswith("urn:uuid:") and "stair-climb" in stairs["code"]["text"]
    # PSFS: a score whose members are the items, each with the activity the person chose as text
    scores = [o for o in observations if o["code"]["coding"][0]["code"] == "psfs-score"]
    assert [s["valueQuantity"]["value"] for s in scores] == [pytest.approx(11 / 3, abs=0.01), 5.0]
    urls = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    items = [urls[m["reference"]] for m in scores[0]["hasMember"]]
    assert [(i["code"]["text"].split(" (")[0], i["valueInteger"]) for i in items] == [
        ("PSFS: stairs", 3), ("PSFS: gardening", 2), ("PSFS: cooking", 6),
    ]  # fmt: skip
    ok("config", "set", "report.name", "default")
    assert "name" not in document("--format", "fhir")["entry"][0]["resource"]
