"""Bad input everywhere: Hypothesis feeds random arguments (Unicode, huge numbers, empty
strings, NUL bytes, far past and future dates, SQL-looking text, negative numbers,
option-looking words) to every recording command. Each run must end either with exit 0
and the entry stored (the undo log grew), or with exit 2, one line on stderr and the
diary unchanged byte for byte; never a traceback, never exit 1.

The arguments of each command are read from the command itself (its Click parameters),
so a new option is fuzzed without editing this file. Derandomized: CI sees the same
examples every run: 30 examples x 11 commands = 330 runs in all.
"""

from __future__ import annotations

import functools
import gc
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click import Context
from typer.testing import CliRunner

from helpers import fixed_clock, ok
from paceit.cli.app import app

COMMANDS = [
    ["pain"],
    ["log"],
    ["activity", "add"],
    ["ladder", "add"],
    ["ladder", "try"],
    ["redflag", "check"],
    ["flare", "start"],
    ["flare", "end"],
    ["goal", "add"],
    ["measure", "peg"],
    ["measure", "psfs"],
]
EXAMPLES = 30

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
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "--at": st.sampled_from(["today", "yesterday", "2026-11-20", "08:30", "2026-11-20T08:00", "-3d"]),
    "--note": WORDS,
    "--expect": WORDS,
    "text": WORDS,
    "name": WORDS,
    "--site": st.sampled_from(["knee", "lower back", "Schulter"]),
    "--unit": st.sampled_from(["min", "reps", "steps", "km"]),
    "--baseline": st.sampled_from(["10", "5", "2.5"]),
    "--target": st.sampled_from(["30", "45"]),
    "--step": st.sampled_from(["10%", "2"]),
    "--every": st.sampled_from(["7", "14"]),
    "--ceiling": st.sampled_from(["5", "6", "7"]),
    "amount": st.sampled_from(["20", "20m", "1h", "12"]),
    "step": st.just("1"),
    "--happened": st.sampled_from(["yes", "no"]),
    "--safety": st.sampled_from(["yes", "no"]),
    "--yes": st.sampled_from(["fever", "night-pain"]),
    "--item": st.sampled_from(["stairs=4", "walking=6", "gardening=3", "lifting=0", "cycling=10"]),
    "--fear": FEAR,
    "--harm": FEAR,
    "--fear-before": FEAR,
    "--fear-after": FEAR,
    "--fear-peak": FEAR,
    "--expect-likely": FEAR,
}


def plausible(path: tuple[str, ...], name: str) -> st.SearchStrategy[str]:
    if (name == "name" and path == ("log",)) or (name == "--activity" and path != ("measure", "peg")):
        return st.just("walking")
    return PLAUSIBLE.get(name, SCALE)


def value(path: tuple[str, ...], name: str) -> st.SearchStrategy[str]:
    """Mostly what a person would type, one time in five something hostile."""
    return st.integers(0, 4).flatmap(lambda k: NASTY_VALUE if k == 0 else plausible(path, name))


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
    return [p for p in cmd.params if "--help" not in getattr(p, "opts", [])]


@st.composite
def arguments(draw: st.DrawFn, path: list[str]) -> list[str]:
    key = tuple(path)
    positional: list[str] = []
    options: list[list[str]] = []
    for param in command_params(key):
        if param.param_type_name == "argument":
            if draw(st.integers(0, 9)):  # now and then leave it out
                positional.append(draw(value(key, str(param.name))))
        elif draw(st.booleans() if getattr(param, "is_flag", False) else st.integers(0, 3)):  # most given
            name = param.opts[0]
            times = draw(st.integers(1, 5)) if getattr(param, "multiple", False) else 1
            for _ in range(times):
                options.append([name] if getattr(param, "is_flag", False) else [name, draw(value(key, name))])
    shuffled = draw(st.permutations(options))
    place = draw(st.integers(0, len(shuffled)))  # options before, among or after the arguments
    before = [w for option in shuffled[:place] for w in option]
    after = [w for option in shuffled[place:] for w in option]
    return [*path, *before, *positional, *after]


@pytest.fixture
def diary(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: ROOT)
    with fixed_clock(monkeypatch):
        ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
        ok("ladder", "add", "bend to lift a box", "--fear", "60")
        ok("pain", "3")  # the daily copy is taken from now on the same (fixed) day
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


def check_one(path: Path, args: list[str]) -> None:
    gc.collect()
    before = files(path)
    before_audit = audit_rows(path)
    result = RUNNER.invoke(app, args)
    code, stdout, stderr, exception = result.exit_code, result.stdout, result.stderr, result.exception
    del result  # its traceback holds the run's connection open
    gc.collect()
    assert "Traceback" not in stderr, (args, stderr)
    assert exception is None or isinstance(exception, SystemExit), (args, exception)
    assert code in (0, 2), (args, code, stderr)
    if code == 0:
        assert audit_rows(path) > before_audit, (args, stdout)
        return
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paceit"), (args, stderr)
    assert files(path) == before, args


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_random_arguments_store_an_entry_or_change_nothing(diary: Path, path: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(args=arguments(path))
    def one(args: list[str]) -> None:
        if any(word in ("-h", "--help") for word in args):
            return  # help is not a recording
        check_one(diary, args)

    one()
