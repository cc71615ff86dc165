"""What each daily path imports, checked in a fresh interpreter (a test process has it all).

Every run is a new process, and the shell runs one on every TAB: `--help` and completion
load neither Typer nor Rich; `pain`, `log` and `next` load no SQLModel, SQLAlchemy or
pydantic (about 300 ms), no report or renderer of other commands, and no command module
but their own. A regression here is a slowdown of every run, which no timed test could
catch reliably on a shared machine (bench/run.py measures the time itself).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ENTRY_SCRIPT as SCRIPT
from helpers import child_env, copy_diary, imported_by, imports_of

ORM = ("sqlmodel", "sqlalchemy", "pydantic")
TERMINAL_UI = ("typer", "rich")
# Modules of other commands, and the report machinery (the PDF library too, with the image
# library it brings): none belongs on a daily path.
ELSEWHERE = (
    "paceit.report", "paceit.render.report", "paceit.cli.report", "paceit.trends", "paceit.cli.trends",
    "paceit.exporting", "paceit.importing", "paceit.demo", "paceit.cli.demo", "paceit.insights",
    "paceit.cli.ladder", "paceit.cli.activity", "paceit.cli.data", "paceit.cli.measure", "paceit.cli.transfer",
    "paceit.models", "paceit.api", "reportlab", "PIL",
    # split from trends and importing (issue 20, item 7); report_* and render.report_* match the prefixes above
    "paceit.training_load", "paceit.import_document", "paceit.import_values", "paceit.import_checks",
)  # fmt: skip
# Shell completion's own modules: only a TAB, --install-completion or --show-completion needs them.
COMPLETION = ("paceit.completion", "paceit.cli.shells")


def imported(tmp_path: Path, args: list[str], extra_env: dict[str, str] | None = None) -> tuple[int, set[str]]:
    env = {"PACEIT_DB": str(tmp_path / "paceit.db"), "PACEIT_NOW": "2026-11-21T18:00:00+00:00", "NO_COLOR": "1"}
    setup = [sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min"]
    subprocess.run(setup, env=child_env(env), check=True, capture_output=True)
    return imported_by(args, {**env, **(extra_env or {})})


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") or m.startswith(p + "_") for p in prefixes))


@pytest.mark.parametrize(
    "args",
    [
        ["pain", "4", "--tag", "gardening"],
        ["log", "walking", "20", "--tag", "stress"],
        ["next"],
        ["insights"],
        ["med", "ibuprofen"],
        ["strategy", "heat", "--tag", "evening"],
        ["learn", "zones"],
    ],
    ids=lambda a: a[0],
)
def test_no_orm_on_the_daily_commands(tmp_path: Path, args: list[str]) -> None:
    code, modules = imported(tmp_path, args)
    assert code == 0
    assert loaded(modules, (*ORM, "paceit.models", "paceit.api")) == []


@pytest.mark.parametrize("args", [["pain", "4"], ["log", "walking", "20"], ["next"]], ids=lambda a: a[0])
def test_daily_commands_load_only_their_own_command(tmp_path: Path, args: list[str]) -> None:
    code, modules = imported(tmp_path, args)
    assert code == 0
    assert loaded(modules, (*ELSEWHERE, *COMPLETION)) == []


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--version"]], ids=lambda a: " ".join(a) or "none")
def test_the_overview_and_version_load_no_typer_rich_or_command(tmp_path: Path, args: list[str]) -> None:
    code, modules = imported(tmp_path, args)
    assert code == 0
    assert loaded(modules, (*ORM, *TERMINAL_UI, "paceit.cli.app", "paceit.db", "paceit.queries")) == []


def test_a_completion_request_loads_no_typer_rich_or_command(tmp_path: Path) -> None:
    shell = {"_PACEIT_COMPLETE": "complete_bash", "COMP_WORDS": "paceit log w", "COMP_CWORD": "2"}
    code, modules = imported(tmp_path, [], shell)
    assert code == 0
    assert loaded(modules, (*ORM, *TERMINAL_UI, "paceit.cli.app", "paceit.queries", "paceit.pacing")) == []


def test_strict_times_and_amounts_leave_the_natural_grammar_unloaded(tmp_path: Path) -> None:
    """`natural.py` is read only when the strict forms fail: the usual input pays nothing."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    code, modules = imported(tmp_path / "a", ["log", "walking", "1h15m", "--at", "yesterday 08:00"])
    assert code == 0 and "paceit.natural" not in modules
    code, modules = imported(tmp_path / "b", ["log", "walking", "1 hour", "--at", "yesterday 8am"])
    assert code == 0 and "paceit.natural" in modules
    assert loaded(modules, (*ORM, *ELSEWHERE)) == []


SRC = Path(__file__).resolve().parents[1] / "src" / "paceit"
# The only modules that may import the ORM: the schema of record, and the read-only Python API
# over it (docs/api.md), which no command uses.
ORM_MODULES = {"models.py", "api.py"}


def test_no_module_of_paceit_imports_the_api_or_the_orm() -> None:
    """Read from the source, so a command that is not in the runtime checks above (any command,
    any branch) is covered too: `paceit.api` and SQLModel are for Python users, never the CLI."""
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).as_posix() in ORM_MODULES:
            continue
        found = loaded(imports_of(path), (*ORM, "paceit.models", "paceit.api"))
        if found:
            offenders[path.relative_to(SRC).as_posix()] = found
    assert offenders == {}


def test_the_source_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from paceit import api\n    import sqlmodel.sql\n")
    assert loaded(imports_of(sample), (*ORM, "paceit.api")) == ["paceit.api", "sqlmodel.sql"]


# The pacing engine: the replay, its checkpoints, the ladder's and flares' rules (issue 19:
# about a tenth of a run). Only the commands that plan load it (next, log after the
# baseline, trends, report, ...); the queries module imports it in the functions that plan.
ENGINE = (
    "paceit.plan", "paceit.pacing", "paceit.pacing_state", "paceit.flare", "paceit.checkpoint_store",
    "paceit.checkpoints", "paceit.ladder", "paceit.zones", "paceit.quota", "paceit.boombust", "paceit.today",
    "paceit.insights", "paceit.planning",
)  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["pain", "4"],
        ["history"],
        ["history", "--json"],
        ["med", "ibuprofen"],
        ["strategy", "heat"],
        ["edit", "pain", "1", "--note", "x"],
    ],
    ids=lambda a: " ".join(a),
)
def test_commands_that_do_not_plan_leave_the_pacing_engine_unloaded(tmp_path: Path, args: list[str]) -> None:
    if args[0] == "edit":  # something to edit
        env = {"PACEIT_DB": str(tmp_path / "paceit.db"), "PACEIT_NOW": "2026-11-21T18:00:00+00:00"}
        first = [sys.executable, "-m", "paceit", "pain", "3"]
        subprocess.run(first, env=child_env(env), check=True, capture_output=True)
    code, modules = imported(tmp_path, args)
    assert code == 0
    assert loaded(modules, ENGINE) == []


def test_next_does_load_the_pacing_engine(tmp_path: Path) -> None:
    """The test above is not vacuous: the names are the engine's, and `next` needs them."""
    code, modules = imported(tmp_path, ["next"])
    assert code == 0
    assert set(loaded(modules, ENGINE)) >= {"paceit.plan", "paceit.pacing", "paceit.checkpoint_store", "paceit.today"}


def test_a_completion_request_loads_no_dataclasses(tmp_path: Path) -> None:
    """`dataclasses` imports `inspect`, `ast`, `dis` and `tokenize`: about a quarter of a TAB
    (issue 19). The completion's own types are plain classes."""
    shell = {"_PACEIT_COMPLETE": "complete_bash", "COMP_WORDS": "paceit log w", "COMP_CWORD": "2"}
    code, modules = imported(tmp_path, [], shell)
    assert code == 0
    assert {"dataclasses", "inspect"} & modules == set()


def test_pain_loads_no_dataclasses(tmp_path: Path) -> None:
    """Every class `pain` imports is a plain one (`paceit.slotted`): a dataclass compiles its
    methods when created, 0.3-1.2 ms a class, and `pain` had nine of them (issue 19). Typer
    loads `inspect` itself, so that is not asked."""
    code, modules = imported(tmp_path, ["pain", "4", "--sleep", "6", "--tag", "gardening"])
    assert code == 0
    assert "dataclasses" not in modules


def test_log_leaves_the_plan_of_next_unloaded(tmp_path: Path) -> None:
    """`log` replays through `today.py`, which also builds `next`'s plan: the dataclass of that
    plan (`plan_document`, about a millisecond to create) is imported only where `next` needs it."""
    (tmp_path / "log").mkdir()
    (tmp_path / "next").mkdir()
    code, modules = imported(tmp_path / "log", ["log", "walking", "20"])
    assert code == 0
    assert "paceit.today" in modules and "paceit.plan_document" not in modules
    code, modules = imported(tmp_path / "next", ["next"])
    assert code == 0 and "paceit.plan_document" in modules


def test_log_leaves_fractions_unloaded(tmp_path: Path) -> None:
    """The replay's exact done shares are sums of ints (`pacing_state.done_share`):
    `fractions`, with the `decimal` it imports, was about 1.9 ms of every `log` (issue 19)."""
    code, modules = imported(tmp_path, ["log", "walking", "20"])
    assert code == 0 and "paceit.pacing_state" in modules
    assert not {"fractions", "decimal"} & modules


@pytest.mark.parametrize(
    "args",
    [["pain", "4"], ["log", "walking", "20"], ["next"], ["history"], ["trends"], ["report"]],
    ids=lambda a: a[0],
)
def test_piped_daily_commands_load_no_rich(tmp_path: Path, args: list[str]) -> None:
    """Off a terminal the tables and text are plain lines (render/plain.py): Rich is about
    20 ms of `next` and `history` (issue 19), and drawing the text report through it as
    much again."""
    code, modules = imported(tmp_path, args)
    assert code == 0
    assert loaded(modules, ("rich",)) == []


def test_rich_draws_on_a_terminal(tmp_path: Path) -> None:
    """The test above is not vacuous: where Rich sees a terminal (TTY_COMPATIBLE=1 says so
    without a pty), it draws the plan."""
    code, modules = imported(tmp_path, ["next"], {"TTY_COMPATIBLE": "1"})
    assert code == 0
    assert "rich.table" in modules


# Modules every daily command (or the replay of `next` and `log`) loads.
DAILY_MODULES = (
    "records", "zones", "ladder", "boombust", "pacing", "pacing_replay", "pacing_changes", "pacing_gates",
    "pacing_state", "settings", "times", "units", "migrations", "redflags", "outcomes", "functional_tests",
    "measures", "usual", "quota", "checkpoints", "store", "undo", "kinds", "progress", "today", "cli/state",
    "cli/fields", "flare", "flare_episodes", "plan", "ladder_plan", "planning", "plan_document", "record_queries",
    "activity_rules", "function_records", "insight_records",
)  # fmt: skip


@pytest.mark.parametrize("module", DAILY_MODULES)
def test_daily_dataclasses_have_docstrings(module: str) -> None:
    """A dataclass without a docstring gets one made from `inspect.signature` when it is
    created: about an eighth of its creation cost (0.07 of 0.54 ms per class here, issue 19).
    A docstring saying what the class holds costs nothing."""
    source = Path(__file__).parent.parent / "src" / "paceit" / f"{module}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    bare = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any("dataclass" in ast.unparse(d) for d in node.decorator_list)
        and ast.get_docstring(node) is None
    ]
    assert bare == []


# Modules of the daily, trends, history and report paths whose value classes are records
# (`recordtype.record`), not dataclasses: `dataclasses` compiles six methods per class at
# import, a record one `__init__` at its first instance (issue 19, fourth round).
RECORD_MODULES = (
    *(m for m in DAILY_MODULES if m != "insight_records"), "trends", "training_load", "report", "report_details",
    "report_pacing", "report_pain", "report_sections", "report_strategies", "render/report_formats",
    "render/report_blocks",
)  # fmt: skip


@pytest.mark.parametrize("module", RECORD_MODULES)
def test_the_daily_and_report_modules_define_no_dataclass(module: str) -> None:
    source = Path(__file__).parent.parent / "src" / "paceit" / f"{module}.py"
    assert "dataclasses" not in imports_of(source)


# Runs a command like SCRIPT, then names the paceit classes that are dataclasses (a dataclass
# has `__dataclass_params__`; a record has not) and how many records were built at all.
DATACLASS_SCRIPT = SCRIPT.replace(
    'print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)',
    """from paceit.record_init import generic_init
classes = {c for name, m in list(sys.modules.items()) if name.startswith("paceit") for c in vars(m).values()
           if isinstance(c, type) and c.__module__.startswith("paceit")}
made = sorted(c.__qualname__ for c in classes if "__dataclass_params__" in c.__dict__)
records = [c for c in classes if "_record_fields" in c.__dict__]
built = sum(c.__dict__["__init__"] is not generic_init or "_record_calls" in c.__dict__ for c in records)
found = {"code": code, "modules": sorted(sys.modules), "dataclasses": made, "records": len(records), "built": built}
print(json.dumps(found), file=sys.stderr)""",
)


@pytest.fixture(scope="module")
def demo_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six weeks of the demo: every section of the report and every rule of `next` has data."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    command = [sys.executable, "-m", "paceit", "--db", str(path), "demo", "--weeks", "6"]
    subprocess.run(command, env=child_env({"NO_COLOR": "1"}), check=True, capture_output=True)
    return path


@pytest.mark.parametrize(
    "args", [["next"], ["report", "--format", "md"], ["trends"], ["history"]], ids=lambda a: " ".join(a)
)
def test_the_planning_and_report_paths_load_no_dataclasses(demo_diary: Path, args: list[str]) -> None:
    """`next` loaded 42 dataclasses (about 20 ms of creating them), `report` 71: now every
    paceit class there is a record, and the `dataclasses` module itself is not imported."""
    env = {"PACEIT_DB": str(demo_diary), "NO_COLOR": "1"}
    command = [sys.executable, "-c", DATACLASS_SCRIPT, *args]
    done = subprocess.run(command, env=child_env(env), capture_output=True, text=True)
    found = json.loads(done.stderr.strip().splitlines()[-1])
    assert found["code"] == 0
    assert found["dataclasses"] == [] and "dataclasses" not in found["modules"]
    assert found["records"] >= 10 and found["built"] >= 2  # not vacuous: records were made and built


def test_next_leaves_statistics_unloaded(demo_20_weeks: Path, tmp_path: Path) -> None:
    """`statistics` (and the `random` it imports) is about 1.7 ms of every `next`: the progress
    line's means are `exact_stats.fmean`, statistics.fmean by its steps (issue 19, sixth round)."""
    path = copy_diary(demo_20_weeks, tmp_path / "demo.db")
    code, modules = imported_by(["next"], {"PACEIT_DB": str(path), "PACEIT_NOW": "2026-11-21T18:00:00+00:00"})
    assert code == 0
    assert {"paceit.progress", "paceit.plan"} <= modules and "statistics" not in modules
