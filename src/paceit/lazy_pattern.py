"""Regular expressions compiled when first used, not when their module is imported.

Why (issue 19, sixth round): Python compiles a pattern in Python code, 60-600 us each here,
the most for the character classes of unseen characters with their Unicode ranges (about
0.4 and 0.6 ms). paceit's modules that every command imports (`errors`, `parse`,
`parse_amounts`) compiled seven patterns when imported, well over a millisecond of every
run, most of them for input the run never gets: a note or a file's text with a control
character, a `--at` time, an hour-and-minute amount, an error message to escape. A
`LazyPattern` answers the questions paceit asks of a pattern (`match`, `fullmatch`,
`search`, `sub`) as the compiled pattern does, compiling it at the first one; a pattern
never asked is never compiled. Two threads asking at once may both compile it: the same
pattern, so either is right.
"""

from __future__ import annotations

import re
from collections.abc import Callable


class LazyPattern:
    """`re.compile(pattern, flags)`, done on first use."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        return self.compiled.sub(repl, string)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
