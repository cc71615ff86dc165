"""The diary as a file, before and around SQLite: what it is, who may write it, its mode.

Split from `db.py` (which opens, migrates and checks a diary through SQLite) because these
checks read the file system only: a diary is a regular file, SQLite's working files beside
it are not links or devices someone planted, a diary paceit cannot write is refused before
SQLite would open it read-only, and a diary this user owns is made private (0600). Reading
the header ourselves is the last resort (`check_kind`): closing a descriptor of the file
drops the POSIX locks an open SQLite connection holds on it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from paceit import files
from paceit.errors import DamagedError, NotSQLiteError, OperationalError

SQLITE_HEADER = b"SQLite format 3\x00"


def create_file(path: Path) -> None:
    files.make_folder(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:  # another paceit created it a moment ago: open theirs
        return
    os.close(fd)
    os.chmod(path, 0o600)


def check_place(path: Path) -> None:
    """What can be known without opening the file (see `check_kind` for why not). A diary
    is a regular file: a FIFO would keep paceit waiting, and a device (as root, `--db
    /dev/null`) would be written to and have its mode changed, so neither is opened."""
    what = files.what_is(path)
    if what == "a folder":
        raise OperationalError(f"{path} is a folder, not a paceit database; check --db or PACEIT_DB")
    if what:
        raise OperationalError(
            f"{path} is {what}, not a paceit diary (a diary is a regular file); nothing was opened or changed. "
            "Check --db or PACEIT_DB"
        )
    if not os.access(path, os.R_OK):
        raise OperationalError(f"cannot read {path}: permission denied; check the file's owner and permissions")


def check_writable(path: Path) -> None:
    """Refuse, before SQLite opens it, a diary paceit could not write. SQLite would open
    it read-only and create its -wal/-shm files with the diary's mode (0400): after the
    person makes the diary writable again (chmod 600, as the message says), the leftover
    read-only -shm would still make every write fail. Asked with access(), never by
    opening the file (see `check_kind` for what closing a descriptor would do)."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OperationalError(
            f"cannot write in the diary's folder {folder} (SQLite keeps its working files beside the diary); "
            "nothing was changed. Check its permissions"
        )
    if not os.access(path, os.W_OK):
        raise OperationalError(
            f"the database is read-only ({path}); nothing was changed. Check the file's permissions: "
            "'chmod 600' on it makes it yours to write"
        )
    for side in working_files(path):
        # access() is False for a missing file too: another paceit may delete its WAL as it
        # closes, so a refusal needs the file to be there after the failed check as well.
        if not os.access(side, os.W_OK) and side.exists() and not os.access(side, os.W_OK):
            raise OperationalError(
                f"SQLite's working file {side} is read-only and not yours to change; nothing was changed. "
                "Check its permissions, or remove it while no paceit is running"
            )


def side_file(path: Path, suffix: str) -> Path:
    """One of SQLite's working files: beside the diary's real file, as SQLite puts them
    (it follows a symbolic link to the diary)."""
    return Path(f"{os.path.realpath(path)}{suffix}")


def working_files(path: Path) -> tuple[Path, Path]:
    return side_file(path, "-wal"), side_file(path, "-shm")


def check_working_files(path: Path) -> None:
    """Refuse, before SQLite opens the diary, working files that are symbolic links or not
    files at all. SQLite follows such a link: it would write the diary's pages into (or
    create) the file it points to, and paceit would tighten that file's mode. In a shared
    folder anyone can plant `paceit.db-wal`; only the diary's owner should remove it."""
    for suffix in ("-wal", "-shm", "-journal"):
        side = side_file(path, suffix)
        try:
            info = os.lstat(side)
        except FileNotFoundError:
            continue
        what = files.kind(info.st_mode)
        if what == "a symbolic link":
            what = f"a symbolic link (to {os.readlink(side)})"
        if what:
            raise OperationalError(
                f"SQLite's working file {side} is {what}, not a file paceit made; nothing was opened or changed. "
                "Someone else may have put it there: remove it while no paceit is running"
            )


def _owned_mode(path: Path) -> int | None:
    """The permission bits of a regular file this user owns; None when it is absent, not
    theirs (paceit never changes the mode of someone else's file) or a symbolic link
    (never followed: the mode of the file it points to is not paceit's to change)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        return None
    return stat.S_IMODE(info.st_mode)


def _set_mode(path: Path, mode: int) -> bool:
    """chmod, and whether the file is now closed to group and others (a filesystem such as
    FAT ignores chmod: then nothing is claimed, and nothing is said on every run)."""
    try:
        _chmod_no_follow(path, mode)
        return not stat.S_IMODE(os.lstat(path).st_mode) & 0o077
    except OSError:
        return False


def _chmod_no_follow(path: Path, mode: int) -> None:
    """chmod of the regular file named `path` itself, never of what a symbolic link put in
    its place (between a look and the chmod) points to. On Linux, through an O_PATH handle
    on the name: closing that handle drops none of the POSIX locks SQLite holds (see
    `check_kind`), unlike closing a descriptor opened for reading."""
    if os.chmod in os.supports_follow_symlinks:  # lchmod: macOS, BSD
        os.chmod(path, mode, follow_symlinks=False)
        return
    fd = os.open(path, os.O_PATH | os.O_NOFOLLOW)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.ELOOP, "not a regular file", str(path))
        os.chmod(f"/proc/self/fd/{fd}", mode)
    finally:
        os.close(fd)


def repair_working_files(path: Path) -> list[str]:
    """Give the diary's -wal/-shm files that this user owns mode 0600 before SQLite opens
    them: a read-only -shm (left by an older paceit refused a read-only diary) makes every
    write fail even once the diary is writable again, and one open to others hands them
    the diary's recent changes. Returns those that were open to others."""
    opened: list[str] = []
    for side in working_files(path):
        mode = _owned_mode(side)
        if mode is not None and mode != 0o600 and _set_mode(side, 0o600) and mode & 0o077:
            opened.append(str(side))
    return opened


def tighten(path: Path) -> list[str]:
    """Take group and other permissions off a diary this user owns (0644 becomes 0600),
    then off the working files SQLite has just made with the diary's mode. Only once the
    file is known to be a paceit diary: another program's file is never touched. Never
    adds a permission: a diary made read-only on purpose stays refused."""
    mode = _owned_mode(path)
    if mode is None or not mode & 0o077 or not _set_mode(path, mode & 0o700):
        return []
    return [str(path), *repair_working_files(path)]


def check_kind(path: Path) -> None:
    """Read the header with plain file I/O. Only called once SQLite has refused the
    file: closing any descriptor of a file drops every POSIX lock this process holds
    on it, including the locks of another open SQLite connection to the diary (a
    long-lived process, or a test runner, can hold one). With those locks gone,
    another paceit process can believe it is the last user, checkpoint and delete
    the WAL under the open connection, and the diary reads as damaged."""
    check_place(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise OperationalError(
            f"cannot read {path}: permission denied; check the file's owner and permissions"
        ) from exc
    if header and header != SQLITE_HEADER:
        raise NotSQLiteError(
            f"{path} is not a paceit database (it is not an SQLite file); nothing was changed. "
            "Check --db or PACEIT_DB, or bring back a copy with 'paceit restore BACKUP'"
        )
    if header and _looks_truncated(path):
        raise DamagedError(damaged_message(path))


def _looks_truncated(path: Path) -> bool:
    """A cheap (header-only) test for a cut-off file, which SQLite itself may not notice
    until it reads a missing page, so a write could otherwise land in a damaged file.
    Only trusted when no -wal or -journal file holds newer pages (then the main file may
    legitimately lag), and when the header's page count is valid (SQLite file format 1.3.8)."""
    for suffix in ("-wal", "-journal"):
        side = side_file(path, suffix)
        if side.exists() and side.stat().st_size > 0:
            return False
    with path.open("rb") as handle:
        head = handle.read(100)
    size = path.stat().st_size
    if len(head) < 100:
        return True
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or size % page_size:
        return True
    pages = int.from_bytes(head[28:32], "big")
    count_is_valid = head[24:28] == head[92:96]
    return count_is_valid and size < pages * page_size


def damaged_message(path: Path | None) -> str:
    where = f" ({path})" if path else ""
    copies = f" (automatic daily copies are in {path.parent / 'backups'})" if path else ""
    return (
        f"the database file is damaged{where}; nothing was changed. "
        f"Bring back a copy with 'paceit restore BACKUP'{copies}"
    )
