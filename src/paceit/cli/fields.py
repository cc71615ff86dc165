"""What `paceit edit KIND ID --FIELD VALUE` may change, and how each value is checked.

The same parsers as the recording commands check every value, so an edit can
never store what `pain`, `log` or `ladder try` would have refused. 'none' clears
an optional field.

Some rules tie fields together: a trial's peak fear is at least its fear before and after
(ladder.fear_conflict). A kind's `check` applies such a rule to the entry as it would be
after the edit (the stored values with the new ones over them), before anything is written.

Two edits are not a column of the entry's row: `--tag` (repeatable) replaces the tags
of a diary entry, session, trial or strategy (rows of `entry_tag`; 'none' removes them all), and
`--regular` / `--as-needed` are flags without a value that set a medicine dose's
schedule (the same as `--schedule regular|as-needed`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from paceit import kinds, parse, parse_amounts, queries
from paceit.errors import InputError
from paceit.recordtype import record
from paceit.times import stamp, stamp_columns

Parser = Callable[[str, dict[str, Any], sqlite3.Connection, datetime], dict[str, Any]]
# A rule across fields: the entry as it would be after the edit, and the columns changed.
RowCheck = Callable[[Mapping[str, Any], Collection[str]], None]


@record
class Kind:
    """An entry kind as `edit` sees it: its table, its editable fields with their parsers, its tags
    and flags."""

    table: str
    label: str
    fields: dict[str, Parser]
    tags: bool = False  # takes --tag (its tags live in entry_tag)
    flags: tuple[tuple[str, str, str], ...] = ()  # (--flag, field, value): options without a value
    check: RowCheck | None = None  # a rule across fields, on the entry as edited

    def names(self) -> list[str]:
        """Every option an edit of this kind takes, for messages."""
        return [*self.fields, *(["tag"] if self.tags else []), *(flag for flag, _, _ in self.flags)]


def option_of(column: str) -> str:
    """A column as its command-line option: fear_peak -> --fear-peak."""
    return "--" + column.replace("_", "-")


TRIAL_FEARS = ("fear_before", "fear_peak", "fear_after")  # ladder.FEARS, without loading the ladder's rules


def check_fears(trial: Mapping[str, Any], changed: Collection[str] = TRIAL_FEARS) -> None:
    """Refuse a trial whose fear ratings contradict each other (ladder.fear_conflict), in
    the words of the command line; `ladder try` gives them all, `edit trial` some."""
    from paceit import ladder  # here: `edit` of other kinds leaves the ladder's rules unloaded

    conflict = ladder.fear_conflict(trial["fear_before"], trial["fear_after"], trial["fear_peak"], changed=changed)
    if conflict is not None:
        raise InputError(conflict.message(option_of))


def _scale(column: str, hi: int = 10, *, optional: bool = True, lo: int = 0) -> Parser:
    def parser(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
        if optional and value.strip().lower() == "none":
            return {column: None}
        return {column: parse.required_scale(value, option=option_of(column), lo=lo, hi=hi)}

    return parser


def _flag(column: str, *, optional: bool = True) -> Parser:
    def parser(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
        if optional and value.strip().lower() == "none":
            return {column: None}
        return {column: int(bool(parse.yes_no(value, option="--" + column)))}

    return parser


def _text(column: str, *, optional: bool = True, max_len: int = parse.TEXT_MAX) -> Parser:
    def parser(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
        if optional and value.strip().lower() == "none":
            return {column: None}
        return {column: parse.required_text(value, option="--" + column, max_len=max_len)}

    return parser


def _at(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    return stamp_columns(stamp(parse.when(value, now=now)))


def _session_at(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    values = _at(value, row, conn, now)
    start = queries.activity_by_id(conn, activity_id=row["activity_id"])
    if values["day"] < start["day"]:
        raise InputError(
            f"--at must be on or after the day '{start['name']}' started ({start['day']}); "
            f'move its start first with: paceit activity edit "{start["name"]}" --at {values["day"]}'
        )
    return values


def _flare_at(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    values = _at(value, row, conn, now)
    if row["end_at_utc"] and values["at_utc"] > row["end_at_utc"]:
        raise InputError(f"--at must be before the flare ended ({row['end_day']})")
    queries.check_flare_overlap(conn, start_utc=values["at_utc"], end_utc=row["end_at_utc"], ignore_id=row["id"])
    return values


def _sites(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    if value.strip().lower() == "none":
        return {"sites": "[]"}
    return {"sites": json.dumps(parse.sites([value]), ensure_ascii=False)}


def _unit_of(row: dict[str, Any], conn: sqlite3.Connection) -> str:
    return str(queries.activity_by_id(conn, activity_id=row["activity_id"])["unit"])


def _amount(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    return {"amount": parse_amounts.amount(value, unit_name=_unit_of(row, conn), option="--amount")}


def _activity(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    found = queries.find_activity(conn, name=value)
    if found["unit"] != _unit_of(row, conn):
        raise InputError(
            f"--activity must be measured in {_unit_of(row, conn)} like this session "
            f"('{found['name']}' is in {found['unit']})"
        )
    if row["day"] < found["day"]:
        raise InputError(
            f"--activity: '{found['name']}' started {found['day']}, after this session ({row['day']}); "
            f'move its start first: paceit activity edit "{found["name"]}" --at {row["day"]}'
        )
    return {"activity_id": found["id"]}


def _goal_target(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    if value.strip().lower() == "none":
        return {"target": None}
    if row["activity_id"] is None:
        raise InputError("--target needs the goal to be tied to an activity")
    return {"target": parse_amounts.amount(value, unit_name=_unit_of(row, conn), option="--target")}


def _dose(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    return {"dose": None if value.strip().lower() == "none" else parse.text(value, option="--dose", max_len=60)}


def _schedule(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    return {"schedule": parse.choice(value, option="--schedule", choices=SCHEDULES)}


def _task_value(value: str, row: dict[str, Any], conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    from paceit.function_records import TaskSpec
    from paceit.functional_tests import built_in, check_value

    spec = built_in(row["name"]) or TaskSpec(row["name"], row["unit"], row["better"])
    return {"value": check_value(spec, value, option="--value")}


NOTE = _text("note", max_len=parse.NOTE_MAX)
MULTI = {"site", "tag"}
SCHEDULES = ("as-needed", "regular")
# The fields `edit` may change, per editable kind of the registry (kinds.EDITABLE).
FIELDS: dict[str, dict[str, Parser]] = {
    "pain": {
        "pain": _scale("pain", optional=False),
        "sleep": _scale("sleep"),
        "mood": _scale("mood"),
        "fatigue": _scale("fatigue"),
        "stress": _scale("stress"),
        "site": _sites,
        "flare": _flag("flare", optional=False),
        "at": _at,
        "note": NOTE,
    },
    "session": {
        "amount": _amount,
        "activity": _activity,
        "effort": _scale("effort"),
        "pain-before": _scale("pain_before"),
        "pain-during": _scale("pain_during"),
        "pain-after": _scale("pain_after"),
        "at": _session_at,
        "note": NOTE,
    },
    "trial": {
        "fear-before": _scale("fear_before", 100, optional=False),
        "fear-after": _scale("fear_after", 100, optional=False),
        "fear-peak": _scale("fear_peak", 100),
        "expect": _text("expect"),
        "expect-likely": _scale("expect_likely", 100),
        "predicted-pain": _scale("predicted_pain"),
        "pain": _scale("pain"),
        "happened": _flag("happened"),
        "safety": _flag("safety"),
        "aborted": _flag("aborted", optional=False),
        "at": _at,
        "note": NOTE,
    },
    "step": {
        "text": _text("text", optional=False),
        "fear": _scale("fear", 100, optional=False),
        "harm": _scale("harm", 100),
        "note": NOTE,
    },
    "goal": {"text": _text("text", optional=False), "target": _goal_target, "note": NOTE},
    "flare": {"at": _flare_at, "note": NOTE},
    "med": {"dose": _dose, "schedule": _schedule, "at": _at, "note": NOTE},
    "task": {"value": _task_value, "at": _at, "note": NOTE},
    "strategy": {
        "helped": _scale("helped"),
        "minutes": _scale("minutes", parse.STRATEGY_MINUTES_MAX, lo=1),
        "at": _at,
        "note": NOTE,
    },
}
FLAGS = {"med": (("regular", "schedule", "regular"), ("as-needed", "schedule", "as-needed"))}
CHECKS: dict[str, RowCheck] = {"trial": check_fears}
KINDS: dict[str, Kind] = {
    name: Kind(
        kinds.named(name).table,
        kinds.named(name).label,
        FIELDS[name],
        tags=kinds.named(name).tag_column is not None,
        flags=FLAGS.get(name, ()),
        check=CHECKS.get(name),
    )
    for name in kinds.EDITABLE
}


def parse_edits(kind: Kind, args: list[str]) -> list[tuple[str, str]]:
    """`--field value` / `--field=value` pairs (and value-less flags) from the command line, in order."""
    pairs: list[tuple[str, str]] = []
    flags = {flag: (field, value) for flag, field, value in kind.flags}
    fields = ", ".join(f"--{f}" for f in kind.names())
    index = 0
    while index < len(args):
        token = args[index]
        if not token.startswith("--"):
            raise InputError(f"expected --FIELD VALUE, got {token!r}")
        name, eq, value = token[2:].partition("=")
        if name in flags and not eq:
            pairs.append(flags[name])
            index += 1
            continue
        if name not in kind.fields and not (name == "tag" and kind.tags):
            raise InputError(f"--{name} cannot be edited on a {kind.label}; fields: {fields}")
        if not eq:
            index += 1
            if index >= len(args):
                raise InputError(f"--{name} needs a value")
            value = args[index]
        pairs.append((name, value))
        index += 1
    for multi in MULTI:  # a repeatable field (--site a --site b) becomes one value
        merged = [value for name, value in pairs if name == multi]
        if merged:
            pairs = [(n, v) for n, v in pairs if n != multi] + [(multi, ",".join(merged))]
    if not pairs:
        raise InputError(f"nothing to change: give --FIELD VALUE, e.g. {_example(kind)}; fields: {fields}")
    return pairs


# An example edit per kind for the refusal above: one of the kind's own fields, with a value
# it accepts (it once said --pain 5 for every kind), by table. Kinds not named here get --note.
EXAMPLES = {
    "pain_entry": "--pain 5",
    "session": "--amount 20",
    "exposure_trial": "--fear-after 20",
    "ladder_step": "--fear 40",
    "goal": "--target 30",
    "med_dose": "--dose '400 mg'",
    "task_result": "--value 12",
    "strategy_use": "--helped 6",
}


def _example(kind: Kind) -> str:
    return EXAMPLES.get(kind.table, "--note 'what to keep'")


def tags_value(text: str) -> list[str]:
    """The new tags of an entry from the merged --tag values: 'none' removes them all."""
    return [] if text.strip().lower() == "none" else parse.tags([text])


# What completion offers after `paceit edit KIND ID --`: each field's description, and
# for a field with fixed values or values from the diary, those (as the spec writes a
# slot: fixed (value, help) pairs and a source in paceit.completion.SOURCES).
_YES_NO = [["yes", ""], ["no", ""]]
_FIELD_SLOTS: dict[str, tuple[str, list[list[str]], str | None]] = {
    "activity": ("Move the session to another activity in the same unit.", [], "activity"),
    "amount": ("The amount, in the activity's unit.", [], None),
    "at": ("When it happened (as --at of the recording commands).", [], None),
    "tag": ("Replace the tags ('none' removes them); repeat for several.", [], "tag"),
    "site": ("Replace where it hurts ('none' clears); repeat for several.", [], None),
    "schedule": ("regular or as-needed.", [[s, ""] for s in SCHEDULES], None),
    "note": ("The note ('none' clears it).", [], None),
    "helped": ("How much it helped, 0-10 ('none' clears it).", [], None),
    "minutes": ("How long, in whole minutes ('none' clears it).", [], None),
}


def completion_fields() -> dict[str, dict[str, list[Any]]]:
    """For the completion spec (completions/generate.py): per KIND, its fields as options,
    `--field: [takes a value, help, fixed values, source]`."""
    found: dict[str, dict[str, list[Any]]] = {}
    for kind, spec in KINDS.items():
        options: dict[str, list[Any]] = {}
        for name in spec.names():
            if name in {flag for flag, _, _ in spec.flags}:
                options[f"--{name}"] = [False, f"Set the schedule to {name}.", [], None]
                continue
            help_text, fixed, source = _FIELD_SLOTS.get(name, (f"New {name.replace('-', ' ')}.", [], None))
            if name in ("flare", "happened", "safety", "aborted"):
                fixed = _YES_NO
            options[f"--{name}"] = [True, help_text, fixed, source]
        found[kind] = dict(sorted(options.items()))
    return found
