"""Hostile text typed or imported into the diary (issue 16, items 8, 11, 13 and 15).

A red-team review found text that reached the terminal or a report as something else
than what was typed: C1 control characters and bidirectional overrides passed the text
rules (13); square brackets were read as Rich markup, so `knee [left]` showed "knee", a
`[/]` crashed every reading command and `[link=...]` became a hidden hyperlink (8);
`import` echoed escape sequences from a file's table and column names (11); a goal
starting with `# ` became a heading in the Markdown report (15). Each test below puts
that text where a person (or a file) can, and checks what comes out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import checkpoint, child_env, done, fails, fixed_clock, logical_dump, ok, read_until_closed

BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


@pytest.fixture
def diary(isolated_db: Path) -> Path:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-11-01")
    ok("ladder", "add", "carry a bag", "--fear", "50")
    ok("redflag", "check", "--yes", "night-pain")
    ok("goal", "add", "see friends")
    checkpoint(isolated_db)
    return isolated_db


# --- item 13: C1 controls and bidirectional overrides are refused like C0 controls -------------

# Each text a person can type, with the name the one-line error must give it.
TEXT_FIELDS = [
    (["pain", "4", "--note", "{}"], "--note"),
    (["pain", "4", "--site", "{}"], "--site"),
    (["pain", "4", "--tag", "{}"], "--tag"),
    (["pain", "4", "--ask", "{}"], "--ask"),
    (["log", "walking", "20", "--note", "{}"], "--note"),
    (["activity", "add", "{}", "--unit", "min"], "NAME"),
    (["activity", "edit", "walking", "--name", "{}"], "--name"),
    (["ladder", "add", "{}", "--fear", "40"], "TEXT"),
    (["ladder", "edit", "1", "--text", "{}"], "--text"),
    (["ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--expect", "{}"], "--expect"),
    (["goal", "add", "{}"], "TEXT"),
    (["flare", "plan", "comfort", "{}"], "TEXT"),
    (["flare", "start", "--note", "{}"], "--note"),
    (["redflag", "clear", "1", "--reviewed", "{}"], "--reviewed"),
    (["med", "{}"], "NAME"),
    (["med", "ibuprofen", "--dose", "{}"], "--dose"),
    (["strategy", "{}"], "NAME"),
    (["strategy", "heat", "--note", "{}"], "--note"),
    (["strategy", "heat", "--tag", "{}"], "--tag"),
    (["measure", "task", "{}", "12", "--unit", "s"], "NAME"),
    (["measure", "psfs", "--item", "{}=4", "--item", "b=2", "--item", "c=3"], "--item"),
    (["ask", "{}"], "TEXT"),
]
# C1 controls (NEL, CSI: a terminal reads U+009B as ESC [), bidirectional overrides,
# embeddings and isolates (the "Trojan Source" characters), and the marks.
HIDDEN = ["\x85", "\x9b31m", "\x80", "\x9f", "\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f"]


def _snapshot(path: Path) -> list[str]:
    checkpoint(path)
    return logical_dump(path)


@pytest.mark.parametrize(("args", "field"), TEXT_FIELDS, ids=[" ".join(a[:2]) + " " + f for a, f in TEXT_FIELDS])
def test_c1_controls_and_bidi_overrides_are_refused_in_every_text(diary: Path, args: list[str], field: str) -> None:
    before = _snapshot(diary)
    for hidden in HIDDEN:
        value = f"knee{hidden}pain"
        line = fails(*[a.replace("{}", value) for a in args])
        assert field in line and "control characters" in line, (hidden, line)
        assert f"U+{ord(hidden[0]):04X}" in line, (hidden, line)  # which character, since it cannot be seen
        assert hidden[0] not in line  # the message never carries the character itself
        assert _snapshot(diary) == before, hidden


def test_plain_unicode_text_is_still_stored_exactly(diary: Path) -> None:
    """The rule refuses only what cannot be seen or reorders text: accents, scripts
    written right to left, emoji with joiners and tabs stay allowed."""
    text = "Knie links é ü \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \U0001f469\u200d\U0001f9af\tok"
    ok("pain", "4", "--note", text)
    assert json.loads(ok("history", "--json").stdout)[0]["note"] == text


def test_an_import_with_a_c1_or_bidi_character_is_refused(diary: Path, tmp_path: Path) -> None:
    export = tmp_path / "e.json"
    done("export", "--output", str(export))
    document = json.loads(export.read_text())
    for hidden in ("\x9b", "\u202e"):
        document["tables"]["goal"]["rows"][0]["text"] = f"see{hidden}friends"
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(document))
        line = fails("import", str(bad))
        assert "'goal'" in line and "field 'text'" in line and f"U+{ord(hidden):04X}" in line, line


# --- item 8: square brackets are text, never Rich markup ---------------------------------------


def hostile(label: str) -> str:
    """A text with every kind of bracket Rich would read: an opening one, a closing tag,
    a hyperlink and a style. `label` says which field it went into."""
    return f"{label}[/]{label}[link=x]{label}[bold]{label}["


MARKED: list[list[str]] = [
    ["activity", "add", hostile("an"), "--unit", "min", "--baseline", "10", "--at", "2026-11-01",
     "--note", hostile("aa")],
    ["log", hostile("an"), "12", "--at", "2026-11-20T10:00", "--note", hostile("sn"), "--tag", hostile("sg"),
     "--ask", hostile("sq")],
    ["pain", "4", "--site", hostile("si"), "--note", hostile("pn"), "--tag", hostile("pg"), "--at", "2026-11-20T08:00"],
    ["ladder", "add", hostile("lt"), "--fear", "50", "--note", hostile("ln"), "--activity", hostile("an")],
    ["ladder", "try", "1", "--fear-before", "40", "--fear-after", "20", "--expect", hostile("te"),
     "--note", hostile("tn")],
    ["redflag", "check", "--yes", "night-pain", "--note", hostile("rn")],
    ["redflag", "clear", "1", "--reviewed", hostile("rr")],
    ["goal", "add", hostile("gt"), "--note", hostile("gn")],
    ["goal", "add", hostile("g2"), "--activity", hostile("an"), "--target", "30"],
    ["flare", "start", "--at", "2026-11-10", "--note", hostile("fn")],
    ["flare", "end", "--at", "2026-11-12", "--note", hostile("fe")],
    ["flare", "plan", "comfort", hostile("fp")],
    ["med", hostile("mn"), "--dose", hostile("md"), "--note", hostile("mo")],
    ["strategy", hostile("xn"), "--helped", "4", "--note", hostile("xo"), "--tag", hostile("xg")],
    ["measure", "task", hostile("tk"), "12", "--unit", "s", "--better", "lower", "--note", hostile("to")],
    ["measure", "psfs", "--item", f"{hostile('p1')}=4", "--item", "b=2", "--item", "c=3", "--note", hostile("qn")],
    ["ask", hostile("ak")],
]  # fmt: skip
# Each reading command, and the fields (labels above) it shows.
READING = [
    (["history", "--all"], "si pg pn an sg sn mn md mo tk to lt tn xn xo xg"),
    (["activity", "list", "--all"], "an"),
    (["activity", "show", hostile("an")], "an aa"),
    (["ladder", "list"], "lt"),
    (["ladder", "show", "1"], "lt"),
    (["goal", "list"], "gt g2 an"),
    (["flare", "list"], "fn"),
    (["flare", "plan"], "fp"),
    (["redflag", "list", "--all"], "rr"),
    (["measure", "list"], "p1"),
    (["next"], "an lt"),
    (["trends"], "tk mn"),
    (["plan", "history", hostile("an")], "an"),
    (["report"], "rr sq ak an tk mn lt gt g2 xn"),
]
REPORT_TEXTS = "rr sq ak an tk mn lt gt g2 xn"


@pytest.fixture
def marked(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no table wraps a text in two
    for args in MARKED:
        ok(*args)
    return isolated_db


@pytest.mark.parametrize(("args", "labels"), READING, ids=[" ".join(a[:2]) for a, _ in READING])
def test_brackets_show_exactly_as_typed_in_every_reading_command(marked: Path, args: list[str], labels: str) -> None:
    shown = ok(*args).stdout
    for label in labels.split():
        assert hostile(label) in shown, (label, shown)


def test_brackets_survive_every_report_format(marked: Path) -> None:
    import html

    texts = [hostile(label) for label in REPORT_TEXTS.split()]
    markdown = re.sub(r"\\(.)", r"\1", ok("report", "--format", "md").stdout)  # undo Markdown's escapes
    page = html.unescape(re.sub(r"<[^>]+>", "", ok("report", "--format", "html").stdout))
    document = json.dumps(json.loads(ok("report", "--format", "json").stdout), ensure_ascii=False)
    for text in texts:
        assert text in markdown and text in page, text
        assert text in document, text
    assert json.loads(ok("report", "--format", "fhir").stdout)["resourceType"] == "Bundle"


def _on_a_terminal(*args: str) -> str:
    """What `paceit ARGS` writes to a real terminal (a pty, colours on), without colour codes."""
    import pty

    master, slave = pty.openpty()
    env = child_env(os.environ, TERM="xterm-256color", COLUMNS="250")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([str(BIN / "paceit"), *args], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    shown = read_until_closed(master)
    os.close(master)
    assert process.wait(timeout=30) == 0, shown
    return re.sub(r"\x1b\[[0-9;]*m", "", shown.decode())  # colours are fine; links and lost text are not


def test_a_link_in_a_note_never_becomes_a_terminal_hyperlink(isolated_db: Path) -> None:
    """On a real terminal, where Rich writes OSC 8 hyperlinks: a note's `[link=...]` stays text."""
    note = "see [link=https://evil.example]my physio[/link] [bold]today[/bold]"
    ok("pain", "4", "--site", "knee [left]", "--note", note, "--at", "2026-11-21T08:00")
    ok("activity", "add", "walk [/2 flights]", "--unit", "min", "--baseline", "10", "--at", "2026-11-01")
    for args in (["history"], ["next"], ["activity", "list"]):
        text = _on_a_terminal(*args)
        assert "\x1b]8;" not in text, args
        assert (note in text and "knee [left]" in text) if args == ["history"] else "walk [/2 flights]" in text, text


# --- item 11: import never echoes a file's escape sequences to the terminal ---------------------

# An OSC title change, a screen clear, a colour, CSI as a C1 character, a bidi override.
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b1m\u202e"


def _import_in_a_process(path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(BIN / "paceit"), "import", str(path)], env=child_env(), capture_output=True, timeout=60)


def _assert_shown_safely(result: subprocess.CompletedProcess[bytes]) -> str:
    """Exit 2, one line, and not one control or bidi character in it (each shown as its
    escape instead, so the person still sees what the file holds)."""
    assert result.returncode == 2, result
    text = result.stderr.decode()
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text[:-1]), ascii(text)
    assert "\\x1b]0;owned\\x07" in text, text
    return text


def test_import_shows_escape_sequences_in_table_and_column_names_as_text(diary: Path, tmp_path: Path) -> None:
    export = tmp_path / "e.json"
    done("export", "--output", str(export))
    document = json.loads(export.read_text())
    before = _snapshot(diary)

    unknown_table = json.loads(json.dumps(document))
    unknown_table["tables"][f"evil{ESCAPES}"] = {"columns": ["id"], "rows": [{"id": 1}]}
    (tmp_path / "table.json").write_text(json.dumps(unknown_table))
    assert "table 'evil" in _assert_shown_safely(_import_in_a_process(tmp_path / "table.json"))

    unknown_column = json.loads(json.dumps(document))
    unknown_column["tables"]["goal"]["rows"][0][f"colour{ESCAPES}"] = 1
    (tmp_path / "column.json").write_text(json.dumps(unknown_column))
    assert "unknown columns (colour" in _assert_shown_safely(_import_in_a_process(tmp_path / "column.json"))

    named = tmp_path / f"export{ESCAPES}.json"  # a file name from elsewhere, echoed in the message
    named.write_text("{ not json")
    assert "not a paceit JSON export" in _assert_shown_safely(_import_in_a_process(named))
    assert _snapshot(diary) == before


# --- item 15: Markdown block syntax in a person's text stays text -------------------------------

# Each starts a block in CommonMark (and GFM) at the start of a line or of a list item.
BLOCKS = [
    "# Walk to the park",
    "## second",
    "> quoted",
    "1. first",
    "2) second",
    "- item",
    "+ plus",
    "* star",
    "---",
    "===",
    "~~~",
    "```",
    "<div>raw</div>",
    "| a | b |",
    "[x](javascript:alert(1))",
    "&copy; &amp; &#35;",
]


def test_markdown_block_syntax_in_user_text_stays_text(isolated_db: Path) -> None:
    """The Markdown report, read by a real CommonMark parser (markdown-it, with GFM tables
    and strikethrough): each text is in the rendered page exactly as typed, and the page has
    no heading, quote, rule, code block, raw HTML or link but the report's own."""
    import html

    from markdown_it import MarkdownIt

    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-11-01")
    for number, text in enumerate(BLOCKS):
        if number % 3 == 0:
            ok("goal", "add", "--", text)
        elif number % 3 == 1:
            ok("ask", "--", text)
        else:
            ok("ladder", "add", "--fear", str(10 + number), "--", text)
    own = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(ok("report", "--format", "md").stdout)
    for text in BLOCKS:
        assert html.escape(text, quote=False) in own, (text, own)
    headings = re.findall(r"<h\d>(.*?)</h\d>", own)
    assert all(re.fullmatch(r"[A-Za-z ,:0-9-]+", h) for h in headings), headings  # the report's sections only
    assert own.count("<blockquote>") == 1  # the health-data notice
    for tag in ("<hr", "<pre", "<ol", "<div", "<a ", "<del"):
        assert tag not in own, tag
    assert own.count("<ul>") == own.count("</ul>") and "<ul>\n<li>\n<ul>" not in own  # no list in a list
