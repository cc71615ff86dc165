"""`paceit demo`: a realistic synthetic history in a demo database, then a tour.

Safety first: the demo writes to its own file in the user's cache folder (`PACEIT_DB` is
ignored on purpose, since it usually names the real diary). Re-running replaces that file.
With `--db` it writes only to a new or empty file and refuses, unchanged, a file that holds
anything. Options are checked before any file is touched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from paceit.cli.state import AppState, get_state

Weeks = Annotated[str | None, typer.Option("--weeks", metavar="1-520", help="Weeks of history (default 12).")]
Seed = Annotated[
    str | None, typer.Option("--seed", metavar="N", help="Random seed, for the same demo every time (default 7).")
]


def demo(ctx: typer.Context, weeks: Weeks = None, seed: Seed = None) -> None:
    """Build a demo diary (never your own) and show what paceit does with it.

    It goes to a demo file in your cache folder, rebuilt on every run, or to a new or empty
    file named with --db (a file that holds entries is refused). --seed gives the same demo.

    Example: paceit demo --weeks 26
    """
    run_demo(get_state(ctx), weeks=weeks, seed=seed)


def run_demo(state: AppState, *, weeks: str | None, seed: str | None) -> None:
    from paceit import db, parse
    from paceit.demo import DEFAULT_SEED, DEFAULT_WEEKS, MAX_WEEKS, generate, write

    n_weeks = parse.required_scale(DEFAULT_WEEKS if weeks is None else weeks, option="--weeks", lo=1, hi=MAX_WEEKS)
    n_seed = parse.required_scale(DEFAULT_SEED if seed is None else seed, option="--seed", lo=0, hi=2**31 - 1)
    data = generate(weeks=n_weeks, seed=n_seed, now=state.now)
    path = _prepare_target(state.db_option)
    from paceit.render.demo import print_summary, print_try_next

    conn = db.connect(path, now=state.now)
    try:
        write(conn, data, where=path)
        print_summary(data, path)
        _show_plan(conn, state)
    finally:
        conn.close()
    print_try_next(path)


def _show_plan(conn: sqlite3.Connection, state: AppState) -> None:
    """What `paceit next` says for the demo person today, by `next`'s own path (its progress
    line included, and the checkpoints it keeps, so the first `next` after the demo is quick)."""
    from paceit.cli import output
    from paceit.render.plan import print_next
    from paceit.today import next_document

    output.line()
    print_next(next_document(conn, day=state.now.date()))


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().resolve() == b.expanduser().resolve()


def _prepare_target(db_option: str | None) -> Path:
    """The demo file, emptied if it is the default one; refused if --db names a used file."""
    from paceit.demo import file_holds_entries
    from paceit.errors import InputError
    from paceit.paths import demo_db_path, resolve_db_path

    path = demo_db_path(db_option)
    default = _same_file(path, demo_db_path(None)) and not _same_file(path, resolve_db_path(None))
    if default:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    elif file_holds_entries(path):
        raise InputError(
            f"{path} already holds entries; the demo writes only to a new or empty file "
            "(leave out --db to use the demo file in your cache folder)"
        )
    return path


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
