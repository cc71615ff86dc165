"""The checks one imported value is held to, and what they may know (`Context`).

The building blocks of `import_checks.RULES`, split from the table so that each module
holds one thing: here, how a value is checked (by the parse.py rule of the command that
records it, against the stored time forms of times.py, the settings in force once the
file is in); there, which check each column of each table gets. Values are checked,
never changed: an import stays lossless.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from paceit import activity_rules, function_records, functional_tests, ladder, parse, redflags, settings, undo_log
from paceit.errors import InputError
from paceit.times import parse_utc
from paceit.units import UNITS


class Problem(Exception):
    """One value breaks its rule; the message reads after the field's name. `field` names
    another column of the row when that one is wrong (a `day` checked with its `at_utc`)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


Row = Mapping[str, Any]


Check = Callable[[Any, Row, "Context"], None]


_UTC_TEXT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", re.ASCII)


_MAX_OFFSET = 24 * 60 - 1  # minutes: what a UTC offset can be (parse.when accepts -23:59..+23:59)


# The highest id a file may bring. paceit numbers rows from 1, one at a time: a diary
# never comes near 2**31 (a thousand entries a day for 5,000 years). A file's id is kept
# when it is above every id here, and new rows follow it, so an id near SQLite's limit
# (2**62 - 1 was accepted) left every later entry with an id 'edit' and 'delete' refuse
# (parse.entry_id takes ids below 2**62) and, at 2**63 - 1, no room for another row.
_MAX_ID = 2**31 - 1


class Context:
    """What a rule may need beyond its own row: the time now, the units of the file's
    activities (a session's amount is checked in its activity's unit), the diary's
    own tables and columns (the undo log's copies may name only those), and the settings
    in force once the file is in (an activity's target is checked against them)."""

    def __init__(
        self,
        document: Mapping[str, Any],
        now: datetime,
        columns: Mapping[str, Collection[str]] | None = None,
        settings_here: Mapping[str, Any] | None = None,
    ) -> None:
        self.latest = now.astimezone(UTC).replace(tzinfo=None) + parse.FUTURE_SLACK
        self.earliest = datetime.combine(parse.EARLIEST, datetime.min.time()) - timedelta(days=1)
        rows = document["tables"].get("activity", {}).get("rows", [])
        self.units = {r.get("id"): r.get("unit") for r in rows if isinstance(r, dict)}
        self.columns = columns if columns is not None else _new_diary_columns(now)
        self.settings = settings_after(document, settings_here or {})


def settings_after(document: Mapping[str, Any], here: Mapping[str, Any]) -> dict[str, Any]:
    """The settings in force after the import (see importing, "Settings"): those set here
    win, then the file's, then the defaults. A file's value its own rule would refuse is
    left out here: that rule refuses the whole file."""
    values = dict(settings.DEFAULTS)
    for row in document["tables"].get("setting", {}).get("rows", []):
        key = row.get("key") if isinstance(row, dict) else None
        spec = settings.SPEC_BY_KEY.get(key) if isinstance(key, str) else None
        if spec is None:
            continue
        try:
            loaded = json.loads(row.get("value"))
            if settings.parse_value(spec, settings.format_value(loaded)) == loaded:
                values[spec.key] = loaded
        except (ValueError, TypeError, InputError):
            continue
    return {**values, **here}


def _new_diary_columns(now: datetime) -> dict[str, tuple[str, ...]]:
    """The tables and columns of a new diary, for a check run without one at hand."""
    from paceit.db import connect_memory
    from paceit.store import live_columns

    conn = connect_memory(now=now)
    try:
        return live_columns(conn)
    finally:
        conn.close()


def _parsed(call: Callable[[], Any], value: Any) -> None:
    """Run a parse.py rule on `value` (given as the field's name for its message), and
    require the value to be what the rule returns: stored values are already clean."""
    try:
        cleaned = call()
    except InputError as exc:
        raise Problem(exc.message.removeprefix("FIELD ")) from None
    if cleaned != value:
        raise Problem(f"must be stored clean, without spaces around it (got {value!r:.40})")


# --- building blocks ------------------------------------------------------------------------------


def needed(check: Check, *, required: bool) -> Check:
    def run(value: Any, row: Row, ctx: Context) -> None:
        if value is None:
            if required:
                raise Problem("is missing")
            return
        check(value, row, ctx)

    return run


def whole(lo: int, hi: int, *, required: bool = False) -> Check:
    def check(value: Any, row: Row, ctx: Context) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise Problem(f"must be a whole number from {lo} to {hi} (got {value!r:.40})")

    return needed(check, required=required)


def number(lo: float, hi: float, *, above: bool = False, required: bool = False) -> Check:
    def check(value: Any, row: Row, ctx: Context) -> None:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        low_ok = ok and (value > lo if above else value >= lo)
        if not (low_ok and value <= hi):
            limit = f"above {lo:g}" if above else f"from {lo:g}"
            raise Problem(f"must be a number {limit} and at most {hi:g} (got {value!r:.40})")

    return needed(check, required=required)


def text(max_len: int = parse.TEXT_MAX, *, required: bool = False, one_line: bool = False) -> Check:
    """parse.text's rule (trimmed, not empty, no control characters, at most `max_len`);
    with `one_line`, also a single line, as parse.name requires of names."""

    def check(value: Any, row: Row, ctx: Context) -> None:
        if not isinstance(value, str):
            raise Problem(f"must be text (got {value!r:.40})")
        _parsed(lambda: parse.text(value, option="FIELD", max_len=max_len), value)
        if one_line and ("\n" in value or "\t" in value):
            raise Problem("must be a single line")

    return needed(check, required=required)


def choice(*options: str, required: bool = True) -> Check:
    def check(value: Any, row: Row, ctx: Context) -> None:
        if value not in options:
            raise Problem(f"must be one of {', '.join(options)} (got {value!r:.40})")

    return needed(check, required=required)


def json_list(item: Callable[[list[Any]], None]) -> Check:
    def check(value: Any, row: Row, ctx: Context) -> None:
        try:
            items = json.loads(value) if isinstance(value, str) else None
        except ValueError:
            items = None
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise Problem(f"must be a JSON list of texts (got {value!r:.40})")
        item(items)

    return needed(check, required=True)


def sites(items: list[Any]) -> None:
    _parsed(lambda: parse.sites(items, option="FIELD") if items else [], items)


def codes(items: list[Any]) -> None:
    unknown = [c for c in items if c not in redflags.CODE_NAMES]
    if unknown:
        raise Problem(f"holds an unknown red-flag code {unknown[0]!r:.40}")


def tag(value: Any, row: Row, ctx: Context) -> None:
    if not isinstance(value, str):
        raise Problem(f"must be text (got {value!r:.40})")
    _parsed(lambda: parse.tags([value], option="FIELD")[0], value)


def uuid_text(value: Any, row: Row, ctx: Context) -> None:
    try:
        canonical = str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        canonical = None
    if canonical != value:
        raise Problem(f"must be a UUID like 0b7c5e9a-3f1d-4c2e-9a8b-1d2e3f4a5b6c (got {value!r:.40})")


def row_id(*, required: bool) -> Check:
    return whole(1, _MAX_ID, required=required)


# --- times ----------------------------------------------------------------------------------------


def _utc(value: Any, ctx: Context) -> datetime:
    """A stored UTC time (times.UTC_FORMAT, exactly), not before 1900, not in the future."""
    moment = None
    if isinstance(value, str) and _UTC_TEXT.fullmatch(value):
        try:
            moment = parse_utc(value).replace(tzinfo=None)
        except ValueError:
            moment = None
    if moment is None:
        raise Problem(f"must be a UTC time like 2026-11-20 18:30:00 (got {value!r:.40})")
    if moment < ctx.earliest:
        raise Problem(f"must be on or after {parse.EARLIEST.isoformat()} (got {value!r})")
    if moment > ctx.latest:
        raise Problem(
            f"must not be in the future (got {value!r}; now is {ctx.latest - parse.FUTURE_SLACK:%Y-%m-%d %H:%M:%S} UTC)"
        )
    return moment


def utc_time(*, required: bool = False) -> Check:
    def check(value: Any, row: Row, ctx: Context) -> None:
        _utc(value, ctx)

    return needed(check, required=required)


def stamp(prefix: str = "", *, required: bool = True) -> Check:
    """`{prefix}at_utc` with its `day` and `utc_offset`: all three or (when optional) none,
    and the day must be the local date of the moment at that offset, as times.stamp makes it."""
    day_key, offset_key = f"{prefix}day", f"{prefix}utc_offset"

    def check(value: Any, row: Row, ctx: Context) -> None:
        moment = _utc(value, ctx)
        offset, day = row.get(offset_key), row.get(day_key)
        if isinstance(offset, bool) or not isinstance(offset, int) or not -_MAX_OFFSET <= offset <= _MAX_OFFSET:
            raise Problem(
                f"must be minutes east of UTC from -{_MAX_OFFSET} to {_MAX_OFFSET} (got {offset!r:.40})",
                field=offset_key,
            )
        local = (moment + timedelta(minutes=offset)).date()
        if not isinstance(day, str) or day != local.isoformat():
            raise Problem(
                f"must be {local}, the local date of {prefix}at_utc {value} at {offset_key} {offset} (got {day!r:.40})",
                field=day_key,
            )
        if local < parse.EARLIEST:
            raise Problem(f"must be on or after {parse.EARLIEST.isoformat()} (got {day!r})", field=day_key)

    def run(value: Any, row: Row, ctx: Context) -> None:
        if value is None and not required and row.get(day_key) is None and row.get(offset_key) is None:
            return
        check(value, row, ctx)

    return run


def checked_with_stamp(value: Any, row: Row, ctx: Context) -> None:
    """`day` and `utc_offset` are checked together with their `at_utc`."""


# --- per column rules -----------------------------------------------------------------------------


def amount(unit_of: Callable[[Row, Context], Any], *, required: bool) -> Check:
    """An amount in its activity's unit: above 0, at most the unit's maximum, whole for
    counted units (parse_amounts.amount's rule)."""

    def check(value: Any, row: Row, ctx: Context) -> None:
        unit = UNITS.get(unit_of(row, ctx))
        hi = unit.maximum if unit else max(u.maximum for u in UNITS.values())
        number(0, hi, above=True, required=True)(value, row, ctx)
        if unit and unit.whole and value != int(value):
            raise Problem(f"must be a whole number of {unit.label} (got {value!r:.40})")

    return needed(check, required=required)


def own_unit(row: Row, ctx: Context) -> Any:
    return row.get("unit")


def activity_unit(row: Row, ctx: Context) -> Any:
    return ctx.units.get(row.get("activity_id"))


def by_rule(rule: Check) -> Check:
    """A rule of activity_rules, the one every entry point uses, as a Problem here."""

    def check(value: Any, row: Row, ctx: Context) -> None:
        try:
            rule(value, row, ctx)
        except activity_rules.RuleError as exc:
            raise Problem(exc.problem) from None

    return check


def step(value: Any, row: Row, ctx: Context) -> None:
    activity_rules.check_step(row.get("step_mode"), value)


def target(value: Any, row: Row, ctx: Context) -> None:
    """An amount in the activity's unit, above the starting quota under the settings in
    force after the import (a baseline its own rule refuses is left to that rule)."""
    amount(own_unit, required=False)(value, row, ctx)
    baseline = row.get("baseline")
    if value is None or isinstance(baseline, bool) or not isinstance(baseline, int | float):
        return
    if math.isfinite(baseline) and baseline > 0:
        unit = str(row.get("unit"))
        activity_rules.check_target(baseline, value, unit, factor=ctx.settings["baseline.factor"])


def fear_peak(value: Any, row: Row, ctx: Context) -> None:
    """0-100, and not below the trial's fear before or after: ladder.fear_conflict, the rule
    of `ladder try` and `edit trial` (fears that break their own range are left to it)."""
    whole(0, 100)(value, row, ctx)
    before, after = row.get("fear_before"), row.get("fear_after")
    if value is None or not (isinstance(before, int) and isinstance(after, int)):
        return
    if isinstance(before, bool) or isinstance(after, bool) or not 0 <= min(before, after) <= max(before, after) <= 100:
        return
    conflict = ladder.fear_conflict(before, after, value, changed=("fear_peak",))
    if conflict is not None:
        raise Problem(conflict.problem(str))


def task_value(value: Any, row: Row, ctx: Context) -> None:
    """The range `measure task` allows: a built-in test's plausible range (a whole count
    for sit-to-stand), else the sanity bound of the person's own tasks."""
    name = row.get("name")
    known = functional_tests.built_in(name) if isinstance(name, str) else None
    spec = known or function_records.TaskSpec("", "", "higher")
    number(spec.low, spec.high, required=True)(value, row, ctx)
    if spec.whole and value != int(value):
        raise Problem(f"must be a whole number for {spec.label or spec.name} (got {value!r:.40})")


def red_flag_group(value: Any, row: Row, ctx: Context) -> None:
    spec = redflags.BY_CODE.get(row.get("code"))  # type: ignore[arg-type]
    if spec is not None and value != spec.group:
        raise Problem(f"must be {spec.group}, the group of {spec.code} (got {value!r:.40})")


def task_unit(value: Any, row: Row, ctx: Context) -> None:
    if not isinstance(value, str):
        raise Problem(f"must be text (got {value!r:.40})")
    try:
        _parsed(lambda: functional_tests.check_unit(value), value)
    except Problem as exc:
        raise Problem(str(exc).removeprefix("--unit ")) from None


def setting_value(value: Any, row: Row, ctx: Context) -> None:
    """The JSON of a value `paceit config set` accepts for this key (an int setting holds
    a JSON whole number, a weekday list a JSON list, as store.set_setting writes them)."""
    spec = settings.SPEC_BY_KEY.get(row.get("key"))  # type: ignore[arg-type]
    if row.get("key") in settings.RETIRED:  # kept as it was, never read: any plain number it held
        kind: settings.SettingKind = (
            "int" if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value) else "float"
        )
        spec = settings.SettingSpec(str(row["key"]), 0, kind, -1e9, 1e9)
    if spec is None:
        return  # the key's own rule names it
    try:
        loaded = json.loads(value) if isinstance(value, str) else None
        accepted = settings.parse_value(spec, settings.format_value(loaded))
        same = type(accepted) is type(loaded) and accepted == loaded
    except (ValueError, TypeError, InputError):
        same = False
    if not same:
        raise Problem(f"must be the JSON of {spec.allowed()} for {spec.key} (got {value!r:.40})")


def undo_row(value: Any, row: Row, ctx: Context) -> None:
    """The undo log's row as undo would use it (undo_log.check_row): a file's copies may
    name only this diary's columns, hold plain values and no control characters. Checked
    once, with `action`; its other fields are named by the Problem."""
    try:
        undo_log.check_row(row, ctx.columns, refused=parse.HIDDEN_CHARACTERS)
    except undo_log.Damage as damage:
        raise Problem(str(damage), field=damage.field) from None
