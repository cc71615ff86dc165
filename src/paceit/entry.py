"""The console script: answer shell completion fast, otherwise run the app.

A completion request (`_PACEIT_COMPLETE=complete_<shell>`, sent by the scripts in
`completions/` and by what `paceit --install-completion` installs) is answered by
`paceit.completion` before Typer or any command module is imported; see there why.
`paceit`, `paceit --help` and `paceit --version` are answered here too, from the
generated overview (`paceit.cli.overview`), since they need no command. Everything
else, including `source_<shell>`, goes to the Typer app, which loads only the
command it runs.
"""

from __future__ import annotations

import os
import sys

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
        from paceit.cli.app import main as run_app

        run_app()
    except KeyboardInterrupt:
        # Ctrl-C while Python is still importing, before the app's own boundary
        # (which turns it into the same message) is in place: still no traceback.
        # Nothing can be half-written: every write is one transaction.
        print("paceit: stopped; nothing was saved", file=sys.stderr)
        sys.exit(130)
