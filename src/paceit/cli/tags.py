"""The context tags that `pain`, `log` and `ladder try` take (`--tag`), shared by those commands."""

from __future__ import annotations


def tag_text(tags: list[str]) -> str:
    return f"; tags: {', '.join(tags)}" if tags else ""
