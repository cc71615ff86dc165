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

from helpers import checkpoint, child_env, done, fails, fixed_clock, logical_dump, ok, run

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
