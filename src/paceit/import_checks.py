"""Every value an import would store, checked by the rules of the command that records it.

Why: `paceit import` writes a file's rows straight into the tables. Without these checks
a file (hand-edited, damaged, or written by a script) could store what no command
accepts: a NUL or an escape sequence in a note, a day in year 9999, an `at_utc` not in
the stored form (after which `paceit history --all` failed on every run). So each column
of each table that import merges has a rule here, the same as its recording command's:
parse.py's text, scale and amount rules, the stored time form of times.py, nothing more
than parse.FUTURE_SLACK in the future, nothing before parse.EARLIEST, and a `day` that is
the local date of `at_utc` at `utc_offset`. The first value that breaks a rule refuses
the whole file (exit 2) with one line naming the table, the row and the field.

Values are checked, never changed: an import stays lossless, so a note with spaces
around it (which a command would have trimmed) is refused rather than trimmed.
The undo log and the schema history are not merged (see importing.py), but an import into
an empty diary copies them: they are checked too (the undo log as undo_log.check_row).
Columns of tables a later migration adds need rules here: tests/test_import_checks.py
fails for any merged column without one. This module is the table (`RULES`: which check
each column gets) and the walk over a file; the checks themselves are in import_values.py.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from paceit import activity_rules, functional_tests, kinds, parse, redflags, settings
from paceit.errors import InputError
from paceit.flareplan import SECTION_NAMES
from paceit.import_values import (
    Check,
    Context,
    Problem,
    Row,
    activity_unit,
    amount,
    by_rule,
    checked_with_stamp,
    choice,
    codes,
    fear_peak,
    json_list,
    needed,
    number,
    own_unit,
    red_flag_group,
    row_id,
    setting_value,
    sites,
    stamp,
    step,
    tag,
    target,
    task_unit,
    task_value,
    text,
    undo_row,
    utc_time,
    uuid_text,
    whole,
)
from paceit.migrations import LATEST as LATEST_SCHEMA
from paceit.units import UNITS

_COMMON: dict[str, Check] = {
    "id": row_id(required=True),
    "uuid": uuid_text,
    "at_utc": stamp(),
    "day": checked_with_stamp,
    "utc_offset": checked_with_stamp,
    "note": text(parse.NOTE_MAX),
    "created_utc": utc_time(required=True),
}
_SCALE = whole(0, 10)
_FEAR = whole(0, 100)
_FLAG = whole(0, 1, required=True)

RULES: dict[str, dict[str, Check]] = {
    "pain_entry": {
        "pain": whole(0, 10, required=True),
        **dict.fromkeys(("sleep", "mood", "fatigue", "stress"), _SCALE),
        "sites": json_list(sites),
        "flare": _FLAG,
    },
    "activity": {
        "name": text(parse.NAME_MAX, required=True, one_line=True),
        "unit": choice(*UNITS),
        "baseline": amount(own_unit, required=False),
        "target": by_rule(target),
        "step_mode": choice("pct", "abs", required=False),
        "step": by_rule(step),
        "every_days": needed(by_rule(lambda value, row, ctx: activity_rules.check_every(value)), required=False),
        "ceiling": needed(by_rule(lambda value, row, ctx: activity_rules.check_ceiling(value)), required=False),
        "archived_utc": utc_time(),
    },
    "session": {
        "activity_id": row_id(required=True),
        "amount": amount(activity_unit, required=True),
        **dict.fromkeys(("effort", "pain_before", "pain_during", "pain_after"), _SCALE),
    },
    "ladder_step": {
        "text": text(required=True),
        "fear": whole(0, 100, required=True),
        "harm": _FEAR,
        "activity_id": row_id(required=False),
    },
    "exposure_trial": {
        "step_id": row_id(required=True),
        "fear_before": whole(0, 100, required=True),
        "fear_after": whole(0, 100, required=True),
        "fear_peak": fear_peak,  # at least fear before and after, as `ladder try` requires
        "expect": text(),
        "expect_likely": _FEAR,
        "predicted_pain": _SCALE,
        "pain": _SCALE,
        "happened": whole(0, 1),
        "safety": whole(0, 1),
        "aborted": _FLAG,
    },
    "red_flag_check": {"codes": json_list(codes)},
    "red_flag": {
        "check_id": row_id(required=False),
        "code": choice(*redflags.CODE_NAMES),
        "grp": needed(red_flag_group, required=True),
        "cleared_utc": utc_time(),
        "reviewed": text(),
    },
    "flare": {
        "end_at_utc": stamp("end_", required=False),
        "end_day": checked_with_stamp,
        "end_utc_offset": checked_with_stamp,
        "end_note": text(parse.NOTE_MAX),
    },
    "flare_plan_item": {
        "section": choice(*SECTION_NAMES),
        "position": whole(0, 10_000, required=True),
        "text": text(required=True),
    },
    "goal": {
        "text": text(required=True),
        "activity_id": row_id(required=False),
        "target": amount(activity_unit, required=False),
        "done_utc": utc_time(),
    },
    "questionnaire": {"kind": choice("peg", "psfs"), "score": number(0, 10, required=True)},
    "questionnaire_item": {
        "questionnaire_id": row_id(required=True),
        "position": whole(0, 10_000, required=True),
        "item": text(80, required=True),
        "value": whole(0, 10, required=True),
    },
    "setting": {
        "key": choice(*settings.SPEC_BY_KEY, *settings.RETIRED),  # retired ones are kept, never read
        "value": needed(setting_value, required=True),
        "updated_utc": utc_time(required=True),
    },
    "med_dose": {
        "name": text(parse.NAME_MAX, required=True, one_line=True),
        "dose": text(60),
        "schedule": choice("as-needed", "regular"),
    },
    "task_result": {
        "name": text(parse.NAME_MAX, required=True, one_line=True),
        "value": needed(task_value, required=True),
        "unit": needed(task_unit, required=True),
        "better": choice(*functional_tests.BETTER),
    },
    "strategy_use": {
        "name": text(parse.STRATEGY_NAME_MAX, required=True, one_line=True),
        "helped": whole(0, 10),
        "minutes": whole(1, parse.STRATEGY_MINUTES_MAX),
    },
    "entry_tag": {
        **dict.fromkeys(kinds.TAG_COLUMNS.values(), row_id(required=False)),
        "tag": needed(tag, required=True),
    },
    # Not merged, but copied whole into an empty diary (importing, "Into an empty diary"):
    # undo trusts the first, and a version above LATEST locked the diary as "newer".
    "audit": {
        "change_id": needed(uuid_text, required=True),
        "at_utc": utc_time(required=True),
        "undone_utc": utc_time(),
        "action": undo_row,
        **dict.fromkeys(("command", "table_name", "row_key", "before", "after"), checked_with_stamp),
    },
    "schema_version": {
        "version": whole(1, LATEST_SCHEMA, required=True),
        "description": text(required=True),
        "applied_utc": utc_time(required=True),
    },
    "clinician_note": {
        "text": text(parse.NOTE_MAX, required=True),
        "source": text(40, required=True, one_line=True),
        "source_uuid": needed(uuid_text, required=False),
    },
}


def rule(table: str, column: str) -> Check | None:
    """The rule of a column, or None when there is none (tables without timestamps have
    no `at_utc`, so the common rules apply only to columns the table has)."""
    return RULES.get(table, {}).get(column) or _COMMON.get(column)


def check_values(
    document: Mapping[str, Any],
    *,
    where: str,
    now: datetime,
    columns: Mapping[str, Collection[str]] | None = None,
    settings_here: Mapping[str, Any] | None = None,
) -> None:
    """Refuse the file at its first value that a recording command would refuse: exit 2,
    one line naming table, row and field, before anything is written. `columns`: the
    diary's tables and columns (those of a new diary when not given); `settings_here`:
    the settings stored in the diary (none when not given)."""
    ctx = Context(document, now, columns, settings_here)
    for table, content in document["tables"].items():
        if table not in RULES:
            continue  # unknown (importing refuses it by name)
        for position, row in enumerate(content["rows"], start=1):
            _check_row(table, position, row, ctx, where)


def _check_row(table: str, position: int, row: Row, ctx: Context, where: str) -> None:
    for column in (*row, *(c for c in RULES[table] if c not in row)):  # a missing column is None
        check = rule(table, column)
        if check is None:
            continue
        try:
            check(row.get(column), row, ctx)
        except Problem as problem:
            label = f"row {position}" + (f" (id {row['id']})" if isinstance(row.get("id"), int) else "")
            raise InputError(
                f"{where}: table '{table}', {label}, field '{problem.field or column}' {problem}; nothing was imported"
            ) from None
