"""Interactive questions on a terminal: each states its range, re-asks on a bad
value, and lets Enter skip an optional one. Prompts go to stderr, so stdout stays
data. Off a terminal, commands never prompt: they ask for the options instead.
"""

from __future__ import annotations

import sys

from paceit import parse
from paceit.errors import InputError, Interrupted


def interactive() -> bool:
    """True when a person can answer questions (stdin and stderr are terminals)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask(question: str) -> str:
    """One answer. Ctrl-C (or Ctrl-D) ends the prompt's line first, so the boundary's
    "stopped; nothing was saved" starts on a line of its own instead of after the question."""
    try:
        print(question, end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if not answer:  # Ctrl-C, or end of input (Ctrl-D)
        print(file=sys.stderr, flush=True)
        raise Interrupted
    return answer.strip()


def scale(label: str, *, lo: int = 0, hi: int = 10, optional: bool = True, hint: str = "") -> int | None:
    skip = ", Enter to skip" if optional else ""
    extra = f" ({hint})" if hint else ""
    while True:
        answer = _ask(f"{label}{extra} [{lo}-{hi}{skip}]: ")
        if not answer and optional:
            return None
        try:
            return parse.required_scale(answer, option=label, lo=lo, hi=hi)
        except InputError as exc:
            print(f"  {exc.message}", file=sys.stderr)


def text(label: str, *, optional: bool = True) -> str | None:
    while True:
        answer = _ask(f"{label}{' (Enter to skip)' if optional else ''}: ")
        if not answer and optional:
            return None
        try:
            return parse.required_text(answer, option=label)
        except InputError as exc:
            print(f"  {exc.message}", file=sys.stderr)


def yes_no(question: str, *, default: bool = False) -> bool:
    choices = "Y/n" if default else "y/N"
    while True:
        answer = _ask(f"{question} [{choices}]: ").lower()
        if not answer:
            return default
        if answer in {"y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        print("  please answer y or n", file=sys.stderr)


def confirmed(question: str, *, refusal: str, yes: bool) -> bool:
    """Whether to go on with a change that deserves a second look: `--yes`, or "y" on a
    terminal. Off a terminal without `--yes` it is refused (InputError: exit 2, nothing
    written), never done silently: a script cannot answer, so it must say so up front."""
    if yes:
        return True
    if not interactive():
        raise InputError(refusal)
    return yes_no(question)
