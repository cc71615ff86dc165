"""What `paceit prescription import` says: who prescribed what, then each change the file
makes (or, with `--dry-run`, would make), each new activity with its id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paceit.cli import output

if TYPE_CHECKING:
    from paceit.domain_writes import Planned
    from paceit.prescription import Prescription

VERBS = {
    "add": ("Added activity", "Would add activity"),
    "update": ("Updated activity", "Would update activity"),
    "set": ("Set", "Would set"),
}


def show_import(
    rx: Prescription, planned: Sequence[Planned], done: Sequence[tuple[Planned, int]] | None, *, dry_run: bool
) -> None:
    """The header, then what `done` made (with the new activities' ids), or without it what
    was `planned`; then a word when nothing changed or nothing was written."""
    if done is None:
        lines = [f"{VERBS[p.action][1]} {p.text}" for p in planned]
    else:
        lines = [_done(p, added) for p, added in done]
    for text in [*header(rx), *lines]:
        output.line(text)
    if not planned:
        output.line("Nothing changed: the diary already follows this prescription.")
    elif dry_run:
        output.line("Dry run: nothing was written.")


def header(rx: Prescription) -> list[str]:
    dated = f" ({rx.date.isoformat()})" if rx.date else ""
    counts = f"{output.plural(len(rx.activities), 'activity', 'activities')}, "
    counts += output.plural(len(rx.settings), "setting", "settings")
    lines = [f"Prescription by {rx.by}{dated}: {counts}."]
    return [*lines, f"Note: {' '.join(rx.note.split())}"] if rx.note else lines


def _done(planned: Planned, added: int) -> str:
    """What a change made says, with the new activity's id."""
    if planned.action == "add":
        return f"Added activity #{added} {planned.text}"
    return f"{VERBS[planned.action][0]} {planned.text}"
