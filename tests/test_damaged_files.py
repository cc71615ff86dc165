"""Faults of the file and the disk, really produced, in real processes: a truncated diary,
a read-only file, a folder paceit may not write in, and a full disk (a file-size limit
set with setrlimit, so write() fails with EFBIG; and, where the test may mount one, a tiny
tmpfs that really runs out of space). Each ends with exit 1 and one plain line saying what
happened and what to do, and the diary's bytes are unchanged.

Garbage files, other programs' SQLite files, folders and diaries from a newer paceit are
covered in test_cli_process.py and test_db.py.

Permissions do not bind root; run as root, the child process gives up the capabilities
that override them, so these tests check the same thing as for any person.
"""

from __future__ import annotations

import ctypes
import functools
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import NOW, child_env

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


@dataclass
class Sandbox:
    folder: Path
    preexec: Callable[[], None] | None

    @property
    def db(self) -> Path:
        return self.folder / "paceit.db"

    def run(self, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
        return self.python("-m", "paceit", *args, limit=limit)

    def python(self, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
        """A child Python in this sandbox (the same limits, capabilities and environment)."""

        def setup() -> None:
            if limit is not None:  # the "disk" takes no file beyond `limit` bytes
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            if self.preexec:
                self.preexec()

        env = {**os.environ, "PACEIT_NOW": NOW, "TZ": "UTC", "NO_COLOR": "1", "PACEIT_DB": str(self.db)}
        env.pop("PACEIT_DEBUG", None)
        return subprocess.run(
            [sys.executable, *args],
            env=child_env(env),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=setup,
        )

    def ok(self, *args: str) -> None:
        """Success: exit 0, and on stderr nothing but a file command's confirmation."""
        proc = self.run(*args)
        confirmed = args[:1] == ("backup",) and proc.stderr.startswith("Backed up your diary to ")
        assert proc.returncode == 0 and (proc.stderr == "" or confirmed), proc.stderr


def _drop_override() -> None:
    """Root minus the capabilities that let it ignore file permissions: dropped from the
    bounding set before exec, so the new program starts without them (see capabilities(7))."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@functools.cache
def permissions_bind(preexec: Callable[[], None] | None) -> bool:
    """Whether a child process started this way is really refused a 0400 file."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_text("x")
        probe.chmod(0o400)
        try:
            proc = subprocess.run(
                [sys.executable, "-c", f"open({str(probe)!r}, 'a').write('y')"],
                capture_output=True,
                timeout=60,
                check=False,
                preexec_fn=preexec,
                env=child_env(),
            )
        except subprocess.SubprocessError:
            return False
        return proc.returncode != 0 and probe.read_text() == "x"


@pytest.fixture
def plain_box(tmp_path: Path) -> Sandbox:
    """For faults that do not depend on permissions."""
    return Sandbox(tmp_path / "diary", None)


@pytest.fixture
def box(tmp_path: Path) -> Sandbox:
    preexec = _drop_override if os.geteuid() == 0 else None
    if not permissions_bind(preexec):
        pytest.skip("file permissions do not bind here (root that cannot drop CAP_DAC_OVERRIDE)")
    return Sandbox(tmp_path / "diary", preexec)


def filled(box: Sandbox) -> bytes:
    """A diary with entries, checkpointed and closed: the main file holds everything."""
    box.ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    for score in ("3", "4", "5"):
        box.ok("pain", score, "--note", "keep me")
    box.ok("log", "walking", "10")
    assert not Path(f"{box.db}-wal").exists()
    return box.db.read_bytes()


@pytest.fixture(scope="module")
def diary_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a small closed diary, built once for the tests that only need a copy."""
    return filled(Sandbox(tmp_path_factory.mktemp("template") / "diary", None))


def copy_in(box: Sandbox, data: bytes) -> bytes:
    box.folder.mkdir(mode=0o700)
    box.db.write_bytes(data)
    box.db.chmod(0o600)
    return data


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paceit: error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    return lines[0]


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


WRITE_AND_READ = [["pain", "6"], ["log", "walking", "12"], ["history"], ["undo"]]


@pytest.mark.parametrize("cut", ["half", "last page", "mid page", "header only"])
@pytest.mark.parametrize("command", WRITE_AND_READ, ids=" ".join)
def test_a_truncated_diary_is_refused_untouched(
    plain_box: Sandbox, diary_bytes: bytes, cut: str, command: list[str]
) -> None:
    original = diary_bytes
    plain_box.folder.mkdir(mode=0o700)
    size = len(original)
    keep = {"half": size // 2, "last page": size - 4096, "mid page": size - 1000, "header only": 100}[cut]
    damaged = original[:keep]
    plain_box.db.write_bytes(damaged)

    line = one_line(plain_box.run(*command))

    assert "damaged" in line and "paceit restore" in line and "backups" in line
    assert plain_box.db.read_bytes() == damaged
    assert sorted(p.name for p in plain_box.folder.iterdir()) in (["paceit.db"], ["backups", "paceit.db"])


@pytest.mark.parametrize("command", [["pain", "6"], ["log", "walking", "12"], ["undo"]], ids=" ".join)
def test_a_read_only_diary_is_refused_untouched(box: Sandbox, diary_bytes: bytes, command: list[str]) -> None:
    original = copy_in(box, diary_bytes)
    before = dump(box.db)
    box.db.chmod(0o400)

    line = one_line(box.run(*command))

    assert "read-only" in line and "permissions" in line
    assert box.db.read_bytes() == original
    assert dump(box.db) == before


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def notes(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT note FROM pain_entry WHERE note IS NOT NULL ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["pain", "6"], ["history"], ["undo"], ["check"]], ids=" ".join)
def test_a_read_only_diary_leaves_no_working_files_and_works_after_chmod_600(
    box: Sandbox, diary_bytes: bytes, command: list[str]
) -> None:
    """The refusal comes before SQLite opens the file: no 0400 -wal/-shm (nor a daily copy)
    is left behind to make writes fail after the person follows the advice."""
    original = copy_in(box, diary_bytes)
    box.db.chmod(0o400)

    line = one_line(box.run(*command))

    assert "read-only" in line and "chmod 600" in line and str(box.db) in line
    assert names(box.folder) == ["paceit.db"]
    assert box.db.read_bytes() == original
    box.db.chmod(0o600)
    box.ok("pain", "6", "--note", "after chmod 600")
    assert notes(box.db)[-1] == "after chmod 600"


def test_read_only_working_files_left_by_an_older_paceit_are_repaired(box: Sandbox, diary_bytes: bytes) -> None:
    """What an older paceit (or any SQLite reader) leaves after reading a 0400 diary: a
    -shm and -wal of mode 0400. Once the diary is 0600 again, writes work."""
    copy_in(box, diary_bytes)
    box.db.chmod(0o400)
    reader = f"import sqlite3; c = sqlite3.connect({str(box.db)!r}); c.execute('SELECT 1 FROM pain_entry'); c.close()"
    assert box.python("-c", reader).returncode == 0
    assert {p.name: p.stat().st_mode & 0o777 for p in box.folder.iterdir()} == {
        "paceit.db": 0o400,
        "paceit.db-shm": 0o400,
        "paceit.db-wal": 0o400,
    }
    box.db.chmod(0o600)

    box.ok("pain", "6", "--note", "written")

    assert notes(box.db)[-1] == "written"


READ_AND_WRITE = [["pain", "6"], ["history"], ["next"], ["export"], ["backup"], ["check"], ["undo"], ["config", "show"]]


@pytest.mark.parametrize("command", READ_AND_WRITE, ids=" ".join)
def test_a_folder_paceit_may_not_enter(box: Sandbox, diary_bytes: bytes, command: list[str]) -> None:
    """chmod 000 on the diary's folder: a sentence naming the folder, not "[Errno 13]"."""
    original = copy_in(box, diary_bytes)
    box.folder.chmod(0o000)
    try:
        line = one_line(box.run(*command))
    finally:
        box.folder.chmod(0o700)
    assert f"the folder {box.folder} " in line and "check its permissions" in line and "Errno" not in line
    assert box.db.read_bytes() == original
    assert names(box.folder) == ["paceit.db"]


def test_an_output_file_in_a_folder_paceit_may_not_enter(box: Sandbox, diary_bytes: bytes) -> None:
    copy_in(box, diary_bytes)
    closed = box.folder.parent / "closed"
    closed.mkdir(mode=0o000)
    try:
        for command in (["backup", str(closed / "mine.db")], ["export", "--output", str(closed / "mine.json")]):
            line = one_line(box.run(*command))
            assert "permission denied" in line and str(closed) in line and "Errno" not in line, line
    finally:
        closed.chmod(0o700)
    assert names(closed) == []


@pytest.mark.parametrize("command", [["pain", "6"], ["history"]], ids=" ".join)
def test_a_folder_paceit_may_not_write_in(box: Sandbox, diary_bytes: bytes, command: list[str]) -> None:
    original = copy_in(box, diary_bytes)
    box.folder.chmod(0o500)
    try:
        line = one_line(box.run(*command))
    finally:
        box.folder.chmod(0o700)
    assert "permission" in line.lower() or "writable" in line
    assert box.db.read_bytes() == original


def test_a_new_diary_in_a_folder_paceit_may_not_write_in(box: Sandbox) -> None:
    box.folder.mkdir(mode=0o500)
    try:
        line = one_line(box.run("pain", "4"))
    finally:
        box.folder.chmod(0o700)
    assert "cannot create" in line and "permission" in line.lower()
    assert list(box.folder.iterdir()) == []


def test_a_full_disk_fails_the_write_and_changes_nothing(plain_box: Sandbox) -> None:
    """RLIMIT_FSIZE of 4 KiB: the first page the new entry appends to the (emptied)
    write-ahead log fails with EFBIG, as on a disk with no space left. A reader held open
    here keeps the log and its index in place, so the failure is in the write itself."""
    filled(plain_box)
    holder = sqlite3.connect(plain_box.db)
    try:
        holder.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        before = (plain_box.db.read_bytes(), list(holder.iterdump()))

        line = one_line(plain_box.run("pain", "6", "--note", "one too many", limit=4096))

        assert "disk" in line and "nothing was saved" in line and "free some space" in line.lower()
        assert (plain_box.db.read_bytes(), list(holder.iterdump())) == before
    finally:
        holder.close()
    check = sqlite3.connect(plain_box.db)
    assert [r[0] for r in check.execute("PRAGMA integrity_check")] == ["ok"]
    check.close()
    plain_box.ok("pain", "6")  # with room again, the diary works


def leftovers(folder: Path) -> list[str]:
    """Every file under `folder`, recursively, relative to it."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("where", ["named", "default"])
def test_a_backup_on_a_full_disk_leaves_no_file_under_its_name(plain_box: Sandbox, where: str) -> None:
    """RLIMIT_FSIZE below the diary's size: the copy cannot be completed. Nothing appears
    under the copy's name (a retry would say "already exists"), no .part stays behind."""
    filled(plain_box)
    before = leftovers(plain_box.folder)
    named = plain_box.folder.parent / "m" / "mine.db"
    args = ["backup", str(named)] if where == "named" else ["backup"]

    line = one_line(plain_box.run(*args, limit=64 * 1024))

    assert "no copy was made" in line and "free some space" in line.lower(), line
    assert leftovers(plain_box.folder) == before
    assert not named.parent.exists() or list(named.parent.iterdir()) == []
    plain_box.ok(*args)  # with room again, the same command works
    assert named.exists() if where == "named" else len(leftovers(plain_box.folder)) == len(before) + 1


def test_an_upgrade_on_a_full_disk_writes_no_backup_and_changes_nothing(plain_box: Sandbox) -> None:
    """The copy taken before upgrading an older diary cannot be written: the upgrade does not
    start, no 0-byte paceit.db.schema1-*.bak is left, and the next run (with room) upgrades."""
    fixture = Path(__file__).with_name("fixtures") / "schema-v1.db"
    original = copy_in(plain_box, fixture.read_bytes())

    line = one_line(plain_box.run("pain", "6", limit=64 * 1024))

    assert "backup" in line and "nothing was changed" in line and "free some space" in line.lower(), line
    assert names(plain_box.folder) == ["paceit.db"]
    assert plain_box.db.read_bytes() == original
    plain_box.ok("pain", "6")
    assert [p.name.startswith("paceit.db.schema1-") for p in plain_box.folder.glob("*.bak")] == [True]


def test_a_daily_copy_on_a_full_disk_leaves_no_part_and_the_entry_is_saved(plain_box: Sandbox) -> None:
    filled(plain_box)
    size = plain_box.db.stat().st_size
    env_day = "2026-11-22T09:00:00+00:00"  # the next day: its first write takes a copy
    proc = plain_box.python(
        "-c",
        f"import os, sys; os.environ['PACEIT_NOW'] = {env_day!r}; sys.argv = ['paceit', 'pain', '2'];"
        "from paceit.cli.app import main; main()",
        limit=size // 2,
    )
    assert proc.returncode == 0 and "automatic backup could not be written" in proc.stderr, proc.stderr
    assert sorted(p.name for p in (plain_box.folder / "backups").iterdir()) == ["paceit-daily-2026-11-21.db"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, when this test may mount one (root on Linux); else skipped."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tiny filesystem needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
        env=child_env(),
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False, env=child_env())


def test_a_really_full_disk(tiny_disk: Path) -> None:
    box = Sandbox(tiny_disk / "diary", None)
    filled(box)
    original = box.db.read_bytes()
    holder = sqlite3.connect(box.db)
    try:
        before = list(holder.iterdump())
        filler = tiny_disk / "filler"
        with filler.open("wb", buffering=0) as handle:  # take every free byte
            try:
                while handle.write(b"\0" * 4096):
                    pass
            except OSError:
                pass
        line = one_line(box.run("pain", "6", "--note", "y" * 1500))
        assert "disk" in line and "nothing was saved" in line
        assert list(holder.iterdump()) == before
    finally:
        holder.close()
    filler.unlink()
    assert box.db.read_bytes() == original
    box.ok("pain", "6")  # with space again, the diary works


def test_a_backup_onto_a_really_full_disk(plain_box: Sandbox, tiny_disk: Path) -> None:
    filled(plain_box)
    filler = tiny_disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while handle.write(b"\0" * 4096):
                pass
        except OSError:
            pass
    target = tiny_disk / "m" / "mine.db"

    line = one_line(plain_box.run("backup", str(target)))

    assert "no copy was made" in line, line
    assert sorted(p.name for p in tiny_disk.rglob("*") if p.is_file()) == ["filler"]
    filler.unlink()
    retry = plain_box.run("backup", str(target))  # the retry does not find the name taken
    assert retry.returncode == 0 and retry.stdout == "" and retry.stderr.startswith("Backed up your diary to ")
    assert target.stat().st_size > 0
