"""The overview that `paceit` and `paceit --help` print: usage, the commands by panel
(daily ones first), then the global options.

It is drawn from `completion_spec.ROOT_HELP`, the same generated table that shell
completion reads (a test keeps it in step with the app), with the standard library
only: the overview is what a new or tired person types first, and loading Typer's
Rich help and every command module to print a fixed list cost about 200 ms. The
look follows the panels of each command's own `--help` (Typer's), so the two read
as one program. Colour (bold names) only on a terminal, never with NO_COLOR.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

MAX_WIDTH = 100
USAGE = "Usage: paceit [OPTIONS] COMMAND [ARGS]..."
FOOTER = "Run 'paceit COMMAND --help' for a command's options and an example."


def _width() -> int:
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def _on_terminal() -> bool:
    return sys.stdout.isatty()


def _colour() -> bool:
    """Bold names only on a terminal that can show them, and never with NO_COLOR
    (which `--no-color` sets, wherever it stands among the words)."""
    return _on_terminal() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _panel(title: str, rows: Sequence[tuple[str, str]], width: int, bold: bool, first: int = 0) -> list[str]:
    """A box like Typer's help panels: the first column `first` wide (at least its
    longest entry), the second wrapped at words inside the box (never cut)."""
    inner = width - 4  # "│ " and " │"
    first = max(first, *(len(name) for name, _ in rows))
    text_width = max(10, inner - first - 2)
    lines = [f"╭─ {title} " + "─" * max(0, width - len(title) - 5) + "╮"]
    for name, text in rows:
        wrapped = textwrap.wrap(text, text_width) or [""]
        for index, part in enumerate(wrapped):
            label = name if index == 0 else ""
            shown = f"\x1b[1m{label}\x1b[0m" if bold and label else label
            padding = " " * (first - len(label))
            lines.append(f"│ {shown}{padding}  {part.ljust(text_width)} │")
    lines.append("╰" + "─" * (width - 2) + "╯")
    return lines


def _option_rows(options: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    rows = []
    for names, short, metavar, text in options:
        label = names + (f", {short}" if short else "") + (f" {metavar}" if metavar else "")
        rows.append((label, text))
    return rows


def render(root_help: dict[str, Any], *, width: int, bold: bool = False) -> str:
    """The overview as text, `width` columns wide at most.

    The command panels come before the global options: someone who types `paceit` in
    pain wants `pain`, `log` and `next` on the first screen, not `--db` and `--debug`."""
    lines = ["", f" {USAGE}", ""]
    for paragraph in root_help["paragraphs"]:
        lines += [f" {line}" for line in textwrap.wrap(paragraph, width - 2)] + [""]
    first = max(len(name) for _, commands in root_help["panels"] for name, _ in commands)
    for title, commands in root_help["panels"]:
        lines += _panel(title, [(name, text) for name, text in commands], width, bold, first)
    lines += _panel("Options", _option_rows(root_help["options"]), width, bold)
    lines += ["", *(f" {line}" for line in textwrap.wrap(FOOTER, width - 2)), ""]
    return "\n".join(lines)


def overview() -> str:
    from paceit.completion_spec import ROOT_HELP

    return render(ROOT_HELP, width=_width(), bold=_colour())
