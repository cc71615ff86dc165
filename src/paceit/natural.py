"""Natural times and durations: a small grammar of our own, read only when the strict
forms of `parse.py` do not match.

Why not a library (dateparser, parsedatetime): they guess. dateparser takes "1:15" as
a clock time, "monday" as a date in the future or the past depending on settings, and
almost any word as *something*; it also costs about 0.3 s to import. A health diary
must never silently misread a time, so paceit reads exactly these forms and refuses
everything else with the list of what it accepts:

    moments  3h ago · 90 min ago · 1 hour 15 min ago              (now minus that)
             DAY · DAY TIME · TIME DAY · DAY at TIME · TIME          (TIME alone: today)
             this morning · this afternoon · this evening · tonight · last night
    DAY      today · yesterday · N days ago · N weeks ago · a week ago · last monday
             · monday (the latest Monday, today included) · -3d · 2026-11-20
    TIME     18:00 · 8am · 8:30pm · 8 pm · noon · morning · afternoon · evening · night
    amounts  1 hour · 1.5 hours · 90 min · 1 hour 15 min · 1 hr 15 mins · 45 seconds
             · 1:15 (hours and minutes) · 1:15:30

Choices, each the conservative reading:
- "last monday" is the latest Monday *before* today (1 to 7 days ago), as GNU date
  reads it; a bare "monday" is the latest Monday, today included. Every command
  echoes the date it stored, so the reading is always visible.
- "12am" and "12pm" are refused: people read them both ways; "00:00", "noon" and
  "12:00" are not ambiguous.
- A part of the day stands for one time in it (morning 08:00, afternoon 15:00,
  evening 19:00, night 22:00): 08:00 lies in the clinical rules' morning (04:00-12:00),
  so "this morning" records a morning reading. Today, while that part is under way and
  its time not yet reached, it is now instead (the same rule as a day without a time).
- "2 days ago" is a day (stored at 12:00 like "-2d"); "3h ago" is a moment.
- "1:15" as an amount is 1 hour 15 minutes (a clock's reading), never 1 min 15 s.

Pure and cheap: only `re` and `datetime`; `now` and `today` are parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
# A part of the day: (the time it stands for, the time it starts).
PARTS = {
    "morning": (time(8, 0), time(4, 0)),
    "afternoon": (time(15, 0), time(12, 0)),
    "evening": (time(19, 0), time(17, 0)),
    "night": (time(22, 0), time(20, 0)),
}
HOURS = ("h", "hr", "hrs", "hour", "hours")
MINUTES = ("m", "min", "mins", "minute", "minutes")
SECONDS = ("s", "sec", "secs", "second", "seconds")
MAX_DAYS = 99_999  # as the strict -Nd form: 5 digits

_CLOCK24 = re.compile(r"^(\d{1,2}):(\d{2})$", re.ASCII)
_AMPM = re.compile(r"^(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\.?$", re.ASCII)
_AGO_DAYS = re.compile(r"^(\d{1,5}|[a-z]+) (days?|weeks?) ago$", re.ASCII)
_STRICT_DAY = re.compile(r"^(?:-(\d{1,5})([dw])|(\d{4}-\d{2}-\d{2}))$", re.ASCII)
_AMOUNT = re.compile(r"(\d{1,6}(?:\.\d{1,4})?|[a-z]+) ?([a-z]+)", re.ASCII)
_HMS = re.compile(r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$", re.ASCII)


class Ambiguous(ValueError):
    """A form paceit knows and refuses to guess (12am, 12pm): the message says what to write."""


@dataclass(frozen=True)
class Reading:
    """What a natural `--at` names: a day and maybe a time of day, or a span before now.

    `clock` None: the day without a time (parse.py stores it at 12:00). `starts`: for a
    part of the day, when it begins (see the module docstring)."""

    day: date | None = None
    clock: time | None = None
    starts: time | None = None
    ago: timedelta | None = None


def normal(text: str) -> str:
    """Lower case, single spaces, no spaces at either end."""
    return " ".join(text.lower().split())


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return COUNTS.get(word)


def day(text: str, *, today: date) -> date | None:
    """A day in words (`yesterday`, `3 days ago`, `last monday`, `mon`), or the strict
    forms (`-3d`, `2026-11-20`), or None. A count too large for the calendar is None."""
    raw = normal(text)
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    strict = _STRICT_DAY.match(raw)
    if strict:
        if strict[3]:
            try:
                return date.fromisoformat(strict[3])
            except ValueError:
                return None
        return _back(today, int(strict[1]) * (7 if strict[2] == "w" else 1))
    ago = _AGO_DAYS.match(raw)
    if ago:
        count = _count(ago[1])
        return None if count is None else _back(today, count * (7 if ago[2].startswith("week") else 1))
    words = raw.split(" ")
    if len(words) == 2 and words[0] == "last" and words[1] in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[words[1]] - 1) % 7 + 1)
    if len(words) == 1 and raw in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[raw]) % 7)
    return None


def _back(today: date, days: int) -> date | None:
    if days > MAX_DAYS:
        return None
    try:
        return today - timedelta(days=days)
    except OverflowError:
        return None


def clock(text: str) -> tuple[time, time | None] | None:
    """A time of day and, for a part of the day, when it starts; or None.
    Raises Ambiguous for 12am and 12pm."""
    raw = normal(text)
    if raw == "noon":
        return time(12, 0), None
    if raw in PARTS:
        return PARTS[raw]
    match = _CLOCK24.match(raw)
    if match:
        hour, minute = int(match[1]), int(match[2])
        return (time(hour, minute), None) if hour < 24 and minute < 60 else None
    match = _AMPM.match(raw)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour == 12:
            raise Ambiguous(f"'{raw}' is read both as midnight and as noon: write 00:00, 12:00 or noon")
        if not 1 <= hour <= 11 or minute > 59:
            return None
        return time(hour + (12 if match[3] == "p" else 0), minute), None
    return None


def moment(text: str, *, today: date) -> Reading | None:
    """What a natural `--at` names (see the module docstring), or None if it is none of
    the forms. Raises Ambiguous for a form refused on purpose."""
    raw = normal(text)
    if raw.endswith(" ago"):
        span = duration(raw[: -len(" ago")])
        if span is not None and ":" not in raw:
            return Reading(ago=timedelta(minutes=span))
    fixed = {"this morning": ("today", "morning"), "this afternoon": ("today", "afternoon"),
             "this evening": ("today", "evening"), "tonight": ("today", "night"),
             "last night": ("yesterday", "night")}  # fmt: skip
    if raw in fixed:
        raw = " ".join(fixed[raw])
    only_day = day(raw, today=today)
    if only_day is not None:
        return Reading(day=only_day)
    words = raw.split(" ")
    for cut in range(1, len(words)):
        later = words[cut + 1 :] if words[cut] == "at" else words[cut:]  # "yesterday at 8am"
        for day_words, time_words in ((words[:cut], later), (words[cut:], words[:cut])):
            found_day = day(" ".join(day_words), today=today)
            found_time = clock(" ".join(time_words)) if found_day is not None and time_words else None
            if found_day is not None and found_time is not None:
                return Reading(day=found_day, clock=found_time[0], starts=found_time[1])
    alone = clock(raw)
    if alone is not None:
        return Reading(day=today, clock=alone[0], starts=alone[1])
    return None


def duration(text: str) -> float | None:
    """Minutes from `1 hour`, `90 min`, `1 hour 15 min`, `1:15`, `1:15:30`, `45 seconds`;
    or None. Hours, minutes and seconds each at most once, in that order."""
    raw = normal(text)
    hms = _HMS.match(raw)
    if hms:
        return int(hms[1]) * 60 + int(hms[2]) + int(hms[3] or 0) / 60
    rest = raw
    total = 0.0
    order = 0
    while rest:
        match = _AMOUNT.match(rest)
        if not match:
            return None
        count: float | None = float(match[1]) if match[1][0].isdigit() else _count(match[1])
        rank = next((i for i, names in enumerate((HOURS, MINUTES, SECONDS), 1) if match[2] in names), 0)
        if count is None or rank <= order or (rank == 3 and count != int(count)):
            return None  # unknown word, repeated or out-of-order unit, or part seconds
        total += count * (60, 1, 1 / 60)[rank - 1]
        order = rank
        rest = rest[match.end() :].lstrip(" ")
    return total if order else None
