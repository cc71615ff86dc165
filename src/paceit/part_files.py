"""Files written under a temporary name beside their target, then given their name whole.

Why each choice:
- The temporary ("part") name is `.TARGET.PID.RANDOM.part`, made with mkstemp: in a
  shared folder someone else could plant a file or link under a predictable name (the
  old `.TARGET.PID.part`), and with the sticky bit paceit could not remove it, so the
  backup failed. The random part makes planting pointless; mkstemp creates it 0600.
- While a process works on its part it holds a lock on it (flock). A part left by a kill
  (say, during the copy taken before an upgrade) is removed by `sweep` on a later run: only
  when its process is gone and no process holds its lock, so another paceit's copy in
  progress is never touched (the pid check covers the moment between mkstemp and flock;
  the lock covers a folder shared with another machine, whose pids mean nothing here).
- The finished part gets its name by a hard link, which fails if the name was taken
  meanwhile (never clobber); a filesystem without hard links gets a last look, then a rename.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".part"
_NAMED = re.compile(r"\.(\d+)\.[a-z0-9_]{8}\.part$")  # mkstemp's eight random characters
_OLDER = re.compile(r"\.(\d+)\.part$")


@contextlib.contextmanager
def part_for(target: Path) -> Iterator[Path]:
    """A new, locked, empty owner-only file beside `target` (same folder, so the final link
    is one step on one filesystem), removed however the block ends."""
    import tempfile  # only a copy needs it: kept off every run's start (it loads `random`)

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=SUFFIX, dir=target.parent)
    part = Path(name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield part
    finally:
        part.unlink(missing_ok=True)
        os.close(fd)


def fsync(path: Path) -> None:
    """Push a finished file (or a folder's new entry) to the disk before it is trusted."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_in_place(part: Path, target: Path) -> None:
    """Give the complete file its name, never over an existing file (FileExistsError)."""
    try:
        os.link(part, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        os.rename(part, target)
    with contextlib.suppress(OSError):  # not every filesystem can sync a folder
        fsync(target.parent)


def sweep(folder: Path, prefix: str) -> list[Path]:
    """Remove the parts in `folder` whose names start with `prefix` and that no running
    process is writing (see the module docstring); returns those removed."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix) and e.name.endswith(SUFFIX)]
    except OSError:
        return []
    removed = []
    for entry in entries:
        part = Path(entry.path)
        if entry.is_file(follow_symlinks=False) and not _alive(_writer(entry.name)) and not _locked(part):
            with contextlib.suppress(OSError):
                part.unlink()
                removed.append(part)
    return removed


def _writer(name: str) -> int | None:
    """The pid in a part's name: `.T.PID.RANDOM.part`, or `.T.PID.part` (older paceit)."""
    found = _NAMED.search(name) or _OLDER.search(name)
    return int(found.group(1)) if found else None


def _alive(pid: int | None) -> bool:
    if pid is None or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, as another user's process
        return True
    return True


def _locked(part: Path) -> bool:
    try:
        fd = os.open(part, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return True  # cannot tell: leave it
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False
