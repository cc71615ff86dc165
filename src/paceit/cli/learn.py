"""`paceit learn [TOPIC]`: short explanations with their sources."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit.cli import complete, output
from paceit.cli.options import Json
from paceit.errors import InputError

ALIASES = {
    "hurt": "hurt-vs-harm",
    "harm": "hurt-vs-harm",
    "soreness": "hurt-vs-harm",
    "quota": "pacing",
    "zone": "zones",
    "traffic-light": "zones",
    "flare": "flares",
    "flare-plan": "flares",
    "ladder": "exposure",
    "graded-exposure": "exposure",
    "red-flag": "red-flags",
    "redflags": "red-flags",
}


def _topics() -> list[tuple[str, str]]:
    from paceit.learn import TOPICS

    return [(t.name, t.title) for t in TOPICS]


def _find(name: str) -> str:
    from paceit.learn import BY_NAME
    from paceit.parse import closest

    key = "-".join(name.strip().casefold().split())
    key = ALIASES.get(key, key)
    if key in BY_NAME:
        return key
    guess = closest(key, list(BY_NAME))
    hint = f"did you mean '{guess}'? " if guess else ""
    raise InputError(f"TOPIC: no topic called '{name}'; {hint}topics: {', '.join(BY_NAME)}")


def learn(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="A topic; leave out to list them.",
            click_type=complete.lazy(_topics),
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Short explanations you can read in a minute, with their sources (no topic: the list).

    Example: paceit learn zones
    """
    from paceit.learn import BY_NAME, REFERENCES, TOPICS, render

    if topic is None:
        if as_json:
            output.emit_json([{"topic": t.name, "title": t.title} for t in TOPICS])
            return
        output.line("Topics (read one with: paceit learn TOPIC):")
        for t in TOPICS:
            output.line(f"  {t.name:<13} {t.title}")
        return
    chosen = BY_NAME[_find(topic)]
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


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)
