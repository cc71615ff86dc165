"""The report's pain section: the weekly rows, and early against recent pain.

Pure: the rows come aggregated from SQL (`report_queries.diary_rows`); the windows,
the change and the words about flares are computed here.

Readings written down (the conservative ones):
- Rows are calendar weeks from Monday, the same weeks as `paceit trends` (so both
  give the same weekly means), or blocks of 4 such weeks in a period longer than 12
  weeks (so a long report stays short). The first row is cut by the period's start
  and the last by its end, and each then says how many days it holds (see
  `row_spans`). Rows without an entry are shown empty.
- "Early" is the first two weeks of the period and "recent" its last two weeks
  (each half of the period when it is shorter than 28 days): the mean of the
  morning pain (the first entry from 04:00 to noon, the rules' own measure) over
  the days that have one. Morning pain, because the time of day an entry is made
  moves a daily mean (an evening entry after a busy day is higher), so a change in
  logging habits would look like a change in pain. When either window has no
  morning entry, the daily mean pain is used instead and the words say so
  (`basis`). The change is computed from the unrounded means and judged against
  the pain MID (2 points or 30 %, clinical-rules §6).
- A flare overlapping either window, or ending in the 7 days before the early one,
  is named next to the change: then the change partly measures a flare or the
  recovery from it, not the treatment.
- When the diary began before the period, its own first two weeks are offered as
  a second starting point (the pain before paceit's plan had much effect),
  compared with the same recent two weeks.
- Sleep (0 = worst, 10 = best) is compared over the same two windows, the same way
  (the mean of the daily mean sleep over the days it was given; an entry without
  sleep is not a 0), and judged by `mid.sleep` (default 2 points, paceit's own: no
  published threshold exists).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from paceit.flare import FlareScan
from paceit.outcomes import Change, pain_change, sleep_change
from paceit.recordtype import record

WINDOW_DAYS = 14
LONG_PERIOD_DAYS = 84  # 12 weeks: longer periods get 4-week rows
LONG_ROW_DAYS = 28
FLARE_NEAR_DAYS = 7


@record
class WeekRow:
    start: date
    mean: float | None
    min: int | None
    max: int | None
    n: int
    sleep: float | None
    mood: float | None
    fatigue: float | None
    end: date  # the row's last day: the first row may be cut short by the period's start

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@record
class DiaryComparison:
    """The diary's own first two weeks against the period's last two."""

    first_days: tuple[date, date]
    before: float
    after: float
    change: Change


@record
class PainSection:
    weekly: list[WeekRow]  # 7-day rows (the JSON contract's `weekly`)
    rows: list[WeekRow]  # the rows shown: `weekly`, or 4-week rows in a long period
    row_days: int
    baseline: float | None
    recent: float | None
    change: Change | None
    baseline_days: tuple[date, date]
    recent_days: tuple[date, date]
    window_days: int
    flare_notes: list[str]
    diary: DiaryComparison | None
    sleep: Change | None = None  # the same windows' mean sleep, judged by `mid.sleep`
    basis: str = "daily"  # "morning": the windows' means are of morning pain; "daily": of daily mean pain


def row_days(start: date, end: date) -> int:
    return LONG_ROW_DAYS if (end - start).days + 1 > LONG_PERIOD_DAYS else 7


def row_count(start: date, end: date, size: int) -> int:
    return len(row_spans(start, end, size))


def row_spans(start: date, end: date, size: int) -> list[tuple[date, date]]:
    """Rows of calendar weeks from Monday (`size` 7), as `paceit trends` shows them, or of
    `size // 7` such weeks in a long period, counted back from the week that holds `end`;
    oldest first. The first row is cut by `start` and the last by `end` (the week under
    way), and each says how many days it holds. In a long period, a first row of a
    quarter of a row or less (the extra day of `--since -52w`) joins the next one rather
    than standing alone on a day or two of entries; a week never does (it is a week of
    `trends`, which shows it too)."""
    row_start = end - timedelta(days=end.weekday() + size - 7)
    spans, row_end = [], end
    while row_start > start:
        spans.append((row_start, row_end))
        row_end, row_start = row_start - timedelta(days=1), row_start - timedelta(days=size)
    spans.append((start, row_end))
    if size > 7 and len(spans) > 1 and ((row_end - start).days + 1) * 4 <= size:
        spans[-2:] = [(start, spans[-2][1])]
    return spans[::-1]


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def rows_of(spans: Sequence[tuple[date, date]], found: Sequence[Mapping[str, Any]]) -> list[WeekRow]:
    """One row per span, from the SQL rows (keyed by their first day); empty where none."""
    by_start = {r["start"]: r for r in found}
    rows = []
    for first, last in spans:
        r = by_start.get(first.isoformat())
        if r is None:
            rows.append(WeekRow(first, None, None, None, 0, None, None, None, last))
            continue
        sleep, mood, fatigue = (_rounded(r[k]) for k in ("sleep", "mood", "fatigue"))
        rows.append(WeekRow(first, _rounded(r["mean"]), r["min"], r["max"], int(r["n"]), sleep, mood, fatigue, last))
    return rows


def windows(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date], int]:
    days = (end - start).days + 1
    size = WINDOW_DAYS if days >= 2 * WINDOW_DAYS else max(days // 2, 1)
    return (start, start + timedelta(days=size - 1)), (end - timedelta(days=size - 1), end), size


def _mean(daily: Mapping[date, float], span: tuple[date, date]) -> float | None:
    values = [v for d, v in daily.items() if span[0] <= d <= span[1]]
    return fmean(values) if values else None


def window_words(size: int, which: str) -> str:
    """'first two weeks', 'last 6 days', ..."""
    return f"{which} two weeks" if size == WINDOW_DAYS else f"{which} {size} day{'s' if size != 1 else ''}"


def flare_notes(scan: FlareScan, first: tuple[date, date], last: tuple[date, date], size: int) -> list[str]:
    notes = []
    for e in scan.episodes:
        end = e.end or last[1]
        span = f"{e.start} to {e.end}" if e.end else f"since {e.start}"
        if e.start <= first[1] and end >= first[0]:
            notes.append(
                f"A flare ({span}) falls in the {window_words(size, 'first')}: the change partly "
                "measures the flare and the recovery from it."
            )
        elif first[0] - timedelta(days=FLARE_NEAR_DAYS) <= end < first[0]:
            notes.append(
                f"A flare ended on {end}, just before the {window_words(size, 'first')}: the change "
                "partly measures the recovery from it."
            )
        if e.start <= last[1] and end >= last[0] and last[0] > first[1]:
            notes.append(f"A flare ({span}) falls in the {window_words(size, 'last')}, which raises recent pain.")
    return notes


def pain_section(
    *,
    start: date,
    end: date,
    settings: Mapping[str, Any],
    weekly: Sequence[Mapping[str, Any]],
    long_rows: Sequence[Mapping[str, Any]],
    daily_pain: Mapping[date, float],
    diary_start: Mapping[date, float],
    scan: FlareScan,
    daily_sleep: Mapping[date, float] | None = None,
    morning_pain: Mapping[date, float] | None = None,
) -> PainSection:
    """`weekly`/`long_rows`: SQL rows of 7 and 28 days (see `report_queries.diary_rows`);
    `diary_start`: daily mean pain over the diary's first two weeks; `daily_sleep`: daily
    mean sleep in the period."""
    first, last, size = windows(start, end)
    basis = "morning"
    baseline, recent = _mean(morning_pain or {}, first), _mean(morning_pain or {}, last)
    if baseline is None or recent is None:
        basis = "daily"
        baseline, recent = _mean(daily_pain, first), _mean(daily_pain, last)
    change = pain_change(baseline, recent, settings) if baseline is not None and recent is not None else None
    early_sleep, late_sleep = _mean(daily_sleep or {}, first), _mean(daily_sleep or {}, last)
    sleep = None
    if early_sleep is not None and late_sleep is not None:
        sleep = sleep_change(early_sleep, late_sleep, settings)
    week_rows = rows_of(row_spans(start, end, 7), weekly)
    days = row_days(start, end)
    rows = week_rows if days == 7 else rows_of(row_spans(start, end, days), long_rows)
    comparison = None
    recent_daily = _mean(daily_pain, last)  # the diary's start is read as daily means: compare like with like
    if diary_start and recent_daily is not None:
        opened = min(diary_start)
        diary_first = (opened, opened + timedelta(days=WINDOW_DAYS - 1))
        before = fmean(diary_start.values())
        if diary_first[1] < start:
            comparison = DiaryComparison(
                diary_first, round(before, 2), round(recent_daily, 2), pain_change(before, recent_daily, settings)
            )
    return PainSection(
        weekly=week_rows,
        rows=rows,
        row_days=days,
        baseline=None if baseline is None else round(baseline, 2),
        recent=None if recent is None else round(recent, 2),
        change=change,
        baseline_days=first,
        recent_days=last,
        window_days=size,
        flare_notes=flare_notes(scan, first, last, size) if change is not None else [],
        diary=comparison,
        sleep=sleep,
        basis=basis,
    )
