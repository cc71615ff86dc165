"""Shell completion: the answers (pure), the generated files, and real shells.

The real-shell tests type `paceit lo<TAB>` into an interactive bash, zsh and fish
in a pseudo-terminal, with paceit's own console script on PATH and either the
scripts from `completions/` loaded or only what `paceit --install-completion` wrote
into a temporary HOME, then read back the completed line (and what the shell
listed on the way). `.ci/run` installs
zsh and fish from the distribution's packages when they are missing; a shell
that still is not there is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from helpers import child_env, ok
from paceit.completion import _bash_words, candidates, file_prefix, render, split_words
from paceit.completion_spec import SPEC

ROOT = Path(__file__).resolve().parent.parent
COMPLETIONS = ROOT / "completions"
BIN = Path(sys.executable).parent


def values(words: list[str], incomplete: str) -> list[str]:
    return [value for value, _ in candidates(SPEC, words, incomplete)]


@pytest.fixture
def diary(isolated_db: Path) -> Path:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "20")
    ok("activity", "add", "swimming", "--unit", "min")
    ok("activity", "add", "Tai chi", "--unit", "min")
    ok("activity", "add", "cycling", "--unit", "km")
    ok("activity", "archive", "cycling")
    ok("ladder", "add", "carry a full shopping bag", "--fear", "40")
    return isolated_db


# --- the answers ----------------------------------------------------------


def test_commands_complete_by_prefix_with_their_summaries() -> None:
    assert values([], "lo") == ["log"]
    assert {"ladder", "log"} <= set(values([], "l")) and all(v.startswith("l") for v in values([], "l"))
    found = dict(candidates(SPEC, ["ladder"], "t"))
    assert list(found) == ["try"] and "trial" in found["try"].lower()
    assert values(["activity"], "") == ["add", "archive", "edit", "list", "show"]


def test_options_choices_and_values_after_equals() -> None:
    assert "--pain-after" in values(["log", "walking", "20"], "--pain-a")
    assert values(["activity", "add", "x", "--unit"], "k") == ["km", "kg"]
    assert values(["activity", "add", "x"], "--unit=k") == ["--unit=km", "--unit=kg"]
    assert values(["history", "--kind"], "") == ["pain", "session", "trial", "med", "task", "strategy"]
    assert values(["ladder", "try", "3", "--happened"], "") == ["yes", "no"]
    assert values(["config", "set"], "flare.e") == ["flare.episode_days", "flare.end_days", "flare.end_delta"]
    codes = dict(candidates(SPEC, ["redflag", "check", "--yes"], "saddle"))
    assert list(codes) == ["saddle-numbness"] and "numbness" in codes["saddle-numbness"]
    assert values(["flare", "plan"], "warn") == ["warning-signs"]


def test_global_options_complete_before_the_command_word_only() -> None:
    assert "--db" in values([], "--d") and "--debug" in values([], "--d")
    assert "--db" not in values(["log"], "--d")


def test_option_values_and_negative_numbers_do_not_shift_the_argument() -> None:
    # `--effort 4` is an option with its value, `-1` a (bad) number: neither is the NAME slot
    assert values(["log", "--effort", "4"], "") == values(["log"], "")
    assert values(["log", "walking", "-1"], "") == []


def test_diary_values_come_from_the_database(diary: Path) -> None:
    assert values(["log"], "") == ["swimming", "Tai chi", "walking"]  # archived cycling left out
    assert values(["log"], "w") == ["walking"]
    assert values(["log"], "ta") == ["Tai chi"]  # any case
    assert values(["activity", "show"], "c") == ["cycling"]  # show reaches archived ones
    assert values(["goal", "add", "walk to the park", "--activity"], "s") == ["swimming"]
    steps = candidates(SPEC, ["ladder", "try"], "")
    assert steps == [("1", "carry a full shopping bag (fear 40)")]
    assert values(["log", "walking"], "") == []  # AMOUNT: nothing to offer


def test_db_option_on_the_line_is_the_database_read(diary: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_DB", str(diary.parent / "other.db"))
    assert values(["log"], "") == []
    assert values(["--db", str(diary), "log"], "") == ["swimming", "Tai chi", "walking"]
    assert values([f"--db={diary}", "log"], "w") == ["walking"]


def test_bash_words_rejoin_what_wordbreaks_split() -> None:
    words = ["paceit", "activity", "add", "x", "--unit", "=", "k"]
    assert _bash_words(words, 6) == (["activity", "add", "x", "--unit"], "k")
    assert _bash_words(words[:6], 5) == (["activity", "add", "x", "--unit"], "")
    assert _bash_words(split_words("paceit log "), 2) == (["log"], "")
    assert split_words("paceit log 'Tai ch") == ["paceit", "log", "Tai ch"]


def test_each_shell_gets_its_own_format() -> None:
    found = [("1", "carry: a 'bag'"), ("2", "stairs")]
    assert render("bash", found, {"COMP_TYPE": "63"}) == ("1 -- carry: a 'bag'\n2 -- stairs", 0)
    assert render("bash", [("Tai chi", "min")], {}) == ("Tai\\ chi", 0)
    zsh, _ = render("zsh", found, {})
    assert zsh == (  # values and "value -- description" lines as data: $'...' words, nothing else
        "local -a _paceit_shown; set -A _paceit_shown $'1\\x20\\x2d\\x2d\\x20carry\\x3a\\x20a\\x20\\x27bag\\x27' "
        "$'2\\x20\\x2d\\x2d\\x20stairs'; compadd -l -d _paceit_shown -- $'1' $'2'"
    )
    assert render("zsh", [("Tai chi", "")], {}) == ("compadd -- $'Tai\\x20chi'", 0)
    assert render("fish", found, {}) == ("1\tcarry: a 'bag'\n2\tstairs", 0)
    assert render("fish", [], {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}) == ("", 1)
    assert render("fish", found, {"_TYPER_COMPLETE_FISH_ACTION": "is-args"}) == ("", 0)


@pytest.mark.parametrize(
    ("comp_type", "listed"), [("9", False), ("37", False), ("", False), ("63", True), ("33", True)]
)
def test_bash_gets_a_step_s_text_only_while_it_lists(comp_type: str, listed: bool) -> None:
    """TAB (9) inserts the common start and menu-complete (37, '%') a whole candidate, so
    only the id may be there; '?' (63) and '!' (33) list them, where the text helps."""
    found = [("1", "carry a bag (fear 40)"), ("12", "stairs (fear 20)")]
    text, _ = render("bash", found, {"COMP_TYPE": comp_type})
    assert text == ("1 -- carry a bag (fear 40)\n12 -- stairs (fear 20)" if listed else "1\n12")
    assert render("bash", found[:1], {"COMP_TYPE": "63"}) == ("1", 0)  # one left: bash inserts it


@pytest.mark.parametrize(
    "line",
    [
        "paceit import ",
        "paceit restore back",
        "paceit backup ",
        "paceit --db ",
        "paceit export -o ",
        "paceit export --output ",
        "paceit report --output r",
        "paceit prescription import ",
    ],
)
def test_zsh_completes_file_names_for_paths(line: str) -> None:
    """zsh falls back to file names only when told (`_files`); bash and fish do by themselves."""
    words = split_words(line)[1:]
    words, incomplete = (words, "") if line.endswith(" ") else (words[:-1], words[-1])
    assert render("zsh", candidates(SPEC, words, incomplete), {}, files=file_prefix(SPEC, words, incomplete)) == (
        "_files",
        0,
    )


def test_zsh_completes_a_path_after_equals_and_nothing_for_other_values() -> None:
    assert file_prefix(SPEC, ["report"], "--output=rep") == "--output="
    assert render("zsh", [], {}, files="--output=") == ("compset -P $'\\x2a\\x3d'; _files", 0)  # '*='
    for words, incomplete in ((["log", "walking"], ""), (["pain"], "4"), (["export", "--format"], "x")):
        assert file_prefix(SPEC, words, incomplete) is None  # an amount or a score: no file names
    assert render("zsh", [], {}) == ("", 0)


# --- the files and the process -------------------------------------------


def test_generated_files_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(COMPLETIONS / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env=child_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def complete(shell: str, line: str, env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    """One completion request to the real console script, as the shell sends it."""
    request = {"_PACEIT_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        words = line.split(" ")
        request |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        request["_TYPER_COMPLETE_ARGS"] = line
    return subprocess.run(
        [str(BIN / "paceit")], env=child_env(env, **request), capture_output=True, text=True, check=False
    )


def test_the_console_script_answers_without_loading_the_app(diary: Path) -> None:
    env = dict(os.environ)
    assert complete("bash", "paceit log w", env).stdout == "walking\n"
    assert complete("fish", "paceit ladder try ", env, _TYPER_COMPLETE_FISH_ACTION="get-args").stdout == (
        "1\tcarry a full shopping bag (fear 40)\n"
    )
    probe = (
        "import os, sys\n"
        "from paceit.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'sqlmodel', 'sqlalchemy',"
        " 'pydantic', 'click') or m in ('paceit.cli.app', 'paceit.queries', 'paceit.pacing'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=child_env(env, _PACEIT_COMPLETE="complete_bash", COMP_WORDS="paceit log ", COMP_CWORD="2"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["swimming", "Tai\\ chi", "walking", "HEAVY []"]


def test_completion_never_creates_or_changes_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "paceit.db"
    env = {**os.environ, "PACEIT_DB": str(missing)}
    assert complete("bash", "paceit log ", env).stdout == ""
    assert not missing.parent.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    env["PACEIT_DB"] = str(garbage)
    result = complete("zsh", "paceit log ", env)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert garbage.read_bytes() == b"not a database at all" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.db"]


def test_completion_leaves_an_existing_diary_byte_for_byte(diary: Path) -> None:
    from helpers import checkpoint

    checkpoint(diary)
    before = diary.read_bytes()
    copies = sorted((diary.parent / "backups").glob("*"))  # the daily copy the fixture's writes made
    for line in ("paceit log ", "paceit ladder try ", "paceit activity show "):
        assert complete("bash", line, dict(os.environ)).stdout
    # no log was pending, so completion opened the file as immutable: not even the
    # -wal/-shm companions a WAL reader would otherwise create are left behind
    assert diary.read_bytes() == before
    assert sorted(p.name for p in diary.parent.iterdir()) == ["backups", "paceit.db"]
    assert sorted((diary.parent / "backups").glob("*")) == copies


def test_completion_sees_what_is_still_in_the_write_ahead_log(diary: Path) -> None:
    """While another process holds the diary open, new rows may live only in the -wal
    file: completion then reads through it (mode=ro), not past it (immutable)."""
    import sqlite3

    writer = sqlite3.connect(diary)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE activity SET name = 'wading' WHERE name = 'walking'")
        writer.commit()
        assert diary.with_name(diary.name + "-wal").stat().st_size > 0
        assert complete("bash", "paceit log w", dict(os.environ)).stdout == "wading\n"
    finally:
        writer.close()


def test_install_completion_writes_the_script_and_sources_it(tmp_path: Path) -> None:
    """Typer finds the shell to install for in paceit's ancestors (shellingham): bash must
    stay paceit's parent. Given one command (or a list ending in it), bash execs it, and the
    shell found was whatever started pytest: none when it ran detached (a service, cron,
    `setsid`), "Shell None is not supported". `; exit $?` keeps bash, and paceit's status."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "SHELL": "/bin/bash"}
    result = subprocess.run(
        ["bash", "--norc", "-c", "paceit --install-completion; exit $?"],
        env=child_env(env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    script = home / ".bash_completions" / "paceit.sh"
    assert "_PACEIT_COMPLETE=complete_bash" in script.read_text()
    assert (
        str(script) in (home / ".bashrc").read_text() or ".bash_completions/paceit.sh" in (home / ".bashrc").read_text()
    )


# --- real shells ------------------------------------------------------------

_ANSI = re.compile(r"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][A-Za-z0-9]|[=>78DEHMNOPZc])")


def _read(fd: int, until: re.Pattern[str], timeout: float) -> str:
    """Read terminal output until `until` matches (on text without escape codes)."""
    text, deadline = "", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            text += chunk.decode(errors="replace")
            if until.search(_ANSI.sub("", text)):
                break
    return _ANSI.sub("", text)


def _settle(fd: int, quiet: float = 0.6, timeout: float = 8.0) -> str:
    """Wait until the shell has stopped drawing (the completion was inserted or listed);
    what it drew, without escape codes."""
    text, deadline, last = "", time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - last < quiet:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            text += chunk.decode(errors="replace")
            last = time.monotonic()
    return _ANSI.sub("", text)


SHELL_NAMES = ["bash", "zsh", "fish"]
# Started with the scripts from completions/ (loaded by the rc file SETUP writes)...
SHELLS: dict[str, Any] = {
    "bash": lambda rc: ["bash", "--noprofile", "--rcfile", str(rc), "-i"],
    "zsh": lambda rc: ["zsh", "-i"],  # reads $ZDOTDIR/.zshrc
    "fish": lambda rc: ["fish", "--no-config", "-i", "-C", f"source {rc}"],
}
# ...or as a person's shell starts, with what `paceit --install-completion` wrote in HOME.
INSTALLED = {"bash": ["bash", "--noprofile", "-i"], "zsh": ["zsh", "-i"], "fish": ["fish", "-i"]}
RC_FILES = {"bash": ".bashrc", "zsh": ".zshrc", "fish": ".config/fish/config.fish"}
# A prompt to wait for, and `show`, which prints the line it is given.
PROMPT = {
    "bash": "PS1='READY> '\nshow() { echo \"GOT[$*]\"; }\n",
    "zsh": "PS1='READY> '\nbindkey -e\nunsetopt BEEP\nshow() { echo \"GOT[$*]\" }\n",
    "fish": "function fish_prompt; echo -n 'READY> '; end\nset -g fish_greeting ''\n"
    'function show; echo "GOT[$argv]"; end\n',
}
SETUP = {
    "bash": PROMPT["bash"] + "source {completions}/paceit.bash\n",
    "zsh": PROMPT["zsh"] + "fpath=({completions} $fpath)\nautoload -Uz compinit\ncompinit -u -d {home}/.zcompdump\n",
    "fish": PROMPT["fish"] + "source {completions}/paceit.fish\n",
}
LIST_KEYS = {"bash": "\t\t", "zsh": "\t", "fish": "\t"}  # bash lists ambiguous candidates on the 2nd TAB


@dataclass
class Typed:
    line: str  # the command line the keys left, as the shell would run it
    screen: str  # what the shell drew meanwhile (lists of candidates), without escape codes


def _own_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (fish
    refuses to run interactively without one)."""
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def shell_env(home: Path, db: Path) -> dict[str, str]:
    return child_env({
        "HOME": str(home),
        "ZDOTDIR": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "TERM": "xterm",
        "PACEIT_DB": str(db),
        "LANG": "C.UTF-8",
    })  # fmt: skip


def _open_pty() -> tuple[int, int]:
    """A pseudo-terminal 200 columns wide, so a listed candidate stays on one line."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return master, slave


def in_shell(shell: str, keys: str, home: Path, db: Path, *, argv: list[str] | None = None, extra: str = "") -> Typed:
    """Type `keys`, waiting after each TAB until the shell has drawn, then turn the line
    into `show <line>` and run it. Without `argv`, the shell loads the scripts from
    completions/ (and the rc lines `extra`); with it, it starts as configured in `home`."""
    if argv is None:
        rc = home / ("rc." + shell)
        rc.write_text(SETUP[shell].replace("{completions}", str(COMPLETIONS)).replace("{home}", str(home)) + extra)
        if shell == "zsh":
            (home / ".zshrc").write_text(rc.read_text())
        argv = SHELLS[shell](rc)
    master, slave = _open_pty()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=shell_env(home, db), cwd=home, preexec_fn=_own_terminal
    )
    os.close(slave)
    screen = ""
    try:
        _read(master, re.compile(r"READY> "), 20)
        for chunk in re.findall(r"[^\t]*\t|[^\t]+$", keys):
            os.write(master, chunk.encode())
            screen += _settle(master)
        os.write(master, b"\x01show \r")
        output = _read(master, re.compile(r"GOT\[[^\]\r\n]*\]"), 20)
        os.write(master, b"exit\r")
    finally:
        _stop(process, master)
    found = re.search(r"GOT\[([^\]\r\n]*)\]", output)
    assert found, f"{shell} printed no result for {keys!r}:\n{screen[-2000:]}{output[-2000:]}"
    return Typed(found.group(1).strip(), screen)


def need(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here (.ci/run installs it from the distribution's packages when it can)")


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_real_shell_completes_commands_activities_and_ladder_steps(shell: str, diary: Path, tmp_path: Path) -> None:
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    assert in_shell(shell, "paceit lo\t", home, diary).line == "paceit log"
    assert in_shell(shell, "paceit lo\tw\t", home, diary).line == "paceit log walking"  # a 2nd TAB in a session
    ok("ladder", "add", "bend forward to put on socks", "--fear", "20")
    steps = in_shell(shell, "paceit ladder try " + LIST_KEYS[shell], home, diary)
    assert steps.line == "paceit ladder try"  # two steps: nothing to insert yet...
    for text in ("carry a full shopping bag (fear 40)", "bend forward to put on socks (fear 20)"):
        assert text in steps.screen, steps.screen  # ...but each is offered with its text


def test_bash_menu_complete_inserts_a_step_id_never_its_text(diary: Path, tmp_path: Path) -> None:
    """With `TAB: menu-complete` bash puts a candidate straight into the line: it must be
    the id alone (the text is for lists only)."""
    need("bash")
    ok("ladder", "add", "bend forward to put on socks", "--fear", "20")
    typed = in_shell("bash", "paceit ladder try \t", tmp_path, diary, extra="bind 'TAB: menu-complete'\n")
    assert typed.line in ("paceit ladder try 1", "paceit ladder try 2"), typed.line


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_real_shell_completes_file_names_for_paths(shell: str, diary: Path, tmp_path: Path) -> None:
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    (home / "export-2026.json").write_text("{}")
    typed = in_shell(shell, "paceit --db exp\timport exp\t", home, diary)
    assert typed.line == "paceit --db export-2026.json import export-2026.json"


def install_in(shell: str, home: Path, db: Path) -> None:
    """Run `paceit --install-completion` inside `shell` (which it detects), HOME being `home`."""
    rc = home / RC_FILES[shell]
    rc.parent.mkdir(parents=True, exist_ok=True)
    rc.write_text(PROMPT[shell])
    done = subprocess.run(
        [shell, "-c", "paceit --install-completion; true"], env=shell_env(home, db), cwd=home, capture_output=True
    )
    assert f"{shell} completion installed".encode() in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_what_install_completion_writes_completes_from_the_first_tab(shell: str, diary: Path, tmp_path: Path) -> None:
    """A new shell, configured only by what --install-completion wrote: the first TAB of the
    session completes, and so does the next one."""
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    install_in(shell, home, diary)
    typed = in_shell(shell, "paceit lo\tw\t", home, diary, argv=INSTALLED[shell])
    assert typed.line == "paceit log walking"


@pytest.mark.parametrize(
    ("shell", "name", "mark"), [("zsh", "_paceit", "loadautofunc"), ("bash", "paceit.bash", "COMP_TYPE=$COMP_TYPE")]
)
def test_show_completion_and_source_print_paceit_s_own_scripts(shell: str, name: str, mark: str) -> None:
    """What --show-completion prints (and `_PACEIT_COMPLETE=source_<shell>`) is what
    --install-completion writes, and the script in completions/."""
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run([str(BIN / "paceit"), "--show-completion", shell], env=env, capture_output=True, text=True)
    sourced = subprocess.run(
        [str(BIN / "paceit")], env={**env, "_PACEIT_COMPLETE": f"source_{shell}"}, capture_output=True, text=True
    )
    assert shown.returncode == 0 and sourced.returncode == 0, shown.stderr + sourced.stderr
    assert mark in shown.stdout and shown.stdout == sourced.stdout
    assert (COMPLETIONS / name).read_text().endswith(shown.stdout)


def test_medicines_tasks_tags_and_topics_complete(diary: Path) -> None:
    ok("med", "Ibuprofen", "--dose", "200 mg")
    ok("measure", "task", "garden-lap", "95", "--unit", "s", "--better", "lower")
    ok("pain", "4", "--tag", "gardening", "--tag", "stress")
    ok("log", "walking", "20", "--tag", "gardening")
    assert values(["med"], "i") == ["ibuprofen"]  # stored as paceit normalises it
    tasks = values(["measure", "task"], "")
    assert tasks[:4] == ["sit-to-stand", "up-and-go", "stair-climb", "6-minute-walk"] and tasks[4:] == ["garden-lap"]
    assert values(["log", "walking", "20", "--tag"], "") == ["gardening", "stress"]  # most used first
    assert values(["measure", "task", "x", "1", "--better"], "") == ["higher", "lower"]
    assert values(["learn"], "") == ["hurt-vs-harm", "pacing", "zones", "flares", "exposure", "red-flags", "rules"]


def test_strategies_complete_from_the_diary_in_their_first_spelling(diary: Path) -> None:
    ok("strategy", "TENS", "--helped", "4")
    ok("strategy", "tens", "--again")
    ok("strategy", "heat pack", "--tag", "evening")
    assert values(["strategy"], "") == ["heat pack", "TENS"]
    assert values(["strategy"], "t") == ["TENS"]
    assert values(["strategy", "heat", "--tag"], "") == ["evening"]


def test_history_tags_open_red_flags_and_open_goals_complete(diary: Path) -> None:
    from paceit.redflags import BY_CODE

    ok("pain", "4", "--tag", "gardening")
    assert values(["history", "--tag"], "g") == ["gardening"]
    assert values(["history"], "--tag=") == ["--tag=gardening"]
    ok("redflag", "check", "--yes", "night-pain")
    ok("redflag", "check", "--yes", "weight-loss")
    ok("redflag", "clear", "1", "--reviewed", "GP: nothing serious")
    assert candidates(SPEC, ["redflag", "clear"], "") == [("2", BY_CODE["weight-loss"].question)]
    ok("goal", "add", "walk to the park")
    ok("goal", "add", "sit through a film")
    ok("goal", "done", "1")
    assert candidates(SPEC, ["goal", "done"], "") == [("2", "sit through a film")]


# --- hostile text from the diary (issue 16, item 1) ----------------------------------------------
# Diary text reaches the shell on every TAB: activity names are inserted, ladder step texts
# listed. None of it may ever be evaluated by the shell, and a name must be inserted so that
# the shell passes it to paceit exactly as stored.

HOSTILE_NAMES = [
    "a$(touch pwned-a)",
    "b`touch pwned-b`",
    "c\\$(touch pwned-c)",  # the review's case: zsh escaped $ but not the backslash before it
    "d'\"; touch pwned-d; echo \"'",
    "e:colon: name",
    "f\\\\back\\slash\\",
    "g* glob ?[x] {1,2} ~root",
    "h${IFS}$HOME !! %1",
    'i"$(touch pwned-i)"\\"',
    "j$'\\x41' <in >out |pipe &bg",
    "k line one\nline two; touch pwned-k",  # a newline: only in a diary written outside paceit
]
HOSTILE_STEPS = ["$(touch pwned-s1) step", "`touch pwned-s2` step", "st\\$(touch pwned-s3)ep: 'a' \"b\""]
PLANTED_STEP = "esc \x1b]0;owned\x07 step"  # a terminal title change, planted with SQLite
RECORD = (
    "import json, os, sys\n"
    "open(os.path.join(os.environ['HOME'], 'argv.json'), 'w').write(json.dumps(sys.argv[1:]))\n"
)


@pytest.fixture
def hostile_diary(isolated_db: Path) -> Path:
    """Activities with every character a shell could act on, and ladder steps likewise; the
    name with a newline is written with SQLite directly (paceit refuses it), as in a diary
    restored from elsewhere."""
    import sqlite3

    for name in HOSTILE_NAMES[:-1]:
        ok("activity", "add", name, "--unit", "min")
    ok("activity", "add", "k placeholder", "--unit", "min")
    conn = sqlite3.connect(isolated_db)
    conn.execute("UPDATE activity SET name = ? WHERE name = 'k placeholder'", (HOSTILE_NAMES[-1],))
    conn.commit()
    conn.close()
    for number, text in enumerate(HOSTILE_STEPS):
        ok("ladder", "add", text, "--fear", str(20 + number))
    ok("ladder", "add", "placeholder", "--fear", "30")
    conn = sqlite3.connect(isolated_db)
    conn.execute("UPDATE ladder_step SET text = ? WHERE text = 'placeholder'", (PLANTED_STEP,))
    conn.commit()
    conn.close()
    return isolated_db


def _record_command(home: Path) -> None:
    """`record`, on PATH: writes the words it was given to HOME/argv.json (exactly, as JSON)."""
    bin_dir = home / "bin"
    bin_dir.mkdir()
    script = bin_dir / "record"
    script.write_text(f"#!{sys.executable}\n{RECORD}print('GOT[recorded]')\n")
    script.chmod(0o755)


def typed_lines(
    shell: str, lines: list[str], home: Path, db: Path, scripts: Path = COMPLETIONS
) -> tuple[list[list[str]], str]:
    """Type each of `lines` (TABs included) in one session of `shell` with the scripts from
    `scripts`, then run it as `record LINE`: the words the shell passed, and the screen."""
    _record_command(home)
    rc = home / ("rc." + shell)
    rc.write_text(SETUP[shell].replace("{completions}", str(scripts)).replace("{home}", str(home)))
    if shell == "zsh":
        (home / ".zshrc").write_text(rc.read_text())
    env = shell_env(home, db)
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env['PATH']}"
    master, slave = _open_pty()
    process = subprocess.Popen(
        SHELLS[shell](rc), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=home, preexec_fn=_own_terminal
    )
    os.close(slave)
    words, screen = [], ""
    try:
        _read(master, re.compile(r"READY> "), 20)
        for keys in lines:
            for chunk in re.findall(r"[^\t]*\t|[^\t]+$", keys):
                os.write(master, chunk.encode())
                screen += _settle(master)
            os.write(master, b"\x01record \r")
            screen += _read(master, re.compile(r"GOT\[recorded\][\s\S]*READY> "), 20)
            recorded = home / "argv.json"
            assert recorded.exists(), f"{shell}: nothing was run for {keys!r}:\n{screen[-3000:]}"
            words.append(json.loads(recorded.read_text()))
            recorded.unlink()
        os.write(master, b"exit\r")
    finally:
        _stop(process, master)
    return words, screen


def _pwned(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("pwned*"))


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_real_shell_never_runs_text_from_the_diary_and_inserts_names_as_typed(
    shell: str, hostile_diary: Path, tmp_path: Path
) -> None:
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    names = HOSTILE_NAMES if shell != "fish" else HOSTILE_NAMES[:-1]  # fish's completions are lines
    words, screen = typed_lines(shell, [f"paceit log {name[0]}\t" for name in names], home, hostile_diary)
    assert _pwned(home) == [] and _pwned(tmp_path) == [], screen[-3000:]
    for name, typed in zip(names, words, strict=True):
        assert typed == ["paceit", "log", name], (shell, name, typed)


@pytest.mark.parametrize("shell", SHELL_NAMES)
def test_real_shell_lists_hostile_ladder_steps_without_running_them(
    shell: str, hostile_diary: Path, tmp_path: Path
) -> None:
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    words, screen = typed_lines(shell, ["paceit ladder try " + LIST_KEYS[shell]], home, hostile_diary)
    assert _pwned(home) == [] and _pwned(tmp_path) == [], screen[-3000:]
    assert words == [["paceit", "ladder", "try"]]  # four steps: nothing inserted, each listed
    for text in [*HOSTILE_STEPS, "esc \\x1b]0;owned\\x07 step"]:  # the escape sequence shown, not sent
        assert text in screen, (shell, text, screen[-3000:])


def test_fish_leaves_a_name_it_cannot_hold_out_rather_than_split_it(hostile_diary: Path, tmp_path: Path) -> None:
    """fish reads candidates one a line: a name with a newline would reach it as two."""
    need("fish")
    home = tmp_path / "fish-home"
    home.mkdir()
    words, screen = typed_lines("fish", ["paceit log k\t"], home, hostile_diary)
    assert words == [["paceit", "log", "k"]] and _pwned(home) == [], screen[-2000:]


# The scripts paceit installed before issue 16: `eval $(...)` unquoted (zsh), and the answer
# split and globbed unquoted (bash). They stay installed after an upgrade, so the answers
# must be safe under them too.
OLD_SCRIPTS = {
    "_paceit": """#compdef paceit
_paceit_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _PACEIT_COMPLETE=complete_zsh paceit)
}
compdef _paceit_completion paceit
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _paceit_completion "$@"
fi
""",
    "paceit.bash": """_paceit_completion() {
    local IFS=$'\\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD COMP_TYPE=$COMP_TYPE \\
                   _PACEIT_COMPLETE=complete_bash $1 ) )
    return 0
}
complete -o default -F _paceit_completion paceit
""",
}


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_a_script_installed_before_the_fix_runs_nothing_either(shell: str, hostile_diary: Path, tmp_path: Path) -> None:
    need(shell)
    home = tmp_path / f"{shell}-home"
    home.mkdir()
    old = tmp_path / "old-scripts"
    old.mkdir()
    for name, text in OLD_SCRIPTS.items():
        (old / name).write_text(text)
    names = [n for n in HOSTILE_NAMES if shell == "zsh" or "*" not in n]  # the old bash script globbed
    lines = [f"paceit log {name[0]}\t" for name in names] + ["paceit ladder try " + LIST_KEYS[shell]]
    words, screen = typed_lines(shell, lines, home, hostile_diary, scripts=old)
    assert _pwned(home) == [] and _pwned(tmp_path) == [], screen[-3000:]
    for name, typed in zip(names, words, strict=False):
        assert typed == ["paceit", "log", name], (shell, name, typed)


def _stop(process: subprocess.Popen[bytes], master: int) -> None:
    """Let the shell leave (it was told `exit`), kill it if it does not, close its pty."""
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    os.close(master)
