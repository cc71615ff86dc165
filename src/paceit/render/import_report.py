"""What `paceit import` says: per table, what was (or would be) added and skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paceit.importing import ImportResult

SHOWN = 5  # conflicts listed by key per table; the rest are counted


def report_json(result: ImportResult) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "added": result.added,
        "tables": {
            name: {"added": t.added, "same": t.same, "kept": t.kept, "matched": t.matched, "deleted": t.deleted}
            for name, t in result.tables.items()
        },
        "not_merged": {} if result.copied else result.skipped,
        "copied_whole": result.copied,
        "copied_bookkeeping": result.skipped if result.copied else {},
    }


def _listed(keys: list[str]) -> str:
    more = f" and {len(keys) - SHOWN} more" if len(keys) > SHOWN else ""
    return "; ".join(keys[:SHOWN]) + more


def report_lines(result: ImportResult, *, source: Path, diary: Path | None = None) -> list[str]:
    if result.copied:
        return _copied_lines(result, source=source, diary=diary)
    if result.dry_run:
        lines = [f"Dry run: importing {source} would add {result.added} rows. Nothing was changed."]
    elif result.added:
        lines = [f"Imported {source}: {result.added} rows added. Undo with 'paceit undo'."]
    else:
        lines = [f"Nothing to import from {source}: everything in it is already here. Nothing was changed."]
    verb = "would be added" if result.dry_run else "added"
    for name, table in result.tables.items():
        if not (table.added or table.same or table.kept or table.matched or table.deleted):
            continue
        parts = [f"{table.added} {verb}", f"{table.same} already here"]
        if table.kept:
            parts.append(f"{len(table.kept)} differ and are kept as they are here ({_listed(table.kept)})")
        if table.matched:
            parts.append(f"{len(table.matched)} matched an existing one by {_listed(table.matched)}")
        if table.deleted:
            parts.append(f"{len(table.deleted)} deleted here earlier and not brought back ({_listed(table.deleted)})")
        lines.append(f"  {name}: " + ", ".join(parts))
    if result.skipped:
        counts = ", ".join(f"{name} ({rows})" for name, rows in result.skipped.items())
        lines.append(f"  not merged (they describe the database that made the file): {counts}")
    return lines


def _copied_lines(result: ImportResult, *, source: Path, diary: Path | None) -> list[str]:
    """An import into an empty diary: a copy of the exported one (see `paceit.importing`)."""
    history = result.skipped.get("audit", 0)
    if result.dry_run:
        head = f"Dry run: this diary is empty, so importing {source} would copy it whole: {result.added} rows"
        return [f"{head}, and its undo history ({history} rows). Nothing was changed."]
    where = f" ({diary})" if diary else ""
    return [
        f"Imported {source} into this empty diary{where}: a copy of the exported one, {result.added} rows "
        f"and its undo history ({history} rows).",
        "'paceit undo' goes on from that history, as it would have there; to start again, remove the new diary file.",
    ]


def show_import_report(result: ImportResult, *, source: Path, diary: Path, as_json: bool) -> None:
    """The JSON report on stdout, or the lines on stderr: what was (or would be) imported is a
    message, like every confirmation, so stdout stays for data."""
    from paceit.cli import output

    if as_json:
        output.emit_json(report_json(result))
        return
    for text in report_lines(result, source=source, diary=diary):
        output.message(text)
