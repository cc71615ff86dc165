"""What a parameter completes to, declared on the parameter itself.

Each parameter that completes to something takes one of these as its
`click_type`: a pass-through text type (paceit.parse still checks every value, for
its one-line messages) that carries what it offers as plain data, fixed `choices`
or the name of a diary `source`. `completions/generate.py` reads that data into
`paceit/completion_spec.py`, which the fast completer (`paceit.completion`) answers
from without importing Typer or the commands; `shell_complete` gives the same
answers when Typer's own completion machinery asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer._click.shell_completion import CompletionItem
from typer._click.types import ParamType


class Completes(ParamType):
    name = "text"

    def __init__(self, choices: Iterable[tuple[str, str]] = (), source: str | None = None) -> None:
        self.choices = [(value, text) for value, text in choices]
        self.source = source

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return value

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
        if self.source is None:
            found = [(v, h) for v, h in self.choices if v.startswith(incomplete)]
        else:
            from paceit.completion import lookup

            db = ctx.find_root().params.get("db") if ctx is not None else None
            found = lookup(self.source, incomplete, db_option=db)
        return [CompletionItem(value, help=text or None) for value, text in found]


def choices(values: Iterable[str] | Iterable[tuple[str, str]]) -> Completes:
    """Fixed values, each optionally with a short description."""
    return Completes((v, "") if isinstance(v, str) else (v[0], v[1]) for v in values)


def yes_no() -> Completes:
    return choices(["yes", "no"])


ACTIVITY = Completes(source="activity")  # active activities
ANY_ACTIVITY = Completes(source="any_activity")  # archived ones too
LADDER_STEP = Completes(source="ladder_step")
