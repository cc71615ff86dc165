"""How `paceit learn` reads: the list of topics, or one topic (its lines are
`learn.render`'s), as text or as JSON (whose keys are the `--json` contract)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paceit.cli import output

if TYPE_CHECKING:
    from paceit.learn import Topic


def show_topics(topics: Sequence[Topic], *, as_json: bool) -> None:
    """The topics, then the rules page they cite (not a one-minute read, so listed last)."""
    from paceit import rules_page

    listed = [(t.name, t.title) for t in topics] + [(rules_page.NAME, rules_page.TITLE)]
    if as_json:
        output.emit_json([{"topic": name, "title": title} for name, title in listed])
        return
    output.line("Topics (read one with: paceit learn TOPIC):")
    for name, title in listed:
        output.line(f"  {name:<13} {title}")


def show_rules_page(*, as_json: bool) -> None:
    """The page as its Markdown; in JSON the same keys as a topic, its text in paragraphs
    and no separate sources (the page's own References section lists them all)."""
    from paceit import rules_page

    page = rules_page.text()
    if as_json:
        output.emit_json(
            {"topic": rules_page.NAME, "title": rules_page.TITLE, "text": rules_page.paragraphs(page), "sources": []}
        )
        return
    fenced = False
    for line in page.rstrip("\n").split("\n"):  # prose fits the screen; tables and code stay whole
        fenced ^= line.startswith("```")
        output.line(line, wrap=not (fenced or line.startswith(("|", "```"))))


def show_topic(chosen: Topic, *, as_json: bool) -> None:
    from paceit.learn import REFERENCES, render

    if as_json:
        output.emit_json(
            {
                "topic": chosen.name,
                "title": chosen.title,
                "text": list(chosen.paragraphs),
                "sources": [{"ref": n, "citation": REFERENCES[n]} for n in chosen.sources],
            }
        )
        return
    for line in render(chosen):
        output.line(line)
