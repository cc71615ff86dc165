"""Patterns compiled on first use (`paceit.lazy_pattern`, issue 19): they answer as the
compiled pattern does, and the daily commands compile none they do not use."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import child_env
from paceit import errors, parse, parse_amounts
from paceit.lazy_pattern import LazyPattern

PATTERNS = {
    "errors.UNSEEN": errors.UNSEEN,
    "parse.WHOLE": parse.WHOLE,
    "parse.NUMBER": parse.NUMBER,
    "parse._CLOCK": parse._CLOCK,
    "parse._RELATIVE": parse._RELATIVE,
    "parse.HIDDEN_CHARACTERS": parse.HIDDEN_CHARACTERS,
    "parse_amounts._DURATION": parse_amounts._DURATION,
}
# Text near what the patterns read: digits, signs, units, clock marks, and the characters
# the two classes of unseen characters hold (and their neighbours).
ALPHABET = st.sampled_from(
    [*"0123456789+-.:hmsdw in", "\x00", "\x08", "\t", "\n", "\x1b", "\x7f", "\x9f", "\xa0",
     "\u061b", "\u061c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u202f", "\u2066", "\u2069", "é"]
)  # fmt: skip


def _same(found: re.Match[str] | None, expected: re.Match[str] | None) -> bool:
    if found is None or expected is None:
        return found is expected
    seen = (found.span(), found.groups(), found.groupdict())
    return seen == (expected.span(), expected.groups(), expected.groupdict())


@settings(max_examples=300)
@given(name=st.sampled_from(sorted(PATTERNS)), text=st.text(ALPHABET, max_size=12))
def test_a_lazy_pattern_answers_as_the_compiled_one(name: str, text: str) -> None:
    lazy = PATTERNS[name]
    real = re.compile(lazy.pattern, lazy.flags)
    assert _same(lazy.match(text), real.match(text))
    assert _same(lazy.fullmatch(text), real.fullmatch(text))
    assert _same(lazy.search(text), real.search(text))
    assert lazy.sub("<>", text) == real.sub("<>", text)
    assert lazy.sub(lambda m: m.group().upper() + "|", text) == real.sub(lambda m: m.group().upper() + "|", text)


def test_it_compiles_once_on_first_use_and_fails_as_compiling_would() -> None:
    lazy = LazyPattern(r"(\d+)m", re.ASCII)
    assert lazy._compiled is None
    assert lazy.compiled is lazy.compiled and lazy.compiled.flags & re.ASCII
    assert lazy.fullmatch("20m") is not None and lazy.fullmatch("\uff120m") is None  # ASCII digits only
    broken = LazyPattern("(")
    with pytest.raises(re.error):
        broken.search("x")


# Each daily command, then which of the module-level patterns the run compiled.
PROBE = """
import json, sys
sys.argv = ["paceit", *sys.argv[1:]]
from paceit.entry import main
try:
    main()
except SystemExit:
    pass
from paceit import errors, parse, parse_amounts
names = {"errors.UNSEEN": errors.UNSEEN, "parse.WHOLE": parse.WHOLE, "parse.NUMBER": parse.NUMBER,
         "parse._CLOCK": parse._CLOCK, "parse._RELATIVE": parse._RELATIVE,
         "parse.HIDDEN_CHARACTERS": parse.HIDDEN_CHARACTERS, "parse_amounts._DURATION": parse_amounts._DURATION}
print(json.dumps(sorted(n for n, p in names.items() if p._compiled is not None)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "compiled"),
    [
        (["pain", "4", "--sleep", "6"], ["parse.WHOLE"]),
        (["log", "walking", "20", "--effort", "3"], ["parse.NUMBER", "parse.WHOLE"]),
        (
            ["log", "walking", "1h", "--at", "18:00"],
            ["parse.NUMBER", "parse._CLOCK", "parse._RELATIVE", "parse_amounts._DURATION"],
        ),
        (["pain", "4", "--note", "fine"], ["parse.HIDDEN_CHARACTERS", "parse.WHOLE"]),
        (["next"], []),
    ],
)
def test_a_daily_command_compiles_only_the_patterns_it_uses(
    tmp_path: Path, args: list[str], compiled: list[str]
) -> None:
    """The unseen characters' classes (the dearest to compile) wait for a note or a message
    that needs them; a clock pattern waits for a --at."""
    env = child_env({"PACEIT_DB": str(tmp_path / "paceit.db"), "PACEIT_NOW": "2026-11-21T19:00:00+00:00"})
    subprocess.run([sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min"], env=env, check=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == compiled, done.stderr
