"""Every command explains itself: a one-line summary and a runnable example."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.main import get_command

from helpers import ok
from paceit.cli.app import app


def commands(group: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    for name, sub in group.commands.items():
        if hasattr(sub, "commands"):
            yield from commands(sub, [*path, name])
        else:
            yield [*path, name], sub


ALL = list(commands(get_command(app), []))


def test_the_app_has_the_documented_commands() -> None:
    names = {" ".join(path) for path, _ in ALL}
    for expected in (
        "pain",
        "log",
        "next",
        "history",
        "ladder try",
        "redflag check",
        "plan history",
        "prescription import",
        "measure peg",
        "backup",
        "undo",
    ):
        assert expected in names


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) for p, _ in ALL])
def test_every_command_has_a_summary_and_an_example_of_itself(path: list[str], command: Any) -> None:
    text = command.help or ""
    summary = text.strip().splitlines()[0] if text.strip() else ""
    assert summary and len(summary) <= 110, summary
    example = next((line.strip() for line in text.splitlines() if line.strip().startswith("Example: ")), "")
    assert example.startswith(f"Example: paceit {' '.join(path)}"), (path, example)
    ok(*path, "--help")


def test_no_color_option_is_accepted(isolated_db: Any) -> None:
    result = ok("--no-color", "pain", "3")
    assert "\x1b[" not in result.stdout


def test_no_arguments_shows_the_daily_commands_first() -> None:
    text = ok().stdout
    panels = [line.split("─ ", 1)[1].split(" ─")[0] for line in text.splitlines() if line.startswith("╭─ ")]
    assert panels[:2] == ["Options", "Every day"], panels
    daily = text.split("Every day", 1)[1].split("╰", 1)[0]
    names = [line[2:16].strip() for line in daily.splitlines()[1:] if line[2:16].strip()]
    assert names[:3] == ["pain", "log", "next"]
