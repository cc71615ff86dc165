"""Shell completion, answered fast: the shell runs paceit on every TAB.

The shells' scripts (in `completions/`, and what `paceit --install-completion`
installs) speak Typer's protocol: `_PACEIT_COMPLETE=complete_<shell>` with the
words typed so far in the environment. `paceit.entry` answers those requests here,
from `completion_spec` (the command tree generated from the app) and two small
read-only queries, without importing Typer, Rich or the command modules, so a
TAB costs about as much as starting Python and opening SQLite.

The diary is opened read-only (`mode=ro`, and `immutable=1` when no write-ahead
log is pending): completion never creates a database or its companion files,
never migrates one and never writes; a missing, locked or foreign file simply
completes to nothing. The queries live here rather than in `queries.py` because
importing that module pulls in the planning rules, several times the cost of the
whole completion.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from paceit.errors import UNSEEN, visible

Candidate = tuple[str, str]  # (value, description)

SOURCES: dict[str, str] = {
    "activity": "SELECT name, unit FROM activity WHERE archived_utc IS NULL ORDER BY lower(name)",
    "any_activity": "SELECT name, unit || CASE WHEN archived_utc IS NULL THEN '' ELSE ', archived' END"
    " FROM activity ORDER BY lower(name)",
    "ladder_step": "SELECT id, text || ' (fear ' || fear || ')' FROM ladder_step ORDER BY fear, at_utc, id",
    "medicine": "SELECT min(name), count(*) || ' recorded' FROM med_dose GROUP BY lower(name) ORDER BY lower(name)",
    "task": "SELECT min(name), min(unit) FROM task_result GROUP BY lower(name) ORDER BY lower(name)",
    "strategy": "SELECT min(name), count(*) || ' recorded' FROM strategy_use GROUP BY lower(name) ORDER BY lower(name)",
    "tag": "SELECT tag, count(*) || ' entries' FROM entry_tag GROUP BY tag ORDER BY count(*) DESC, tag",
    "open_red_flag": "SELECT id, code FROM red_flag WHERE cleared_utc IS NULL ORDER BY id",
    "open_goal": "SELECT id, text FROM goal WHERE done_utc IS NULL ORDER BY id",
}


def _red_flag_question(code: str) -> str:
    """The checklist's question for a stored code: the table keeps only the code, and
    the person chose the flag by its question, not by its code."""
    from paceit.redflags import BY_CODE  # plain data, cheap to import

    spec = BY_CODE.get(code)
    return spec.question if spec else code


# How a source's second column becomes the text shown next to each value.
DESCRIBE: dict[str, Callable[[str], str]] = {"open_red_flag": _red_flag_question}
FILES = "files"  # the source of a path parameter: the shell's own file-name completion
_NUMBER = re.compile(r"-[0-9]+(\.[0-9]*)?")


def _open(db_option: str | None) -> sqlite3.Connection | None:
    """The diary, read-only, or None when there is none to read.

    Without a -wal file nothing can be pending, so the file is opened as immutable:
    a plain read-only WAL reader would create -wal and -shm files next to a diary
    that had none. With one, another process may hold rows only there, so SQLite
    reads through it (`mode=ro`). A write that starts in between costs at most one
    TAB's answer: completion shows candidates, it stores nothing."""
    from paceit.errors import PaceitError
    from paceit.paths import resolve_db_path

    try:
        path = resolve_db_path(db_option).resolve()
        if not path.is_file():
            return None
        pending = path.with_name(path.name + "-wal").exists()
        query = "mode=ro" if pending else "mode=ro&immutable=1"
        return sqlite3.connect(f"{path.as_uri()}?{query}", uri=True, timeout=0.5)
    except (PaceitError, OSError, ValueError, sqlite3.Error):
        return None


def lookup(source: str, incomplete: str, *, db_option: str | None) -> list[Candidate]:
    """Values from the diary that start with `incomplete` (any case)."""
    conn = _open(db_option)
    if conn is None:
        return []
    try:
        found = [(str(value), str(text or "")) for value, text in conn.execute(SOURCES[source])]
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    prefix = incomplete.casefold()
    describe = DESCRIBE.get(source, str)
    return [(v, describe(t)) for v, t in found if v.casefold().startswith(prefix)]


class Position:
    """Where the cursor is in the command tree after the words already typed.

    A plain class, not a dataclass: `dataclasses` imports `inspect` (and `ast`, `dis`,
    `tokenize`), about 7 ms of every TAB's 30 (issue 19)."""

    __slots__ = ("argument", "db_option", "node", "option")

    def __init__(self, node: Mapping[str, Any], *, db_option: str | None = None) -> None:
        self.node = node
        self.option: list[Any] | None = None  # the option whose value is being typed
        self.argument = 0  # index of the positional argument being typed
        self.db_option = db_option


def locate(spec: Mapping[str, Any], words: Sequence[str]) -> Position:
    """Walk the typed words down the command tree, as the parser would."""
    pos = Position(spec)
    pending: str | None = None
    for word in words:
        if pending is not None:
            if pending == "--db" and pos.node is spec:
                pos.db_option = word
            pending, pos.option = None, None
            continue
        if word.startswith("-") and len(word) > 1 and not _NUMBER.fullmatch(word):
            name, eq, value = word.partition("=")
            option = pos.node["options"].get(name)
            if option is not None and option[0] and not eq:
                pending, pos.option = name, option
            elif name == "--db" and eq and pos.node is spec:
                pos.db_option = value
            continue
        if word in pos.node["commands"]:
            pos = Position(pos.node["commands"][word], db_option=pos.db_option)
        else:
            if pos.argument == 0 and word in pos.node.get("fields", {}):  # `edit KIND`: that kind's fields
                pos.node = {**pos.node, "options": {**pos.node["options"], **pos.node["fields"][word]}}
            pos.argument += 1
    return pos


def slot_values(slot: Sequence[Any], incomplete: str, db_option: str | None) -> list[Candidate]:
    """A parameter's candidates: its fixed choices, then values from the diary."""
    fixed, source = slot[-2], slot[-1]
    found = [(v, h) for v, h in fixed if v.startswith(incomplete)]
    if source in SOURCES:
        known = {v.casefold() for v, _ in fixed}
        found += [(v, h) for v, h in lookup(source, incomplete, db_option=db_option) if v.casefold() not in known]
    return found


def _slot(pos: Position, incomplete: str) -> tuple[Sequence[Any] | None, str, str]:
    """The parameter whose value is being typed (None when it is a command or an option
    name), the partial value, and what precedes the value in the word (`--unit=`)."""
    if pos.option is not None:
        return pos.option, incomplete, ""
    if incomplete.startswith("-") and not _NUMBER.fullmatch(incomplete):
        name, eq, value = incomplete.partition("=")
        option = pos.node["options"].get(name)
        if eq and option is not None and option[0]:
            return option, value, name + eq
        return None, incomplete, ""
    arguments = pos.node["arguments"]
    if pos.node["commands"] or not arguments or (pos.argument >= len(arguments) and not arguments[-1][0]):
        return None, incomplete, ""
    return arguments[min(pos.argument, len(arguments) - 1)], incomplete, ""


def candidates(spec: Mapping[str, Any], words: Sequence[str], incomplete: str) -> list[Candidate]:
    """What may come next, given the words before the cursor and the partial word."""
    pos = locate(spec, words)
    slot, value, prefix = _slot(pos, incomplete)
    if slot is not None:
        return [(prefix + v, h) for v, h in slot_values(slot, value, pos.db_option)]
    if incomplete.startswith("-") and not _NUMBER.fullmatch(incomplete):
        return [(n, o[1]) for n, o in pos.node["options"].items() if n.startswith(incomplete)]
    return [(n, sub["help"]) for n, sub in pos.node["commands"].items() if n.startswith(incomplete)]


def file_prefix(spec: Mapping[str, Any], words: Sequence[str], incomplete: str) -> str | None:
    """When the word being typed is a file path, what precedes the path in it ('' or
    `--output=`); None otherwise. bash and fish fall back to file names by themselves
    when paceit offers nothing; zsh does only when told (see `render`)."""
    slot, _, prefix = _slot(locate(spec, words), incomplete)
    return prefix if slot is not None and slot[-1] == FILES else None


def split_words(line: str) -> list[str]:
    """The shell line as words, like the shell would split it (quotes honoured)."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        for token in lexer:
            words.append(token)
    except ValueError:  # an open quote: the partial word is the rest
        words.append(lexer.token)
    return words


def _request(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """(complete words before the cursor, the partial word), from the shell's variables."""
    if shell == "bash":
        words = split_words(environ.get("COMP_WORDS", ""))
        return _bash_words(words, int(environ.get("COMP_CWORD", "0") or 0))
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = split_words(line)[1:]
    if shell in ("powershell", "pwsh"):
        incomplete = environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[:-1] if incomplete else words), incomplete
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _bash_words(words: list[str], cword: int) -> tuple[list[str], str]:
    """Bash breaks `--unit=km` into `--unit`, `=`, `km` (COMP_WORDBREAKS); join them
    back so the value after `=` completes like the value after a space."""
    joined: list[str] = []
    index = len(words)
    for i, word in enumerate(words):
        if i == cword:
            index = len(joined)
        if word == "=" and joined and joined[-1].startswith("-"):
            continue
        joined.append(word)
    index = min(index, len(joined))
    before = joined[1:index]
    partial = joined[index] if index < len(joined) and cword < len(words) and words[cword] != "=" else ""
    return before, partial


def _shown(text: str) -> str:
    """A text as a list shows it: one line, every control character as its escape (a newline
    ends a candidate in every protocol; an escape sequence would act on the terminal). Only
    for showing: a value to insert goes to the shell as data (`_zsh_word`, `_bash_escape`)."""
    return visible(" ".join(text.split()))


def _zsh_word(text: str) -> str:
    """`text` as one zsh word that evaluates to exactly `text`: $'...' with every byte but
    ASCII letters and digits written as \\xHH. Nothing in it is special to zsh, quoted or
    not, so neither `eval` nor word splitting nor globbing can act on diary text."""
    data = text.encode("utf-8", "surrogateescape")
    return "$'" + "".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"\\x{b:02x}" for b in data) + "'"


def _zsh(found: list[Candidate], files: str | None) -> str:
    """The answer for zsh: a `compadd` of the values as data (each a `_zsh_word`), with
    "value -- description" lines to list when there are descriptions. Diary text used to go
    into `_arguments` specs, which zsh evaluates: an activity named `walk\\$(id)` ran `id`."""
    if not found:
        return _zsh_fallback(files)
    values = " ".join(_zsh_word(v) for v, _ in found)
    if not any(h for _, h in found):
        return f"compadd -- {values}"
    width = max(len(_shown(v)) for v, _ in found)
    lines = [(_shown(v).ljust(width) + (f" -- {_shown(h)}" if h else "")).rstrip() for v, h in found]
    shown = " ".join(_zsh_word(line) for line in lines)
    return f"local -a _paceit_shown; set -A _paceit_shown {shown}; compadd -l -d _paceit_shown -- {values}"


def _bash_escape(value: str) -> str:
    """A value as bash inserts it into the command line (bash puts COMPREPLY in as it is):
    each special character after a backslash, a control character (a newline would end the
    candidate, and after a backslash it would join lines) as $'\\xHH'."""
    parts = []
    for char in value:
        if UNSEEN.fullmatch(char):
            parts.append("$'" + "".join(f"\\x{b:02x}" for b in char.encode("utf-8", "surrogateescape")) + "'")
        elif re.fullmatch(r"[\w@%+=:,./-]", char):
            parts.append(char)
        else:
            parts.append("\\" + char)
    return "".join(parts)


# COMP_TYPE while bash lists candidates: '?' (a second TAB), '!' (show-all-if-ambiguous)
# and '@' (show-all-if-unmodified). A plain TAB is 9; menu-complete, '%', inserts a whole one.
BASH_LISTING = frozenset({"63", "33", "64"})


def _bash(found: list[Candidate], comp_type: str) -> str:
    """Values for bash; ids (ladder steps, goals, red flags) with what each is only while
    bash lists them. Bash inserts the longest common start of its candidates, or with
    menu-complete a whole one, so a description must never reach a TAB that inserts;
    while listing, distinct ids share no start longer than the ids do, so the text
    after them is never inserted either. (A script without COMP_TYPE gets plain ids.)"""
    ids = len(found) > 1 and any(h for _, h in found) and all(v.isdigit() for v, _ in found)
    if ids and comp_type in BASH_LISTING:
        return "\n".join(f"{v} -- {_shown(h)}" for v, h in found)
    return "\n".join(_bash_escape(v) for v, _ in found)


def _zsh_fallback(files: str | None) -> str:
    """Nothing to offer: zsh's own file names for a path (past `--option=`), else nothing
    (file names for an amount or a name would only mislead)."""
    if files is None:
        return ""
    return f"compset -P {_zsh_word('*=')}; _files" if files else "_files"


def _fish(found: list[Candidate]) -> str:
    """fish reads one candidate a line, its description after a tab: a value holding a
    control character cannot be given (a newline would make it two), so it is left out;
    fish quotes what it inserts itself."""
    kept = [(v, h) for v, h in found if not UNSEEN.search(v)]
    return "\n".join(f"{v}\t{_shown(h)}" if h else v for v, h in kept)


def render(
    shell: str, found: list[Candidate], environ: Mapping[str, str], *, files: str | None = None
) -> tuple[str, int]:
    """The answer in the shape each shell's script expects (Typer's protocol). `files`
    (see `file_prefix`): the word is a path, which zsh completes itself with `_files`,
    past an `--option=` if the word starts with one."""
    if shell == "bash":
        return _bash(found, environ.get("COMP_TYPE", "")), 0
    if shell == "zsh":
        return _zsh(found, files), 0
    if shell == "fish":
        if environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            return "", 0 if found else 1
        return _fish(found), 0
    kept = [(v, h) for v, h in found if not UNSEEN.search(v)]
    return "\n".join(f"{v}:::{_shown(h) or ' '}" for v, h in kept), 0  # powershell


def respond(shell: str, environ: Mapping[str, str]) -> int:
    """Answer one completion request on stdout; never fails loudly (it runs on TAB)."""
    from paceit.completion_spec import SPEC

    found: list[Candidate] = []
    files = None
    try:
        words, incomplete = _request(shell, environ)
        found, files = candidates(SPEC, words, incomplete), file_prefix(SPEC, words, incomplete)
    except Exception:  # a completion must never print a traceback into the command line
        pass
    text, code = render(shell, found, environ, files=files)
    if text:
        sys.stdout.write(text + "\n")
    return code
