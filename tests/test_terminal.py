"""Terminal manners: output fits 60 columns without losing anything, words carry the
meaning (never colour alone), colour only on a terminal, and stdout holds only data
with --json."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from helpers import child_env, ok, read_until_closed, run
from paceit.render.plan import DECISION_WORDS

READERS = [
    ["next"],
    ["history"],
    ["activity", "list"],
    ["activity", "show", "walking"],
    ["ladder", "list"],
    ["ladder", "show", "1"],
    ["flare", "list"],
    ["flare", "plan"],
    ["goal", "list"],
    ["measure", "list"],
    ["config", "show"],
    ["redflag", "list", "--all"],
    ["plan", "history", "walking"],
    ["check"],
    ["report"],  # `report --format md` is exempt: a file format, not a terminal view
    ["trends"],
    ["insights"],
    ["--help"],
    ["log", "--help"],
    ["ladder", "try", "--help"],
]
JSON_READERS = [
    r for r in READERS if r[0] not in ("check", "report", "--help", "log", "ladder") or r[:2] == ["ladder", "list"]
]
NOW = "2026-11-21T18:00:00+00:00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    env = {**os.environ, "PACEIT_NOW": NOW}
    subprocess.run(
        [sys.executable, "-m", "paceit", "--db", str(path), "demo", "--weeks", "12", "--seed", "7"],
        env=child_env(env),
        capture_output=True,
        check=True,
    )
    return path


def narrow(demo_db: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("PACEIT_NOW", NOW)
    return ok("--db", str(demo_db), *args).stdout


@pytest.mark.parametrize("args", READERS, ids=[" ".join(a) for a in READERS])
def test_output_fits_60_columns_and_nothing_is_cut(
    args: list[str], demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = narrow(demo_db, monkeypatch, *args)
    assert text.strip()
    too_wide = [line for line in text.splitlines() if cell_len(line) > 60]
    assert not too_wide, too_wide[:3]
    assert "…" not in text  # Rich's sign that it cut a cell


def numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))


def test_narrow_plan_keeps_every_number_and_decision_as_words(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = narrow(demo_db, monkeypatch, "next", "--why")  # every reason; the short form has one line each
    plan = json.loads(narrow(demo_db, monkeypatch, "next", "--json"))
    flat = " ".join(text.split())
    assert plan["activities"]
    for activity in plan["activities"]:
        assert activity["name"] in flat
        assert DECISION_WORDS[activity["decision"]] in flat  # the decision is a word, not a colour
        if activity["zone"]:
            assert activity["zone"] in flat.lower()
        for reason in activity["reasons"]:
            assert numbers(reason) <= numbers(flat), reason


def test_narrow_history_keeps_every_id(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = narrow(demo_db, monkeypatch, "history")
    entries = json.loads(narrow(demo_db, monkeypatch, "history", "--json"))
    assert entries
    shown = numbers(" ".join(text.split()))
    assert {str(e["id"]) for e in entries} <= shown


@pytest.mark.parametrize("args", JSON_READERS, ids=[" ".join(a) for a in JSON_READERS])
def test_json_puts_only_the_document_on_stdout(args: list[str], demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_NOW", NOW)
    result = run("--db", str(demo_db), *args, "--json")
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)  # the whole of stdout parses as one document


def in_terminal(args: list[str], env: dict[str, str], size: tuple[int, int] | None = None) -> bytes:
    """stdout of a real paceit process whose stdout is a terminal (of `size`, rows and
    columns, when given)."""
    import pty

    master, slave = pty.openpty()
    if size is not None:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "paceit", *args], stdout=slave, stderr=slave, env=child_env(env))
    os.close(slave)
    output = read_until_closed(master)
    process.wait(timeout=30)
    os.close(master)
    return output


def test_next_fits_a_real_80_by_24_terminal(demo_db: Path) -> None:
    """Issue 17: on the 12-week demo, today's plan (3 activities and a ladder step) fits the
    screen of an 80x24 terminal, whose size paceit reads from the terminal itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"PACEIT_NOW": NOW}
    shown = re.sub(rb"\x1b\[[0-9;]*m", b"", in_terminal(["--db", str(demo_db), "next"], env, (24, 80)))
    lines = shown.decode().replace("\r\n", "\n").rstrip("\n").split("\n")
    assert len(lines) <= 24 and all(cell_len(line) <= 80 for line in lines), lines
    assert lines[0] == "Plan for 2026-11-21" and lines[1].startswith("activity")
    assert "Ladder step #" in shown.decode() and lines[-1] == "Every reason, with its numbers: paceit next --why"


def colours(output: bytes) -> set[str]:
    """The colour codes among the SGR escape sequences (30-49, 90-107; 38/48 extended)."""
    found = set()
    for params in re.findall(rb"\x1b\[([0-9;]*)m", output):
        for code in params.decode().split(";"):
            if code and (30 <= int(code) <= 49 or 90 <= int(code) <= 107):
                found.add(code)
    return found


def test_colour_only_on_a_terminal_and_never_with_no_color(demo_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"PACEIT_NOW": NOW, "TERM": "xterm-256color"}
    args = ["--db", str(demo_db), "next"]
    assert colours(in_terminal(args, env))
    # NO_COLOR (no-color.org) removes colour; bold may stay, it carries no meaning alone
    assert not colours(in_terminal(args, env | {"NO_COLOR": "1"}))
    assert not colours(in_terminal(["--no-color", *args], env))
    piped = subprocess.run([sys.executable, "-m", "paceit", *args], env=child_env(env), capture_output=True, check=True)
    assert b"\x1b[" not in piped.stdout and b"Plan for" in piped.stdout


def test_plain_lines_wrap_at_words_and_keep_indents(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from paceit.cli.output import line

    monkeypatch.setenv("COLUMNS", "30")
    line("  - walk 1234567890123456789012345678901234 then rest 20 min and 5.5 km")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "  - walk"
    assert out[1] == "    1234567890123456789012345678901234"  # a long word stays whole
    assert all(cell_len(o) <= 30 for o in out[2:]) and all(o.startswith("    ") for o in out[1:])
    assert " ".join(" ".join(out).split()) == "- walk 1234567890123456789012345678901234 then rest 20 min and 5.5 km"


@pytest.mark.parametrize(
    "args", [["--help", "--no-color"], ["--no-color", "--help"], ["--no-color"], ["-h", "--no-color"]], ids=" ".join
)
def test_no_color_anywhere_among_the_overview_words(args: list[str]) -> None:
    """The console script answers these itself (without Typer): --no-color counts in any position."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    assert b"\x1b[1m" in in_terminal(["--help"], env)  # the overview is bold on a terminal...
    shown = in_terminal(args, env)
    assert b"\x1b[" not in shown and b"Every day" in shown  # ...and plain with --no-color


@pytest.mark.parametrize("args", [["--help", "--no-color"], ["--no-color", "--help"], ["--no-color"]], ids=" ".join)
def test_no_color_through_the_app_in_any_order(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The same through the Typer app (CliRunner): --help is eager and would print before the
    root callback ever saw --no-color."""
    from helpers import runner
    from paceit.cli import overview
    from paceit.cli.app import app

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(overview, "_on_terminal", lambda: True)
    assert "\x1b[1m" in runner.invoke(app, ["--help"], color=True).stdout
    result = runner.invoke(app, args, color=True)
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout and "Every day" in result.stdout


def test_narrow_report_items_keep_a_hanging_indent(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrapped "- ..." item goes on under its own text, so the next item's dash stands out."""
    text = narrow(demo_db, monkeypatch, "report")
    for section in ("Red flags", "For the appointment: notes from the patient", "Goals"):
        body = text.split(f"\n{section}\n", 1)[1].split("\n\n", 1)[0].splitlines()
        assert all(line.startswith(("  - ", "    ")) and line[4] != " " for line in body), body
        assert any(line.startswith("    ") for line in body), body  # some item did wrap at 60


def test_narrow_read_more_lines_keep_a_hanging_indent(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrapped "Read more: ..." line goes on under its text, not under "Read more"."""
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("PACEIT_NOW", NOW)
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20")
    lines = ok("next").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Read more: paceit learn pacing"))
    assert lines[start + 1].startswith(" " * 11) and lines[start + 1][11] != " ", lines[start:]
    assert " ".join(" ".join(lines[start:-1]).split()) == (
        "Read more: paceit learn pacing (your first sessions of walking set its baseline)"
    )
    assert lines[-1] == "Every reason, with its numbers: paceit next --why"


@pytest.mark.parametrize(
    "args", [["next"], ["history"], ["activity", "list"], ["trends"], ["plan", "history", "walking"]], ids=" ".join
)
def test_no_line_ends_in_padding(args: list[str], demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich pads table lines to the table's width: none of it reaches a pipe."""
    monkeypatch.setenv("PACEIT_NOW", NOW)
    lines = ok("--db", str(demo_db), *args).stdout.splitlines()
    assert len(lines) > 5
    assert [line for line in lines if line != line.rstrip()] == []


def test_on_a_terminal_lines_keep_their_colour_and_lose_their_padding(demo_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"PACEIT_NOW": NOW, "TERM": "xterm-256color"}
    shown = in_terminal(["--db", str(demo_db), "next"], env)
    assert colours(shown)
    plain = [re.sub(rb"\x1b\[[0-9;]*m", b"", line) for line in shown.split(b"\r\n")]
    assert any(b"Plan for" in line for line in plain)
    assert [line for line in plain if line != line.rstrip()] == []
