"""The console script: answer shell completion fast, otherwise run the app.

A completion request (`_PACEIT_COMPLETE=complete_<shell>`, sent by the scripts in
`completions/` and by what `paceit --install-completion` installs) is answered by
`paceit.completion` before Typer or any command module is imported; see there why.
Everything else, including `source_<shell>`, goes to the Typer app.
"""

from __future__ import annotations

import os
import sys

COMPLETE_VAR = "_PACEIT_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def main() -> None:
    mode = os.environ.get(COMPLETE_VAR, "")
    shell = mode.removeprefix("complete_")
    try:
        if mode.startswith("complete_") and shell in SHELLS:
            from paceit.completion import respond

            sys.exit(respond(shell, os.environ))
        from paceit.cli.app import main as run_app

        run_app()
    except KeyboardInterrupt:
        # Ctrl-C while Python is still importing, before the app's own boundary
        # (which turns it into the same message) is in place: still no traceback.
        # Nothing can be half-written: every write is one transaction.
        print("paceit: stopped; nothing was saved", file=sys.stderr)
        sys.exit(130)
