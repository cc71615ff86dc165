"""What a console run leaves for the process's exit to free (issue 19, sixth round).

A console run ends with `os._exit` (`entry.console`): no teardown, nothing freed one by one.
But the objects a command holds only in its functions' frames are freed as those return,
before the exit: a first `next` on a ten-year diary frees the replay's inputs and plans,
some 200,000 objects, in about 15-20 ms, for nothing. A command passes such objects to
`keep`, and in a console run they stay referenced here until the process ends; anywhere
else (tests, the cohort simulation, the API: `start` was not called) `keep` does nothing
and they are freed as usual, so a long-lived process does not grow. A console command
calls `next_document` once (`next`, `demo`, `timer`); the timer then counts down holding
that replay, which its peak memory held already.
"""

from __future__ import annotations

_kept: list[object] | None = None  # None: not a console run


def start() -> None:
    """Keep what `keep` is given until the process ends: `entry.console` only, which ends
    the process with `os._exit` once the command is done."""
    global _kept  # the one switch, set once per process
    _kept = []


def keep(*objects: object) -> None:
    """Leave `objects` to the process's exit in a console run (see the module's docstring)."""
    if _kept is not None:
        _kept.extend(objects)
