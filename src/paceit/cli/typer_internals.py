"""Every private Typer name paceit uses, fenced in one module.

Typer is pinned to 0.28.x (pyproject.toml says why). These names are not Typer's public
API, so an upgrade may move or change them; `tests/test_typer_internals.py` checks each
one for exactly what paceit relies on, so an upgrade fails there, with the reason, and
not somewhere in a command. What each is for, and what would break without it:

- `click_exceptions` (Typer's vendored Click): the error boundary in `cli/app.py` turns
  its UsageError, BadParameter, Abort and Exit into paceit's one-line errors and exit codes.
- `TyperGroup`, `TyperCommand` and `TyperGroup._click_resolve_command`: the root group
  that loads each command's module on first use and suggests a command for a typo.
- `ParamType`, `CompletionItem`: `cli/complete.py` declares what each parameter completes
  to and answers Typer's own completion with it.
- `completion_machinery()`: Typer's completion classes, its table of script templates,
  `add_completion_class` and `get_completion_script`: `cli/shells.py` makes
  `--install-completion` and `--show-completion` use paceit's own bash and zsh scripts.
  Imported only when asked, as before.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from typer._click import exceptions as click_exceptions
from typer._click.shell_completion import CompletionItem
from typer._click.types import ParamType
from typer.core import TyperCommand, TyperGroup

__all__ = [
    "CompletionItem",
    "ParamType",
    "TyperCommand",
    "TyperGroup",
    "click_exceptions",
    "completion_machinery",
]


def completion_machinery() -> tuple[ModuleType, ModuleType, Any, Any]:
    """Typer's completion classes and shared module, `add_completion_class` and
    `get_completion_script`, loaded only by the paths that install or print a script."""
    from typer import _completion_classes as classes
    from typer import _completion_shared as shared
    from typer._click.shell_completion import add_completion_class

    return classes, shared, add_completion_class, shared.get_completion_script
