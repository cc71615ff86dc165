"""The one way paceit writes a file: owner-only (0600) and atomically.

A report, an export, a backup, a copy kept aside before a restore and the restored diary
all hold health data, and a person must never find half of one under the name they asked
for. So every such file goes through `writing` (or `write`): written under a temporary
("part") name beside its target, synced to the disk, then given its name in one step.
A failure at any point leaves the old file (if any) as it was and no part behind.

Why each choice:
- Owner-only whatever the umask: mkstemp creates the part 0600 and it is set again
  (fchmod), so the finished file never passes through a mode open to others.
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
  Only a caller that may replace (`--force`, a restore) renames over an existing file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

PRIVATE_FILE = 0o600  # health data: readable and writable by its owner only
SUFFIX = ".part"
_NAMED = re.compile(r"\.(\d+)\.[a-z0-9_]{8}\.part$")  # mkstemp's eight random characters
_OLDER = re.compile(r"\.(\d+)\.part$")


@contextlib.contextmanager
def writing(target: Path, *, replace: bool = False) -> Iterator[Path]:
    """An empty owner-only part beside `target` for the block to fill (by its path); when the
    block ends normally the part is synced and takes `target`'s name: over an existing file
    only with `replace`, else FileExistsError. When the block raises, or the sync or the
    naming fails, the part is removed and `target` is untouched."""
    with part_for(target) as part:
        yield part
        fsync(part)
        if replace:
            os.replace(part, target)
            _sync_folder(target.parent)
        else:
            put_in_place(part, target)


def write(target: Path, data: bytes, *, replace: bool = False) -> None:
    """`data` as the whole of `target`, owner-only and atomically (see `writing`)."""
    with writing(target, replace=replace) as part, part.open("wb") as handle:
        handle.write(data)


@contextlib.contextmanager
def part_for(target: Path) -> Iterator[Path]:
    """A new, locked, empty owner-only file beside `target` (same folder, so the final link
    is one step on one filesystem), removed however the block ends."""
    import tempfile  # only a copy needs it: kept off every run's start (it loads `random`)

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=SUFFIX, dir=target.parent)
    part = Path(name)
    try:
        os.fchmod(fd, PRIVATE_FILE)
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
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make a new name in `folder` durable; not every filesystem can sync a folder."""
    with contextlib.suppress(OSError):
        fsync(folder)


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
