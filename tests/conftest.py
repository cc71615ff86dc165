"""Shared fixtures. An autouse fixture points PACEIT_DB (and the platform folders)
at a temporary place, so no test can ever read or write a real diary.

paceit opens no network connection, ever: for the whole run, any attempt to create an
Internet socket (or connect, bind, listen or send on one) or to resolve a host name, in the
test process or any child it starts, is refused and recorded, and the test that made it
fails (even if paceit's error boundary swallowed the refusal and the test's own assertions
passed). A child started without the guard in its environment (helpers.child_env) is
refused before it starts.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

NETGUARD = Path(__file__).with_name("netguard")
MEMORY_TEMP = Path("/dev/shm")
MEMORY_TEMP_FREE = 2 << 30  # bytes: a whole run's diaries, with room


def _temp_in_memory() -> None:
    """Put the tests' temporary folders (tmp_path, tempfile, and every child's TMPDIR) on
    /dev/shm when TMPDIR is not set and it is a writable, executable tmpfs with room.

    Every write paceit makes is synchronous (synchronous=FULL: an fsync per commit); the
    suite makes tens of thousands, and on a shared disk each waits for everyone's journal:
    about half of a run's wall time, not CPU. On tmpfs an fsync returns at once. Nothing a
    test checks depends on it: a killed process's acknowledged writes are in the page cache
    either way (test_crash kills processes, it cannot cut the power), and the tests of full
    and read-only file systems mount their own."""
    if "TMPDIR" in os.environ or not MEMORY_TEMP.is_dir():
        return
    try:
        mounts = Path("/proc/mounts").read_text().split("\n")
        found = os.statvfs(MEMORY_TEMP)
    except OSError:
        return
    tmpfs = any(line.split()[1:3] == [str(MEMORY_TEMP), "tmpfs"] for line in mounts if line)
    flags = found.f_flag & (os.ST_RDONLY | os.ST_NOEXEC)
    room = found.f_bavail * found.f_frsize >= MEMORY_TEMP_FREE
    if tmpfs and not flags and room and os.access(MEMORY_TEMP, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = str(MEMORY_TEMP)
        tempfile.tempdir = None  # gettempdir() looks again


_temp_in_memory()


def _install_network_guard() -> Path:
    """Refuse the network here and in every child Python (see netguard/sitecustomize.py)."""
    log = Path(tempfile.mkstemp(prefix="paceit-network-")[1])
    atexit.register(log.unlink, missing_ok=True)
    os.environ["PACEIT_TEST_NETWORK_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), os.environ.get("PYTHONPATH")) if p)
    spec = importlib.util.spec_from_file_location("paceit_test_netguard", NETGUARD / "sitecustomize.py")
    assert spec and spec.loader
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return log


NETWORK_LOG = _install_network_guard()


def guarded(env: Mapping[Any, Any] | None) -> bool:
    """Whether a child started with `env` (None: this process's own) loads the guard."""
    if env is None:
        return True
    paths = str(env.get("PYTHONPATH", "")).split(os.pathsep)
    return str(NETGUARD) in paths and env.get("PACEIT_TEST_NETWORK_LOG") == str(NETWORK_LOG)


def _refuse_unguarded_children() -> None:
    """Every child process a test starts must carry the guard (helpers.child_env): one
    given a fresh environment (a pty shell, an import probe) would run without it."""
    popen_init = subprocess.Popen.__init__
    execve = os.execve

    def checked_init(self: subprocess.Popen[Any], *args: Any, **kwargs: Any) -> None:
        if not guarded(kwargs.get("env")):
            raise AssertionError(
                "start the child with env=helpers.child_env(...): it would run without the network guard"
            )
        popen_init(self, *args, **kwargs)

    def checked_execve(path: Any, argv: Any, env: Mapping[Any, Any]) -> None:
        if not guarded(env):
            raise AssertionError("exec with helpers.child_env(...): the program would run without the network guard")
        execve(path, argv, env)

    subprocess.Popen.__init__ = checked_init  # type: ignore[method-assign]
    os.execve = checked_execve


_refuse_unguarded_children()


@pytest.fixture(autouse=True)
def fail_on_network_use() -> Iterator[None]:
    NETWORK_LOG.write_text("")
    yield
    attempts = NETWORK_LOG.read_text()
    NETWORK_LOG.write_text("")
    assert not attempts, f"this test (or a paceit it ran) tried to use the network: {attempts}"


@pytest.fixture(scope="session")
def demo_20_weeks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20-week demo as of helpers.NOW (seed 3; declared flares 2026-08-14 to 08-18 and
    10-12 to 10-17), built once per test process. Tests work on copies (helpers.copy_diary)."""
    from helpers import NOW, ok

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACEIT_NOW", NOW)
        mp.setenv("TZ", "UTC")
        ok("--db", str(path), "demo", "--weeks", "20", "--seed", "3")
    return path


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db_path = tmp_path / "diary" / "paceit.db"
    monkeypatch.setenv("PACEIT_DB", str(db_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PACEIT_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    yield db_path


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move everything alive after collection (the imported modules, Hypothesis, Typer, Rich)
    into the permanent generation: the tests call gc.collect() after each in-process run, so a
    finished command's sqlite connection closes as it would at process exit, and without this
    every one of those collections walks the whole interpreter (about 70 000 objects, tens of
    ms each, thousands of times in a run)."""
    import gc

    gc.collect()
    gc.freeze()
