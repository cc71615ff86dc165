"""`paceit export|import`: take the whole diary out, and merge an export back in.

Export writes every table (see `paceit.exporting`); import merges paceit's JSON
export by UUID in one undoable change (see `paceit.importing` for the rules).
Neither imports SQLModel or pydantic: both work on the live schema through sqlite3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.cli.state import get_state
from paceit.errors import InputError, OperationalError

FORMATS = ("json", "csv")


def _format(chosen: str | None, target: Path | None) -> str:
    """json by default; csv when PATH ends in .zip (a zip only ever holds the CSV form)."""
    from paceit import parse

    zipped = target is not None and target.suffix.lower() == ".zip"
    fmt = parse.choice(chosen, option="--format", choices=FORMATS) if chosen else ("csv" if zipped else "json")
    if fmt == "csv" and target is None:
        raise InputError("--format csv writes one file per table, so it needs --output FOLDER or --output FILE.zip")
    if fmt == "json" and zipped:
        raise InputError("--output: a .zip holds the CSV export; add --format csv or name a .json file")
    return fmt


def _check_target(target: Path, *, folder: bool, force: bool) -> None:
    if not target.exists() and not target.is_symlink():
        return
    if not force:
        raise InputError(f"--output {target} already exists; choose a new name or add --force to replace it")
    if folder != target.is_dir():
        kind = "a folder" if target.is_dir() else "a file"
        raise InputError(f"--output {target} is {kind}; choose another name")


def _write(document: dict[str, Any], fmt: str, target: Path, *, force: bool) -> None:
    from paceit.render import export_files as files

    try:
        if fmt == "json":
            files.write_file(target, files.json_text(document).encode("utf-8"), force=force)
        elif target.suffix.lower() == ".zip":
            files.write_zip(target, files.csv_files(document), force=force)
        else:
            files.write_folder(target, files.csv_files(document), force=force)
    except FileExistsError as exc:
        raise InputError(f"--output {target} already exists; choose a new name or add --force") from exc
    except OSError as exc:
        raise OperationalError(f"cannot write {target}: {exc.strerror or exc}") from exc


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="json|csv",
            help="json (default) or csv (one file per table).",
            click_type=complete.choices(FORMATS),
        ),
    ] = None,
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="File (json), folder or FILE.zip (csv). json without it: stdout.",
            click_type=complete.PATH,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Export the whole diary (every table, ids, UUIDs, times, settings); it is health data.

    JSON is one document that 'paceit import' reads back; CSV is one file per table in a
    folder, or in a zip when PATH ends in .zip, for spreadsheets: a text that a spreadsheet
    would run as a formula (starting with =, +, -, @) gets an apostrophe in front, so it
    shows as text. Files are readable by you only.

    Example: paceit export --output diary.json
    Example: paceit export --format csv --output diary.zip
    """
    from paceit import exporting

    state = get_state(ctx)
    target = Path(output_path).expanduser() if output_path else None
    chosen = _format(fmt, target)
    if target is not None:
        from paceit.cli.safety import refuse_diary_file

        refuse_diary_file(state.path, target)
        _check_target(target, folder=chosen == "csv" and target.suffix.lower() != ".zip", force=force)
    if not state.path.exists():
        raise InputError(f"there is no diary at {state.path} yet, so nothing to export")
    document = exporting.build(state.db(create=False), now=state.now)
    if target is None:
        output.emit_json(document)
        return
    _write(document, chosen, target, force=force)
    counts = document[exporting.HEADER_KEY]["row_counts"]
    output.message(  # a confirmation, on stderr as for 'report --output': stdout is data
        f"Exported {output.plural(sum(counts.values()), 'row', 'rows')} from "
        f"{output.plural(len(counts), 'table', 'tables')} to {target} ({chosen}). "
        "It holds health data: keep it private."
    )


ONLY_JSON = "paceit imports only its own JSON export (the file 'paceit export --output FILE.json' writes)"
MAX_IMPORT_BYTES = 128 * 1024 * 1024  # a ten-year diary exports to about 7 MB


def _read_bytes(path: Path, where: str) -> bytes:
    """The file's bytes: a regular file of at most MAX_IMPORT_BYTES, refused otherwise
    before it is read (a FIFO would wait for ever, /dev/zero fill the memory)."""
    from paceit import files

    try:
        return files.read_regular(path, limit=MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise InputError(f"{where}: no such file") from None
    except files.NotAFileError as exc:
        if exc.what == "a folder":
            raise InputError(f"{where} is a folder; {ONLY_JSON}, not a folder (such as the CSV export)") from None
        raise InputError(f"{where} is {exc.what}, not a file; {ONLY_JSON}") from None
    except files.TooLargeError:
        limit = MAX_IMPORT_BYTES // (1024 * 1024)
        raise InputError(
            f"{where} is too large for a paceit export (more than {limit} MiB; a ten-year diary exports to "
            "about 7 MB); nothing was imported"
        ) from None
    except OSError as exc:
        raise OperationalError(f"cannot read {path}: {exc.strerror}") from exc


def _read(path: Path) -> dict[str, Any]:
    """The export document, or one plain line saying why PATH is not one (exit 2)."""
    from paceit.import_document import check_document

    where = f"PATH {path}"
    data = _read_bytes(path, where)
    if data[:4] == b"PK\x03\x04":
        raise InputError(f"{where} is a zip file; {ONLY_JSON}, not a zip (such as the CSV export)")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{where} is not a text file; {ONLY_JSON}. Nothing was imported") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where} is not a paceit JSON export (not valid JSON, or cut short: {exc}); nothing was imported"
        ) from exc
    except RecursionError:  # nesting deeper than the JSON reader follows: no export is
        raise InputError(
            f"{where} is not a paceit JSON export (nested too deeply to read); nothing was imported"
        ) from None
    except ValueError as exc:  # a number of more than 4300 digits (int's own limit)
        raise InputError(
            f"{where} is not a paceit JSON export (it holds a number too long to read); nothing was imported"
        ) from exc
    check_document(document, where=where)
    return document  # type: ignore[no-any-return]


def import_(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="The JSON file made by 'paceit export' (not a CSV folder or zip).",
            click_type=complete.PATH,
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added; change nothing.")] = False,
    as_json: Json = False,
) -> None:
    """Merge a paceit JSON export into this diary by UUID (undo with 'paceit undo').

    Only paceit's own JSON export can be imported. Rows already here are skipped, so
    importing a file twice adds nothing. A row that is here with different content is
    kept as it is here, and reported. Settings already set here keep their value; missing
    ones are imported. Entries you deleted here are not brought back. An activity with the
    name of one of yours becomes that activity, but only in the same unit: walking in min
    here and in km in the file is refused (rename one first). A ladder step or goal with
    the same text on the same day, or a flare-plan item with the same section and text,
    is taken to be the one here, so two diaries never double them.

    Into an empty diary (a new machine) the file is copied whole, undo history included,
    so exporting again gives the same document; 'paceit undo' then continues that history.

    Example: paceit import diary.json --dry-run
    """
    from paceit import importing

    state = get_state(ctx)
    source = Path(path).expanduser()
    document = _read(source)
    where, command = f"PATH {source}", f"import {source.name}"
    # Without a diary yet, a rehearsal on the empty stand-in comes first, so a file
    # that cannot be imported leaves no new diary file behind.
    rehearse = dry_run or not state.path.exists()
    result = importing.run_import(
        state.db(create=False), document, where=where, command=command, now=state.now, dry_run=rehearse
    )
    if rehearse and not dry_run and result.added:
        result = importing.run_import(
            state.db(), document, where=where, command=command, now=state.now, dry_run=False, values_checked=True
        )
    from paceit.render.import_report import show_import_report

    show_import_report(result, source=source, diary=state.path, as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
