"""`paceit report`: the period it covers, flares before and in it, the starting point of the
pain comparison, functional tests and medicines, the load ratio, number formats and words.

The clock is fixed at Saturday 2026-11-21 18:00 UTC. The flare history: pain 3 every
morning from Fri 2026-10-23 (so the flare rule has its baseline), walking at Q = 10 min; a
red-zone session on Thu 11-05 steps the quota back to 9 min on Fri 11-06, which is also the
first day of a pain-defined flare (pain 6 on the 6th and 7th); the flare is recognised on
the 7th and halves the usual 9 min (to 5), ends after the 8th, and the rebuild brings walking back
to 9 min on Thu 11-12. On the day before the flare the quota was still 10 min: comparing
with that day, as paceit once did, the quota never "recovered".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import built_once, copy_built, fails, fixed_clock, ok
from paceit.outcomes import Change
from paceit.render import report_activity_words as aw
from paceit.render import report_common as c
from paceit.report import ActivitySection, QuotaChange


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def flare_history() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "12.5", "--every", "14", "--clinician",
       "--at", "2026-10-23")  # fmt: skip
    day = date(2026, 10, 23)
    while day <= date(2026, 11, 21):
        pain = "6" if day in (date(2026, 11, 6), date(2026, 11, 7)) else "3"
        ok("pain", pain, "--at", f"{day}T08:00")
        day += timedelta(days=1)
    for d in ("10-24", "10-26", "10-28", "10-30", "11-01", "11-03", "11-10", "11-12", "11-14", "11-16", "11-18"):
        ok("log", "walking", "10", "--pain-during", "1", "--at", f"2026-{d}T17:00")
    ok("log", "walking", "10", "--pain-during", "7", "--at", "2026-11-05T17:00")  # red: above the ceiling of 5


@pytest.fixture(scope="module")
def built_flare_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """flare_history(), written once for the module (43 commands), not in each of its tests."""
    return built_once(tmp_path_factory, flare_history)


@pytest.fixture
def with_flare_history(built_flare_history: Path, isolated_db: Path) -> Path:
    """The diary flare_history() writes, as this test's diary."""
    return copy_built(built_flare_history, isolated_db)


def report_json(*args: str) -> Any:
    return json.loads(ok("report", "--format", "json", *args).stdout)


# ---------------------------------------------------------------- flares (gap 1)


@pytest.mark.usefixtures("with_flare_history")
def test_a_flare_before_the_period_recovers_to_the_replays_own_pre_flare_quota() -> None:
    doc = report_json("--since", "2026-11-11")
    [flare] = doc["flares"]
    assert (flare["start"], flare["end"], flare["kind"], flare["before_period"]) == (
        "2026-11-06",
        "2026-11-08",
        "pain",
        True,
    )
    # back at 9 min (the usual quota the flare halved) on the 12th: 6 days after it began
    assert (flare["quota_back"], flare["recovery_days"], flare["days_in_period"]) == ("2026-11-12", 6, 0)
    assert (doc["flares_in_period"], doc["flare_days_in_period"]) == (0, 0)  # not this period's flare
    text = " ".join(ok("report", "--since", "2026-11-11").stdout.split())
    assert "No flare in this period." in text and "(before this period)" in text
    assert "still rebuilding" not in text and "back at their pre-flare level on 2026-11-12" in text


@pytest.mark.usefixtures("with_flare_history")
def test_a_flare_before_the_period_whose_recovery_ended_before_it_is_left_out() -> None:
    doc = report_json("--since", "2026-11-14")
    assert (doc["flares"], doc["flares_in_period"], doc["flare_days_in_period"]) == ([], 0, 0)
    assert "No flare in this period." in ok("report", "--since", "2026-11-14").stdout


@pytest.mark.usefixtures("with_flare_history")
def test_a_flare_in_the_period_counts_its_days_in_the_period() -> None:
    doc = report_json("--since", "2026-11-07")
    [flare] = doc["flares"]
    assert (flare["before_period"], flare["days"], flare["days_in_period"], flare["quota_back"]) == (
        False,
        3,
        2,
        "2026-11-12",
    )
    assert (doc["flares_in_period"], doc["flare_days_in_period"]) == (1, 2)
    text = " ".join(ok("report", "--since", "2026-11-07").stdout.split())
    assert "1 flare in this period, 2 flare days in it." in text and "3 days (2 in this period)" in text


# ------------------------------------------------------- the starting point (gap 12)


@pytest.mark.usefixtures("with_flare_history")
def test_the_early_window_is_named_and_a_flare_in_it_is_said() -> None:
    doc = report_json("--since", "2026-11-07")  # 15 days: halves of 7 days
    pain = doc["pain"]
    assert pain["baseline_label"] == "first 7 days of this period"
    assert pain["baseline_days"] == ["2026-11-07", "2026-11-13"]
    assert any("2026-11-06 to 2026-11-08" in note and "first 7 days" in note for note in pain["flare_notes"])
    # the diary's own first two weeks (23 Oct to 5 Nov, all 3/10) as a second starting point
    diary = pain["diary_baseline"]
    assert diary["days"] == ["2026-10-23", "2026-11-05"] and diary["baseline"] == 3.0
    text = " ".join(ok("report", "--since", "2026-11-07").stdout.split())
    assert "in the first 7 days of this period (2026-11-07 to 2026-11-13)" in text
    assert "falls in the first 7 days" in text
    assert "Since the diary began (daily mean pain): its first two weeks" in text


def test_a_six_week_report_names_its_first_two_weeks() -> None:
    ok("pain", "3", "--at", "2026-10-11T08:00")  # the diary began before the six weeks
    flare_history()
    text = " ".join(ok("report").stdout.split())
    assert "in the first two weeks of this period (2026-10-12 to 2026-10-25)" in text
    assert "in the last two weeks (2026-11-08 to 2026-11-21)" in text


# --------------------------------------------------------------- the period (gaps 2, 17)


@pytest.mark.usefixtures("with_flare_history")
def test_a_later_until_is_cut_to_today_and_the_period_says_so() -> None:
    ok("log", "walking", "10", "--pain-during", "1", "--at", "2026-11-20T17:00")
    asked = report_json("--since", "2026-10-24", "--until", "2026-12-31")
    today = report_json("--since", "2026-10-24")
    assert asked["period"]["end"] == "2026-11-21" and asked["period"]["asked_end"] == "2026-12-31"
    assert asked["activities"] == today["activities"] and asked["flares"] == today["flares"]
    changes = [ch["date"] for a in asked["activities"] for ch in a["changes"]]
    assert all(d <= "2026-11-21" for d in changes)  # no "welcome back" on a day to come
    text = ok("report", "--since", "2026-10-24", "--until", "2026-12-31").stdout
    assert "until today (asked: 2026-12-31)" in " ".join(text.split())


def test_a_since_after_today_is_refused() -> None:
    ok("pain", "3")
    assert "--since" in fails("report", "--since", "2026-12-01")


def test_today_counts_in_the_report_only_once_done() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "12.5", "--clinician", "--at", "2026-11-16")
    for day in range(16, 21):
        ok("log", "walking", "10", "--pain-during", "1", "--at", f"2026-11-{day}T17:00")
    [walking] = report_json("--since", "2026-11-16")["activities"]
    assert (walking["planned_days"], walking["done_days"]) == (5, 5)


# ------------------------------------------------------ the report of no diary (gap 16)


@pytest.mark.parametrize("command", [["report"], ["report", "--format", "json"], ["trends"], ["trends", "--json"]])
def test_report_and_trends_on_a_missing_diary_say_so_and_create_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nonexistent.db"
    line = fails("--db", str(missing), *command, code=1)
    assert f"there is no diary at {missing}" in line and "--db" in line
    assert not missing.exists() and list(tmp_path.iterdir()) == []


# ------------------------------------------------- function, medicines, load (gaps 10, 18)


def function_history() -> None:
    ok("measure", "task", "sit-to-stand", "9", "--at", "2026-10-01")  # before the period: the start
    ok("measure", "task", "sit-to-stand", "10", "--at", "2026-11-02")
    ok("measure", "task", "sit-to-stand", "12", "--at", "2026-11-16")
    ok("measure", "task", "up-and-go", "9.5", "--at", "2026-11-03")
    ok("measure", "task", "up-and-go", "10.5", "--at", "2026-11-17")
    ok("measure", "task", "stair-climb", "20", "--at", "2026-09-01")  # nothing in the period: left out
    ok("med", "ibuprofen", "--dose", "400 mg", "--at", "2026-11-18T08:00")
    ok("med", "ibuprofen", "--at", "2026-11-18T20:00")  # one day, however many doses
    ok("med", "ibuprofen", "--at", "2026-11-19T08:00")
    ok("med", "naproxen", "--regular", "--at", "2026-11-20T08:00")
    ok("pain", "4", "--at", "2026-11-20T09:00")


def test_functional_tests_and_medicines_in_json() -> None:
    function_history()
    doc = report_json()
    tests = {t["name"]: t for t in doc["functional_tests"]}
    assert set(tests) == {"sit-to-stand", "up-and-go"}
    sts, tug = tests["sit-to-stand"], tests["up-and-go"]
    assert (sts["first"], sts["first_date"], sts["latest"], sts["improvement"], sts["direction"]) == (
        9,
        "2026-10-01",
        12,
        3,
        "better",
    )
    assert sts["results_in_period"] == 2
    # a slower up-and-go is worse: lower is better
    assert (tug["better"], tug["improvement"], tug["direction"]) == ("lower", -1, "worse")
    assert doc["medicines"] == [
        {"name": "ibuprofen", "schedule": "as-needed", "days": 2},
        {"name": "naproxen", "schedule": "regular", "days": 1},
    ]
    assert "400" not in json.dumps(doc)  # doses are never part of the report


def test_functional_tests_and_medicines_in_every_human_format_and_not_in_fhir() -> None:
    function_history()
    for fmt in ("text", "md", "html"):
        out = " ".join(ok("report", "--format", fmt).stdout.split())
        assert "sit-to-stand (stands; higher is better): 9 on 2026-10-01, 12 on 2026-11-16: +3, better." in out, fmt
        assert "up-and-go (s; lower is better): 9.5 on 2026-11-03, 10.5 on 2026-11-17: +1, worse." in out, fmt
        assert "ibuprofen (as needed) 2; naproxen (regular) 1" in out, fmt
        assert "never advises" in out, fmt
    fhir = ok("report", "--format", "fhir").stdout
    assert "sit-to-stand" not in fhir and "ibuprofen" not in fhir


def test_the_load_ratio_is_shown_as_information_only() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "25", "--clinician", "--at", "2026-10-10")
    day = date(2026, 10, 10)
    while day <= date(2026, 11, 21):
        ok("log", "walking", "20", "--effort", "3", "--pain-during", "1", "--at", f"{day}T17:00")
        day += timedelta(days=1)
    load = report_json()["load_ratio"]
    assert load["ratio"] == 1.0 and load["information_only"] is True and "never changes your plan" in load["caveat"]
    for fmt in ("text", "md", "html"):
        out = " ".join(ok("report", "--format", fmt).stdout.split())
        assert "Acute:chronic load ratio 1.00" in out and "not validated in chronic pain" in out, fmt


# ------------------------------------------------------------- words and numbers (gap 11)


@pytest.mark.usefixtures("with_flare_history")
def test_means_have_one_decimal_and_dates_are_iso() -> None:
    out = ok("report", "--since", "2026-11-01").stdout
    text = " ".join(out.split())
    assert re.search(r": 3\.\d/10 in the first", text) and re.search(r"3\.0/10 in the last \w+ days \([^)]*\)\.", text)
    # the rebuild, ISO dates, "in min"; the red session of 11-05 held at Q0 10 (rules v2), so 10 -> 5 -> 8 -> 10
    assert "Moved up, in min: 2026-11-10 5→8, 2026-11-12 8→10." in text
    assert "(min):" not in text and not re.search(r"\d\d-[A-Z][a-z]{2}", text)
    table = [line for line in out.splitlines() if line.startswith("2026-")]
    assert table and all(re.fullmatch(r"\S+( \(\d+ d\))?\s+(\d\.\d|-)\s+.*", line) for line in table)


@pytest.mark.usefixtures("with_flare_history")
def test_wrapped_bullet_lines_hang_under_their_text() -> None:
    ok("ask", "A question long enough to need a second line in an eighty column terminal, or even a third one")
    lines = ok("report", "--since", "2026-11-01").stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "A question long enough" in line)
    assert lines[first].startswith("  - ") and lines[first + 1].startswith("    ") and lines[first + 1][4] != " "


def test_the_ladder_note_reads_as_a_sentence() -> None:
    ok("ladder", "add", "carry the shopping", "--fear", "40")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--happened", "no", "--at", "2026-11-18")
    for fmt in ("text", "md", "html"):
        out = " ".join(ok("report", "--format", fmt).stdout.split())
        assert "happened in." not in out and "the trials in which the feared outcome happened" in out, fmt


def _activity(changes: list[QuotaChange]) -> ActivitySection:
    return ActivitySection("walking", "min", date(2026, 11, 1), 5, 5, 4, "reduce", 10, 9, changes, [])


def test_a_step_back_that_leaves_the_quota_where_it_was_says_so() -> None:
    reason = (
        "Stepping back: your session on 2026-11-10 was in the red zone (pain during 7/10 was above the ceiling "
        "of 5). Today's amount is 0.9 x the quota: it stays at 4 min, the smallest step."
    )
    change = QuotaChange(date(2026, 11, 11), "reduce", 4, 4, reason)
    line = aw.change_line(_activity([change]), change)
    assert line.startswith("2026-11-11 step back: stayed at 4 min (smallest step).")
    assert "→" not in line and "red zone" in line


def test_a_change_line_goes_on_in_lower_case_after_its_colon() -> None:
    flare = QuotaChange(
        date(2026, 11, 11), "reduce", 3, 5,
        "A flare began on 2026-11-11 (declared by you): today's amount is 0.5 x your usual 5 reps, held until it "
        "settles. Smaller, not nothing.",
    )  # fmt: skip
    assert aw.change_line(_activity([flare]), flare) == (
        "2026-11-11 step back, 5 min → 3 min: a flare began on 2026-11-11 (declared by you)."
    )
    red = QuotaChange(date(2026, 11, 12), "reduce", 4, 5, "Stepping back: your session on 2026-11-11 was red.")
    assert aw.change_line(_activity([red]), red).endswith("5 min → 4 min: your session on 2026-11-11 was red.")
    assert aw.after_colon("PEG rose") == "PEG rose" and aw.after_colon("R2 failed") == "R2 failed"


def test_a_change_that_misses_its_mid_never_rounds_up_to_it() -> None:
    near = Change("pain", 5.47, 3.49, -1.98, -36.2, True, "better", "2 points or 30%", "x", (), 2, 30)
    missed = Change("pain", 6.6, 4.62, -1.98, -29.96, False, "better", "2 points or 30%", "x", (), 2, 30)
    assert c.change_words(near) == "-2.0 (-36.2%)"
    assert c.change_words(missed) == "-1.98 (-29.96%)"


# ------------------------------------------------------------ rows of the period (gap 3, 17)


@given(
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.integers(1, 800),
    st.sets(st.integers(0, 799), max_size=60),
)
def test_rows_cover_the_period_and_sql_puts_each_day_in_its_row(end: date, days: int, logged: set[int]) -> None:
    import sqlite3

    from paceit.report_pain import row_days, row_spans
    from paceit.report_queries import diary_rows

    start = end - timedelta(days=days - 1)
    size = row_days(start, end)
    spans = row_spans(start, end, size)
    assert spans[0][0] == start and spans[-1][1] == end
    assert all(b[0] == a[1] + timedelta(days=1) for a, b in pairwise(spans))
    # calendar weeks from Monday (or blocks of 4 of them): every row but the first starts on a
    # Monday, every row but the last ends on a Sunday, and the rows between are whole
    assert all(s.weekday() == 0 for s, _ in spans[1:]) and all(e.weekday() == 6 for _, e in spans[:-1])
    assert all((e - s).days + 1 == size for s, e in spans[1:-1])
    assert (spans[-1][1] - spans[-1][0]).days + 1 <= size
    first = (spans[0][1] - spans[0][0]).days + 1
    if len(spans) > 1:
        assert first <= size if size == 7 else size / 4 < first <= size + size / 4
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE pain_entry (day TEXT, pain INTEGER, sleep INTEGER, mood INTEGER, fatigue INTEGER)")
    entries = [start + timedelta(days=d) for d in logged if d < days]
    conn.executemany("INSERT INTO pain_entry VALUES (?, 5, NULL, NULL, NULL)", [(d.isoformat(),) for d in entries])
    found = {r["start"]: r["n"] for r in diary_rows(conn, spans=spans, size=size)}
    expected = {s.isoformat(): sum(s <= d <= e for d in entries) for s, e in spans}
    assert found == {k: n for k, n in expected.items() if n}
