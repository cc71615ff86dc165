"""Standard-library modules Typer imports but a command run never uses, loaded on first use.

Why (issue 19): `import typer` alone costs about 4.4 x `python -c pass`, more than a
whole `paceit pain` may. Part of that is modules Typer imports at the top of its own
modules for paths a command run never takes: `subprocess` (for `typer.launch` and
installing completion), `bz2` and `lzma` (imported by `shutil`, which Typer imports for
the terminal's width), `tokenize` (by `inspect` and `linecache`, to read source files),
`ipaddress` (by `urllib.parse`, which `pathlib` imports) and `textwrap` (by `traceback`,
for nested exceptions); and `difflib` and `gettext`, whose one function each Typer takes
by name, for a mistyped command's suggestions and the words of its help and errors.
Measured in-process on 3.11 (25 fresh processes): `import typer` with the first six
deferred takes about 7 ms less (the smallest run 39.4 -> 32.5 ms), about 2 ms more with
`difflib` and `gettext` (35.9 -> 34.0 ms).

How: each is put in `sys.modules` as the module it would be (its spec, file and name set,
so `import subprocess` finds it there and goes no further) whose body has not run yet;
the first attribute asked of it (`subprocess.run`, `from bz2 import BZ2File`) runs the
body, in that same module object, and answers from it. So every later user, paceit's
or a library's, gets the real module, just loaded later; nothing else changes. A function
Typer imports by name (`from difflib import get_close_matches`) is there from the start
as a stand-in that runs the module when called, then calls the module's own.

`platform` (imported by Typer for `typer.launch`, and by `uuid`, which Typer imports for
its UUID type) compiles nine regular expressions when it runs, about 1.4 ms here. `uuid`
asks `platform.system()` when it is imported: that one question is answered without
running `platform` (`_system`), the way `platform.uname` itself answers it from
`os.uname()` on a POSIX system; any case it would treat otherwise (no `os.uname`, a blank,
"unknown" or "Microsoft" system name) runs the module and takes its own answer.
`urllib.parse` (about 1.1 ms), which `pathlib` imports on 3.11 and 3.12 for
`Path.as_uri` only, is deferred whole, with a stand-in for the function `pathlib` takes by
name; as a submodule it is also made its package's attribute, as an import would.

`importlib.util.LazyLoader` does not help here (tried in an earlier round): on 3.11 an
`import x` of a module already in `sys.modules` asks the module for `__spec__`, which
makes a lazy module load at once. Here `__spec__` is an ordinary attribute: only a name
the module does not have yet (every name its body defines) runs the body.

Only the console script calls `defer` (`paceit.entry`), before Typer is imported, and
only for modules not imported yet; an optional module whose C part is missing (`_bz2`,
`_lzma` in a Python built without them) is left to the normal import, which fails (and
is caught by `shutil`) as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib.util import find_spec, module_from_spec
from threading import RLock  # imported by Typer (its context's thread-local) anyway
from types import ModuleType
from typing import Any

# The modules, each with the extension module it needs to load at all (None: none) and the
# functions Typer takes from it by name when it is imported (`from difflib import
# get_close_matches`): those are there from the start, as stand-ins that run the module
# when first called and then call its own.
DEFERRED: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("subprocess", None, ()),
    ("bz2", "_bz2", ()),
    ("lzma", "_lzma", ()),
    ("tokenize", None, ()),
    ("ipaddress", None, ()),
    ("textwrap", None, ()),
    ("difflib", None, ("get_close_matches",)),  # typer.core: a typo's suggestions
    ("gettext", None, ("gettext",)),  # typer.core: the words of its help and errors
    ("platform", None, ()),  # typer.main, uuid: see `ANSWERED`
    ("urllib.parse", None, ("quote_from_bytes",)),  # pathlib (3.11, 3.12): Path.as_uri
)


_RUNNING = RLock()  # re-entrant: a module's body may use another deferred one
_BUSY: set[str] = set()  # the modules whose body is running (in the thread holding the lock)


class _NotRunYet(ModuleType):
    """A module whose body runs when a name it does not have yet is first asked of it."""

    def __getattr__(self, name: str) -> object:
        if name == "__path__":  # asked by every `from x import y`: a plain module has none
            raise AttributeError(name)
        _run(self)
        return getattr(self, name)


def _run(module: ModuleType) -> None:
    """Run the body of `module` if it has not run yet, in the module object itself, then
    make it an ordinary module. One thread at a time (a Rich live display draws from a
    thread of its own): another that asks for a name meanwhile waits, as it would for a
    module being imported; its own body asking for a name it has not defined yet is told
    there is none, as in a circular import."""
    with _RUNNING:
        if not isinstance(module, _NotRunYet):
            return
        spec = module.__spec__
        assert spec is not None and spec.loader is not None
        if spec.name in _BUSY:
            raise AttributeError(f"partially initialized module {spec.name!r} (its body is still running)")
        _BUSY.add(spec.name)
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(spec.name, None)  # as a failed import: the next `import` tries again
            raise
        finally:
            _BUSY.discard(spec.name)
            object.__setattr__(module, "__class__", ModuleType)  # no second run


def _stand_in(module: ModuleType, name: str) -> Callable[..., Any]:
    """`module.name` until the module has run: calling it runs the module, then calls the
    module's own `name` (which the body put in the stand-in's place)."""

    def stand_in(*args: Any, **kwargs: Any) -> Any:
        _run(module)
        return getattr(module, name)(*args, **kwargs)

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def _system(module: ModuleType) -> Callable[[], str]:
    """`platform.system()` until `platform` has run: `os.uname()`'s system name, which
    `platform.uname` keeps as it is unless it is blank, "unknown" (made blank) or
    "Microsoft" (made "Windows" with a Windows release); in those cases, and where there
    is no `os.uname`, the module runs and gives its own answer (Python 3.11 to 3.13)."""

    def system() -> str:
        uname = getattr(os, "uname", None)
        name = uname().sysname if uname is not None else ""
        if name and name not in ("unknown", "Microsoft"):
            return name
        _run(module)
        answer: str = getattr(module, "system")()  # noqa: B009 (the module's own, once it has run)
        return answer

    system.__name__ = system.__qualname__ = "system"
    return system


# Functions a deferred module answers without running: the module's name, then each
# function's name and what makes its stand-in from the module.
ANSWERED: dict[str, dict[str, Callable[[ModuleType], Callable[..., Any]]]] = {"platform": {"system": _system}}


def defer(modules: tuple[tuple[str, str | None, tuple[str, ...]], ...] = DEFERRED) -> list[str]:
    """Put each module not imported yet in `sys.modules`, its body to run on first use.
    Returns the names deferred."""
    deferred = []
    for name, needs, functions in modules:
        if name in sys.modules or (needs is not None and find_spec(needs) is None):
            continue
        spec = find_spec(name)
        if spec is None or spec.loader is None or spec.submodule_search_locations is not None:
            continue  # not found, or a package (whose submodules the import system looks up)
        module = module_from_spec(spec)
        for function in functions:
            setattr(module, function, _stand_in(module, function))
        for function, answer in ANSWERED.get(name, {}).items():
            setattr(module, function, answer(module))
        module.__class__ = _NotRunYet
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:  # a submodule is its package's attribute, as after an import (`urllib.parse`)
            setattr(sys.modules[parent], child, module)
        deferred.append(name)
    return deferred


def still_deferred(name: str) -> bool:
    """Whether `name` was deferred and nothing has used it yet (for tests)."""
    return isinstance(sys.modules.get(name), _NotRunYet)
