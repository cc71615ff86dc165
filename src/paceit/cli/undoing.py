"""`paceit undo` and `paceit redo`: taking back the last change, and bringing it back.

Undo names the change and when it was made, and each entry it touched with the entry's
own date, so a tired person sees which entry came back or went. A change made on an
earlier day is asked about first (off a terminal: `--yes`), since one undo too many
takes back yesterday's work, not the typo of a moment ago. Redo re-applies what undo
took back, newest undo first, until a new change is made (then what was undone stays
undone, as in any editor). When the undo log has nothing left, the daily backups are
the way further back, and undo says where they are.
"""

from __future__ import annotations

from typing import Annotated

import typer

from paceit.cli import output, prompts
from paceit.cli.state import AppState, get_state
from paceit.render.undo import sentence
from paceit.store import redo_head, redo_last, undo_head, undo_last
from paceit.times import human, local_moment, offset_minutes

Yes = Annotated[
    bool,
    typer.Option("--yes", help="Undo a change made on an earlier day without asking (needed off a terminal)."),
]


def _nothing_left(state: AppState) -> str:
    """Where to go further back than the undo log: the daily copies (autobackup.py)."""
    from paceit.cli.safety import newest_backup
    from paceit.paths import backups_folder

    newest = newest_backup(state)
    where = f"the newest is {newest}" if newest else f"none yet in {backups_folder(state.path)}"
    return (
        f"Nothing to undo. To go further back, restore a "
        f"backup: paceit makes one each day before the first change ({where}); "
        "'paceit restore PATH' brings one back and keeps your diary as it is now."
    )


def undo(ctx: typer.Context, yes: Yes = False) -> None:
    """Undo the last change (repeat to go further back; 'paceit redo' brings it back).

    Example: paceit undo
    """
    state = get_state(ctx)
    conn = state.db(create=False)
    offset = offset_minutes(state.now)
    head = undo_head(conn)
    if head is None:
        output.line(_nothing_left(state))
        return
    made = human(head.at_utc, offset)
    if local_moment(head.at_utc, offset).date() < state.now.date():
        question = f"The last change, 'paceit {head.command}', was made on an earlier day ({made}). Undo it?"
        refusal = f"the last change, 'paceit {head.command}', was made on an earlier day ({made}); add --yes to undo it"
        if not prompts.confirmed(question, refusal=refusal, yes=yes):
            output.line("Nothing was undone.")
            return
    result = undo_last(conn, now=state.now, expect=head.change_id)
    assert result is not None  # the head was there, under the same write lock
    output.line(sentence("Undid", result, offset, undoing=True) + " Redo it with 'paceit redo'.")


def redo(ctx: typer.Context) -> None:
    """Redo what 'paceit undo' took back (until a new change is made).

    Example: paceit redo
    """
    state = get_state(ctx)
    conn = state.db(create=False)
    offset = offset_minutes(state.now)
    result = redo_last(conn)
    if result is None:
        following = redo_head(conn) is None and undo_head(conn) is not None
        output.line(
            "Nothing to redo: redo brings back what 'paceit undo' took back"
            + (", until a new change is made." if following else ".")
        )
        return
    output.line(sentence("Redid", result, offset, undoing=False) + " Undo it again with 'paceit undo'.")


def register(app: typer.Typer) -> None:
    app.command("undo")(undo)
    app.command("redo")(redo)
