"""The error kinds that cross the one boundary in `paceit.cli.app`.

Every failure a person can cause or meet ends as one line on stderr and an exit
code: 2 for bad input or usage (nothing was written), 1 for an operational
failure (the database or the disk). A traceback appears only with `--debug`.
"""

from __future__ import annotations

from paceit.lazy_pattern import LazyPattern

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


class Interrupted(Exception):
    """The person stopped at a prompt (Ctrl-C or Ctrl-D). Every question is asked before
    the command writes, so the boundary can say that nothing was saved (exit 130)."""


# What a terminal would act on rather than show: C0 and C1 controls (ESC starts colour,
# title and hyperlink sequences; U+009B is CSI), DEL and the bidirectional controls.
UNSEEN = LazyPattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control or bidirectional character written as its escape
    (`\\x1b`, `\\u202e`): a message quotes names from files (an import's table and
    column names, a prescription's activities, a path), and what a file says must be
    read by the person, never obeyed by their terminal."""
    return UNSEEN.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)
