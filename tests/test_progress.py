"""Progress acknowledged (issue 15, item 5): morning pain, PEG and PSFS changes that reach
the change that matters (clinical-rules §6) become one calm line in `paceit next` and a
list in the report; smaller changes and worsenings are never praised.

The pure functions with hand-written data and as properties, then `next --json`, the
`next` text and `report --format json|text` on histories built with real commands. The
clock is fixed at Saturday 2026-11-21 18:00 UTC.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import fixed_clock, ok, read_json
from paceit.outcomes import Score, peg_change, track
from paceit.progress import (
    MIN_MORNINGS,
    NextProgressInputs,
    compare_mornings,
    diary_spans,
    measure_statement,
    next_progress,
    pain_statement,
    report_progress,
)
from paceit.records import DeclaredFlare, DiaryEntry, DiaryIndex
from paceit.settings import DEFAULTS

START = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def mornings(first: date, pains: list[int | None], minute: int = 8 * 60, flare: bool = False) -> list[DiaryEntry]:
    """One entry a day from `first` (None: nothing that day), at `minute` (08:00 by default)."""
    return [DiaryEntry(first + timedelta(days=i), minute, p, flare) for i, p in enumerate(pains) if p is not None]


# --- the pure part ------------------------------------------------------------------------------


def test_the_spans_are_the_first_and_last_14_days_only_when_they_do_not_overlap() -> None:
    # 2026-10-01 + 13 = 10-14; the planned day 10-28 - 13 = 10-15: they touch, not overlap.
    assert diary_spans(START, date(2026, 10, 28)) == (
        (START, date(2026, 10, 14)),
        (date(2026, 10, 15), date(2026, 10, 28)),
    )
    assert diary_spans(START, date(2026, 10, 27)) is None  # 10-14 would be in both
    assert diary_spans(START, date(2026, 9, 30)) is None  # before the diary began


def test_morning_means_leave_out_flare_days_and_entries_outside_the_morning() -> None:
    late = date(2026, 11, 8)
    diary = DiaryIndex.build(
        [
            *mornings(START, [6] * 7 + [5] * 7),
            DiaryEntry(START + timedelta(days=1), 20 * 60, 9),  # an evening entry: not the morning
            DiaryEntry(START + timedelta(days=2), 60, 1),  # 01:00 is last night; 08:00 is the morning
            *mornings(late, [3] * 14),
            DiaryEntry(START + timedelta(days=4), 7 * 60, 9, True),  # ticked flare at 07:00: day 4 left out
        ]
    )
    declared = [DeclaredFlare(date(2026, 11, 15), date(2026, 11, 16))]  # two of the last days left out
    spans = ((START, START + timedelta(days=13)), (late, late + timedelta(days=13)))
    found = compare_mornings(diary, declared, *spans, DEFAULTS)
    assert found is not None
    # First 14 days without day 4 (a ticked flare's first morning entry is the 07:00 one): 6 x 6 + 7 x 5 = 71
    # over 13 mornings = 5.4615; last 14 days without the 15th and 16th: 12 mornings of 3.
    assert (found.n_before, found.n_after, found.left_out) == (13, 12, 3)
    assert round(found.before, 4) == 5.4615 and found.after == 3.0
    # -2.4615: at least 2 points (and 45 %): a change that matters.
    assert found.change.reached and found.change.direction == "better"


def test_fewer_than_four_mornings_on_either_side_compare_nothing() -> None:
    late = date(2026, 11, 8)
    spans = ((START, START + timedelta(days=13)), (late, late + timedelta(days=13)))
    three = DiaryIndex.build([*mornings(START, [8, None, 8, None, 8]), *mornings(late, [2] * 14)])
    assert MIN_MORNINGS == 4 and compare_mornings(three, [], *spans, DEFAULTS) is None
    four = DiaryIndex.build([*mornings(START, [8, None, 8, None, 8, 8]), *mornings(late, [2] * 14)])
    assert compare_mornings(four, [], *spans, DEFAULTS) is not None


def test_the_pain_statement_gives_both_means_the_points_and_the_share() -> None:
    # 5.4 -> 3.125 by hand: -2.275 points (shown 2.3), 2.275 / 5.4 = 42.1 %, so "42 % lower".
    late = date(2026, 11, 8)
    diary = DiaryIndex.build([*mornings(START, [5, 6, 5, 6, 5]), *mornings(late, [3, 3, 3, 3, 3, 3, 3, 4])])
    spans = ((START, START + timedelta(days=13)), (late, late + timedelta(days=13)))
    found = compare_mornings(diary, [], *spans, DEFAULTS)
    assert found is not None and (round(found.before, 2), round(found.after, 3)) == (5.4, 3.125)
    words = {"late": "the last 14 days", "early": "in your diary's first 14 days"}
    text = pain_statement(found, subject="Your morning pain", **words)
    assert text == (
        "Your morning pain averaged 3.1 over the last 14 days, down from 5.4 in your diary's first 14 days "
        "(2.3 points, 42 % lower), a change that matters."
    )


def test_a_change_below_the_mid_or_a_worsening_is_never_praised() -> None:
    late = date(2026, 11, 8)
    spans = ((START, START + timedelta(days=13)), (late, late + timedelta(days=13)))
    # 5 -> 4: 1 point and 20 %, below both rules.
    words = {"subject": "s", "late": "l", "early": "e"}
    small = compare_mornings(
        DiaryIndex.build([*mornings(START, [5] * 6), *mornings(late, [4] * 6)]), [], *spans, DEFAULTS
    )
    assert small is not None and pain_statement(small, **words) is None
    worse = compare_mornings(
        DiaryIndex.build([*mornings(START, [3] * 6), *mornings(late, [6] * 6)]), [], *spans, DEFAULTS
    )
    assert worse is not None and worse.change.reached and pain_statement(worse, **words) is None
    assert measure_statement(peg_change(5.0, 4.5, DEFAULTS), date(2026, 10, 1), date(2026, 11, 1)) is None
    assert measure_statement(peg_change(4.0, 6.0, DEFAULTS), date(2026, 10, 1), date(2026, 11, 1)) is None
    assert measure_statement(None, date(2026, 10, 1), date(2026, 11, 1)) is None


def test_peg_and_psfs_statements_name_the_days_and_the_activities() -> None:
    peg = track("peg", [Score(START, 7.0), Score(date(2026, 11, 20), 5.0)], DEFAULTS).change
    assert measure_statement(peg, START, date(2026, 11, 20)) == (
        "Your PEG score (pain and how much it gets in the way) was 5.0 on 2026-11-20, down from 7.0 on "
        "2026-10-01 (2.0 points lower), a change that matters."
    )
    first = Score(START, 3.33, (("stairs", 2), ("gardening", 3), ("cooking", 5)))
    last = Score(date(2026, 11, 20), 5.67, (("Stairs", 5), ("gardening", 4), ("reading", 8)))
    psfs = track("psfs", [first, last], DEFAULTS).change
    assert measure_statement(psfs, START, date(2026, 11, 20), personal=False) == (
        "PSFS score on the activities chosen (Stairs, gardening) was 4.5 on 2026-11-20, up from 2.5 on "
        "2026-10-01 (2.0 points higher), a change that matters."
    )


def _inputs(before: list[int], after: list[int], pegs: list[Score], psfs: list[Score]) -> NextProgressInputs:
    day = date(2026, 11, 21)
    late = day - timedelta(days=13)
    diary = DiaryIndex.build([*mornings(START, list(before)), *mornings(late, list(after))])
    return NextProgressInputs(day, DEFAULTS, diary, [], START, pegs, psfs)


pains = st.lists(st.integers(0, 10), min_size=0, max_size=14)


@given(pains, pains, st.floats(0, 10), st.floats(0, 10))
def test_next_progress_only_ever_names_improvements_that_reach_the_mid(
    before: list[int], after: list[int], peg_first: float, peg_last: float
) -> None:
    pegs = [Score(START, round(peg_first, 2)), Score(date(2026, 11, 20), round(peg_last, 2))]
    lines = next_progress(_inputs(before, after, pegs, []))
    morning = [line for line in lines if "morning pain" in line]
    if morning:
        assert len(before) >= MIN_MORNINGS and len(after) >= MIN_MORNINGS
        b, a = sum(before) / len(before), sum(after) / len(after)
        assert a < b and (b - a >= 2 - 1e-9 or (b - a) / b >= 0.3 - 1e-9)
    peg = [line for line in lines if "PEG" in line]
    change = round(peg_last, 2) - round(peg_first, 2)
    assert bool(peg) == (change <= -1 + 1e-9)
    for line in lines:
        assert line.endswith("a change that matters.") and "!" not in line
        assert "worse" not in line and "push" not in line


@given(pains, pains, st.lists(st.integers(0, 10), min_size=3, max_size=3), st.lists(st.integers(0, 10), min_size=3))
def test_report_progress_names_only_improvements_that_reach_the_mid(
    before: list[int], after: list[int], first_items: list[int], last_items: list[int]
) -> None:
    late = date(2026, 11, 8)
    diary = DiaryIndex.build([*mornings(START, list(before)), *mornings(late, list(after))])
    first = Score(START, 0, tuple((f"a{i}", v) for i, v in enumerate(first_items)))
    last = Score(date(2026, 11, 20), 0, tuple((f"a{i}", v) for i, v in enumerate(last_items[:3])))
    psfs = track("psfs", [first, last], DEFAULTS)
    words = ("first two weeks", "last two weeks")
    spans = ((START, START + timedelta(days=13)), (late, late + timedelta(days=13)), *words)
    lines = report_progress(diary=diary, declared=[], windows=spans, measures=[psfs], settings=DEFAULTS)
    shared = min(len(first_items), len(last_items[:3]))
    gain = sum(last_items[:shared]) / shared - sum(first_items[:shared]) / shared
    assert any("PSFS" in line for line in lines) == (gain >= 2 - 1e-9)
    assert all(line.endswith("a change that matters.") for line in lines)


def test_next_progress_is_empty_without_history() -> None:
    day = date(2026, 11, 21)
    assert next_progress(NextProgressInputs(day, DEFAULTS, DiaryIndex.build([]), [], None, [], [])) == []


# --- `paceit next` ------------------------------------------------------------------------------


def progress_history() -> None:
    """Mornings of the diary's first 14 days (10-01 to 10-14) and of the last 14 days before
    Saturday 11-21 (11-08 to 11-21), with flare days left out of both, and PEG and PSFS."""
    for n in range(14):
        day = START + timedelta(days=n)
        if n == 4:
            ok("pain", "9", "--flare", "--at", f"{day} 08:00")  # a ticked flare day: left out
            continue
        ok("pain", "6" if n < 7 else "5", "--at", f"{day} 08:00")
    ok("pain", "9", "--at", "2026-10-02 20:00")  # an evening: not the morning
    for n in range(14):
        day = date(2026, 11, 8) + timedelta(days=n)
        ok("pain", "7" if day.day in (15, 16) else "3", "--at", f"{day} 08:00")
    ok("flare", "start", "--at", "2026-11-15 07:00")  # declared: the 15th and 16th are left out
    ok("flare", "end", "--at", "2026-11-16 20:00")
    ok("measure", "peg", "--pain", "7", "--enjoyment", "6", "--activity", "8", "--at", "2026-10-01 09:00")
    ok("measure", "peg", "--pain", "6", "--enjoyment", "6", "--activity", "6", "--at", "2026-10-20 09:00")
    ok("measure", "peg", "--pain", "5", "--enjoyment", "5", "--activity", "5", "--at", "2026-11-20 09:00")
    ok("measure", "psfs", "--item", "stairs=2", "--item", "gardening=3", "--item", "cooking=5", "--at", "2026-10-01")
    ok("measure", "psfs", "--item", "Stairs=5", "--item", "gardening=4", "--item", "reading=8", "--at", "2026-11-20")


def test_next_json_acknowledges_progress_with_the_numbers() -> None:
    progress_history()
    doc = read_json("next")
    assert {"date", "activities", "ladder", "flare", "red_flags"} <= set(doc)  # the contract's keys stay
    # First 14 days: 6 mornings of 6 (the 5th ticked) and 7 of 5 = 71 / 13 = 5.46; last 14 days:
    # 12 mornings of 3 (the declared 15th and 16th left out); -2.46 points, -2.46 / 5.46 = 45 %.
    # PEG 7.0 (10-01) -> 5.0 (11-20): -2 >= 1. PSFS on stairs and gardening: 2.5 -> 4.5, +2 >= 2.
    assert doc["progress"] == [
        "Your morning pain averaged 3.0 over the last 14 days, down from 5.5 in your diary's first 14 days "
        "(2.5 points, 45 % lower; flare days left out), a change that matters.",
        "Your PEG score (pain and how much it gets in the way) was 5.0 on 2026-11-20, down from 7.0 on "
        "2026-10-01 (2.0 points lower), a change that matters.",
        "Your PSFS score on the activities you chose (Stairs, gardening) was 4.5 on 2026-11-20, up from 2.5 "
        "on 2026-10-01 (2.0 points higher), a change that matters.",
    ]


def test_next_says_progress_on_one_line_starting_progress() -> None:
    progress_history()
    out = ok("next").stdout
    starts = [line for line in out.splitlines() if line.startswith("Progress:")]
    assert len(starts) == 1 and starts[0].startswith("Progress: your morning pain averaged 3.0")
    assert "PSFS" in " ".join(out.split())


def test_next_planned_earlier_counts_only_what_was_known_then() -> None:
    progress_history()
    # Planned on 2026-10-27: its last 14 days (10-14 to 10-27) overlap the first 14: no pain
    # statement; the PEG of 10-20 (6.0, down 1.0 from 7.0) is the latest by then.
    doc = read_json("next", "--date", "2026-10-27")
    assert doc["progress"] == [
        "Your PEG score (pain and how much it gets in the way) was 6.0 on 2026-10-20, down from 7.0 on "
        "2026-10-01 (1.0 point lower), a change that matters."
    ]


def test_no_progress_means_no_line_and_an_empty_list() -> None:
    for n in range(14):
        ok("pain", "5", "--at", f"{START + timedelta(days=n)} 08:00")
        ok("pain", "4", "--at", f"{date(2026, 11, 8) + timedelta(days=n)} 08:00")  # 1 point, 20 %: below
    assert read_json("next")["progress"] == []
    assert "Progress" not in ok("next").stdout


# --- the report ---------------------------------------------------------------------------------


def test_the_report_lists_progress_over_its_period_in_json_and_text() -> None:
    progress_history()
    doc = json.loads(ok("report", "--since", "2026-10-01", "--format", "json").stdout)
    # The period's first two weeks (10-01 to 10-14) and last two (11-08 to 11-21) are the
    # windows of the pain section; PEG and PSFS from the period's own measure changes.
    assert doc["progress"] == [
        "Morning pain averaged 3.0 over the last two weeks of this period, down from 5.5 over its first two "
        "weeks (2.5 points, 45 % lower; flare days left out), a change that matters.",
        "PEG score (pain and how much it gets in the way) was 5.0 on 2026-11-20, down from 7.0 on 2026-10-01 "
        "(2.0 points lower), a change that matters.",
        "PSFS score on the activities chosen (Stairs, gardening) was 4.5 on 2026-11-20, up from 2.5 on "
        "2026-10-01 (2.0 points higher), a change that matters.",
    ]
    text = ok("report", "--since", "2026-10-01").stdout
    flat = " ".join(text.split())
    assert "Progress: improvements that reach the change that matters" in flat
    assert "Morning pain averaged 3.0 over the last two weeks" in flat
    assert flat.index("Progress") < flat.index("Pain, sleep and mood")
    for fmt in ("md", "html"):
        shown = " ".join(ok("report", "--since", "2026-10-01", "--format", fmt).stdout.split())
        assert "Morning pain averaged 3.0" in shown and "PSFS score on the activities chosen" in shown


def test_a_short_report_period_with_too_few_mornings_says_nothing_of_pain_progress() -> None:
    progress_history()
    # 2026-11-15 to 11-21: windows of 3 days, fewer than 4 mornings each.
    doc = json.loads(ok("report", "--since", "2026-11-15", "--format", "json").stdout)
    assert not any("orning pain" in line for line in doc["progress"])


def test_the_progress_inputs_read_only_the_two_windows_and_the_first_and_latest_scores() -> None:
    """`today.progress_inputs` (the application layer) asks the reads for the two windows of
    `diary_spans` only (`record_queries.diary_over`): a morning between them is never read.
    The questionnaires come back as rows and are read with `outcomes.score_of`: the first and
    the latest of each kind, not the one between."""
    import os
    from pathlib import Path

    from paceit import db, today

    progress_history()
    ok("pain", "8", "--at", "2026-10-25 08:00")  # between the windows
    conn = db.connect_read_only(Path(os.environ["PACEIT_DB"]))
    try:
        found = today.progress_inputs(conn, day=date(2026, 11, 21), settings=DEFAULTS)
    finally:
        conn.close()
    windows = diary_spans(START, date(2026, 11, 21))
    assert windows is not None and found.first_day == START
    days = sorted(found.diary.by_day)
    assert date(2026, 10, 25) not in days
    assert all(any(a <= d <= b for a, b in windows) for d in days) and len(days) == 28
    assert [(s.day, s.score) for s in found.pegs] == [(START, 7.0), (date(2026, 11, 20), 5.0)]
    assert [(s.day, s.items[0]) for s in found.psfs] == [(START, ("stairs", 2)), (date(2026, 11, 20), ("Stairs", 5))]


def test_next_reads_only_the_declared_flares_over_its_two_windows(isolated_db: object) -> None:
    """On a diary of years, `next`'s progress line read every declared flare (and tested each
    day of its windows against all of them); it needs those covering a day of a window."""
    import sqlite3
    from pathlib import Path

    from paceit.record_queries import declared_flares, declared_flares_over

    ok("pain", "3", "--at", "2026-01-01 08:00")
    conn = sqlite3.connect(Path(str(isolated_db)))
    conn.row_factory = sqlite3.Row
    spans = [(date(2026, 1, 1), date(2026, 1, 14)), (date(2026, 11, 8), date(2026, 11, 21))]
    flares = [  # (start, end): before, across the first window's start, inside, between, across the last, open
        ("2025-12-01", "2025-12-20"), ("2025-12-28", "2026-01-02"), ("2026-01-10", "2026-01-11"),
        ("2026-05-01", "2026-05-09"), ("2026-11-01", "2026-11-08"), ("2026-11-15", None),
    ]
    with conn:
        for start, end in flares:
            conn.execute(
                "INSERT INTO flare (uuid, at_utc, day, utc_offset, end_day, created_utc) VALUES (?, ?, ?, 0, ?, ?)",
                (f"u-{start}", f"{start} 09:00:00", start, end, f"{start} 09:00:00"),
            )
    found = declared_flares_over(conn, spans)
    assert [f.start.isoformat() for f in found] == ["2025-12-28", "2026-01-10", "2026-11-01", "2026-11-15"]
    assert [f for f in declared_flares(conn) if f in found] == found  # the same records, in the same order
    assert declared_flares_over(conn, []) == []
