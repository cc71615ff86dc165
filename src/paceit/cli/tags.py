"""The context tags that `pain`, `log` and `ladder try` take (`--tag`), shared by those commands."""

from __future__ import annotations

from paceit import kinds
from paceit.store import Change


def save_tags(ch: Change, kind: str, entry_id: int, tags: list[str]) -> None:
    """The entry's tags, in the same change as the entry (so one undo removes both)."""
    ch.tag(kinds.named(kind).table, entry_id, tags)


def tag_text(tags: list[str]) -> str:
    return f"; tags: {', '.join(tags)}" if tags else ""
