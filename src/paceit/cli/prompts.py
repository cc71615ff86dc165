"""Interactive questions on a terminal: each states its range, re-asks on a bad
value, and lets Enter skip an optional one. Prompts go to stderr, so stdout stays
data. Off a terminal, commands never prompt: they ask for the options instead.
"""

from __future__ import annotations

import sys

from paceit import parse
from paceit.errors import InputError


def interactive() -> bool:
    """True when a person can answer questions (stdin and stderr are terminals)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask(question: str) -> str:
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    if not answer:  # end of input (Ctrl-D)
        raise EOFError
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
