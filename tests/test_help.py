"""Every command explains itself: a one-line summary and a runnable example."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import fails, ok
from paceit.cli.app import COMMAND_MODULES, PANELS, loaded_root


def commands(group: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    for name in group.list_commands(None):
        sub = group.get_command(None, name)
        if hasattr(sub, "commands"):
            yield from commands(sub, [*path, name])
        else:
            yield [*path, name], sub


def groups(group: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    for name in group.list_commands(None):
        sub = group.get_command(None, name)
        if hasattr(sub, "commands"):
            yield [*path, name], sub
            yield from groups(sub, [*path, name])


ALL = list(commands(loaded_root(), []))
GROUPS = list(groups(loaded_root(), []))


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
    shown = ok(*path, "--help").stdout
    usage = next(" ".join(line.split()) for line in shown.splitlines() if "Usage:" in line)
    assert usage == " ".join(["Usage: paceit", *path, "[OPTIONS]", *readme_arguments(command)])


def readme_arguments(command: Any) -> list[str]:
    """Arguments as the README writes them: `NAME AMOUNT`, `[SCORE]` (never `{NAME}`), then
    the options paceit requires, without brackets (`--fear-before 0-100`)."""
    from paceit.cli.complete import is_required

    words, needed = [], []
    for param in command.params:
        if param.param_type_name == "argument":
            metavar = param.metavar or param.name.upper()
            words.append(metavar if param.required or metavar.startswith("[") else f"[{metavar}]")
        elif is_required(param):
            needed.append(f"{param.opts[0]} {param.metavar}")
    return words + needed


def test_the_usage_line_of_log_is_the_readme_s() -> None:
    assert "Usage: paceit log [OPTIONS] NAME AMOUNT" in ok("log", "--help").stdout


def test_options_paceit_requires_show_without_brackets_in_the_usage_and_the_readme() -> None:
    shown = ok("ladder", "try", "--help").stdout.splitlines()
    usage = " ".join(next(line for line in shown if "Usage:" in line).split())
    assert usage == "Usage: paceit ladder try [OPTIONS] STEP --fear-before 0-100 --fear-after 0-100"
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert "- `paceit ladder try STEP --fear-before 0-100 --fear-after 0-100 [--fear-peak 0-100] " in readme
    assert "- `paceit ladder add TEXT --fear 0-100 [--harm 0-100] " in readme
    assert "- `paceit redflag clear ID --reviewed TEXT`" in readme
    assert "- `paceit activity add NAME --unit min|reps|steps|m|km|kg|sets [--baseline N] " in readme
    assert "[--unit " in readme.split("- `paceit activity edit", 1)[1].split("\n", 1)[0]  # optional there


def test_the_groups_are_the_documented_ones() -> None:
    names = {" ".join(path) for path, _ in GROUPS}
    assert names == {"activity", "ladder", "goal", "measure", "flare", "redflag", "plan", "config", "prescription"}


@pytest.mark.parametrize(("path", "group"), GROUPS, ids=[" ".join(p) for p, _ in GROUPS])
def test_every_group_has_a_summary_and_an_example_of_one_of_its_commands(path: list[str], group: Any) -> None:
    text = group.help or ""
    summary = text.strip().splitlines()[0] if text.strip() else ""
    assert summary and len(summary) <= 110 and "Example" not in summary, summary
    examples = [line.strip() for line in text.splitlines() if line.strip().startswith("Example: ")]
    assert len(examples) == 1, text
    words = examples[0].removeprefix("Example: ").split()
    assert words[: len(path) + 1] == ["paceit", *path] and words[len(path) + 1] in group.commands, examples
    assert examples[0] in " ".join(ok(*path, "--help").stdout.split())


def test_every_command_is_in_a_help_panel_and_loads_from_its_module() -> None:
    """The root lists commands from these tables without loading them; a command left
    out of either would be missing from the help or fail to load."""
    listed = [name for names in PANELS.values() for name in names]
    assert sorted(listed) == sorted(COMMAND_MODULES)
    root = loaded_root()
    assert sorted(root.commands) == sorted(listed)


def test_no_color_option_is_accepted(isolated_db: Any) -> None:
    result = ok("--no-color", "pain", "3")
    assert "\x1b[" not in result.stdout


def test_no_arguments_shows_the_daily_commands_first() -> None:
    text = ok().stdout
    panels = [line.split("─ ", 1)[1].split(" ─")[0] for line in text.splitlines() if line.startswith("╭─ ")]
    assert panels == ["Every day", "Plan and track", "For appointments", "Your data", "Options"], panels
    daily = text.split("Every day", 1)[1].split("╰", 1)[0]
    names = [line[2:16].strip() for line in daily.splitlines()[1:] if line[2:16].strip()]
    assert names[:3] == ["pain", "log", "next"]


def test_a_mistyped_command_suggests_the_closest_one_before_any_command_is_loaded() -> None:
    message = fails("lgo")
    assert "No such command 'lgo'. Did you mean 'log'?" in message
