"""Progress acknowledged: improvements of morning pain, PEG and PSFS that reach the
change that matters (clinical-rules §6), as plain, calm statements for `paceit next`
(one line) and the report (a short list).

Readings written down (the conservative ones):
- Only an improvement that reaches its minimal important difference is named
  (`outcomes.pain_change`, `peg_change`, `psfs_change`: pain 2 points or 30 %, PEG 1
  point, PSFS 2 points on the same activities). A smaller change, no change or a
  worsening gives no statement: nothing is praised that may be day-to-day variation,
  and a worsening is for the pain section and the plan's reasons, not for this line.
- Morning pain is the first diary entry of a day logged from 04:00 to before 12:00
  (`records.DiaryIndex.morning`); a window's value is the mean of its mornings.
- `next` compares the diary's first 14 days (from its first pain entry) with the 14
  days ending on the planned day, only when the two do not overlap (a comparison of a
  window with itself says nothing), and only with at least `MIN_MORNINGS` (4) mornings
  in each: a mean of one or two mornings is mostly the day's own swing.
- Days ticked `--flare` and days inside a declared flare (`flare start` to its end, or
  to the planned day while open) are left out of both windows: a flare is a passing
  episode, not the usual level, and a flare in the first weeks would make the later
  weeks look better than the person's course really is (recovery from a flare is not
  progress). Days of a flare detected only from pain are not left out: they are
  found from high pain itself, so leaving them out would drop exactly the worst days
  from the recent window and flatter the comparison. When days were left out, the
  statement says so.
- PEG: the first score ever against the latest by the planned day; PSFS the same, on
  the activities both share. The report compares the period's own changes instead
  (`report.measure_sections`), and its morning pain over the pain section's windows.

Pure: plain records and settings in, strings out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from paceit.exact_stats import fmean  # statistics.fmean by its steps, without loading statistics (issue 19)
from paceit.outcomes import Change, Score, Tracked, pain_change, track
from paceit.records import DeclaredFlare, DiaryIndex
from paceit.recordtype import record

MIN_MORNINGS = 4  # mornings needed in each window
WINDOW_DAYS = 14
MATTERS = "a change that matters"

Span = tuple[date, date]


@record
class MorningComparison:
    """Mean morning pain of two windows, flare days left out, and the change between them."""

    early: Span
    late: Span
    before: float  # unrounded means
    after: float
    n_before: int
    n_after: int
    left_out: int  # flare days with a morning entry, left out of the two windows
    change: Change


def diary_spans(first_day: date, day: date, size: int = WINDOW_DAYS) -> tuple[Span, Span] | None:
    """The diary's first `size` days and the `size` days ending on `day`; None when they overlap."""
    early = (first_day, first_day + timedelta(days=size - 1))
    late = (day - timedelta(days=size - 1), day)
    return (early, late) if early[1] < late[0] else None


def _flare_day(day: date, diary: DiaryIndex, declared: Sequence[DeclaredFlare], until: date) -> bool:
    if diary.self_reported_flare(day):
        return True
    return any(f.start <= day <= (f.end or until) for f in declared)


def flare_free_mornings(
    diary: DiaryIndex, declared: Sequence[DeclaredFlare], span: Span, until: date
) -> tuple[list[int], int]:
    """The mornings of `span`, and how many flare days with a morning were left out
    (a declared flare still open runs to `until`)."""
    values, left_out, day = [], 0, span[0]
    while day <= span[1]:
        value = diary.morning(day)
        if value is not None:
            if _flare_day(day, diary, declared, until):
                left_out += 1
            else:
                values.append(value)
        day += timedelta(days=1)
    return values, left_out


def compare_mornings(
    diary: DiaryIndex,
    declared: Sequence[DeclaredFlare],
    early: Span,
    late: Span,
    settings: Mapping[str, Any],
    min_mornings: int = MIN_MORNINGS,
) -> MorningComparison | None:
    """Mean morning pain of `early` against `late`; None when the windows overlap or
    either holds fewer than `min_mornings` mornings outside a flare."""
    if early[1] >= late[0]:
        return None
    first, out_first = flare_free_mornings(diary, declared, early, late[1])
    last, out_last = flare_free_mornings(diary, declared, late, late[1])
    if len(first) < min_mornings or len(last) < min_mornings:
        return None
    before, after = fmean(first), fmean(last)
    change = pain_change(before, after, settings)
    return MorningComparison(early, late, before, after, len(first), len(last), out_first + out_last, change)


def _improved(change: Change | None) -> bool:
    return change is not None and change.reached and change.direction == "better"


def _points(value: float) -> str:
    shown = f"{abs(value):.1f}"
    return f"{shown} point" if shown == "1.0" else f"{shown} points"


def pain_statement(found: MorningComparison, *, subject: str, late: str, early: str) -> str | None:
    """'Your morning pain averaged 3.1 over the last 14 days, down from 5.4 in your diary's
    first 14 days (2.3 points, 43 % lower), a change that matters.'; None unless improved."""
    c = found.change
    if not _improved(c):
        return None
    share = f", {abs(c.percent):.0f} % lower" if c.percent is not None else ""
    flares = "; flare days left out" if found.left_out else ""
    return (
        f"{subject} averaged {found.after:.1f} over {late}, down from {found.before:.1f} {early} "
        f"({_points(c.change)}{share}{flares}), {MATTERS}."
    )


def measure_statement(change: Change | None, first: date, last: date, *, personal: bool = True) -> str | None:
    """A PEG or PSFS improvement that reaches its MID, from the score of `first` to that of
    `last`; None otherwise."""
    if change is None or not _improved(change):
        return None
    own = "Your " if personal else ""
    if change.measure == "peg":
        name = f"{own}PEG score (pain and how much it gets in the way)"
        way = "down"
    else:
        chose = "you chose" if personal else "chosen"
        name = f"{own}PSFS score on the activities {chose} ({', '.join(change.items)})"
        way = "up"
    lower = "lower" if way == "down" else "higher"
    return (
        f"{name} was {change.after:.1f} on {last}, {way} from {change.before:.1f} on {first} "
        f"({_points(change.change)} {lower}), {MATTERS}."
    )


def _tracked_statement(tracked: Tracked, *, personal: bool) -> str | None:
    if len(tracked.scores) < 2:
        return None
    return measure_statement(tracked.change, tracked.scores[0].day, tracked.scores[-1].day, personal=personal)


@record
class NextProgressInputs:
    """What `next` reads for its progress line (see `today.progress_inputs`)."""

    day: date
    settings: Mapping[str, Any]
    diary: DiaryIndex  # at least the entries of the two windows
    declared: Sequence[DeclaredFlare]
    first_day: date | None  # the day of the diary's first pain entry
    pegs: Sequence[Score]  # the first and the latest PEG by `day` (or fewer)
    psfs: Sequence[Score]  # the first and the latest PSFS by `day` (or fewer)


def next_progress(inputs: NextProgressInputs) -> list[str]:
    """The `progress` statements of `next --json`: morning pain, PEG, PSFS, in that order."""
    found: list[str | None] = []
    spans = diary_spans(inputs.first_day, inputs.day) if inputs.first_day else None
    if spans is not None:
        mornings = compare_mornings(inputs.diary, inputs.declared, *spans, inputs.settings)
        if mornings is not None:
            words = {"late": "the last 14 days", "early": "in your diary's first 14 days"}
            found.append(pain_statement(mornings, subject="Your morning pain", **words))
    for kind, scores in (("peg", inputs.pegs), ("psfs", inputs.psfs)):
        found.append(_tracked_statement(track(kind, scores, inputs.settings), personal=True))
    return [line for line in found if line]


def report_progress(
    *,
    diary: DiaryIndex,
    declared: Sequence[DeclaredFlare],
    windows: tuple[Span, Span, str, str],
    measures: Sequence[Tracked],
    settings: Mapping[str, Any],
) -> list[str]:
    """The report's `progress`: morning pain over the pain section's windows (`windows`:
    early, late, and their words), then each measure's change in the period."""
    early, late, early_words, late_words = windows
    found: list[str | None] = []
    mornings = compare_mornings(diary, declared, early, late, settings)
    if mornings is not None:
        words = {"late": f"the {late_words} of this period", "early": f"over its {early_words}"}
        found.append(pain_statement(mornings, subject="Morning pain", **words))
    found += [_tracked_statement(t, personal=False) for t in measures if t.measure in {"peg", "psfs"}]
    return [line for line in found if line]
