"""A negative number where an argument was meant: `paceit pain -1`, `paceit log walking -5`.

Click reads such a word as an unknown option `-1`. paceit counts the positional words
before it to tell which argument the person was giving. When it is the command's last
argument, the word is handed to that argument after `--`, so the argument's own check
answers in the same words as for any other bad value, with the allowed range ("SCORE must
be a whole number from 0 to 10 (got '-1')"): only the command knows the range, which for
an amount depends on the activity's unit. Anywhere else the message names the argument and
its help. Either way the command refuses before it writes anything: Click stopped while
parsing, before any command ran, and the retried parse goes through the same checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from paceit.cli.typer_internals import click_exceptions

_NEGATIVE = re.compile(r"-[0-9]+(\.[0-9]*)?")


def _arguments(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "argument"]


def _takes_value(command: Any) -> set[str]:
    """The option words whose next word is their value, not a positional one."""
    return {
        o for p in command.params if p.param_type_name == "option" and not getattr(p, "is_flag", False) for o in p.opts
    }


def _placement(exc: click_exceptions.UsageError, argv: Sequence[str]) -> tuple[int, int] | None:
    """(how many positional words come before the negative number, its index in argv)."""
    token = getattr(exc, "option_name", "")
    ctx = exc.ctx
    if ctx is None or not _NEGATIVE.fullmatch(token or "") or not _arguments(ctx.command):
        return None
    start = _after_command_words(ctx, argv)
    if start is None:
        return None
    takes_value = _takes_value(ctx.command)
    position, index = 0, start
    while index < len(argv) and argv[index] != token:
        if argv[index] in takes_value:
            index += 1
        elif not argv[index].startswith("-"):
            position += 1
        index += 1
    return (position, index) if index < len(argv) else None


def _after_command_words(ctx: Any, argv: Sequence[str]) -> int | None:
    """The index in argv just after the command's words (`measure task`), found in order
    from the start, so a later word spelt like one (an activity called 'log') is not taken
    for it. The root's `--db` is the one option before them that takes a value."""
    words: list[str] = []
    while ctx.parent is not None:
        words.insert(0, ctx.info_name)
        ctx = ctx.parent
    index = 0
    for word in words:
        while index < len(argv) and argv[index] != word:
            index += 2 if argv[index] == "--db" else 1
        if index >= len(argv):
            return None
        index += 1
    return index


def message(exc: click_exceptions.UsageError, argv: Sequence[str]) -> str | None:
    """The argument a negative number was meant for, with its help."""
    placed = _placement(exc, argv)
    if placed is None or exc.ctx is None:
        return None
    arguments = _arguments(exc.ctx.command)
    argument = arguments[min(placed[0], len(arguments) - 1)]
    metavar = argument.make_metavar(exc.ctx) if hasattr(argument, "make_metavar") else str(argument.name).upper()
    help_text = getattr(argument, "help", None)
    token = argv[placed[1]]
    return f"{metavar} must not be negative (got '{token}')" + (f": {help_text.rstrip('.')}" if help_text else "")


def as_last_argument(exc: click_exceptions.UsageError, argv: Sequence[str]) -> list[str] | None:
    """argv with the negative number moved after `--` at its end, when it is the command's
    last single-valued argument and no other positional word follows it; else None."""
    placed = _placement(exc, argv)
    if placed is None or exc.ctx is None or "--" in argv:
        return None
    position, index = placed
    arguments = _arguments(exc.ctx.command)
    if position != len(arguments) - 1 or arguments[-1].nargs != 1:
        return None
    takes_value, later = _takes_value(exc.ctx.command), index + 1
    while later < len(argv):  # a bare word after it would be a further positional one
        if argv[later] in takes_value:
            later += 2
        elif not argv[later].startswith("-"):
            return None
        else:
            later += 1
    return [*argv[:index], *argv[index + 1 :], "--", argv[index]]
