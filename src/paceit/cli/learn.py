"""`paceit learn [TOPIC]`: short explanations with their sources."""

from __future__ import annotations

from typing import Annotated

import typer

from paceit.cli import complete
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
    "rules-page": "rules",
    "sources": "rules",
    "references": "rules",
}


def _topics() -> list[tuple[str, str]]:
    from paceit import rules_page
    from paceit.learn import TOPICS

    return [(t.name, t.title) for t in TOPICS] + [(rules_page.NAME, rules_page.TITLE)]


def _find(name: str) -> str:
    from paceit import rules_page
    from paceit.learn import BY_NAME
    from paceit.parse import closest

    names = [*BY_NAME, rules_page.NAME]
    key = "-".join(name.strip().casefold().split())
    key = ALIASES.get(key, key)
    if key in names:
        return key
    guess = closest(key, names)
    hint = f"did you mean '{guess}'? " if guess else ""
    raise InputError(f"TOPIC: no topic called '{name}'; {hint}topics: {', '.join(names)}")


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

    'paceit learn rules' prints paceit's rules page for clinicians: every rule and number,
    with its source.

    Example: paceit learn zones
    """
    from paceit import rules_page
    from paceit.learn import BY_NAME, TOPICS
    from paceit.render.learn import show_rules_page, show_topic, show_topics

    if topic is None:
        show_topics(TOPICS, as_json=as_json)
        return
    name = _find(topic)
    if name == rules_page.NAME:
        show_rules_page(as_json=as_json)
        return
    show_topic(BY_NAME[name], as_json=as_json)


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)
