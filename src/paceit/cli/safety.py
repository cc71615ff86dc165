"""`paceit backup|restore|check`: safe copies of the diary, and an integrity check.

Restoring never destroys: the current diary is copied to the backups folder
first, and the message says where, so a restore can itself be undone by
restoring that copy. A diary SQLite can no longer read is copied byte for byte
instead, and then replaced as a whole file, since damage is when restoring matters.
`check` answers in plain words and names the newest backup to restore: only a copy
of this diary (the `backups` folder is shared by every diary in one folder, so each
copy is named after its diary's file: `STEM-YYYYMMDD-HHMMSS.db`, `STEM-before-restore-
...`, `STEM-daily-...`, and the migration copies `NAME.schemaN-....bak` beside it) that
is itself intact.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer

from paceit import autobackup, db, queries
from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import AppState, get_state
from paceit.errors import DamagedError, InputError, NotSQLiteError, OperationalError


def backups_folder(state: AppState) -> Path:
    return autobackup.folder_for(state.path)


def is_own_backup(diary: Path, copy: Path) -> bool:
    """Whether `copy` in the backups folder was named after `diary` (see the module docstring)."""
    stem = re.escape(diary.stem)
    stamp = r"\d{8}-\d{6}(-\d+)?"
    return bool(
        re.fullmatch(rf"{stem}-({stamp}|before-restore-{stamp})\.db", copy.name)
        or autobackup.daily_pattern(diary).fullmatch(copy.name)
    )


def _copy(state: AppState, target: Path) -> Path:
    if target.exists():
        raise InputError(f"PATH {target} already exists; choose a new file name")
    if not state.path.exists():
        raise InputError(f"there is no diary at {state.path} yet, so nothing to back up")
    conn = state.db()
    try:
        return db.backup_to(conn, target)
    except FileExistsError as exc:  # made by someone else since the check above
        raise InputError(f"PATH {target} already exists; choose a new file name") from exc
    except OSError as exc:
        raise OperationalError(f"cannot write {target}: {exc.strerror or exc}; no copy was made") from exc
    except sqlite3.Error as exc:
        raise OperationalError(f"no copy was made at {target}: {db.translate(exc).message}") from exc


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
            click_type=complete.PATH,
        ),
    ] = None,
) -> None:
    """Make a consistent copy of your diary, readable by you only.

    Example: paceit backup ~/paceit-before-holiday.db
    """
    state = get_state(ctx)
    stamp = state.now.strftime("%Y%m%d-%H%M%S")
    target = Path(path).expanduser() if path else backups_folder(state) / f"{state.path.stem}-{stamp}.db"
    written = _copy(state, target)
    counts = queries.counts(state.db())
    output.message(f"Backed up your diary to {written} ({_summary(counts)}).")  # stderr: stdout is data


def newest_backup(state: AppState) -> Path | None:
    """The most recent intact copy of this diary: one made by 'paceit backup', before a
    restore, each day, or before a migration. Another diary's copies in the shared
    folder are never named, nor is a copy that fails the integrity check (the copy of
    a damaged diary kept before a restore)."""
    own = [p for p in backups_folder(state).glob("*.db") if is_own_backup(state.path, p)]
    candidates = [*own, *state.path.parent.glob(f"{state.path.name}.*.bak")]
    for copy in sorted((p for p in candidates if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            db.inspect_copy(copy)
        except OperationalError:
            continue
        return copy
    return None


def _free_name(folder: Path, stem: str) -> Path:
    target, counter = folder / f"{stem}.db", 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{counter}.db"
    return target


def _restore_advice(state: AppState) -> str:
    newest = newest_backup(state)
    if newest is None:
        return "If you have a copy, bring it back with 'paceit restore PATH'"
    return f"Bring back your newest backup with 'paceit restore {newest}'"


def _keep_current(state: AppState) -> Path | None:
    """Copy the diary aside before replacing it; a file SQLite cannot read is copied byte for byte."""
    if not state.path.exists():
        return None
    stamp = state.now.strftime("%Y%m%d-%H%M%S")
    target = _free_name(backups_folder(state), f"{state.path.stem}-before-restore-{stamp}")
    try:
        return _copy(state, target)
    except DamagedError:
        state.close()
        target.unlink(missing_ok=True)
        return db.raw_copy(state.path, target)
    except NotSQLiteError as exc:
        # Perhaps a diary whose first page is destroyed, perhaps another program's file
        # that --db names by mistake: paceit does not replace it, the person decides.
        raise OperationalError(
            f"{state.path} is not an SQLite file, so restore will not replace it. If it is your damaged "
            f"diary, move it aside (for example to {state.path.name}.damaged) and run the restore again"
        ) from exc


def _put_back(state: AppState, source: Path) -> None:
    try:
        db.restore_from(state.db(), source)
    except (DamagedError, sqlite3.DatabaseError):
        state.close()  # the diary cannot be opened or written page by page: replace the file
        db.replace_file(state.path, source)
    state.close()


def restore(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH", help="A copy made by 'paceit backup' (or an automatic one).", click_type=complete.PATH
        ),
    ],
) -> None:
    """Replace your diary with a copy; your current diary is backed up first (even a damaged one).

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
    safety = _keep_current(state)
    _put_back(state, source)
    counts = queries.counts(state.db())  # reopening migrates an older copy to this schema
    output.message(f"Restored your diary from {source} ({_summary(counts)}).")
    if safety:
        output.message(f"Your diary as it was before is kept at {safety}.")


def _health(state: AppState) -> dict[str, Any]:
    try:
        report = db.health(state.existing_db("nothing to check"))
    except (DamagedError, sqlite3.DatabaseError) as exc:
        report = {"ok": False, "readable": False, "integrity": [str(exc)], "foreign_key_problems": 0}
    report.setdefault("readable", True)
    report["path"] = str(state.path)
    newest = newest_backup(state)
    report["newest_backup"] = str(newest) if newest else None
    return report


def _problem(state: AppState, report: dict[str, Any]) -> str:
    """One plain sentence: what is wrong, what it means, what to do."""
    if not report["readable"]:
        what = "SQLite cannot read it"
    else:
        found = [r for r in report["integrity"] if r != "ok"]
        parts = [output.plural(len(found), "damaged part", "damaged parts")] if found else []
        if report["foreign_key_problems"]:
            parts.append(output.plural(report["foreign_key_problems"], "broken link", "broken links"))
        if report.get("undo_log_problems"):
            rows = output.plural(report["undo_log_problems"], "damaged row", "damaged rows")
            parts.append(f"{rows} in the undo log, first {report['undo_log_first_problem']}")
        what = "the check found " + (" and ".join(parts) or "a problem")
    advice = _restore_advice(state)
    return f"your diary at {state.path} is damaged ({what}); some entries may be missing or wrong. {advice}"


def check(ctx: typer.Context, as_json: Json = False) -> None:
    """Check the diary file for damage, in plain words (exit 1 if anything is wrong).

    Example: paceit check
    """
    state = get_state(ctx)
    report = _health(state)
    if as_json:
        output.emit_json(report)
    elif report["ok"]:
        output.line(
            f"Your diary at {state.path} is in good order: no damage, and every entry's links are whole "
            f"(schema {report['schema']})."
        )
        newest = report["newest_backup"]
        output.line(f"Newest backup: {newest}." if newest else "No backup yet: make one with 'paceit backup'.")
    if not report["ok"]:
        raise OperationalError(_problem(state, report))


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("check")(check)
