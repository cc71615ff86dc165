"""What `paceit undo` and `paceit redo` say: the change, when it was made, and each entry it
touched with the entry's own date (a bigger change, such as an import, summarised per kind
of row), so a tired person sees which entry came back or went."""

from __future__ import annotations

from collections import Counter

from paceit.store import TABLES, Undone
from paceit.times import human

UNDO_LISTED = 8  # a bigger change (an import) is summarised per kind of row
HIDDEN = ("questionnaire_item", "entry_tag")  # parts of an entry, shown with it


def parts(rows: list[tuple[str, str, str, str | None]], *, made: str, offset: int, undoing: bool = True) -> list[str]:
    """What happened to each entry, in words: 'removed session #3 of Sun 06 Dec 2026 12:00'
    (an entry's own time is said when it differs from `made`, the change's)."""
    verbs = (
        {"insert": "removed", "update": "restored the previous", "delete": "brought back"}
        if undoing
        else {"insert": "brought back", "update": "made again the change to", "delete": "removed again"}
    )
    shown = [row for row in rows if row[1] not in HIDDEN]
    if len(shown) > UNDO_LISTED:
        counts = Counter((action, table) for action, table, _, _ in shown)
        return [f"{verbs[action]} {TABLES.get(table, table)} x{n}" for (action, table), n in counts.items()]
    return [
        f"{verbs[action]} {TABLES.get(table, table)} {key if table == 'setting' else '#' + key}"
        + (f" of {human(at, offset)}" if at and human(at, offset) != made else "")
        for action, table, key, at in shown
    ]


def sentence(verb: str, result: Undone, offset: int, *, undoing: bool) -> str:
    """'Undid 'paceit log walking' (made ...): removed session #3.': the change and what it touched."""
    made = human(result.at_utc, offset)
    done = parts(result.rows, made=made, offset=offset, undoing=undoing)
    return f"{verb} 'paceit {result.command}' (made {made}): {'; '.join(done)}."
