"""How `paceit learn` reads: the list of topics, or one topic (its lines are
`learn.render`'s), as text or as JSON (whose keys are the `--json` contract)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from paceit.cli import output

if TYPE_CHECKING:
    from paceit.learn import Topic


def show_topics(topics: Sequence[Topic], *, as_json: bool) -> None:
    if as_json:
        output.emit_json([{"topic": t.name, "title": t.title} for t in topics])
        return
    output.line("Topics (read one with: paceit learn TOPIC):")
    for t in topics:
        output.line(f"  {t.name:<13} {t.title}")


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
