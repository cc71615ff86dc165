"""How moments are stored so that a person's calendar day is never ambiguous.

Every entry keeps three columns: `at_utc` (UTC, `YYYY-MM-DD HH:MM:SS`, sortable
as text), `day` (the local calendar date the person lived it, `YYYY-MM-DD`) and
`utc_offset` (minutes east of UTC at that moment). Rules group by `day`, so a
diary kept across a DST change or a trip abroad still lands each entry on the
day the person meant; `at_utc` orders entries within and across days.

Pure: the current time is always passed in by the caller.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from paceit.slotted import Frozen

UTC_FORMAT = "%Y-%m-%d %H:%M:%S"


class Stamp(Frozen):
    """When an entry happened, as stored: the UTC instant, the local day and the offset."""

    __slots__ = ("at_utc", "day", "utc_offset")
    at_utc: str
    day: str
    utc_offset: int

    def __init__(self, at_utc: str, day: str, utc_offset: int) -> None:
        self._fill(at_utc, day, utc_offset)


def offset_minutes(moment: datetime) -> int:
    """The moment's UTC offset in whole minutes, toward zero (-0:44:30 is -44)."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("offset_minutes() needs an aware datetime")
    return int(offset.total_seconds() / 60)


def stamp(moment: datetime) -> Stamp:
    """The stored form of an aware local moment.

    The offset is stored in whole minutes, and `at_utc` is the wall-clock time less that
    offset, so `at_utc` + `utc_offset` always gives back the time the person lived, to
    the second. Old zones had offsets with seconds (Monrovia -0:44:30 until 1972,
    Amsterdam +0:19:32 until 1937): storing the exact UTC with the offset cut to minutes
    showed midnight as 23:59 the day before, and the `day` no longer matched the time, so
    the export did not import. Such a moment's `at_utc` is now up to 59 seconds from the
    exact UTC instant; the day and the time of day are exact."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("stamp() needs an aware datetime")
    minutes = offset_minutes(moment)
    wall = moment.replace(tzinfo=None)
    return Stamp(
        at_utc=(wall - timedelta(minutes=minutes)).strftime(UTC_FORMAT),
        day=wall.date().isoformat(),
        utc_offset=minutes,
    )


def stamp_columns(value: Stamp) -> dict[str, Any]:
    """The three stored columns of a moment, ready to merge into a row."""
    return {"at_utc": value.at_utc, "day": value.day, "utc_offset": value.utc_offset}


def parse_utc(at_utc: str) -> datetime:
    """A stored UTC time (exactly UTC_FORMAT) as an aware datetime, at a tenth of
    strptime's cost: every row read for the rules passes through here."""
    return parse_utc_naive(at_utc).replace(tzinfo=UTC)


def parse_utc_naive(at_utc: str) -> datetime:
    """A stored UTC time as a naive datetime. The shape is checked by its separators
    (fromisoformat alone would take '2026-11-21 08:00+01' or a week date), the digits and
    the calendar by fromisoformat; `import` checks the digits too (import_values._utc)
    before a value reaches the diary."""
    if len(at_utc) != 19 or at_utc[4:17:3] != "-- ::" or not at_utc[:4].isdigit():  # [4] [7] [10] [13] [16]
        raise ValueError(f"time data {at_utc!r} does not match format {UTC_FORMAT!r}")
    return datetime.fromisoformat(at_utc)


def local_moment(at_utc: str, utc_offset: int) -> datetime:
    """The moment as the person lived it, in the offset recorded with it."""
    return parse_utc(at_utc).astimezone(timezone(timedelta(minutes=utc_offset)))


_SHIFTS: dict[int, timedelta] = {}  # an offset's timedelta, made (and checked) once


def local_wall(at_utc: str, utc_offset: int) -> datetime:
    """`local_moment` without its time zone (the wall clock's reading), at a quarter of its
    cost: the rules read ten thousand rows on a ten-year diary's first replay (issue 19,
    fifth round). A fixed offset's local time is the UTC time plus the offset; an offset
    `timezone` refuses is refused here too, and so is a text `parse_utc` refuses."""
    shift = _SHIFTS.get(utc_offset)
    if shift is None:
        shift = timezone(timedelta(minutes=utc_offset)).utcoffset(None)
        _SHIFTS[utc_offset] = shift
    return parse_utc_naive(at_utc) + shift


def utc_iso(at_utc: str) -> str:
    """ISO 8601 in UTC, for moments stored without the person's offset (audit, done, cleared)."""
    return parse_utc(at_utc).isoformat(timespec="seconds")


def local_iso(at_utc: str, utc_offset: int) -> str:
    """ISO 8601 with the recorded offset, the form used in JSON output."""
    return local_moment(at_utc, utc_offset).isoformat(timespec="seconds")


def human(at_utc: str, utc_offset: int) -> str:
    """Short readable form, e.g. 'Sat 21 Nov 2026 10:45'."""
    return local_moment(at_utc, utc_offset).strftime("%a %d %b %Y %H:%M")


def human_day(day: str | date) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return value.strftime("%a %d %b %Y")


def now_utc_text(now: datetime) -> str:
    return now.astimezone(UTC).strftime(UTC_FORMAT)
