"""The private Typer names paceit uses (paceit.cli.typer_internals), each checked for
exactly what paceit relies on. Typer is pinned to 0.28.x; when an upgrade moves or
changes one of these, this file fails first and says what would break, instead of a
command failing in a person's terminal."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from paceit.cli import typer_internals as ti

SRC = Path(__file__).resolve().parent.parent / "src" / "paceit"


def test_only_the_fence_imports_private_typer_names() -> None:
    """Any other module importing `typer._...` or `typer.core` would escape these checks."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "typer_internals.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.startswith(("typer._", "typer.core")) for n in names):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == [], f"private Typer imports outside cli/typer_internals.py: {offenders}"


def test_the_error_boundary_finds_clicks_exceptions() -> None:
    """cli/app.py catches these and reads `.message` / `.exit_code` for its one-line errors."""
    for name in ("UsageError", "ClickException", "NoArgsIsHelpError"):
        assert isinstance(getattr(ti.click_exceptions, name), type), name
    assert issubclass(ti.click_exceptions.UsageError, ti.click_exceptions.ClickException)
    error = ti.click_exceptions.UsageError("no such command")
    assert (error.message, error.exit_code) == ("no such command", 2)


def test_the_lazy_root_group_can_still_resolve_and_suggest() -> None:
    """PaceitGroup overrides get_command, list_commands and resolve_command, and falls back
    on TyperGroup._click_resolve_command for Click's own resolution."""
    for name in ("get_command", "list_commands", "resolve_command", "_click_resolve_command", "main"):
        assert callable(getattr(ti.TyperGroup, name, None)), name
    assert list(inspect.signature(ti.TyperGroup._click_resolve_command).parameters)[:3] == ["self", "ctx", "args"]
    assert callable(getattr(ti.TyperCommand, "main", None))


def test_completion_declarations_keep_their_shape() -> None:
    """cli/complete.py subclasses ParamType and answers with CompletionItem(value, help=...)."""
    assert callable(getattr(ti.ParamType, "shell_complete", None))
    item = ti.CompletionItem("walking", help="3 sessions")
    assert (item.value, item.help) == ("walking", "3 sessions")


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_paceits_own_completion_scripts_are_installed_through_typers_tables(shell: str) -> None:
    """cli/shells.py puts paceit's templates into Typer's table and registers its classes;
    `--show-completion` then prints paceit's script, not Typer's."""
    from paceit.cli import shells

    classes, shared, add_completion_class, get_completion_script = ti.completion_machinery()
    assert isinstance(shared._completion_scripts, dict) and {"bash", "zsh"} <= set(shared._completion_scripts)
    assert hasattr(classes, "BashComplete") and hasattr(classes, "ZshComplete")
    assert callable(add_completion_class)
    assert set(inspect.signature(get_completion_script).parameters) >= {"prog_name", "complete_var", "shell"}
    text = shells.script(shell)
    marker = {"bash": "one candidate a line, as they are", "zsh": "data, never diary text to run"}[shell]
    assert marker in text and "_PACEIT_COMPLETE" in text  # paceit's template, filled in by Typer
