"""User input to values, in one place, with one style of error.

Every parser either returns a clean value or raises `InputError` whose message is
one line naming the option and the allowed range or form, e.g.
"--sleep must be a whole number from 0 to 10 (got '11')". The CLI turns that into
exit code 2 before anything is written.

Natural forms (`yesterday 8am`, `3h ago`, `last monday 18:00`, `1 hour 15 min`) are read
by `natural.py`, a small grammar of our own, and only when the strict forms here do not
match, so the usual input pays nothing for them.

Time handling (a documented conservative choice): a day given without a time of
day (`2026-11-20`, `yesterday`, `-3d`) is stored at 12:00 local time. Noon is not
"morning" in the clinical rules, so a backfilled entry without a time never poses
as the morning pain reading that the R2/R3 rules rely on; give a time
(`yesterday 08:00`, `2026-11-20T07:30`) to record a morning entry. Moments more
than five minutes in the future are refused: a diary records what happened.

Amounts in an activity's unit, durations and progression steps are read by
`parse_amounts.py`, in the same style.

Pure: "now" and "today" are parameters.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from paceit.errors import InputError
from paceit.lazy_pattern import LazyPattern

EARLIEST = date(1900, 1, 1)
# The last day paceit plans for or keeps a diary on. The rules look ahead from a day (a
# flare's window, the first two weeks of a diary, the week a day is in), and Python's
# calendar ends on 9999-12-31: a clock or a --date in year 9999 overflowed in them. A year
# of room is more than any rule needs.
LATEST = date(9998, 12, 31)
FUTURE_SLACK = timedelta(minutes=5)
NOTE_MAX = 2000
NAME_MAX = 80
# `paceit strategy`: a name as short as a medicine's dose, a session of it at most 10 hours.
STRATEGY_NAME_MAX = 60
STRATEGY_MINUTES_MAX = 600
TEXT_MAX = 300

# At most 30 digits: int() refuses more than 4300 with ValueError, which must not escape.
WHOLE = LazyPattern(r"^[+-]?\d{1,30}$", re.ASCII)
NUMBER = LazyPattern(r"^[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})$", re.ASCII)
_CLOCK = LazyPattern(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
_RELATIVE = LazyPattern(r"^-(\d{1,5})([dw])$", re.ASCII)
_AT_FORMS = (
    "a date or time like 2026-11-20, 2026-11-20T18:30, 18:30, 8am, yesterday 8am, this morning, "
    "last monday 18:00, 3h ago, 2 days ago or -2d"
)
_DAY_FORMS = "a day like 2026-11-20, today, yesterday, -3d, -2w, 3 days ago or last monday"


def shown(value: object) -> str:
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def scale(value: str | int | None, *, option: str, lo: int = 0, hi: int = 10) -> int | None:
    """A whole-number rating such as pain 0-10 or fear 0-100; None stays None."""
    if value is None:
        return None
    text = str(value).strip()
    if not WHOLE.match(text) or not lo <= int(text) <= hi:
        raise InputError(f"{option} must be a whole number from {lo} to {hi} (got {shown(value)})")
    return int(text)


def required_scale(value: str | int | None, *, option: str, lo: int = 0, hi: int = 10) -> int:
    return given_scale(scale(value, option=option, lo=lo, hi=hi), option=option, lo=lo, hi=hi)


def given_scale(result: int | None, *, option: str, lo: int = 0, hi: int = 10) -> int:
    """A required rating already checked by `scale`: a command checks every value given
    first, then says which required one is missing."""
    if result is None:
        raise InputError(f"{option} is required: a whole number from {lo} to {hi}")
    return result


def number(value: str | float | None, *, option: str, lo: float, hi: float, whole: bool = False) -> float | None:
    """A decimal (or whole) number within [lo, hi]."""
    if value is None:
        return None
    text = str(value).strip()
    pattern = WHOLE if whole else NUMBER
    kind = "a whole number" if whole else "a number"
    if not pattern.match(text) or not lo <= float(text) <= hi:
        raise InputError(f"{option} must be {kind} from {limit_text(lo)} to {limit_text(hi)} (got {shown(value)})")
    return float(text)


def limit_text(value: float) -> str:
    """A range limit as a person writes it: 2147483647, not 2.14748e+09."""
    return str(int(value)) if value == int(value) else f"{value}"


def yes_no(value: str | bool | None, *, option: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in {"yes", "y", "true", "1"}:
        return True
    if text in {"no", "n", "false", "0"}:
        return False
    raise InputError(f"{option} must be yes or no (got {shown(value)})")


def text(value: str | None, *, option: str, max_len: int = TEXT_MAX) -> str | None:
    """Free text: trimmed, at most `max_len` characters, no control characters."""
    if value is None:
        return None
    cleaned = value.strip()
    if not cleaned:
        raise InputError(f"{option} must not be empty")
    if len(cleaned) > max_len:
        raise InputError(f"{option} must be at most {max_len} characters (got {len(cleaned)})")
    hidden = _hidden_character(cleaned)
    if hidden is not None:
        raise InputError(f"{option} must not contain control characters{hidden}")
    return cleaned


# Characters a text may not hold: C0 controls but tab and newline, DEL, the C1 controls
# (U+009B is read by terminals as ESC [), and Unicode's bidirectional controls, which
# reorder what is shown around them ("Trojan Source"): a note or a name must show on the
# screen, in a report and in a file exactly as the person sees it while typing.
HIDDEN_CHARACTERS = LazyPattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _hidden_character(value: str) -> str | None:
    """None for a text without a refused character; else the message's end, naming the
    first one by its code (it cannot be seen, and must not reach the terminal itself)."""
    found = HIDDEN_CHARACTERS.search(value)
    if found is None:
        return None
    char = found.group()
    kind = "a bidirectional control, which reorders text" if char >= "\u061c" else "a control character"
    return f" or bidirectional controls (found U+{ord(char):04X}, {kind})"


def required_text(value: str | None, *, option: str, max_len: int = TEXT_MAX) -> str:
    result = text(value, option=option, max_len=max_len)
    if result is None:
        raise InputError(f"{option} is required")
    return result


def note(value: str | None, *, option: str = "--note") -> str | None:
    return text(value, option=option, max_len=NOTE_MAX)


def name(value: str | None, *, option: str = "NAME", max_len: int = NAME_MAX) -> str:
    """An activity name (or a medicine's, a strategy's): short, one line."""
    result = required_text(value, option=option, max_len=max_len)
    if "\n" in result or "\t" in result:
        raise InputError(f"{option} must be a single line")
    return result


def sites(values: Iterable[str], *, option: str = "--site") -> list[str]:
    """Body sites from repeated options and/or comma-separated text, in order, once each."""
    found: list[str] = []
    for value in values:
        if not value.replace(",", "").strip():
            raise InputError(f"{option} must not be empty")
        for part in value.split(","):
            if part.strip():
                site = required_text(part, option=option, max_len=60)
                if site.casefold() not in (s.casefold() for s in found):
                    found.append(site)
    return found


def _check_moment(moment: datetime, *, option: str, now: datetime, raw: str) -> datetime:
    if moment.date() < EARLIEST:
        raise InputError(f"{option} must be on or after {EARLIEST.isoformat()} (got {shown(raw)})")
    if moment > now + FUTURE_SLACK:
        raise InputError(
            f"{option} must not be in the future (got {shown(raw)}); for last night use e.g. 'yesterday 23:30'"
        )
    return moment


def _local(naive: datetime, *, option: str, raw: str) -> datetime:
    """Attach the system's local offset in force at that wall-clock time.

    A time skipped when the clocks go forward (02:30 on a spring-forward night)
    does not exist; it is refused rather than silently moved."""
    moment = naive.astimezone()
    if moment.replace(tzinfo=None) != naive:
        raise InputError(
            f"{option} {naive:%Y-%m-%d %H:%M} does not exist here: the clocks went forward then "
            f"(got {shown(raw)}); give a time after the change"
        )
    return moment


def _not_too_early(value: date, *, option: str, raw: str) -> None:
    """Refuse a day before EARLIEST before it becomes a moment: turning year 1 into a
    local time overflows (ValueError or OverflowError), which would otherwise read as a
    badly formed --at rather than as a date too early."""
    if value < EARLIEST:
        raise InputError(f"{option} must be on or after {EARLIEST.isoformat()} (got {shown(raw)})")


def _iso_moment(raw: str, *, option: str, original: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    _not_too_early(parsed.date(), option=option, raw=original)
    try:
        return parsed if parsed.tzinfo else _local(parsed, option=option, raw=original)
    except (ValueError, OverflowError):
        return None


def _day_moment(base: date, *, now: datetime, option: str, raw: str) -> datetime:
    """A day without a time of day: 12:00 (see the module docstring), or now when
    that day is today and it is not yet noon."""
    moment = _local(datetime.combine(base, time(12, 0)), option=option, raw=raw)
    return min(moment, now) if base == now.date() else moment


def when(value: str | None, *, now: datetime, option: str = "--at") -> datetime:
    """An aware local moment for `--at`; the default (None) is now."""
    if value is None:
        return now
    raw = value.strip().lower()
    moment: datetime | None = None
    head, _, rest = raw.partition(" ")
    clock = _clock(rest) if rest else None
    if raw in {"now", "today"}:
        moment = now
    elif (head in {"today", "yesterday"} or _RELATIVE.match(head)) and (clock or not rest):
        base = day(head, today=now.date(), option=option)
        if clock:
            moment = _local(datetime.combine(base, clock), option=option, raw=value)
        else:
            moment = _day_moment(base, now=now, option=option, raw=value)
    elif (clock := _clock(raw)) is not None:
        moment = _local(datetime.combine(now.date(), clock), option=option, raw=value)
    elif re.match(r"^\d{4}-\d{2}-\d{2}$", raw, re.ASCII):
        try:
            base = date.fromisoformat(raw)
        except ValueError:
            base = None
        if base is not None:
            _not_too_early(base, option=option, raw=value)
            moment = _day_moment(base, now=now, option=option, raw=value)
    elif re.match(r"^\d{4}-\d{2}-\d{2}[t ]\d", raw, re.ASCII):
        moment = _iso_moment(raw.upper(), option=option, original=value)
    if moment is None:  # not a strict form: words (natural.py), loaded only now
        moment = _natural_moment(value, now=now, option=option)
    if moment is None:
        raise InputError(f"{option} must be {_AT_FORMS} (got {shown(value)})")
    return _check_moment(moment, option=option, now=now, raw=value)


def _natural_moment(value: str, *, now: datetime, option: str) -> datetime | None:
    """A moment in words (natural.py), read only after the strict forms failed."""
    from paceit import natural

    try:
        reading = natural.moment(value, today=now.date())
    except natural.Ambiguous as exc:
        raise InputError(f"{option} is ambiguous: {exc} (got {shown(value)})") from None
    if reading is None:
        return None
    if reading.ago is not None:
        try:
            return (now - reading.ago).astimezone()
        except (OverflowError, ValueError):
            raise InputError(f"{option} must be on or after {EARLIEST.isoformat()} (got {shown(value)})") from None
    assert reading.day is not None
    _not_too_early(reading.day, option=option, raw=value)
    if reading.clock is None:
        return _day_moment(reading.day, now=now, option=option, raw=value)
    moment = _local(datetime.combine(reading.day, reading.clock), option=option, raw=value)
    started = reading.starts is not None and reading.starts <= now.time() < reading.clock
    return now if started and reading.day == now.date() else moment


def _clock(text_value: str) -> time | None:
    """A strict 24-hour time of day (`18:30`, `7:05:30`), or None."""
    match = _CLOCK.match(text_value.strip())
    if match:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    return None


def day(value: str | None, *, today: date, option: str = "--date") -> date:
    """A calendar day for `--date`, `--since`, `--until`; the default (None) is today."""
    if value is None:
        return today
    raw = value.strip().lower()
    result: date | None = None
    if raw == "today":
        result = today
    elif raw == "yesterday":
        result = today - timedelta(days=1)
    elif match := _RELATIVE.match(raw):
        count = int(match[1]) * (7 if match[2] == "w" else 1)
        if count > (today - EARLIEST).days:  # a well-formed day, only too long ago
            raise InputError(f"{option} must be on or after {EARLIEST.isoformat()} (got {shown(value)})")
        result = today - timedelta(days=count)
    elif re.match(r"^\d{4}-\d{2}-\d{2}$", raw, re.ASCII):
        try:
            result = date.fromisoformat(raw)
        except ValueError:
            result = None
        if result is not None:
            _not_too_early(result, option=option, raw=value)
    elif not raw.startswith("-"):
        from paceit import natural

        result = natural.day(raw, today=today)
        if result is not None:
            _not_too_early(result, option=option, raw=value)
    if result is None:
        raise InputError(f"{option} must be {_DAY_FORMS} (got {shown(value)})")
    return result


def plan_day(value: str | None, *, today: date, option: str = "--date") -> date:
    """A day to plan (`next --date`, `plan history --date`): as `day`, and not after LATEST."""
    result = day(value, today=today, option=option)
    if result > LATEST:
        raise InputError(f"{option} must be on or before {LATEST.isoformat()} (got {shown(value)})")
    return result


def entry_id(value: str | int, *, option: str = "ID") -> int:
    text_value = str(value).strip().lstrip("#")
    if not WHOLE.match(text_value) or not 0 < int(text_value) < 2**62:
        raise InputError(f"{option} must be a positive whole number such as 12 (got {shown(value)})")
    return int(text_value)


def choice(value: str | None, *, option: str, choices: Iterable[str]) -> str:
    options = tuple(choices)
    text_value = (value or "").strip().lower()
    if text_value not in options:
        raise InputError(f"{option} must be one of {', '.join(options)} (got {shown(value)})")
    return text_value


def closest(wanted: str, candidates: Iterable[str]) -> str | None:
    """The closest existing name, for 'did you mean ...?' hints."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    matches = difflib.get_close_matches(wanted.lower(), list(lowered), n=1, cutoff=0.6)
    if matches:
        return lowered[matches[0]]
    prefixed = [c for c in pool if c.lower().startswith(wanted.lower())]
    return prefixed[0] if len(prefixed) == 1 else None


TAG_MAX = 40


def tags(values: Iterable[str], *, option: str = "--tag") -> list[str]:
    """Context tags (`--tag sitting --tag 'work stress'`, or comma-separated), lower-cased and
    trimmed so `Gardening` and `gardening ` are one tag; in order, once each."""
    found: list[str] = []
    for value in values:
        if not value.replace(",", "").strip():
            raise InputError(f"{option} must not be empty")
        for part in value.split(","):
            if part.strip():
                tag = " ".join(required_text(part, option=option, max_len=TAG_MAX).casefold().split())
                if tag not in found:
                    found.append(tag)
    return found
