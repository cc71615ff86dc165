"""Files that are not what paceit expects, named by a slip or planted by someone else
(issue 16, items 5, 10 and 19), in real processes: a device, a FIFO or a symbolic link to
one as the diary; symbolic links planted as the diary's working files; /dev/zero, a FIFO and
a huge file as the input of `import`, `prescription import` and `restore`.

Each is refused before it is opened, with one line naming what it is (exit 1 for the
diary, whose path comes from --db or PACEIT_DB as for a folder; exit 2 for an input file),
and paceit changes no file's mode or content: a FIFO would otherwise keep it waiting for
ever, /dev/zero would be read until memory runs out, and as root `paceit --db /dev/null
history` made /dev/null readable by root only."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import NOW, child_env

TIMEOUT = 30  # every case here ends in well under a second; a wait this long is a hang


def paceit(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """paceit as a process, its memory capped at 1 GiB (a read of /dev/zero fails fast
    instead of taking the machine's memory) and given TIMEOUT seconds (a FIFO waits for ever)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = child_env(PACEIT_NOW=NOW, TZ="UTC", NO_COLOR="1", PACEIT_DB=str(db))
    return subprocess.run(
        [sys.executable, "-m", "paceit", *args],
        env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False, preexec_fn=cap,
    )  # fmt: skip


def refused(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paceit: error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    return lines[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def a_diary(folder: Path) -> Path:
    db = folder / "paceit.db"
    proc = paceit("pain", "4", "--note", "mine", db=db)
    assert proc.returncode == 0, proc.stderr
    return db


# --- item 5: the diary path names a device or a FIFO ---------------------------------------


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A second node of the null device (1, 3), made here: its mode is its own, so a
    paceit that changed it would leave the real /dev/null alone. Root only."""
    node = tmp_path / "devices" / "null"
    node.parent.mkdir()
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        node.chmod(0o666)
        with node.open("rb") as handle:  # a nodev mount would refuse paceit's open too
            assert handle.read(1) == b""
    except (OSError, PermissionError) as exc:
        pytest.skip(f"cannot make a usable device node here ({exc})")
    return node


COMMANDS = [["history"], ["pain", "4"], ["check"], ["backup"], ["export"]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_fifo_as_the_diary_is_refused_before_it_is_opened(tmp_path: Path, args: list[str]) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo, 0o644)
    fifo.chmod(0o644)

    line = refused(paceit(*args, db=fifo), 1)

    assert f"{fifo} is a named pipe (FIFO), not a paceit diary" in line and "--db or PACEIT_DB" in line
    assert mode(fifo) == 0o644 and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.db"]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("through", ["the device", "a symbolic link to it"])
def test_a_device_as_the_diary_keeps_its_mode(null_device: Path, args: list[str], through: str) -> None:
    named = null_device
    if through != "the device":
        named = null_device.with_name("diary.db")
        named.symlink_to(null_device)

    line = refused(paceit(*args, db=named), 1)

    assert f"{named} is a character device, not a paceit diary" in line
    assert mode(null_device) == 0o666
    assert sorted(p.name for p in null_device.parent.iterdir()) == sorted({"null", named.name})


# --- item 10: working files planted as symbolic links --------------------------------------


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("target", ["a file of the victim", "a file that does not exist yet"])
def test_planted_working_file_links_are_refused_and_their_targets_untouched(
    tmp_path: Path, side: str, target: str
) -> None:
    """A shared folder (1777, as /tmp) where someone else put `paceit.db-wal` (or -shm, or
    -journal) pointing at a file of the diary's owner: paceit would make it 0600, and SQLite
    would write the diary's pages into it (or create it, for a link to nothing yet)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    db = a_diary(shared)
    diary = db.read_bytes()
    victim = tmp_path / "home" / "public.html"
    victim.parent.mkdir()
    if target == "a file of the victim":
        victim.write_text("<p>my page</p>")
        victim.chmod(0o644)
    link = Path(f"{db}{side}")
    link.symlink_to(victim)

    for args in (["pain", "5"], ["history"]):
        line = refused(paceit(*args, db=db), 1)
        assert f"{link} is a symbolic link" in line and "remove it" in line, line

    if target == "a file of the victim":
        assert mode(victim) == 0o644 and victim.read_text() == "<p>my page</p>"
    else:
        assert not victim.exists()
    assert db.read_bytes() == diary and os.readlink(link) == str(victim)
    link.unlink()
    assert paceit("pain", "5", db=db).returncode == 0  # once it is gone, the diary works


# --- item 19: input files that are not files ----------------------------------------------


def _input(tmp_path: Path, kind: str) -> Path:
    if kind == "/dev/zero":
        return Path("/dev/zero")
    fifo = tmp_path / "input.fifo"
    os.mkfifo(fifo, 0o600)
    return fifo


READERS = {
    "import": (["import"], 2),
    "import --dry-run": (["import", "--dry-run"], 2),
    "prescription import": (["prescription", "import"], 2),
    "restore": (["restore"], 2),
}
KIND_NAMES = {"/dev/zero": "a character device", "a FIFO": "a named pipe (FIFO)"}


@pytest.mark.parametrize("kind", ["/dev/zero", "a FIFO"])
@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
def test_an_input_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, reader: str, kind: str) -> None:
    db = a_diary(tmp_path / "diary")
    before = db.read_bytes()
    source = _input(tmp_path, kind)
    args, code = READERS[reader]

    line = refused(paceit(*args, str(source), db=db), code)

    assert f"{source} is {KIND_NAMES[kind]}, not a file" in line, line
    assert db.read_bytes() == before


def test_an_import_larger_than_any_export_is_refused_unread(tmp_path: Path) -> None:
    """A sparse file of 128 MiB and one byte (it takes no disk space): refused from its size,
    before a byte is read (a ten-year diary exports to about 7 MB)."""
    db = a_diary(tmp_path / "diary")
    before = db.read_bytes()
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(128 * 1024 * 1024 + 1)

    line = refused(paceit("import", str(huge), db=db), 2)

    assert f"PATH {huge} is too large for a paceit export (more than 128 MiB;" in line, line
    assert db.read_bytes() == before


def test_modes_are_never_changed_through_a_symbolic_link(tmp_path: Path) -> None:
    """paceit makes a diary others could read private, but never through a link: a link in
    the diary's place (planted, or the person's own) leaves the file it points to alone."""
    real = a_diary(tmp_path / "elsewhere")
    real.chmod(0o644)
    link = tmp_path / "shared" / "paceit.db"
    link.parent.mkdir()
    link.symlink_to(real)

    proc = paceit("history", db=link)

    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert mode(real) == 0o644
    real_proc = paceit("history", db=real)  # named as itself, it is made private, and said so
    assert real_proc.returncode == 0 and "readable by you only" in real_proc.stderr
    assert mode(real) == 0o600
