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


def demo_db_path(cli_value: str | None) -> Path:
    """The demo's file: `--db` if given, else the user's cache folder, never the diary.

    `PACEIT_DB` is deliberately ignored here: it usually names the real diary.
    """
    if cli_value:
        return _expand(cli_value, "--db")
    from platformdirs import user_cache_path

    return user_cache_path("paceit", appauthor=False) / DEMO_NAME
