"""`paceit backup|restore|check`: safe copies of the diary, and an integrity check.

Restoring never destroys: the current diary is copied to the backups folder
first, and the message says where, so a restore can itself be undone by
restoring that copy. The copy and the overwrite happen under one write lock, so a
write another paceit makes meanwhile is in one or the other, never lost. A diary
SQLite can no longer read is copied byte for byte instead, and then replaced as a
whole file, since damage is when restoring matters.
`check` answers in plain words and names the newest backup to restore: only a copy
of this diary (the `backups` folder is shared by every diary in one folder, so each
copy is named after its diary's file: `STEM-YYYYMMDD-HHMMSS.db`, `STEM-before-restore-
...`, `STEM-daily-...`, and the migration copies `NAME.schemaN-....bak` beside it) that
is itself intact.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import re
import sqlite3
from pathlib import Path
from typing import Annotated, Any

import typer

from paceit import autobackup, copies, db, paths, queries
from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import AppState, get_state
from paceit.errors import DamagedError, InputError, NotSQLiteError, OperationalError


def backups_folder(state: AppState) -> Path:
    return paths.backups_folder(state.path)


def is_own_backup(diary: Path, copy: Path) -> bool:
    """Whether `copy` in the backups folder was named after `diary` (see the module docstring)."""
    stem = re.escape(diary.stem)
    stamp = r"\d{8}-\d{6}(-\d+)?"
    return bool(
        re.fullmatch(rf"{stem}-({stamp}|before-restore-{stamp})\.db", copy.name)
        or autobackup.daily_pattern(diary).fullmatch(copy.name)
    )


def diary_file(diary: Path, target: Path) -> str | None:
    """What `target` is among the diary's own files, in words: the diary, a working file
    SQLite keeps beside it, or one of its backups; None for any other file. Compared with
    symbolic links resolved, so a link to the diary is the diary. `report` and `export`
    never write over these, even with --force, as `restore` never reads the diary itself."""
    aim = Path(os.path.realpath(target))
    for named in dict.fromkeys((diary, Path(os.path.realpath(diary)))):
        if aim == Path(os.path.realpath(named)):
            return "your diary itself"
        if aim.parent == Path(os.path.realpath(named.parent)):
            if aim.name in {f"{named.name}{suffix}" for suffix in ("-wal", "-shm", "-journal")}:
                return "one of your diary's working files"
            if fnmatch.fnmatchcase(aim.name, f"{glob.escape(named.name)}.*.bak"):
                return "a backup of your diary"
        backups = Path(os.path.realpath(paths.backups_folder(named)))
        if aim.parent == backups and is_own_backup(named, aim):
            return "a backup of your diary"
    return None


def refuse_diary_file(diary: Path, target: Path) -> None:
    """Refuse (exit 2) an --output that names one of the diary's own files (see `diary_file`)."""
    what = diary_file(diary, target)
    if what:
        raise InputError(f"--output {target} is {what}; choose another name (--force never replaces it)")


def _copy(state: AppState, target: Path) -> Path:
    """`paceit backup PATH`: a name the person chose is never replaced."""
    if target.exists():
        raise InputError(f"PATH {target} already exists; choose a new file name")
    try:
        return _write(state, target)
    except FileExistsError as exc:  # made by someone else since the check above
        raise InputError(f"PATH {target} already exists; choose a new file name") from exc


DATED_TRIES = 100


def _dated_copy(state: AppState) -> Path:
    """`paceit backup`: `backups/STEM-YYYYMMDD-HHMMSS.db`, or `...-2.db`, `-3`... when that
    second already has one. Another paceit can take the same free name at the same moment
    (its link comes first): then this one takes the next. The person gave no name, so
    none can be "already taken"."""
    stamp = state.now.strftime("%Y%m%d-%H%M%S")
    for _ in range(DATED_TRIES):
        try:
            return _write(state, _free_name(backups_folder(state), f"{state.path.stem}-{stamp}"))
        except FileExistsError:
            continue
    raise OperationalError(f"no free name for a backup in {backups_folder(state)}; no copy was made")


def _write(state: AppState, target: Path) -> Path:
    if not state.path.exists():
        raise InputError(f"there is no diary at {state.path} yet, so nothing to back up")
    conn = state.db()
    try:
        return copies.backup_to(conn, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno == errno.EROFS:
            raise OperationalError(
                f"cannot write {target}: the folder {target.parent} is on a read-only filesystem; no copy was made. "
                "Name a writable place: paceit backup PATH"
            ) from exc
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
    written = _copy(state, Path(path).expanduser()) if path else _dated_copy(state)
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
            copies.inspect_copy(copy)
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


def _known_diary(state: AppState) -> bool:
    """Whether paceit has kept copies of the file at the diary's path (a backup, a daily
    copy, a copy before a restore or an upgrade). Then a file there whose first bytes are
    no longer SQLite's is that diary, damaged from its first page on, rather than another
    program's file that --db names by mistake: `check` and `restore` treat it as damaged."""
    folder = backups_folder(state)
    if folder.is_dir() and any(is_own_backup(state.path, p) for p in folder.iterdir()):
        return True
    return any(state.path.parent.glob(f"{glob.escape(state.path.name)}.schema*.bak"))


def _replace(state: AppState, source: Path) -> Path | None:
    """Put the copy in place of the diary; return where the diary as it was is kept. A
    readable diary is copied and overwritten under one write lock (see `copies.restore_from`);
    a file SQLite cannot read is copied byte for byte, then replaced as a whole file."""
    if not state.path.exists():
        copies.restore_from(state.db(), source)
        state.close()
        return None
    stamp = state.now.strftime("%Y%m%d-%H%M%S")
    target = _free_name(backups_folder(state), f"{state.path.stem}-before-restore-{stamp}")
    try:
        copies.restore_from(state.db(), source, keep=(state.path, target))
        state.close()
        return target
    except DamagedError:
        pass
    except NotSQLiteError as exc:
        _refuse_foreign(state, exc)
    except sqlite3.DatabaseError:  # it opened, but SQLite cannot write over it page by page
        pass
    except (OSError, sqlite3.Error) as exc:
        raise _not_restored(exc) from exc
    state.close()
    kept = copies.raw_copy(state.path, _free_name(backups_folder(state), target.stem))
    copies.replace_file(state.path, source)
    return kept


def _refuse_foreign(state: AppState, exc: NotSQLiteError) -> None:
    """Perhaps another program's file that --db names by mistake: paceit does not replace
    it, the person decides. A diary paceit has kept copies of is damaged: it goes on."""
    if not _known_diary(state):
        raise OperationalError(
            f"{state.path} is not an SQLite file, so restore will not replace it. If it is your damaged "
            f"diary, move it aside (for example to {state.path.name}.damaged) and run the restore again"
        ) from exc


def _not_restored(exc: OSError | sqlite3.Error) -> OperationalError:
    if isinstance(exc, FileExistsError):
        reason = f"{exc.filename} appeared meanwhile"
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        reason = db.translate(exc).message
    return OperationalError(
        f"could not keep a copy of your diary before restoring ({reason}); nothing was changed. "
        "Free some space or check the backups folder's permissions, then try again"
    )


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
        copies.inspect_copy(source)
    except OperationalError as exc:
        raise InputError(f"PATH: {exc.message}") from exc
    if source.resolve() == state.path.resolve():
        raise InputError("PATH is the diary itself; choose a backup copy")
    safety = _replace(state, source)
    counts = queries.counts(state.db())  # reopening migrates an older copy to this schema
    output.message(f"Restored your diary from {source} ({_summary(counts)}).")
    if safety:
        output.message(f"Your diary as it was before is kept at {safety}.")


def _health(state: AppState) -> dict[str, Any]:
    try:
        report = db.health(state.existing_db("nothing to check"))
    except NotSQLiteError as exc:
        if not _known_diary(state):
            raise
        report = {"ok": False, "readable": False, "integrity": [exc.message], "foreign_key_problems": 0}
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
    from paceit.render.health import show_health

    show_health(report, state.path, as_json=as_json)
    if not report["ok"]:
        raise OperationalError(_problem(state, report))


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.command("check")(check)
