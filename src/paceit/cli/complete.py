"""What a parameter completes to, declared on the parameter itself.

Each parameter that completes to something takes one of these as its
`click_type`: a pass-through text type (paceit.parse still checks every value, for
its one-line messages) that carries what it offers as plain data, fixed `choices`
or the name of a diary `source`, and whether paceit requires the option (`required`:
paceit checks that itself, after every value given, so Click's own `required` is
never set; the usage lines and the help read this mark). `completions/generate.py` reads that data into
`paceit/completion_spec.py`, which the fast completer (`paceit.completion`) answers
from without importing Typer or the commands; `shell_complete` gives the same
answers when Typer's own completion machinery asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from paceit.cli.typer_internals import CompletionItem, ParamType


class Completes(ParamType):
    name = "text"

    def __init__(
        self,
        choices: Iterable[tuple[str, str]] | Callable[[], Iterable[tuple[str, str]]] = (),
        source: str | None = None,
        required: bool = False,
    ) -> None:
        # a callable is read only when asked (its module may be slow to import)
        self._choices = choices if callable(choices) else list(choices)
        self.source = source
        self.required = required

    @property
    def choices(self) -> list[tuple[str, str]]:
        found = self._choices() if callable(self._choices) else self._choices
        return [(value, text) for value, text in found]

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return value

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[CompletionItem]:
        from paceit.completion import slot_values

        db = ctx.find_root().params.get("db") if ctx is not None else None
        found = slot_values([self.choices, self.source], incomplete, db)
        return [CompletionItem(value, help=text or None) for value, text in found]


def choices(values: Iterable[str] | Iterable[tuple[str, str]], *, required: bool = False) -> Completes:
    """Fixed values, each optionally with a short description."""
    return Completes(((v, "") if isinstance(v, str) else (v[0], v[1]) for v in values), required=required)


def is_required(param: Any) -> bool:
    """Whether a parameter must be given: Click's own mark, or paceit's (see `Completes`)."""
    return bool(param.required or getattr(param.type, "required", False))


def yes_no() -> Completes:
    return choices(["yes", "no"])


def lazy(values: Callable[[], Iterable[tuple[str, str]]], source: str | None = None) -> Completes:
    """Choices computed when first asked for, so the command's module stays cheap to import."""
    return Completes(values, source=source)


ACTIVITY = Completes(source="activity")  # active activities
ANY_ACTIVITY = Completes(source="any_activity")  # archived ones too
LADDER_STEP = Completes(source="ladder_step")
MEDICINE = Completes(source="medicine")
STRATEGY = Completes(source="strategy")
TAG = Completes(source="tag")
PATH = Completes(source="files")  # paceit.completion.FILES: a file or folder, named by the shell
OPEN_RED_FLAG = Completes(source="open_red_flag")  # not yet cleared, with the checklist's question
OPEN_GOAL = Completes(source="open_goal")  # not yet done, with the goal's text
