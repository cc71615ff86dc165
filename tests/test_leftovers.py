"""leftovers.py: a console run leaves a replay's objects to the process's exit (issue 19,
sixth round: freeing a first ten-year replay's took 15-20 ms of `next`), and nothing else
keeps them: tests, the cohort simulation and the API free them as before."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest

from helpers import child_env, copy_diary
from paceit import db, leftovers, today
from paceit.plan import Inputs, Run


class _Thing:
    """Any object a weak reference can watch."""


def test_outside_a_console_run_nothing_is_kept() -> None:
    thing = _Thing()
    watched = weakref.ref(thing)
    leftovers.keep(thing)
    del thing
    gc.collect()
    assert watched() is None


def test_in_a_console_run_what_is_kept_outlives_its_last_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leftovers, "_kept", None)
    leftovers.start()
    thing = _Thing()
    watched = weakref.ref(thing)
    leftovers.keep(thing)
    del thing
    gc.collect()
    assert watched() is not None


def test_the_console_script_starts_keeping_before_the_command_runs() -> None:
    """entry.console (the script, which ends with os._exit) turns keeping on; main alone does not."""
    script = (
        "from paceit import entry, leftovers\n"
        "entry.main = lambda: print('on' if leftovers._kept is not None else 'off', flush=True)\n"
        "entry.console()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=child_env({}), capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "on"


def test_next_leaves_its_replay_to_the_exit(
    demo_20_weeks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept: list[object] = []
    monkeypatch.setattr(leftovers, "keep", lambda *objects: kept.extend(objects))
    with closing(db.connect(copy_diary(demo_20_weeks, tmp_path / "demo.db"), now=datetime(2026, 11, 21, 18))) as conn:
        today.next_document(conn, day=date(2026, 11, 21))
    assert {type(k) for k in kept} == {Inputs, Run}
