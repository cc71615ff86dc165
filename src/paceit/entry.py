"""The console script: answer shell completion fast, otherwise run the app.

A completion request (`_PACEIT_COMPLETE=complete_<shell>`, sent by the scripts in
`completions/` and by what `paceit --install-completion` installs) is answered by
`paceit.completion` before Typer or any command module is imported; see there why.
`paceit`, `paceit --help` and `paceit --version` are answered here too, from the
generated overview (`paceit.cli.overview`), since they need no command. Everything
else, including `source_<shell>`, goes to the Typer app, which loads only the
command it runs.

The console script and `python -m paceit` call `console`, which runs `main` and then
leaves without the interpreter's teardown (about 10-20 ms of a 50-100 ms run: module
and object clean-up, a last garbage collection, none of which a finished run needs).
What teardown would otherwise do is done before: the diary's connection is closed
when the command ends (the root callback's `call_on_close`, so the write-ahead log is
folded back into the file), every file paceit writes is closed by a `with` block,
paceit registers no atexit handler and starts no thread, and stdout and stderr are
flushed here, where a failed write still becomes the usual one-line error. `main`
itself ends with SystemExit as before, so code that calls it in-process (CliRunner
goes through the app; tests probe `main`) keeps a normal interpreter.
"""

from __future__ import annotations

import errno
import gc
import os
import sys

# Not `from typing import ...`: typing (and the `re` it imports) is about 3 ms that a TAB
# never needs, and while it loads, a Ctrl-C at start-up would meet no handler yet (a
# traceback). mypy reads any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

COMPLETE_VAR = "_PACEIT_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
HELP: tuple[list[str], ...] = ([], ["--help"], ["-h"])


def _answered_here(args: list[str]) -> bool:
    """Print the overview or the version when that is all that was asked.

    `--no-color` may stand anywhere among those words (`paceit --help --no-color`):
    with no command word, every word is a global option."""
    words = [arg for arg in args if arg != "--no-color"]
    if words not in HELP and words != ["--version"]:
        return False
    if len(words) < len(args):
        os.environ["NO_COLOR"] = "1"
    if words in HELP:
        from paceit.cli.overview import overview

        sys.stdout.write(overview() + "\n")
    else:
        from paceit import __version__

        print(f"paceit {__version__}")
    return True


def main() -> None:
    mode = os.environ.get(COMPLETE_VAR, "")
    shell = mode.removeprefix("complete_")
    try:
        if mode.startswith("complete_") and shell in SHELLS:
            from paceit.completion import respond

            sys.exit(respond(shell, os.environ))
        if not mode and _answered_here(sys.argv[1:]):  # `source_<shell>` has no words either
            sys.exit(0)
        from paceit.deferred_imports import defer

        defer()  # what Typer imports for paths a run does not take: loaded on first use
        from paceit.cli.app import main as run_app

        run_app()
    except KeyboardInterrupt:
        # Ctrl-C while Python is still importing, before the app's own boundary
        # (which turns it into the same message) is in place: still no traceback.
        # Nothing can be half-written: every write is one transaction.
        print("paceit: stopped; nothing was saved", file=sys.stderr)
        sys.exit(130)


def console() -> NoReturn:
    """The console script and `python -m paceit`: `main`, then a quick exit.

    The cyclic garbage collector is off for the whole run: a run lives for a fraction of
    a second, and importing Typer, Rich and the rules creates enough objects to trigger
    several full collections that would find nothing to free. For the same reason the
    objects a command hands to `leftovers.keep` (a replay's inputs and plans) are left to
    the exit rather than freed one by one as the command's functions return."""
    gc.disable()
    from paceit import leftovers

    leftovers.start()  # what a command leaves to the exit below is never freed one by one
    try:
        main()
        status: object = None
    except SystemExit as exc:
        status = exc.code
    _leave(status)


def _exit_code(status: object) -> int:
    """What the interpreter would make of `sys.exit(status)` (a text is shown, then 1)."""
    if status is None:
        return 0
    if isinstance(status, int):
        return status
    print(status, file=sys.stderr)
    return 1


def _leave(status: object) -> NoReturn:
    """Flush what is still buffered and end the process without the teardown.

    A reader that went away (`paceit history | head -1`) ends the run with exit 1 and no
    message, as Rich and Click already do when a table meets a closed pipe; any other
    failed write (a full disk) is said in one line, as a command's own would be, unless
    the command failed already (its message says why). Before, the interpreter's own
    flush at exit printed "Exception ignored ... BrokenPipeError" and exited 120."""
    code = _exit_code(status)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        if exc.errno != errno.EPIPE and code == 0:  # a run that failed has said why already
            _say(f"paceit: error: the file system refused: {exc.strerror or exc}")
        code = code or 1
    except ValueError:  # stdout was closed: nothing is left to write
        pass
    _say(None)
    os._exit(code)


def _say(text: str | None) -> None:
    """A last line on stderr (None: only flush it); nothing more can be done if that fails."""
    try:
        if sys.stderr is not None:
            if text is not None:
                sys.stderr.write(text + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
