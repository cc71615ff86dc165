"""Bad input everywhere: Hypothesis feeds random arguments (Unicode, huge numbers, empty
strings, NUL bytes, far past and future dates, SQL-looking text, negative numbers,
option-looking words) to every recording command, and to `edit` and `config set`. Each
run must end either with exit 0 and the entry stored with the values typed (read back
from the database and compared, field by field), or with exit 2, one line on stderr and
the diary unchanged byte for byte; never a traceback, never exit 1. Two commands may also
only read (`flare plan SECTION` shows a section; `edit` to the values already there
changes nothing): then exit 0 and the diary unchanged.

The arguments of each command are read from the command itself (its Click parameters),
so a new option is fuzzed without editing this file; `edit`, whose fields are not Click
options, has its own strategy. A third of the examples are all plausible (what a person
would type for that command, with values that fit together: a task's own unit, a
setting's own range); in the others each value is hostile one time in four. So both
paths are reached, and each command must store at least MIN_STORED of its examples.
Every example starts from the same diary (its bytes are put back), so one stored entry
cannot cause the next example's refusal (a second open flare, a goal done twice).
Derandomized: CI sees the same examples every run: 30 examples x 18 commands = 540 runs;
each test prints its counts (stored, refused, read; see them with `pytest -s`).
"""

from __future__ import annotations

import functools
import gc
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click import Context
from typer.testing import CliRunner

from helpers import checkpoint, fixed_clock, ok
from paceit import parse, parse_amounts
from paceit import settings as paceit_settings
from paceit.cli.app import app
from paceit.flareplan import SECTION_NAMES

COMMANDS = [
    ["pain"],
    ["log"],
    ["activity", "add"],
    ["ladder", "add"],
    ["ladder", "try"],
    ["redflag", "check"],
    ["flare", "start"],
    ["flare", "end"],
    ["flare", "plan"],
    ["goal", "add"],
    ["goal", "done"],
    ["measure", "peg"],
    ["measure", "psfs"],
    ["measure", "task"],
    ["med"],
    ["strategy"],
    ["ask"],
    ["edit"],
    ["config", "set"],
]
EXAMPLES = 30
MIN_STORED = 3

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t",
    "\n",
    "\r\n",
    "\u202e",
    "\ufeff",
    "\u0000\u0000",
    "-1",
    "-0",
    "+5",
    "01",
    "1e309",
    "1e-400",
    "nan",
    "-inf",
    "0x1f",
    "1_000",
    "½",
    "٣",
    "\U0001d7d8",
    "Ⅻ",
    "99999999999999999999999999999999",
    "-99999999999999999999",
    "4.",
    ".5",
    "5,5",
    "10/10",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1900-02-29",
    "2026-02-30",
    "2026-13-01",
    "1970-01-01T00:00",
    "2262-04-12T00:00",
    "-99999d",
    "-0w",
    "-100000w",
    "+3d",
    "25:61",
    "24:00",
    "99:99",
    "tomorrow",
    "2026-11-21T18:00+14:00",
    "2026-11-21T18:00-23:59",
    "'; DROP TABLE pain_entry;--",
    "Robert'); DROP TABLE session;--",
    '" OR 1=1 --',
    "%s%s%n",
    "--note",
    "--at",
    "--",
    "-",
    "-h",
    "--debug",
    "--db",
    "--yes",
    "x" * 2001,
    "é" * 81,
    "1h15m",
    "90s",
    "0m",
    "99999h",
    "1h-5m",
    "10%",
    "-10%",
    "0%",
    "1000%",
]
NASTY_VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
SCALE = st.integers(0, 10).map(str)
FEAR = st.integers(0, 100).map(str)
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
AT = st.sampled_from(["today", "yesterday", "2026-11-20", "08:30", "2026-11-20T08:00", "-3d", "yesterday 21:15"])
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "--at": AT,
    "--note": WORDS,
    "--ask": WORDS,
    "--expect": WORDS,
    "text": WORDS,
    "texts": WORDS,
    "name": WORDS,
    "--site": st.sampled_from(["knee", "lower back", "Schulter"]),
    "--tag": st.sampled_from(["gardening", "work stress", "Sunny"]),
    "--unit": st.sampled_from(["min", "reps", "steps", "km"]),
    "--baseline": st.sampled_from(["10", "5", "12"]),
    "--target": st.sampled_from(["30", "45"]),
    "--step": st.sampled_from(["10%", "2"]),
    "--every": st.sampled_from(["7", "14"]),
    "--ceiling": st.sampled_from(["5", "6", "7"]),
    "amount": st.sampled_from(["20", "20m", "1h", "12"]),
    "step": st.sampled_from(["1", "#1"]),
    "goal_id": st.just("1"),
    "--happened": st.sampled_from(["yes", "no"]),
    "--safety": st.sampled_from(["yes", "no"]),
    "--yes": st.sampled_from(["fever", "night-pain", "Weight-Loss"]),
    "--item": st.sampled_from(["stairs=4", "walking=6", "gardening=3", "lifting=0", "cycling=10"]),
    "--dose": st.sampled_from(["400 mg", "1 tablet", "2 puffs"]),
    "--minutes": st.sampled_from(["1", "20", "45", "600"]),
    "section": st.sampled_from(SECTION_NAMES),
    "key": st.sampled_from([s.key for s in paceit_settings.SPECS]),
    "value": st.sampled_from(["7", "10", "14", "0.8", "mon,wed,fri", "all", "multiply", "add", "default", "3"]),
    **dict.fromkeys(("--fear", "--harm", "--fear-before", "--fear-after", "--fear-peak", "--expect-likely"), FEAR),
}
# Values that fit together for one command (a task's own unit, a setting's own range),
# drawn once per example so that a plausible example is one a person could type.
TASK_PROFILES = [
    {"name": "sit-to-stand", "--unit": "count", "--better": "higher"},
    {"name": "tug", "--unit": "s", "--better": "lower"},
    {"name": "grip strength", "--unit": "kg", "--better": "higher"},
    {"name": "Stair climb", "--unit": "s", "--better": "lower"},
]


def _setting_values(spec: paceit_settings.SettingSpec) -> list[str]:
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "days":
        return ["mon,wed,fri", "all", "tue"]
    if spec.kind == "text":
        return ["Ana López", "''"]
    middle = (spec.lo + spec.hi) / 2
    values = [spec.lo, spec.hi, int(middle) if spec.kind == "int" else round(middle, 2)]
    return [f"{v:g}" for v in values]


SETTING_PROFILES = [{"key": spec.key, "value": _setting_values(spec)} for spec in paceit_settings.SPECS]
# A trial's fears as a person reports them: the peak at least the higher of before and after
# (ladder.fear_conflict refuses the rest; tests/test_cli_ladder.py tests that refusal).
TRIAL_PROFILES = [
    {"--fear-before": "50", "--fear-after": "30", "--fear-peak": ["60", "50", "100"]},
    {"--fear-before": "20", "--fear-after": "40", "--fear-peak": ["40", "85"]},
    {"--fear-before": "0", "--fear-after": "0", "--fear-peak": ["0", "10"]},
]
PROFILES: dict[tuple[str, ...], st.SearchStrategy[dict[str, Any]]] = {
    ("ladder", "try"): st.sampled_from(TRIAL_PROFILES),
    ("measure", "task"): st.sampled_from(TASK_PROFILES),
    ("config", "set"): st.sampled_from(SETTING_PROFILES),
}
# How often a flag is given, out of 10: --clinician mostly (clinical options need it);
# --none with --yes, and --edit (questions) off a terminal, are refused, so seldom.
FLAG_ODDS = {"--clinician": 8, "--none": 2, "--edit": 1, "--json": 2}


def plausible(path: tuple[str, ...], name: str, profile: dict[str, Any]) -> st.SearchStrategy[str]:
    if name in profile:
        chosen = profile[name]
        return st.sampled_from(chosen) if isinstance(chosen, list) else st.just(chosen)
    if path == ("measure", "task") and name == "value":
        return st.sampled_from(["11", "12.5", "30", "0"])
    if (name == "name" and path == ("log",)) or (name == "--activity" and path != ("measure", "peg")):
        return st.just("walking")
    return PLAUSIBLE.get(name, SCALE)


def value(path: tuple[str, ...], name: str, profile: dict[str, Any], hostile: int) -> st.SearchStrategy[str]:
    """What a person would type, or (`hostile` times in 10) something hostile."""
    return st.integers(0, 9).flatmap(lambda k: NASTY_VALUE if k < hostile else plausible(path, name, profile))


# The command tree, built once: CliRunner.invoke(app) would rebuild it from the Typer app
# on every call (most of a run's time). Invoking it runs the same PaceitGroup.main, with
# the same error boundary, as the console script.
ROOT = typer.main.get_command(app)
RUNNER = CliRunner()


@functools.cache
def command_params(path: tuple[str, ...]) -> list[Any]:
    cmd: Any = ROOT
    for word in path:
        cmd = cmd.get_command(Context(ROOT), word)
    # A hidden option is an old name kept for scripts (PEG's --enjoyment): not drawn, as
    # giving it with its new name is refused on purpose.
    return [p for p in cmd.params if "--help" not in getattr(p, "opts", []) and not getattr(p, "hidden", False)]


@dataclass
class Drawn:
    """The command line, and what was typed for each parameter (by argument name or by
    the option's first name), so the stored row can be compared with it."""

    args: list[str]
    typed: dict[str, list[str]] = field(default_factory=dict)

    def last(self, name: str) -> str | None:
        values = self.typed.get(name)
        return values[-1] if values else None


@st.composite
def arguments(draw: st.DrawFn, path: list[str]) -> Drawn:
    """A third of the examples are all plausible, with every option given (what a person
    would type, which must be stored as typed); in the others, options are left out now and
    then and each value is hostile three times in ten."""
    key = tuple(path)
    profile = draw(PROFILES.get(key, st.just({})))
    hostile = draw(st.sampled_from([0, 3, 3]))
    positional: list[tuple[str, str]] = []
    options: list[tuple[str, str | None]] = []
    for param in command_params(key):
        name = str(param.name) if param.param_type_name == "argument" else param.opts[0]
        if param.param_type_name == "argument":
            if hostile == 0 or draw(st.integers(0, 19)):  # now and then leave it out
                count = draw(st.integers(1, 3)) if param.nargs == -1 else 1
                positional += [(name, draw(value(key, name, profile, hostile))) for _ in range(count)]
        elif getattr(param, "is_flag", False):
            if draw(st.integers(0, 9)) < FLAG_ODDS.get(name, 5):
                options.append((name, None))
        elif hostile == 0 or draw(st.integers(0, 3)):  # all of them when plausible, else most
            times = draw(st.integers(1, 4)) if getattr(param, "multiple", False) else 1
            options += [(name, draw(value(key, name, profile, hostile))) for _ in range(times)]
    shuffled = draw(st.permutations(options))
    place = draw(st.integers(0, len(shuffled)))  # options before, among or after the arguments
    words = [[name] if word is None else [name, word] for name, word in shuffled]
    args = [*path, *(w for o in words[:place] for w in o), *(v for _, v in positional)]
    args += [w for o in words[place:] for w in o]
    typed: dict[str, list[str]] = {}
    for name, word in [*shuffled, *positional]:  # in the order typed: of an option given twice, the last wins
        typed.setdefault(name, []).append("" if word is None else word)
    return Drawn(args, typed)


EDIT_FIELDS: dict[str, dict[str, st.SearchStrategy[str]]] = {
    "pain": {"pain": SCALE, "sleep": SCALE, "mood": SCALE, "site": PLAUSIBLE["--site"], "note": WORDS, "at": AT},
    "session": {"amount": PLAUSIBLE["amount"], "effort": SCALE, "pain-during": SCALE, "note": WORDS, "at": AT},
    "trial": {"fear-before": FEAR, "fear-after": FEAR, "expect": WORDS, "happened": PLAUSIBLE["--happened"]},
    "med": {"dose": PLAUSIBLE["--dose"], "note": WORDS},
    "strategy": {"helped": SCALE, "minutes": PLAUSIBLE["--minutes"], "note": WORDS, "at": AT},
    "task": {"value": st.sampled_from(["11", "12.5", "30"]), "note": WORDS},
    "goal": {"text": WORDS, "target": PLAUSIBLE["--target"], "note": WORDS},
    "step": {"text": WORDS, "fear": FEAR, "harm": FEAR},
}


@st.composite
def edits(draw: st.DrawFn) -> Drawn:
    """`paceit edit KIND ID --FIELD VALUE ...`: fields are parsed by the command itself,
    so they are drawn here from the fields each kind has (and a hostile one now and then)."""
    hostile = draw(st.sampled_from([0, 3, 3]))
    kind = draw(
        st.integers(0, 9).flatmap(lambda k: NASTY_VALUE if k < hostile else st.sampled_from(sorted(EDIT_FIELDS)))
    )
    entry = draw(st.integers(0, 9).flatmap(lambda k: NASTY_VALUE if k < hostile else st.just("1")))
    fields = EDIT_FIELDS.get(kind, {"note": WORDS})
    typed: dict[str, list[str]] = {"kind": [kind], "entry": [entry]}
    args = ["edit", kind, entry]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(fields)))
        word = draw(st.integers(0, 9).flatmap(lambda k, n=name: NASTY_VALUE if k < hostile else fields[n]))
        args += [f"--{name}", word]
        typed.setdefault(name, []).append(word)
    return Drawn(args, typed)


# --- the diary each example starts from -------------------------------------------------------

SETUP = [
    ["activity", "add", "walking", "--unit", "min", "--baseline", "10"],
    ["ladder", "add", "bend to lift a box", "--fear", "60"],
    ["pain", "3"],  # the daily copy is taken from now on the same (fixed) day
    ["log", "walking", "10"],
    ["ladder", "try", "1", "--fear-before", "50", "--fear-after", "30"],
    ["goal", "add", "walk to the park", "--activity", "walking", "--target", "30"],
    ["med", "ibuprofen"],
    ["measure", "task", "sit-to-stand", "11"],
    ["strategy", "heat pack", "--helped", "5"],
]
OPEN_FLARE = [["flare", "start", "--at", "2026-11-15", "--note", "after the move"]]
EXTRA_SETUP = {("flare", "end"): OPEN_FLARE, ("edit",): OPEN_FLARE}


@pytest.fixture
def diary(isolated_db: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: ROOT)
    with fixed_clock(monkeypatch):
        for command in [*SETUP, *EXTRA_SETUP.get(tuple(request.node.callspec.params["path"]), [])]:
            ok(*command)
        checkpoint(isolated_db)
        yield isolated_db


def audit_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    finally:
        conn.close()


def files(path: Path) -> tuple[bytes, bytes | None]:
    """The diary's bytes, and its write-ahead log's if one is there."""
    wal = Path(f"{path}-wal")
    return path.read_bytes(), (wal.read_bytes() if wal.exists() else None)


def restore(path: Path, template: bytes) -> None:
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    path.write_bytes(template)


# --- what a stored entry must hold ------------------------------------------------------------


def newest(path: Path, table: str, where: str = "", params: tuple[Any, ...] = ()) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute(f"SELECT * FROM {table} {where} ORDER BY id DESC LIMIT 1", params).fetchone()
        assert row is not None, (table, where)
        return dict(row)
    finally:
        conn.close()


def rows_of(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def same_scales(row: dict[str, Any], drawn: Drawn, columns: dict[str, str]) -> None:
    """Each scale typed is stored as that whole number ("+5" and "05" are 5)."""
    for option, column in columns.items():
        typed = drawn.last(option)
        if typed is not None:
            assert row[column] == int(typed.strip()), (option, typed, row[column])


def same_text(row: dict[str, Any], drawn: Drawn, columns: dict[str, str]) -> None:
    """Each text typed is stored as typed, trimmed."""
    for option, column in columns.items():
        typed = drawn.last(option)
        if typed is not None:
            assert row[column] == typed.strip(), (option, typed, row[column])


def tags_of(path: Path, column: str, entry_id: int) -> list[str]:
    return [r[0] for r in rows_of(path, f"SELECT tag FROM entry_tag WHERE {column} = ? ORDER BY id", (entry_id,))]


def stored_pain(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "pain_entry")
    same_scales(row, drawn, {"score": "pain", **{f"--{c}": c for c in ("sleep", "mood", "fatigue", "stress")}})
    same_text(row, drawn, {"--note": "note"})
    assert row["flare"] == (1 if "--flare" in drawn.typed else 0)
    if "--site" in drawn.typed:
        assert json.loads(row["sites"]) == parse.sites(drawn.typed["--site"])
    if "--tag" in drawn.typed:
        assert tags_of(path, "pain_id", row["id"]) == parse.tags(drawn.typed["--tag"])
    return True


def stored_session(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "session")
    assert row["activity_id"] == 1 and row["amount"] == parse_amounts.amount(str(drawn.last("amount")), unit_name="min")
    same_scales(row, drawn, {f"--{c.replace('_', '-')}": c for c in ("effort", "pain_before", "pain_during")})
    same_text(row, drawn, {"--note": "note"})
    return True


def stored_activity(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "activity")
    same_text(row, drawn, {"name": "name", "--note": "note"})
    assert row["unit"] == parse_amounts.unit(drawn.last("--unit"))
    return True


def stored_step(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "ladder_step")
    same_text(row, drawn, {"text": "text", "--note": "note"})
    same_scales(row, drawn, {"--fear": "fear", "--harm": "harm"})
    return True


def stored_trial(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "exposure_trial")
    assert row["step_id"] == int(str(drawn.last("step")).strip().lstrip("#"))
    columns = ("fear_before", "fear_after", "fear_peak", "expect_likely", "predicted_pain", "pain")
    same_scales(row, drawn, {f"--{c.replace('_', '-')}": c for c in columns})
    same_text(row, drawn, {"--expect": "expect", "--note": "note"})
    return True


def stored_red_flags(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "red_flag_check")
    assert set(json.loads(row["codes"])) == {c.strip().lower() for c in drawn.typed.get("--yes", [])}
    return True


def stored_flare_start(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "flare")
    assert row["end_at_utc"] is None
    same_text(row, drawn, {"--note": "note"})
    return True


def stored_flare_end(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "flare")
    assert row["id"] == 1 and row["end_at_utc"] is not None
    same_text(row, drawn, {"--note": "end_note"})
    return True


def stored_flare_plan(path: Path, drawn: Drawn) -> bool:
    if "texts" not in drawn.typed:
        return False  # SECTION alone shows that section
    section = str(drawn.last("section")).strip().lower()
    items = rows_of(path, "SELECT text FROM flare_plan_item WHERE section = ? ORDER BY position", (section,))
    assert [t for (t,) in items] == [t.strip() for t in drawn.typed["texts"]]
    return True


def stored_goal(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "goal")
    same_text(row, drawn, {"text": "text", "--note": "note"})
    if "--target" in drawn.typed:
        assert row["target"] == parse_amounts.amount(str(drawn.last("--target")), unit_name="min")
    return True


def stored_goal_done(path: Path, drawn: Drawn) -> bool:
    assert newest(path, "goal", "WHERE id = 1")["done_utc"] is not None
    return True


def stored_questionnaire(kind: str) -> Callable[[Path, Drawn], bool]:
    def check(path: Path, drawn: Drawn) -> bool:
        row = newest(path, "questionnaire")
        assert row["kind"] == kind
        items = rows_of(path, "SELECT item, value FROM questionnaire_item WHERE questionnaire_id = ?", (row["id"],))
        if kind == "peg":
            options = {"pain": "--pain", "enjoyment": "--enjoyment-interference"}
            typed = {item: int(str(drawn.last(option)).strip()) for item, option in options.items()}
            assert {k: v for k, v in items if k in typed} == typed
        else:
            typed_items = [item.rpartition("=") for item in drawn.typed["--item"]]
            assert [(n.strip(), int(v.strip())) for n, _, v in typed_items] == items
        same_text(row, drawn, {"--note": "note"})
        return True

    return check


def stored_task(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "task_result")
    assert row["value"] == float(str(drawn.last("value")).strip())
    same_text(row, drawn, {"--note": "note"})
    return True


def stored_med(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "med_dose")
    assert row["name"] == " ".join(str(drawn.last("name")).casefold().split())
    same_text(row, drawn, {"--dose": "dose", "--note": "note"})
    assert row["schedule"] == ("regular" if "--regular" in drawn.typed else "as-needed")
    return True


def stored_strategy(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "strategy_use")
    typed = " ".join(str(drawn.last("name")).split())
    assert row["name"] == ("heat pack" if typed.casefold() == "heat pack" else typed)  # an earlier spelling is kept
    same_scales(row, drawn, {"--helped": "helped", "--minutes": "minutes"})
    same_text(row, drawn, {"--note": "note"})
    if "--tag" in drawn.typed:
        assert tags_of(path, "strategy_id", row["id"]) == parse.tags(drawn.typed["--tag"])
    return True


def stored_ask(path: Path, drawn: Drawn) -> bool:
    row = newest(path, "clinician_note")
    assert (row["text"], row["source"]) == (str(drawn.last("text")).strip(), "ask")
    return True


def stored_setting(path: Path, drawn: Drawn) -> bool:
    spec = paceit_settings.SPEC_BY_KEY[str(drawn.last("key")).strip().lower()]
    typed = str(drawn.last("value"))
    found = rows_of(path, "SELECT value FROM setting WHERE key = ?", (spec.key,))
    if typed.strip().lower() == "default":
        assert found == []
    else:
        assert [json.loads(v) for (v,) in found] == [paceit_settings.parse_value(spec, typed)]
    return True


EDIT_TABLES = {
    "pain": "pain_entry", "session": "session", "trial": "exposure_trial", "med": "med_dose",
    "task": "task_result", "goal": "goal", "step": "ladder_step", "strategy": "strategy_use",
}  # fmt: skip
EDIT_SCALES = {
    "pain", "sleep", "mood", "effort", "pain-during", "fear-before", "fear-after", "fear", "harm", "helped", "minutes",
}  # fmt: skip


def stored_edit(path: Path, drawn: Drawn) -> bool:
    kind = str(drawn.last("kind")).strip().lower()
    row = newest(path, EDIT_TABLES[kind], "WHERE id = 1")
    for name, values in drawn.typed.items():
        typed = values[-1].strip()
        column = name.replace("-", "_")
        optional = ("note", "harm", "sleep", "mood", "effort", "pain-during", "dose", "helped", "minutes")
        if typed.lower() == "none" and name in optional:
            assert row[column] is None, (name, row)
        elif name in EDIT_SCALES:
            assert row[column] == int(typed), (name, typed, row[column])
        elif name in ("note", "text", "expect", "dose"):
            assert row[column] == typed, (name, typed, row[column])
    return True


STORED: dict[tuple[str, ...], Callable[[Path, Drawn], bool]] = {
    ("pain",): stored_pain,
    ("log",): stored_session,
    ("activity", "add"): stored_activity,
    ("ladder", "add"): stored_step,
    ("ladder", "try"): stored_trial,
    ("redflag", "check"): stored_red_flags,
    ("flare", "start"): stored_flare_start,
    ("flare", "end"): stored_flare_end,
    ("flare", "plan"): stored_flare_plan,
    ("goal", "add"): stored_goal,
    ("goal", "done"): stored_goal_done,
    ("measure", "peg"): stored_questionnaire("peg"),
    ("measure", "psfs"): stored_questionnaire("psfs"),
    ("measure", "task"): stored_task,
    ("med",): stored_med,
    ("strategy",): stored_strategy,
    ("ask",): stored_ask,
    ("edit",): stored_edit,
    ("config", "set"): stored_setting,
}


def check_one(path: Path, command: tuple[str, ...], drawn: Drawn) -> str:
    """Run one example; what happened: 'stored', 'refused' or 'read' (exit 0, no change)."""
    gc.collect()
    before = files(path)
    before_audit = audit_rows(path)
    result = RUNNER.invoke(app, drawn.args)
    code, stdout, stderr, exception = result.exit_code, result.stdout, result.stderr, result.exception
    del result  # its traceback holds the run's connection open
    gc.collect()
    args = drawn.args
    assert "Traceback" not in stderr, (args, stderr)
    assert exception is None or isinstance(exception, SystemExit), (args, exception)
    assert code in (0, 2), (args, code, stderr)
    if code == 2:
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("paceit"), (args, stderr)
        assert files(path) == before, args
        return "refused"
    if audit_rows(path) == before_audit:  # a read, or an edit to the values already there
        checkpoint(path)
        assert files(path)[0] == before[0], args
        return "read"
    assert STORED[command](path, drawn), (args, stdout)
    return "stored"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_random_arguments_store_what_was_typed_or_change_nothing(diary: Path, path: list[str]) -> None:
    command = tuple(path)
    template = diary.read_bytes()
    counts = {"stored": 0, "refused": 0, "read": 0}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(drawn=edits() if command == ("edit",) else arguments(path))
    def one(drawn: Drawn) -> None:
        if any(word in ("-h", "--help") for word in drawn.args):
            return  # help is not a recording
        restore(diary, template)
        counts[check_one(diary, command, drawn)] += 1

    try:
        one()
    finally:
        print(f"{' '.join(path)}: {counts}")
    assert counts["stored"] >= MIN_STORED, counts
