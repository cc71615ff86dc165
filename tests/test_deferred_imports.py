"""The standard-library modules the console script defers (`paceit.deferred_imports`):
unrun on the daily commands, and the real module to whoever uses one later.

Each check runs in a fresh interpreter: this test process has imported them all already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import child_env
from paceit.deferred_imports import DEFERRED

NAMES = [name for name, *_ in DEFERRED]

# The console script's entry point, then which deferred modules are still unrun.
SCRIPT = """
import json, sys
sys.argv = ["paceit", *sys.argv[1:]]
from paceit.entry import main
from paceit.deferred_imports import DEFERRED, still_deferred
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
unrun = [name for name, *_ in DEFERRED if still_deferred(name)]
print(json.dumps({"code": code, "unrun": unrun}), file=sys.stderr)
"""


def _python(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`script` run by a fresh interpreter (where nothing is imported yet), its output as text."""
    return subprocess.run([sys.executable, "-c", script, *args], env=child_env(), capture_output=True, text=True)


def _run(tmp_path: Path, args: list[str]) -> dict[str, object]:
    env = {"PACEIT_DB": str(tmp_path / "paceit.db"), "PACEIT_NOW": "2026-11-21T18:00:00+00:00", "NO_COLOR": "1"}
    setup = [sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min"]
    subprocess.run(setup, env=child_env(env), check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], env=child_env(env), capture_output=True, text=True)
    result: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "args", [["pain", "4", "--sleep", "6"], ["log", "walking", "20", "--effort", "3"], ["next"]], ids=lambda a: a[0]
)
def test_the_daily_commands_never_run_the_deferred_modules(tmp_path: Path, args: list[str]) -> None:
    """About 7 ms of every command's start (issue 19): if a change makes one of these run
    on a daily path, its saving is gone (and the list should say so)."""
    result = _run(tmp_path, args)
    assert result["code"] == 0
    assert result["unrun"] == NAMES


PROBE = """
import sys
from paceit.deferred_imports import defer, still_deferred
deferred = defer()
assert deferred == {names!r}, deferred
import subprocess, textwrap, bz2
assert still_deferred("subprocess") and still_deferred("bz2")
from lzma import compress, decompress  # a from-import runs the module
assert not still_deferred("lzma") and decompress(compress(b"diary")) == b"diary"
assert bz2.decompress(bz2.compress(b"pain")) == b"pain"
assert textwrap.fill("a b", width=1) == "a\\nb" and type(textwrap) is type(sys)
out = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True).stdout
assert out == "42\\n", out
assert sys.modules["subprocess"] is subprocess and not still_deferred("subprocess")
assert defer() == []  # every one is in sys.modules now: none is replaced
print("ok")
"""


def test_a_deferred_module_is_the_real_one_when_used() -> None:
    """`import x` finds it unrun (and `x.__spec__` does not run it, unlike LazyLoader's on
    3.11); the first name asked of it runs it in place, for an attribute as for a from-import."""
    script = PROBE.format(names=NAMES)
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr


def test_a_module_already_imported_is_left_alone() -> None:
    script = (
        "import sys, subprocess\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "real = sys.modules['subprocess']\n"
        "names = defer()\n"
        "assert 'subprocess' not in names and sys.modules['subprocess'] is real and not still_deferred('subprocess')\n"
        "print('ok')\n"
    )
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr


def test_a_module_that_fails_to_run_fails_as_an_import_would(tmp_path: Path) -> None:
    """Its error reaches the user of it, and `sys.modules` no longer holds the broken module,
    so a later import tries again (as after a failed import)."""
    (tmp_path / "broken_mod.py").write_text("raise ImportError('no C part here')\n")
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from paceit.deferred_imports import defer\n"
        "assert defer((('broken_mod', None, ()),)) == ['broken_mod']\n"
        "import broken_mod\n"
        "try:\n"
        "    broken_mod.anything\n"
        "except ImportError as exc:\n"
        "    assert str(exc) == 'no C part here' and 'broken_mod' not in sys.modules\n"
        "    print('ok')\n"
    )
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr


def test_a_function_imported_by_name_runs_its_module_when_called() -> None:
    """`from difflib import get_close_matches` (as typer.core does) leaves difflib unrun; the
    stand-in's first call runs it and gives its answer, and the module then has its own."""
    script = (
        "import sys\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "defer()\n"
        "from difflib import get_close_matches\n"
        "from gettext import gettext as _\n"
        "assert still_deferred('difflib') and still_deferred('gettext')\n"
        "assert get_close_matches('lgo', ['log', 'next']) == ['log'] and _('Aborted!') == 'Aborted!'\n"
        "import difflib\n"
        "assert not still_deferred('difflib') and difflib.get_close_matches is not get_close_matches\n"
        "assert difflib.SequenceMatcher and get_close_matches('nxet', ['log', 'next']) == ['next']\n"
        "print('ok')\n"
    )
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr


def test_threads_that_first_use_a_deferred_module_together_all_get_the_real_one() -> None:
    """Its body runs once, under a lock: a thread that asks meanwhile waits for it."""
    script = (
        "import sys, threading\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "defer()\n"
        "import textwrap\n"
        "assert still_deferred('textwrap')\n"
        "start, found = threading.Barrier(8), []\n"
        "def use():\n"
        "    start.wait()\n"
        "    found.append((textwrap.fill('a b c', width=1), textwrap.TextWrapper))\n"
        "threads = [threading.Thread(target=use) for _ in range(8)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "assert len(found) == 8 and len(set(found)) == 1 and found[0][0] == 'a\\nb\\nc', found\n"
        "print('ok')\n"
    )
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr


def test_platform_system_is_answered_without_running_platform() -> None:
    """`uuid` (which Typer imports) asks `platform.system()` when imported: the answer is
    the real module's, given without running it (nine regular expressions compiled, about
    1.4 ms); the module runs, as the real one, for anything else."""
    real = _python("import platform, uuid; print(platform.system(), uuid._LINUX, uuid._AIX)").stdout
    script = (
        "import sys\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "defer()\n"
        "import uuid, platform\n"
        "assert still_deferred('platform')\n"
        "from platform import system\n"
        "print(system(), uuid._LINUX, uuid._AIX)\n"
        "assert still_deferred('platform')\n"
        "assert platform.machine() and not still_deferred('platform') and platform.system() == system()\n"
    )
    ran = _python(script)
    assert ran.stdout == real and ran.returncode == 0, ran.stderr


@pytest.mark.parametrize("name", ["unknown", "", "Microsoft", "Linux"])
def test_a_system_name_platform_would_change_is_asked_of_platform_itself(name: str) -> None:
    """`platform.uname` makes "unknown" blank and a Microsoft name Windows's (and with no name
    at all asks elsewhere): for those the stand-in runs the module and gives its answer; an
    ordinary name is answered as the module answers it, without running it."""
    script = (
        "import os, sys\n"
        "real = os.uname()\n"
        f"os.uname = lambda: os.uname_result(({name!r}, *real[1:]))\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "if sys.argv[1] == 'deferred':\n"
        "    defer()\n"
        "import platform\n"
        "print(repr(platform.system()), still_deferred('platform'))\n"
    )
    answers = [_python(script, how).stdout for how in ("deferred", "imported")]
    assert answers[1].endswith(" False\n"), answers
    assert answers[0] == answers[1].replace(" False", f" {name == 'Linux'}"), answers


def test_urllib_parse_is_deferred_as_a_submodule() -> None:
    """pathlib takes `quote_from_bytes` by name (3.11, 3.12): `import pathlib` leaves
    urllib.parse unrun; `Path.as_uri` and `urllib.parse.quote` then work as ever, through
    the package's attribute as through `sys.modules`."""
    script = (
        "import sys\n"
        "from paceit.deferred_imports import defer, still_deferred\n"
        "defer()\n"
        "import pathlib, urllib.parse\n"
        "assert still_deferred('urllib.parse') and sys.modules['urllib.parse'] is urllib.parse\n"
        "assert pathlib.Path('/tmp/pain diary').as_uri() == 'file:///tmp/pain%20diary'\n"
        "assert urllib.parse.quote('a b') == 'a%20b' and not still_deferred('urllib.parse')\n"
        "from urllib.parse import urlsplit\n"
        "assert urlsplit('file:///x').scheme == 'file'\n"
        "print('ok')\n"
    )
    ran = _python(script)
    assert ran.stdout == "ok\n", ran.stderr
