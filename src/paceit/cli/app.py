"""The root command, its global options, and the one place errors become exit codes.

`PaceitGroup.main` wraps every invocation, from the console script and from
Typer's CliRunner alike: paceit's own errors, Typer's usage errors and SQLite
failures each end as one line on stderr with exit code 2 (bad input or usage) or
1 (operational), Ctrl-C as 130. `--debug` (or PACEIT_DEBUG=1) re-raises so the
traceback shows; locals are never shown, since they may hold a patient's notes.
"""

import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from paceit import __version__
from paceit.cli import complete
from paceit.cli.state import AppState
from paceit.cli.typer_internals import TyperCommand, TyperGroup, click_exceptions
from paceit.errors import EXIT_INTERRUPTED, EXIT_OPERATIONAL, EXIT_USAGE, Interrupted, PaceitError, visible


def _one_line(text: str) -> str:
    """A message as one line, its control characters shown as escapes (errors.visible)."""
    return visible(" ".join(text.split()))


def _usage_message(exc: click_exceptions.UsageError, argv: Sequence[str]) -> str:
    where = exc.ctx.command_path if exc.ctx else "paceit"
    from paceit.cli import negative_numbers  # only on a usage error

    negative = negative_numbers.message(exc, argv)
    if negative:  # bad input, not bad usage: the same form as every other bad value
        return f"paceit: error: {negative}"
    return f"{where}: error: {_missing_argument(exc) or _one_line(exc.format_message())} (see '{where} --help')"


def _missing_argument(exc: click_exceptions.UsageError) -> str | None:
    """"AMOUNT is missing: How much: 20, 20m, ..." rather than Click's bare "Missing argument
    'AMOUNT'.": the argument's help says what to give (the forms and ranges it takes)."""
    param = getattr(exc, "param", None)
    if not isinstance(exc, click_exceptions.MissingParameter) or param is None or exc.ctx is None:
        return None
    if param.param_type_name != "argument":
        return None
    help_text = getattr(param, "help", None)
    metavar = param.make_metavar(exc.ctx)
    metavar = metavar.upper() if metavar.islower() else metavar  # as the help shows it
    return f"{metavar} is missing" + (f": {_one_line(help_text).rstrip('.')}" if help_text else "")


def os_error_message(exc: OSError) -> str:
    """A plain sentence for a file-system failure no command foresaw: what failed, on
    which file, and what to check, instead of "[Errno 13] Permission denied: '...'"."""
    name = exc.filename
    reason = exc.strerror or str(exc)
    if name is None:
        return f"the file system refused: {reason}"
    folder = Path(os.path.abspath(name)).parent
    if isinstance(exc, PermissionError):
        return f"cannot use {name}: permission denied; check its permissions and those of its folder {folder}"
    return f"cannot use {name}: {reason}; check the file and its folder {folder}"


def run_guarded(call: Callable[[], Any], *, debug: bool, argv: Sequence[str] = ()) -> int:
    """Run the command and turn every failure into (message on stderr, exit code)."""
    try:
        result = call()
    except PaceitError as exc:
        if debug:
            raise
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"paceit: error: {_one_line(exc.message + hint)}", file=sys.stderr)
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
    except (typer.Abort, Interrupted):  # at a prompt: every question comes before the write
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
        print(f"paceit: error: {_one_line(os_error_message(exc))}", file=sys.stderr)
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


def _global_flags(argv: Sequence[str]) -> set[str]:
    """The options given before the command word. `--debug` and `--no-color` count only
    there: after it, the same text could be a note (`--note --debug`) or a typo."""
    flags: set[str] = set()
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        flags.add(argv[index])
        index += 2 if argv[index] == "--db" else 1
    return flags


def _before_parsing(flags: set[str]) -> None:
    """What must be in place before Click parses: eager options act while it parses.

    `--no-color` is read here, not in the root callback: an eager --help (`paceit --help
    --no-color`) prints before any callback runs (Rich reads NO_COLOR when a renderer
    creates its console). paceit's shell scripts replace Typer's for the eager
    --install-completion and --show-completion and for source_<shell>; loaded only then."""
    if "--no-color" in flags:
        os.environ["NO_COLOR"] = "1"
    if os.environ.get("_PACEIT_COMPLETE") or {"--install-completion", "--show-completion"} & flags:
        from paceit.cli.shells import use_paceit_scripts

        use_paceit_scripts()


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
        flags = _global_flags(argv)
        debug = "--debug" in flags or os.environ.get("PACEIT_DEBUG") == "1"
        _before_parsing(flags)

        def call() -> Any:
            parse = super(PaceitGroup, self).main
            try:
                return parse(argv, prog_name or "paceit", complete_var, standalone_mode=False, **extra)
            except click_exceptions.NoSuchOption as exc:  # `pain -1`: see cli/negative_numbers.py
                from paceit.cli import negative_numbers

                retry = negative_numbers.as_last_argument(exc, argv)
                if retry is None:
                    raise
                return parse(retry, prog_name or "paceit", complete_var, standalone_mode=False, **extra)

        code = run_guarded(call, debug=debug, argv=argv)
        if standalone_mode:
            sys.exit(code)
        return code

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command, in the order of the help panels (daily ones first), without
        loading any of them."""
        return [name for names in PANELS.values() for name in names]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, loaded on first use: a run imports only the module of the command
        it runs, so `paceit pain` never pays for the report, the ORM or the other commands."""
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            self.commands.update(_load(COMMAND_MODULES[cmd_name]))
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, but a mistyped command is matched against every command, not only
        the ones loaded so far (none, at that point)."""
        try:
            return self._click_resolve_command(ctx, args)
        except click_exceptions.UsageError as exc:
            from difflib import get_close_matches

            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(map(repr, matches))}?"
            raise

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The overview (`paceit`, `paceit --help`), drawn from the generated command
        table, as `paceit.entry` draws it without loading Typer at all."""
        from paceit.cli.overview import overview

        formatter.write(overview())


class PaceitCommand(TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """As Typer's, but arguments read as the README's command reference writes them
        (`paceit log [OPTIONS] NAME AMOUNT`, `paceit pain [OPTIONS] [SCORE]`): Typer 0.28
        wraps a required one in braces (`{NAME}`), which looks like something to type."""
        from paceit.cli.complete import is_required

        pieces = [self.options_metavar] if self.options_metavar else []
        needed = []  # options paceit requires: shown after the arguments, without brackets
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces += param.get_usage_pieces(ctx)
                if is_required(param) and not param.required:
                    needed.append(f"{param.opts[0]} {param.metavar or param.type.name.upper()}")
                continue
            name = param.metavar or str(param.name).upper()
            pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        return pieces + needed


def _with_plain_usage(holder: typer.Typer) -> None:
    """Build every command of `holder` (and of its groups) as a PaceitCommand, unless it
    asks for a class of its own (Typer records its default, TyperCommand, otherwise)."""
    for info in holder.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = PaceitCommand
    for group in holder.registered_groups:
        if group.typer_instance is not None:
            _with_plain_usage(group.typer_instance)


def _load(module_name: str) -> dict[str, Any]:
    """The click commands one `paceit.cli` module defines, by name."""
    from importlib import import_module

    module = import_module(f"paceit.cli.{module_name}")
    holder = typer.Typer()
    if hasattr(module, "register"):
        module.register(holder)
    else:  # a command group: the module's own Typer app, named as the module
        holder.add_typer(module.app, name=module_name)
    _with_plain_usage(holder)
    return dict(typer.main.get_group(holder).commands)


def loaded_root() -> PaceitGroup:
    """The root command with every command loaded: for the generator of the completion
    files and the README reference, and for tests that walk every command."""
    root = typer.main.get_command(app)
    assert isinstance(root, PaceitGroup)
    for name in root.list_commands(None):
        root.get_command(None, name)
    return root


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


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Diary file to use (default: $PACEIT_DB, then your user data folder).",
            click_type=complete.PATH,
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
    # --no-color is applied in PaceitGroup.main, before an eager --help could print.
    if ctx.invoked_subcommand is None:  # only global options (`paceit --no-color`): as `paceit`
        from paceit.cli.overview import overview

        print(overview())
        raise typer.Exit()
    ctx.obj = AppState(db_option=db, debug=debug)
    # Close the diary when the command ends, however it ends: the last connection folds the
    # write-ahead log back into the file, so nothing depends on when Python collects garbage.
    ctx.call_on_close(ctx.obj.close)


# How `paceit --help` groups the commands: the daily ones first, for a person who
# opens the help in pain and tired. Every command is listed here and in COMMAND_MODULES
# (a test checks both): the root knows its commands from these tables without loading them.
PANELS: dict[str, tuple[str, ...]] = {
    "Every day": ("pain", "log", "next", "due", "timer", "ask", "med", "strategy"),
    "Plan and track": (
        "activity", "ladder", "goal", "measure", "flare", "redflag", "plan", "trends", "insights", "learn",
    ),
    "For appointments": ("report", "prescription"),
    "Your data": (
        "history", "edit", "delete", "undo", "redo", "export", "import", "backup", "restore", "check", "config", "demo",
    ),
}  # fmt: skip


# The module of `paceit.cli` that defines each command (a group's module is named as it).
COMMAND_MODULES: dict[str, str] = {
    "pain": "pain", "log": "log", "next": "plan", "due": "due", "timer": "timer", "ask": "ask", "med": "med",
    "strategy": "strategy",
    "activity": "activity", "ladder": "ladder", "goal": "goal", "measure": "measure", "flare": "flare",
    "redflag": "redflag", "plan": "plan", "trends": "trends", "insights": "insights", "learn": "learn",
    "report": "report", "prescription": "prescription",
    "history": "data", "edit": "data", "delete": "data", "undo": "undoing", "redo": "undoing",
    "export": "transfer", "import": "transfer",
    "backup": "safety", "restore": "safety", "check": "safety", "config": "config", "demo": "demo",
}  # fmt: skip


def panel_of(name: str) -> str:
    return next((panel for panel, names in PANELS.items() if name in names), "More")


def main() -> None:
    app(prog_name="paceit")
