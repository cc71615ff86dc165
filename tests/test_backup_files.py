"""The files `backup` writes, in real processes (issue 16, items 14, 22 and 23): a temporary
name someone else planted in a shared folder cannot block a backup; two backups in the same
second both succeed, each under its own name; a copy left half-written by a kill during the
backup taken before an upgrade is swept by the next run."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import NOW, child_env

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
SOMEONE, FOLDER_OWNER = 65534, 65533  # uids of nobody in particular


def env(db: Path) -> dict[str, str]:
    return child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1", PACEIT_DB=str(db))


def a_diary(db: Path) -> None:
    for score in ("3", "4"):
        proc = subprocess.run(
            [sys.executable, "-m", "paceit", "pain", score], env=env(db), capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr


# --- item 14: a temporary name planted in a shared folder ---------------------------------

# A paceit process that waits for its command on stdin, so the test knows its pid (and
# so the name of its temporary file, as an attacker could) before it writes anything.
WAITING = """
import contextlib, io, sys
from paceit.cli.app import app
args = sys.stdin.readline().split()
err = io.StringIO()
with contextlib.redirect_stderr(err):
    code = app(args, prog_name="paceit", standalone_mode=False)
print(code, err.getvalue().strip())
"""


def _as_a_person() -> None:
    """Root minus the capabilities that let it ignore permissions and the sticky bit."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _shared_folder(tmp_path: Path) -> Path:
    """A folder every user may write in, owned by a third user, sticky (as /tmp): each file
    there can be removed only by its own owner."""
    if os.geteuid() != 0:
        pytest.skip("planting another user's file needs root (the test drops root's powers for paceit)")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    os.chown(shared, FOLDER_OWNER, FOLDER_OWNER)
    probe = shared / "probe"
    probe.write_text("someone else's")
    os.chown(probe, SOMEONE, SOMEONE)
    check = subprocess.run(
        [sys.executable, "-c", f"import os; os.unlink({str(probe)!r})"],
        env=child_env(), capture_output=True, check=False, preexec_fn=_as_a_person,
    )  # fmt: skip
    if check.returncode == 0 or not probe.exists():
        pytest.skip("the sticky bit does not bind here (root that cannot drop CAP_FOWNER)")
    probe.unlink()
    return shared


@pytest.mark.parametrize("planted", ["a symbolic link", "a file"])
def test_a_planted_temporary_name_cannot_block_a_backup(tmp_path: Path, planted: str) -> None:
    shared = _shared_folder(tmp_path)
    db = tmp_path / "diary" / "paceit.db"
    a_diary(db)
    target = shared / "mine.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WAITING], env=env(db), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, preexec_fn=_as_a_person,
    )  # fmt: skip
    trap = shared / f".{target.name}.{proc.pid}.part"  # the name paceit used: predictable
    if planted == "a symbolic link":
        trap.symlink_to(tmp_path / "elsewhere")
    else:
        trap.write_text("not yours")
    os.lchown(trap, SOMEONE, SOMEONE)

    out, err = proc.communicate(f"backup {target}\n", timeout=120)

    code, _, message = out.strip().partition(" ")
    assert code == "0" and message.startswith(f"Backed up your diary to {target}"), (out, err)
    conn = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM pain_entry").fetchone()[0] == 2
    conn.close()
    assert sorted(p.name for p in shared.iterdir()) == sorted([trap.name, "mine.db"])


# --- item 22: two backups in the same second -----------------------------------------------


def _backups(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / "backups").glob("paceit-2026*.db"))


def test_backups_in_the_same_second_one_after_another(tmp_path: Path) -> None:
    db = tmp_path / "diary" / "paceit.db"
    a_diary(db)
    for _ in range(3):
        proc = subprocess.run(
            [sys.executable, "-m", "paceit", "backup"], env=env(db), capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0 and proc.stderr.startswith("Backed up your diary to "), proc.stderr
    assert _backups(db) == ["paceit-20261121-180000-2.db", "paceit-20261121-180000-3.db", "paceit-20261121-180000.db"]


RACERS = 4


def test_backups_started_at_once_in_the_same_second_all_succeed(tmp_path: Path) -> None:
    """Four `paceit backup` processes at once (the clock fixed to one second): each finds
    a name free and some find it taken by the time they link their copy into place."""
    db = tmp_path / "diary" / "paceit.db"
    a_diary(db)
    for _ in range(3):
        for name in _backups(db):
            (db.parent / "backups" / name).unlink()
        procs = [
            subprocess.Popen([sys.executable, "-m", "paceit", "backup"], env=env(db), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for _ in range(RACERS)
        ]  # fmt: skip
        results = [p.communicate(timeout=120) for p in procs]
        for proc, (_, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0 and err.startswith("Backed up your diary to "), err
        said = sorted(err.split(" to ", 1)[1].split(" (", 1)[0] for _, err in results)
        assert said == sorted(str(db.parent / "backups" / n) for n in _backups(db))
        assert len(_backups(db)) == RACERS


# --- item 23: a kill during the copy taken before an upgrade -------------------------------


@pytest.fixture(scope="module")
def big_old_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema-1 fixture with 30 MB more in its undo log: its copy before an upgrade
    takes long enough to be killed in the middle."""
    path = tmp_path_factory.mktemp("old") / "paceit.db"
    shutil.copyfile(Path(__file__).with_name("fixtures") / "schema-v1.db", path)
    conn = sqlite3.connect(path)
    filler = json.dumps({"note": "x" * 1000})
    rows = [(f"filler-{i}", "2026-09-13 07:47:00", "pain 5", "pain_entry", filler) for i in range(30_000)]
    conn.executemany(
        "INSERT INTO audit (change_id, at_utc, command, action, table_name, row_key, after)"
        " VALUES (?, ?, ?, 'insert', ?, '1', ?)",
        rows,
    )
    conn.commit()
    conn.close()
    return path


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool]) -> bool:
    """SIGKILL `proc` as soon as `ready()`; False if it ended first."""
    while proc.poll() is None:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            return True
        time.sleep(0.0005)
    return False


KILLS = 3


def test_a_copy_left_by_a_kill_during_the_upgrade_backup_is_swept_next_run(big_old_diary: Path, tmp_path: Path) -> None:
    killed = 0
    for n in range(KILLS):
        folder = tmp_path / f"run-{n}"
        folder.mkdir(mode=0o700)
        db = folder / "paceit.db"
        shutil.copyfile(big_old_diary, db)
        proc = subprocess.Popen(
            [sys.executable, "-m", "paceit", "history"], env=env(db), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        if not _kill_when(proc, lambda f=folder: bool(_parts(f))):
            continue
        killed += 1
        assert _parts(folder), "the kill left no part: it came too late to test anything"

        again = subprocess.run(
            [sys.executable, "-m", "paceit", "history"], env=env(db), capture_output=True, text=True, check=False
        )

        assert again.returncode == 0, again.stderr
        assert _parts(folder) == []
        assert len(list(folder.glob("paceit.db.schema1-*.bak"))) == 1
    assert killed == KILLS, f"only {killed} of {KILLS} runs were killed during the copy"
