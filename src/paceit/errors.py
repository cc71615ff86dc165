"""The error kinds that cross the one boundary in `paceit.cli.app`.

Every failure a person can cause or meet ends as one line on stderr and an exit
code: 2 for bad input or usage (nothing was written), 1 for an operational
failure (the database or the disk). A traceback appears only with `--debug`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_OPERATIONAL = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class PaceitError(Exception):
    """Base of paceit's own errors; carries the message shown to the person."""

    exit_code = EXIT_OPERATIONAL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(PaceitError):
    """A value the person typed is out of range, malformed or names nothing."""

    exit_code = EXIT_USAGE


class NotFoundError(InputError):
    """An id or name that does not exist (bad input, so exit 2)."""


class OperationalError(PaceitError):
    """The database or the file system failed: unreadable, locked, full, newer."""

    exit_code = EXIT_OPERATIONAL


class DamagedError(OperationalError):
    """SQLite cannot read the diary file: it is damaged (restore a backup)."""


class NotSQLiteError(OperationalError):
    """The diary path holds a file that is not an SQLite database at all."""
