"""Per-run state: which database, what time it is, and the open connection.

The clock is read once per run, here in the shell; everything below receives
`now` as a parameter. `PACEIT_NOW` (ISO datetime) fixes the clock for
reproducible demos, benchmarks and tests.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import typer

from paceit.errors import OperationalError


def _now() -> datetime:
    fixed = os.environ.get("PACEIT_NOW")
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise OperationalError(f"PACEIT_NOW must be an ISO date-time (got {fixed!r})") from None
        return _plausible(moment if moment.tzinfo else moment.astimezone(), "PACEIT_NOW")
    return _plausible(datetime.now().astimezone(), "the system clock")


def _plausible(moment: datetime, source: str) -> datetime:
    """The clock, unless it reads after the last day paceit keeps a diary on (a clock
    set wrong, or a test's PACEIT_NOW): every command is refused then, with one line
    saying so, rather than failing inside a rule (next, trends and report overflowed
    the calendar) or storing entries dated in year 9999."""
    from paceit.parse import LATEST

    if moment.date() > LATEST:
        raise OperationalError(
            f"the clock reads {moment:%Y-%m-%d %H:%M}, after {LATEST.isoformat()}, the last day paceit keeps "
            f"a diary on; set {source} right and try again. Nothing was read or written"
        )
    return moment


class AppState:
    """What every command of one run shares: the diary's path (from --db), the clock and the one
    open connection. A plain class (not a dataclass, which compiles its methods at import:
    issue 19)."""

    __slots__ = ("db_option", "debug", "now", "_conn", "_in_memory")  # noqa: RUF023 (the fields' order)

    def __init__(self, db_option: str | None = None, debug: bool = False, now: datetime | None = None) -> None:
        self.db_option = db_option
        self.debug = debug
        self.now = _now() if now is None else now
        self._conn: sqlite3.Connection | None = None
        self._in_memory = False

    @property
    def path(self) -> Path:
        from paceit.paths import check_reachable, resolve_db_path

        path = resolve_db_path(self.db_option)
        check_reachable(path)
        return path

    def db(self, *, create: bool = True) -> sqlite3.Connection:
        """The migrated diary. With create=False a missing file is not created: an
        empty in-memory database answers instead, so lookups fail cleanly and a
        command that ends in an error leaves no file behind. A later create=True
        call replaces that stand-in with the real file, so a write is never lost."""
        if self._conn is not None and self._in_memory and create:
            self.close()
        if self._conn is None:
            from paceit import db

            path = self.path
            self._in_memory = not create and not path.exists()
            if self._in_memory:
                self._conn = db.connect_memory(now=self.now)
            else:
                self._conn = db.connect(path, now=self.now)
                if isinstance(self._conn, db.DiaryConnection):
                    self._conn.before_first_write = self._daily_backup
                    self._tell_tightened(self._conn.tightened)
        return self._conn

    def existing_db(self, what: str) -> sqlite3.Connection:
        """The diary for a command that only reads it whole (report, trends, check): without
        a file at the path there is nothing to read, so say where paceit looked (exit 1)
        rather than show an empty result, and create nothing."""
        if not self.path.exists():
            raise OperationalError(f"there is no diary at {self.path}, so {what}; check --db or PACEIT_DB")
        return self.db(create=False)

    @staticmethod
    def _tell_tightened(files: tuple[str, ...]) -> None:
        """Once (afterwards the files are private, so it is not said again): a person
        whose backup program reads the diary as another user learns why it stopped."""
        if files:
            from paceit.cli.output import message

            they = "it" if len(files) == 1 else "they"
            message(
                f"paceit: note: paceit made {', '.join(files)} readable by you only (mode 600): "
                f"{they} could be read by other users, and a diary holds health data"
            )

    def _daily_backup(self, conn: sqlite3.Connection) -> None:
        """Today's automatic copy (see `paceit.autobackup`). A failure never stops the
        write: one warning on stderr, then the write goes on. Today's copy is looked for
        first: on every write of a day but the first it is there, and nothing more is loaded."""
        from paceit.paths import backups_folder, daily_copy

        try:
            path = self.path
            if daily_copy(path, self.now.date().isoformat()).exists():
                return
            from paceit import autobackup

            autobackup.take_daily(conn, path, now=self.now)
        except (OSError, sqlite3.Error) as exc:
            from paceit.cli.output import message

            reason = getattr(exc, "strerror", None) or str(exc)
            message(
                f"paceit: warning: today's automatic backup could not be written to "
                f"{backups_folder(self.path)} ({reason}); your change is saved without it"
            )

    def close(self) -> None:
        """Close the connection so the next `db()` reopens (and migrates) the file."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def get_state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
