"""A clinician's prescription file (TOML): paced activities and clinical settings.

clinical-rules.md makes the step, the interval, the pain ceiling and every [D]
number clinician-owned; this file is how the clinician sets them. Importing it
is the clinician's confirmation, so it needs no `--clinician` flag; the person's
own settings (owner U: planned days, reminders, backups) stay theirs and are
refused here. The format is documented in docs/prescription.md ("Clinician's
prescription file"); every value goes through the same parser as the matching
command-line option, so a file can set nothing the command line would refuse.

Every problem is one `InputError` line naming where it is and what is allowed,
e.g. `plan.toml: activity 2 ("walking"): ceiling must be a whole number from 5
to 7 (got 9)`. Checks that need the diary (is this activity new? does its unit
change? is the target above the starting quota under the settings in force there?) are
left to the command, which asks activity_rules as every entry point does;
`ActivityItem.columns` serves both.

Pure: no database, no clock ("today" is a parameter).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, TypeVar

from paceit import activity_rules, parse, parse_amounts
from paceit.errors import InputError
from paceit.settings import RETIRED, SPEC_BY_KEY, parse_value, retired_error

T = TypeVar("T")
Amount = int | float | str  # as written in the file: 12, 12.5 or "20m"

ACTIVITY_KEYS = ("name", "unit", "baseline", "step", "every", "ceiling", "target", "start")
HEADER_KEYS = ("by", "date", "note")
TABLES = ("prescription", "settings", "activity")
_GOT = re.compile(r"\(got .*\)$")


@dataclass(frozen=True)
class ActivityItem:
    """One [[activity]] table; amounts are kept as written until the unit is known."""

    position: int
    name: str
    unit: str | None = None
    baseline: Amount | None = None
    target: Amount | None = None
    step: tuple[str, float] | None = None
    every_days: int | None = None
    ceiling: int | None = None
    start: date | None = None

    @property
    def where(self) -> str:
        return f"activity {self.position} ({_quote(self.name)})"

    def columns(self, unit: str) -> dict[str, Any]:
        """The activity columns this item sets, with amounts checked in `unit`.

        Raises an unlocated InputError; callers prefix `where`."""
        values: dict[str, Any] = {}
        for key in ("baseline", "target"):
            raw = getattr(self, key)
            if raw is not None:
                values[key] = _checked(raw, partial(parse_amounts.amount, unit_name=unit, option=key))
        if self.step is not None:
            values["step_mode"], values["step"] = self.step
        if self.every_days is not None:
            values["every_days"] = self.every_days
        if self.ceiling is not None:
            values["ceiling"] = self.ceiling
        return values


@dataclass(frozen=True)
class Prescription:
    """A clinician's prescription file as read: who, when, the settings and the activities."""

    by: str
    date: date | None
    note: str | None
    settings: tuple[tuple[str, Any], ...]
    activities: tuple[ActivityItem, ...]


def parse_prescription(text: str, *, today: date, source: str = "prescription") -> Prescription:
    """The checked prescription in `text`, or one InputError line starting with `source`."""
    try:
        return _parse(text.removeprefix("\ufeff"), today)
    except InputError as exc:
        raise InputError(f"{source}: {exc.message}") from None


def located(where: str, exc: InputError) -> InputError:
    """The same error with its place in the file in front."""
    return InputError(f"{where}: {exc.message}")


def _parse(text: str, today: date) -> Prescription:
    document = _loaded(text)
    _only_keys(document, TABLES, shown=("[prescription]", "[settings]", "[[activity]]"))
    header = _table(document, "prescription", required=True)
    try:
        _only_keys(header, HEADER_KEYS)
    except InputError as exc:
        raise located("[prescription]", exc) from None
    activities = document.get("activity", [])
    if not isinstance(activities, list) or not all(isinstance(a, dict) for a in activities):
        raise InputError("activity must be written as [[activity]] tables, one per activity")
    items = tuple(_activity(i, raw, today) for i, raw in enumerate(activities, start=1))
    _no_duplicates(items)
    return Prescription(
        by=_header_text(header, "by", required=True),
        date=_day(header.get("date"), "[prescription]: date", today),
        note=_header_text(header, "note", required=False),
        settings=_settings(_table(document, "settings", required=False)),
        activities=items,
    )


MAX_DIGITS = 30  # as parse's numbers: no setting or amount needs more


def _loaded(text: str) -> dict[str, Any]:
    """The TOML document, or one InputError line. Nesting deeper than Python's recursion
    limit and decimal numbers of more than 4300 digits stop the TOML reader itself
    (RecursionError, ValueError); a longer hexadecimal number is read, but cannot be shown
    or parsed. All are a file no clinician wrote: bad input, not an internal error."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML file: {exc}") from None
    except RecursionError:
        raise InputError("not a prescription: its tables or lists are nested too deeply to read") from None
    except ValueError:
        raise InputError(f"not a prescription: it holds a number of more than {MAX_DIGITS} digits") from None
    if any(isinstance(v, int) and abs(v) >= 10**MAX_DIGITS for v in _scalars(document)):
        raise InputError(f"not a prescription: it holds a number of more than {MAX_DIGITS} digits")
    return document


def _scalars(document: Mapping[str, Any]) -> Iterator[Any]:
    """Every value in the document, at any depth (without recursion: the depth is the file's)."""
    pending: list[Any] = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        else:
            yield value


def _table(document: Mapping[str, Any], key: str, *, required: bool) -> dict[str, Any]:
    value = document.get(key)
    if value is None and not required:
        return {}
    if value is None:
        raise InputError(f'[{key}] is missing: say who prescribed it, e.g. [{key}] by = "J. Smith, physiotherapist"')
    if not isinstance(value, dict):
        raise InputError(f"{key} must be a table, written [{key}]")
    return value


def _only_keys(table: Mapping[str, Any], allowed: tuple[str, ...], *, shown: tuple[str, ...] = ()) -> None:
    """Refuse a key that is not in `allowed` (shown to the reader as `shown`, if given)."""
    names = dict(zip(allowed, shown or allowed, strict=True))
    for key in table:
        if key not in allowed:
            guess = parse.closest(key, allowed)
            hint = f"did you mean {_quote(guess) if not shown else names[guess]}?" if guess else ""
            raise InputError(f"unknown key {_quote(key)}; {hint or 'allowed: ' + ', '.join(names.values())}")


def _header_text(header: Mapping[str, Any], key: str, *, required: bool) -> Any:
    value = header.get(key)
    where = f"[prescription]: {key}"
    if value is None and required:
        raise InputError(f'{where} is required: who prescribed it, e.g. by = "J. Smith, physiotherapist"')
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where} must be text in quotes (got {_toml(value)})")
    limit = parse.NOTE_MAX if key == "note" else parse.TEXT_MAX
    return parse.text(value, option=where, max_len=limit)


def _activity(position: int, raw: Mapping[str, Any], today: date) -> ActivityItem:
    name = raw.get("name")
    if not isinstance(name, str):
        got = "nothing" if name is None else _toml(name)
        raise InputError(f'activity {position}: name is required: text in quotes, e.g. "walking" (got {got})')
    where = f"activity {position} ({_quote(name)})"
    try:
        _only_keys(raw, ACTIVITY_KEYS)
        item = _activity_item(position, raw, today)
        if item.unit is not None:
            item.columns(item.unit)
    except InputError as exc:
        raise located(where, exc) from None
    return item


def _activity_item(position: int, raw: Mapping[str, Any], today: date) -> ActivityItem:
    unit = raw.get("unit")
    return ActivityItem(
        position=position,
        name=parse.name(raw["name"], option="name"),
        unit=None if unit is None else _checked(unit, lambda v: parse_amounts.unit(v, option="unit")),
        baseline=_amount(raw.get("baseline"), "baseline"),
        target=_amount(raw.get("target"), "target"),
        step=None if "step" not in raw else _checked(raw["step"], lambda v: parse_amounts.step(v, option="step")),
        every_days=_whole(raw.get("every"), "every", *activity_rules.EVERY_DAYS.whole()),
        ceiling=_whole(raw.get("ceiling"), "ceiling", *activity_rules.CEILING.whole()),
        start=_day(raw.get("start"), "start", today),
    )


def _amount(value: object, key: str) -> Amount | None:
    """An amount as written; its range is checked once the unit is known."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f'{key} must be an amount such as 12 or "20m" (got {_toml(value)})')
    return value


def _whole(value: object, key: str, lo: int, hi: int) -> int | None:
    if value is None:
        return None
    return _checked(value, lambda v: parse.required_scale(v, option=key, lo=lo, hi=hi))


def _day(value: object, where: str, today: date) -> date | None:
    if value is None:
        return None
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None or day < parse.EARLIEST:
        raise InputError(f"{where} must be a date like 2026-11-20, on or after 1900-01-01 (got {_toml(value)})")
    if day > today:
        raise InputError(f"{where} must not be in the future (got {day.isoformat()}; today is {today.isoformat()})")
    return day


def _no_duplicates(items: tuple[ActivityItem, ...]) -> None:
    seen: dict[str, ActivityItem] = {}
    for item in items:
        first = seen.setdefault(item.name.casefold(), item)
        if first is not item:
            raise InputError(f"{item.where}: the same activity as {first.where}; give each activity once")


def _settings(table: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    result: list[tuple[str, Any]] = []
    for key, value in _flatten(table):
        spec = SPEC_BY_KEY.get(key.strip().lower())
        if key.strip().lower() in RETIRED:
            raise retired_error(key.strip().lower(), "[settings]")
        if spec is None:
            guess = parse.closest(key, [k for k, s in SPEC_BY_KEY.items() if s.owner == "C"])
            hint = f'did you mean "{guess}"?' if guess else "see 'paceit config show' for the settings"
            raise InputError(f"[settings]: unknown key {_quote(key)}; {hint}")
        if spec.owner != "C":
            raise InputError(
                f"[settings]: {spec.key} is the person's own setting, not a clinical one: "
                f"they set it with 'paceit config set {spec.key} VALUE'"
            )
        if any(spec.key == done for done, _ in result):
            raise InputError(f"[settings]: {spec.key} is given twice; give each setting once")
        try:
            result.append((spec.key, _checked(value, partial(parse_value, spec))))
        except InputError as exc:
            raise located("[settings]", exc) from None
    return tuple(result)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """`"gate.green_share" = 0.7`, `gate.green_share = 0.7` and `[settings.gate]` all name one key."""
    pairs: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            pairs.extend(_flatten(value, f"{prefix}{key}."))
        else:
            pairs.append((f"{prefix}{key}", value))
    return pairs


def _checked(value: object, parser: Callable[[str], T | None]) -> T:
    """Run a command-line parser on a TOML value, showing the value as it was written.

    A value of the wrong TOML type (a date, a list, true) is parsed as empty text, so the
    error names the allowed range exactly as it would for a bad option."""
    text = _as_text(value)
    try:
        result = parser("" if text is None else text)
    except InputError as exc:
        shown = f"(got {_toml(value)})"
        raise InputError(_GOT.sub(lambda _: shown, exc.message)) from None
    if text is None or result is None:
        raise InputError(f"unexpected value {_toml(value)}")
    return result


def _as_text(value: object) -> str | None:
    """A TOML scalar as the text a person would type; None for other types."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        try:
            return format(Decimal(repr(value)), "f")  # 1e-05 -> 0.00001: the parsers take plain decimals
        except InvalidOperation:
            return repr(value)
    return None


def _toml(value: object) -> str:
    """A value as it appears in a TOML file, shortened for a one-line message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quote(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return "a table" if isinstance(value, dict) else "a list" if isinstance(value, list) else "a time"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
