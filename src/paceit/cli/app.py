"""The root command, its global options, and the one place errors become exit codes.

`PaceitGroup.main` wraps every invocation, from the console script and from
Typer's CliRunner alike: paceit's own errors, Typer's usage errors and SQLite
failures each end as one line on stderr with exit code 2 (bad input or usage) or
1 (operational), Ctrl-C as 130. `--debug` (or PACEIT_DEBUG=1) re-raises so the
traceback shows; locals are never shown, since they may hold a patient's notes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from paceit import __version__
from paceit.cli.state import AppState
from paceit.errors import EXIT_INTERRUPTED, EXIT_OPERATIONAL, EXIT_USAGE, PaceitError


def _one_line(text: str) -> str:
    return " ".join(text.split())


_NEGATIVE = re.compile(r"-[0-9]+(\.[0-9]*)?")


def _negative_message(exc: click_exceptions.UsageError, argv: Sequence[str]) -> str | None:
    """A message naming the argument a negative number was meant for, with its help.

    Click reads `paceit pain -1` as an unknown option `-1`; counting the
    positional words before it tells which argument the person was giving."""
    token = getattr(exc, "option_name", "")
    if exc.ctx is None or not _NEGATIVE.fullmatch(token or "") or exc.ctx.info_name not in argv:
        return None
    arguments = [p for p in exc.ctx.command.params if p.param_type_name == "argument"]
    takes_value = {
        o
        for p in exc.ctx.command.params
        if p.param_type_name == "option" and not getattr(p, "is_flag", False)
        for o in p.opts
    }
    words = list(argv[len(argv) - argv[::-1].index(exc.ctx.info_name) :])
    position, index = 0, 0
    while index < len(words) and words[index] != token:
        if words[index] in takes_value:
            index += 1
        elif not words[index].startswith("-"):
            position += 1
        index += 1
    if not arguments:
        return None
    argument = arguments[min(position, len(arguments) - 1)]
    metavar = argument.make_metavar(exc.ctx) if hasattr(argument, "make_metavar") else str(argument.name).upper()
    help_text = getattr(argument, "help", None)
    return f"{metavar} must not be negative (got '{token}')" + (f": {help_text.rstrip('.')}" if help_text else "")


def _usage_message(exc: click_exceptions.UsageError, argv: Sequence[str]) -> str:
    where = exc.ctx.command_path if exc.ctx else "paceit"
    negative = _negative_message(exc, argv)
    if negative:  # bad input, not bad usage: the same form as every other bad value
        return f"paceit: error: {negative}"
    return f"{where}: error: {_one_line(exc.format_message())} (see '{where} --help')"


def run_guarded(call: Callable[[], Any], *, debug: bool, argv: Sequence[str] = ()) -> int:
    """Run the command and turn every failure into (message on stderr, exit code)."""
    try:
        result = call()
    except PaceitError as exc:
        if debug:
            raise
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"paceit: error: {_one_line(exc.message)}{hint}", file=sys.stderr)
        return exc.exit_code
    except click_exceptions.NoArgsIsHelpError as exc:
        message = exc.format_message()  # renders the help (Rich prints it itself)
        if message.strip():
            print(message)
        return 0
    except click_exceptions.UsageError as exc:
        if debug:
            raise
        print(_usage_message(exc, argv), file=sys.stderr)
        return EXIT_USAGE
    except typer.Abort:
        print("paceit: stopped; nothing was saved", file=sys.stderr)
        return EXIT_INTERRUPTED
    except click_exceptions.ClickException as exc:
        print(f"paceit: error: {_one_line(exc.format_message())}", file=sys.stderr)
        return exc.exit_code
    except sqlite3.Error as exc:
        if debug:
            raise
        from paceit.db import translate

        print(f"paceit: error: {_one_line(translate(exc).message)}", file=sys.stderr)
        return EXIT_OPERATIONAL
    except OSError as exc:
        if debug:
            raise
        print(f"paceit: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_OPERATIONAL
    except Exception as exc:  # the last line of defence: never a traceback without --debug
        if debug:
            raise
        print(
            f"paceit: internal error ({type(exc).__name__}); nothing was saved. Run again with --debug to see details",
            file=sys.stderr,
        )
        return EXIT_OPERATIONAL
    if result == EXIT_INTERRUPTED:  # Typer turns Ctrl-C outside a prompt into a silent Exit(130)
        print("paceit: stopped; each change is saved whole or not at all", file=sys.stderr)
    return result if isinstance(result, int) else 0


def _wants_debug(argv: Sequence[str]) -> bool:
    """`--debug` counts only as a global option, before the command word: after it,
    the same text could be a note (`--note --debug`) or a typo."""
    if os.environ.get("PACEIT_DEBUG") == "1":
        return True
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        if argv[index] == "--debug":
            return True
        index += 2 if argv[index] == "--db" else 1
    return False


class PaceitGroup(TyperGroup):
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = _wants_debug(argv)

        def call() -> Any:
            return super(PaceitGroup, self).main(
                argv, prog_name or "paceit", complete_var, standalone_mode=False, **extra
            )

        code = run_guarded(call, debug=debug, argv=argv)
        if standalone_mode:
            sys.exit(code)
        return code

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands in the order of their help panels (daily ones first)."""
        order = [*PANELS, "More"]

        def place(name: str) -> tuple[int, int]:
            panel = panel_of(name)
            names = PANELS.get(panel, ())
            return order.index(panel), names.index(name) if name in names else len(names)

        return sorted(super().list_commands(ctx), key=place)


app = typer.Typer(
    cls=PaceitGroup,
    name="paceit",
    help="Pace your activity, keep a pain diary, and face feared movements step by step.\n\n"
    "Daily: [bold]paceit pain 4[/bold] · [bold]paceit log walking 20m --pain-during 3[/bold]"
    " · [bold]paceit history[/bold]",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"paceit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", metavar="PATH", help="Diary file to use (default: $PACEIT_DB, then your user data folder)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in the output (as NO_COLOR=1).")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Pace your activity, keep a pain diary, and face feared movements step by step."""
    if no_color:
        os.environ["NO_COLOR"] = "1"  # Rich reads it when a renderer creates its console
    ctx.obj = AppState(db_option=db, debug=debug)
    # Close the diary when the command ends, however it ends: the last connection folds the
    # write-ahead log back into the file, so nothing depends on when Python collects garbage.
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from paceit.cli import (
        activity,
        ask,
        config,
        context,
        data,
        demo,
        diary,
        flare,
        goal,
        insights,
        ladder,
        learn,
        measure,
        plan,
        prescription,
        redflag,
        report,
        safety,
        sessions,
        transfer,
        trends,
    )

    diary.register(app)
    context.register(app)
    sessions.register(app)
    plan.register(app)
    data.register(app)
    app.add_typer(activity.app, name="activity")
    app.add_typer(ladder.app, name="ladder")
    app.add_typer(redflag.app, name="redflag")
    app.add_typer(flare.app, name="flare")
    app.add_typer(goal.app, name="goal")
    app.add_typer(measure.app, name="measure")
    app.add_typer(config.app, name="config")
    app.add_typer(prescription.app, name="prescription")
    safety.register(app)
    transfer.register(app)
    demo.register(app)
    trends.register(app)
    ask.register(app)
    report.register(app)
    insights.register(app)
    learn.register(app)
    _group_help()


# How `paceit --help` groups the commands: the daily ones first, for a person who
# opens the help in pain and tired. A command not listed lands in "More".
PANELS: dict[str, tuple[str, ...]] = {
    "Every day": ("pain", "log", "next", "ask", "med"),
    "Plan and track": (
        "activity", "ladder", "goal", "measure", "flare", "redflag", "plan", "trends", "insights", "learn",
    ),
    "For appointments": ("report", "prescription"),
    "Your data": (
        "history", "edit", "delete", "undo", "export", "import", "backup", "restore", "check", "config", "demo",
    ),
}  # fmt: skip


def panel_of(name: str) -> str:
    return next((panel for panel, names in PANELS.items() if name in names), "More")


def _group_help() -> None:
    for command in app.registered_commands:
        command.rich_help_panel = panel_of(command.name or "")
    for group in app.registered_groups:
        group.rich_help_panel = panel_of(group.name or "")


_register()


def main() -> None:
    app(prog_name="paceit")
