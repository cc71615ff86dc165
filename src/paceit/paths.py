"""Where the database lives: `--db`, then `PACEIT_DB`, then the platform's data folder.

Kept in one function so that tests (an autouse fixture sets `PACEIT_DB`) and the
demo can never reach a person's real diary by accident.
"""

from __future__ import annotations

import os
from pathlib import Path

from paceit.errors import OperationalError

ENV_VAR = "PACEIT_DB"
DB_NAME = "paceit.db"
DEMO_NAME = "demo.db"


def _expand(value: str, source: str) -> Path:
    try:
        return Path(value).expanduser()
    except RuntimeError:  # '~someone' with no such user, or no home directory
        raise OperationalError(f"{source}: cannot find the home folder in {value!r}") from None


def resolve_db_path(cli_value: str | None) -> Path:
    """The diary file: the `--db` option wins, then `PACEIT_DB`, then platformdirs."""
    if cli_value:
        return _expand(cli_value, "--db")
    env = os.environ.get(ENV_VAR)
    if env:
        return _expand(env, ENV_VAR)
    from platformdirs import user_data_path

    return user_data_path("paceit", appauthor=False) / DB_NAME


def check_reachable(path: Path) -> None:
    """Refuse, naming it, a folder on the way to `path` that this user may not enter.

    Without search permission on a folder, every look at the diary (even "does it
    exist?") fails with a bare "[Errno 13] Permission denied: '.../paceit.db'", which
    names the file rather than the folder that needs fixing. Folders that do not exist
    yet end the walk: creating them reports its own errors."""
    folder = Path(os.path.abspath(path)).parent
    for ancestor in (*reversed(folder.parents), folder):
        if not os.path.isdir(ancestor):
            return
        if not os.access(ancestor, os.X_OK):
            raise OperationalError(
                f"cannot open the diary {path}: paceit may not enter the folder {ancestor} (permission denied); "
                "check its permissions"
            )


def demo_db_path(cli_value: str | None) -> Path:
    """The demo's file: `--db` if given, else the user's cache folder, never the diary.

    `PACEIT_DB` is deliberately ignored here: it usually names the real diary.
    """
    if cli_value:
        return _expand(cli_value, "--db")
    from platformdirs import user_cache_path

    return user_cache_path("paceit", appauthor=False) / DEMO_NAME


BACKUPS = "backups"  # the daily copies' folder, beside the diary (paceit.autobackup)


def backups_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUPS


def daily_copy(db_path: Path, day: str) -> Path:
    """Where the diary's automatic copy of `day` (ISO) goes: here, with the diary's path,
    so that a write that finds it there (every write of a day but the first) checks it
    without loading the copy's code (issue 19)."""
    return backups_folder(db_path) / f"{db_path.stem}-daily-{day}.db"
