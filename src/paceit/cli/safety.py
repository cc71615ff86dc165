"""`paceit backup|restore|check`: safe copies of the diary, and an integrity check.

Restoring never destroys: the current diary is copied to the backups folder
first, and the message says where, so a restore can itself be undone by
restoring that copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paceit import db, queries
from paceit.cli import output
from paceit.cli.options import Json
from paceit.cli.state import AppState, get_state
from paceit.errors import InputError, OperationalError


def backups_folder(state: AppState) -> Path:
    return state.path.parent / "backups"


def _copy(state: AppState, target: Path) -> Path:
    if target.exists():
        raise InputError(f"PATH {target} already exists; choose a new file name")
    if not state.path.exists():
        raise InputError(f"there is no diary at {state.path} yet, so nothing to back up")
    try:
        return db.backup_to(state.db(), target)
    except OSError as exc:
        raise OperationalError(f"cannot write {target}: {exc.strerror}") from exc


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(
        (
            output.plural(counts["pain_entry"], "diary entry", "diary entries"),
            output.plural(counts["session"], "session", "sessions"),
            output.plural(counts["exposure_trial"], "trial", "trials"),
        )
    )


def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="Where to write the copy (default: a dated file in the 'backups' folder beside the diary).",
        ),
    ] = None,
) -> None:
    """Make a consistent copy of your diary, readable by you only.

    Example: paceit backup ~/paceit-before-holiday.db
    """
    state = get_state(ctx)
    stamp = state.now.strftime("%Y%m%d-%H%M%S")
    target = Path(path).expanduser() if path else backups_folder(state) / f"paceit-{stamp}.db"
    written = _copy(state, target)
    counts = queries.counts(state.db())
    output.line(f"Backed up your diary to {written} ({_summary(counts)}).")


def restore(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="A copy made by 'paceit backup' (or an automatic one).")],
) -> None:
    """Replace your diary with a copy; your current diary is backed up first.

    Example: paceit restore ~/.local/share/paceit/backups/paceit-20261120-080000.db
    """
    state = get_state(ctx)
    source = Path(path).expanduser()
    try:
        db.inspect_copy(source)
    except OperationalError as exc:
        raise InputError(f"PATH: {exc.message}") from exc
    if source.resolve() == state.path.resolve():
        raise InputError("PATH is the diary itself; choose a backup copy")
    safety = None
    if state.path.exists():
        safety = _copy(state, backups_folder(state) / f"paceit-before-restore-{state.now.strftime('%Y%m%d-%H%M%S')}.db")
    db.restore_from(state.db(), source)
    state.close()
    counts = queries.counts(state.db())  # reopening migrates an older copy to this schema
    output.line(f"Restored your diary from {source} ({_summary(counts)}).")
    if safety:
        output.line(f"Your diary as it was before is kept at {safety}.")


def check(ctx: typer.Context, as_json: Json = False) -> None:
    """Check the diary file for damage (exit 1 if anything is wrong).

    Example: paceit check
    """
    state = get_state(ctx)
    report = db.health(state.db(create=False))
    report["path"] = str(state.path)
    if as_json:
        output.emit_json(report)
    elif report["ok"]:
        output.line(f"{state.path}: no problems found (schema {report['schema']}).")
    if not report["ok"]:
        raise OperationalError(
            f"{state.path} has problems ({'; '.join(report['integrity'])[:200]}; "  # type: ignore[arg-type]
            f"{report['foreign_key_problems']} broken links); restore a backup with 'paceit restore PATH'"
        )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("check")(check)
