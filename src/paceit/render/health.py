"""What `paceit check` says about a diary in good order (or its JSON report, whose keys
are the `--json` contract). A damaged diary is an error, one line on stderr, which the
command words itself (it names the backups to restore from)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paceit.cli import output


def show_health(report: dict[str, Any], path: Path, *, as_json: bool) -> None:
    if as_json:
        output.emit_json(report)
    elif report["ok"]:
        output.line(
            f"Your diary at {path} is in good order: no damage, and every entry's links are whole "
            f"(schema {report['schema']})."
        )
        newest = report["newest_backup"]
        output.line(f"Newest backup: {newest}." if newest else "No backup yet: make one with 'paceit backup'.")
