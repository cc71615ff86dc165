"""What kind of file a path names, and reading an input file without surprises.

Why: a path a person types (or one someone planted) may name a FIFO, whose first read
waits for ever, a device such as /dev/zero, which never ends, or a device whose mere
opening does something (a tape rewinds, a watchdog starts). paceit reads and writes
regular files only: anything else is refused, in words, before it is opened, checked
again on the open descriptor (in case the name was swapped in between), and no more
than a stated size is read. Kept free of heavy imports: daily commands use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


PRIVATE_FOLDER = 0o700  # a diary, its backups and exports hold health data: owner-only


def make_folder(folder: Path) -> None:
    """Create missing folders owner-only; never chmod a folder that already exists (the
    person chose its mode). chmod after mkdir: mkdir's mode is narrowed by the umask only."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for new in reversed(missing):
        new.mkdir(mode=PRIVATE_FOLDER)
        os.chmod(new, PRIVATE_FOLDER)


class NotAFileError(Exception):
    """The path names something other than a regular file; `what` says what, in words."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLargeError(Exception):
    """The file holds more than the reader's limit."""


def kind(mode: int) -> str | None:
    """None for a regular file, else what `mode` (an st_mode) describes, in words."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def what_is(path: Path) -> str | None:
    """What `path` names (through symbolic links) when it is not a regular file; None for a
    regular file or for nothing at all (the caller says "no such file" its own way)."""
    try:
        return kind(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_regular(path: Path, *, limit: int, whole: bool = True) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them. With `whole`, a
    larger file raises TooLargeError (decided from its size, before reading, when it
    can be); without, the first `limit` bytes are returned. Raises NotAFileError for
    anything but a regular file, and OSError (FileNotFoundError...) as open() does."""
    what = what_is(path)
    if what:
        raise NotAFileError(what)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        what = kind(info.st_mode)
        if what:  # swapped for something else since the look above
            raise NotAFileError(what)
        if whole and info.st_size > limit:
            raise TooLargeError(path)
        data = handle.read(limit + 1 if whole else limit)
    if len(data) > limit:
        raise TooLargeError(path)
    return data
