"""The rolling daily copy: taken just before the first write of a day.

Why: a person who damages their own data (a wrong `delete`, a bad import, a script
gone astray) can go back to the diary as it was at the start of a day, for the last
`backup.keep` days (default 7). Conservative readings of the spec, on purpose:

- The copy is made *before* the day's first write (inside the same run, before its
  transaction begins), so it holds the diary as it was when the day began.
- An empty diary is not copied (nothing to go back to); the next write that day
  finds no copy yet and takes one then.
- Read-only commands never get here: only a write transaction (`db.transaction`)
  calls the hook, and only on a connection opened through `AppState.db`.
- A failed copy never makes the write fail: the caller warns once on stderr and
  carries on. A half-written copy is removed; a copy appears under its final name
  only when complete (written to a `.part` file, then renamed).
- Files go to a `backups` folder beside the diary (created 0700), each 0600, made
  with SQLite's backup API (a consistent snapshot even while another process
  writes). The folder is shared by every diary in the diary's folder, so each copy
  is named after its diary: `STEM-daily-YYYY-MM-DD.db` (`paceit-daily-...` for
  `paceit.db`). Pruning deletes only this diary's daily copies, oldest first:
  another diary's copies, and copies made by `paceit backup` or before a restore,
  are never touched. Daily copies named by older paceits (`daily-YYYY-MM-DD.db`,
  whose diary cannot be told) are removed once older than `backup.keep` days.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from paceit.paths import backups_folder, daily_copy

_LEGACY_DAILY = re.compile(r"daily-(\d{4}-\d{2}-\d{2})\.db")
# `.STEM-daily-DAY.db.PID.part` and `.STEM-daily-DAY.PID.part` (older paceits; today's are
# `.STEM-daily-DAY.db.PID.RANDOM.part`, swept by `private_files.sweep`).
_PART = re.compile(r"\..*daily-(\d{4}-\d{2}-\d{2})(?:\.db)?\.\d+\.part")


def daily_pattern(db_path: Path) -> re.Pattern[str]:
    """The names of this diary's daily copies (and only this diary's)."""
    return re.compile(re.escape(db_path.stem) + r"-daily-(\d{4}-\d{2}-\d{2})\.db")


def _has_data(conn: sqlite3.Connection) -> bool:
    """Any row in any table but SQLite's and the schema's own bookkeeping (read from the
    file itself, so a table added by a later migration counts too)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_version', 'sqlite_sequence')"
        )
    ]
    return any(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)


def _keep(conn: sqlite3.Connection) -> int:
    from paceit.settings import DEFAULTS

    row = conn.execute("SELECT value FROM setting WHERE key = 'backup.keep'").fetchone()
    try:
        return max(1, int(row[0])) if row else int(DEFAULTS["backup.keep"])
    except (TypeError, ValueError):
        return int(DEFAULTS["backup.keep"])


def daily_copies(db_path: Path) -> list[Path]:
    """This diary's automatic copies, oldest first (the names sort by day)."""
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    own = daily_pattern(db_path)
    return sorted(p for p in folder.iterdir() if own.fullmatch(p.name))


def take_daily(conn: sqlite3.Connection, db_path: Path, *, now: datetime) -> Path | None:
    """Copy the diary once per (local) day and prune old copies; the new path, or None
    when there was nothing to do. Raises OSError or sqlite3.Error on failure."""
    day = now.date().isoformat()
    target = daily_copy(db_path, day)
    if target.exists() or not _has_data(conn):
        return None
    # Only now: on every other write of the day the check above is all (issue 19: the copy's
    # modules are about a millisecond of each `pain` and `log`).
    from paceit.copies import backup_to

    try:
        backup_to(conn, target)  # written to a .part file, renamed only when complete
    except FileExistsError:
        return None  # another paceit took today's copy a moment ago
    prune(db_path, keep=_keep(conn), today=day)
    return target


def prune(db_path: Path, *, keep: int, today: str) -> list[Path]:
    """Delete this diary's oldest daily copies beyond `keep`, unnamed (older paceit) daily
    copies older than `keep` days, parts of an older paceit left by a crash on an earlier day
    (today's may belong to another paceit running now), and this diary's parts that no
    running paceit is writing (see `private_files.sweep`)."""
    from paceit import private_files

    copies = daily_copies(db_path)
    removed = copies[: max(0, len(copies) - keep)]
    oldest = (date.fromisoformat(today) - timedelta(days=keep)).isoformat()
    for path in backups_folder(db_path).iterdir():
        legacy, part = _LEGACY_DAILY.fullmatch(path.name), _PART.fullmatch(path.name)
        if (legacy and legacy.group(1) < oldest) or (part and part.group(1) != today):
            removed.append(path)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed + private_files.sweep(backups_folder(db_path), prefix=f".{db_path.stem}-")
