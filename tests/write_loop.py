"""A test driver (not a test): run paceit's real CLI entry point many times in one process.

Usage: python tests/write_loop.py '[["pain", "4"], ["log", "walking", "10"], ...]'

Each command goes through `PaceitGroup.main` exactly as the console script does (argument
parsing, the error boundary, one connection opened and closed per command), without paying
an interpreter start per command. After each command it prints one line to stdout:
`<index> <exit code> <stderr of that command, on one line>`, flushed at once, so a parent that
kills this process knows which commands were acknowledged before the kill.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import sys

from paceit.cli.app import app


def main() -> int:
    commands = json.loads(sys.argv[1])
    out = sys.stdout
    for index, args in enumerate(commands):
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = app(args=args, prog_name="paceit", standalone_mode=False)
        gc.collect()  # close this command's connection, as a finished process would
        out.write(f"{index} {code} {' | '.join(err.getvalue().splitlines())}\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
