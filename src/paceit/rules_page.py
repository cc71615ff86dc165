"""paceit's rules page for clinicians, shipped with the program: `paceit learn rules`.

The learn topics, `trends` and the report cite "paceit's rules page" for their sources and
caveats. It lives in the repository as docs/rules.md, which a person who installed paceit
from a wheel does not have; so the wheel carries a copy (src/paceit/rules.md, package data,
kept identical to docs/rules.md by tests/test_learn.py) and `paceit learn rules` prints it,
offline, as the Markdown it is. Read only on that path (importlib.resources is not on the
daily ones).
"""

from __future__ import annotations

NAME = "rules"
TITLE = "Every rule and number, with its source (for clinicians; long)"


def text() -> str:
    """The page's Markdown, from the installed package."""
    from importlib.resources import files

    return files("paceit").joinpath("rules.md").read_text(encoding="utf-8")


def paragraphs(page: str) -> list[str]:
    """The page cut at its blank lines, for `learn rules --json`."""
    return [block.strip("\n") for block in page.split("\n\n") if block.strip()]
