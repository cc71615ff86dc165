"""What `pain` and `log` do on every run beyond the write itself (issue 19's fifth round).

Each is a cost a timed test could not hold on a shared machine, so the cause is held
instead: Typer reads the commands' annotations on every run, and the daily copy's modules
are loaded only by the write that takes the copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import imported_by
from paceit.cli import app, log, pain

NOW = "2026-11-21T18:00:00+00:00"
# What only the daily copy (and its pruning) needs.
COPY_MODULES = {"paceit.autobackup", "paceit.copies", "paceit.private_files", "paceit.settings"}


@pytest.mark.parametrize("function", [pain.pain, log.log, app.root], ids=lambda f: f.__name__)
def test_typer_finds_the_daily_commands_annotations_evaluated(function: object) -> None:
    """Typer reads every parameter's annotation when it builds the command, on every run.
    Written as text (`from __future__ import annotations`), each is compiled and evaluated
    then: about 1 ms of `pain` (13 parameters) and 0.4 ms of the root's four options."""
    annotations = function.__annotations__  # type: ignore[attr-defined]
    assert annotations and [name for name, hint in annotations.items() if isinstance(hint, str)] == []


def _imported(db: Path, *args: str) -> set[str]:
    code, modules = imported_by(list(args), {"PACEIT_DB": str(db), "PACEIT_NOW": NOW, "NO_COLOR": "1"})
    assert code == 0, (args, code)
    return modules


def test_the_daily_copy_is_loaded_only_by_the_write_that_takes_it(tmp_path: Path) -> None:
    db = tmp_path / "paceit.db"
    _imported(db, "activity", "add", "walking", "--unit", "min")  # an empty diary: no copy yet
    first = _imported(db, "pain", "3")  # the first write of the day with data: today's copy
    assert first >= COPY_MODULES
    assert [p.name for p in (tmp_path / "backups").iterdir()] == ["paceit-daily-2026-11-21.db"]
    assert COPY_MODULES & _imported(db, "pain", "4", "--sleep", "6") == set()
    assert COPY_MODULES & _imported(db, "log", "walking", "20") - {"paceit.settings"} == set()


def test_the_replay_of_log_loads_only_what_it_uses(tmp_path: Path) -> None:
    """`statistics` and the `random` it imports are about 1.3 ms of `log` (issue 19): the
    replay's median, mean and standard deviation are `exact_stats`'. The ladder's modules
    (`next`'s plan has a ladder part, `log`'s replay none) and the load ratio's (only a
    replay that keeps a checkpoint stores its averages) are about 1 ms more."""
    db = tmp_path / "paceit.db"
    _imported(db, "activity", "add", "walking", "--unit", "min", "--baseline", "10")
    _imported(db, "pain", "3")  # the day's copy (its temporary file's name loads `random`)
    _imported(db, "next")  # checkpoints up to today: `log` keeps none
    modules = _imported(db, "log", "walking", "20")
    assert "paceit.plan" in modules  # it did replay
    unused = {"statistics", "random", "paceit.ladder", "paceit.ladder_plan", "paceit.load_seed", "paceit.best_effort"}
    assert unused & modules == set()
    assert {"paceit.ladder", "paceit.ladder_plan"} <= _imported(db, "next")  # not vacuous
