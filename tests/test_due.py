"""`paceit due`: what is still to log today, answered by the exit code (3 due, 0 nothing,
1 the diary cannot be read), for reminders run by cron or a systemd timer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import child_env, ok, run, time_zone
from paceit.due import what_is_due
from paceit.due_records import DueInputs

SAT_0900 = "2026-11-21T09:00:00+00:00"
PEG = ["measure", "peg", "--pain", "5", "--enjoyment", "4", "--activity", "6"]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACEIT_NOW", SAT_0900)
    with time_zone("UTC"):
        yield


def due(*args: str, now: str | None = None) -> tuple[int, str]:
    """`paceit due` at `now` (default: the clock the test set)."""
    before = os.environ["PACEIT_NOW"]
    os.environ["PACEIT_NOW"] = now or before
    try:
        result = run("due", *args)
    finally:
        os.environ["PACEIT_NOW"] = before  # the test's, which monkeypatch restores
    assert result.stderr == "", result.stderr
    return result.exit_code, result.stdout


def kinds(now: str | None = None) -> list[tuple[str, str | None]]:
    code, out = due("--json", now=now)
    document = json.loads(out)
    assert code == (3 if document["due"] else 0)
    return [(d["kind"], d["activity"]) for d in document["due"]]


def test_a_new_diary_is_due_a_morning_pain_and_a_first_peg_and_no_file_is_made(isolated_db: Path) -> None:
    code, out = due()
    assert code == 3
    assert "Still to log today, Sat 21 Nov 2026:" in out
    assert 'paceit pain SCORE --at "this morning"' in out and "weekly PEG (never taken yet)" in out
    assert not isolated_db.exists()


def test_each_entry_logged_takes_its_line_away_until_nothing_is_due(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "-3d")
    ok("activity", "add", "chair stands", "--unit", "reps", "--at", "-3d")
    assert kinds() == [("morning_pain", None), ("session", "chair stands"), ("session", "walking"), ("peg", None)]
    ok("pain", "4", "--at", "08:00")
    ok("log", "walking", "15")
    assert kinds() == [("session", "chair stands"), ("peg", None)]
    _, out = due()
    assert "paceit log 'chair stands' AMOUNT" in out
    ok("log", "chair stands", "8")
    ok(*PEG)
    assert due() == (0, "Nothing left to log today, Sat 21 Nov 2026.\n")
    assert due("--quiet") == (0, "")


def test_quiet_prints_nothing_and_still_answers_with_3() -> None:
    assert due("--quiet") == (3, "")
    assert due("-q", "--json") == (3, "")


def test_morning_pain_counts_only_from_0400_to_noon_and_is_not_due_before_0400(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T15:00:00+00:00")
    ok(*PEG)
    assert kinds(now="2026-11-21T03:30:00+00:00") == []  # the morning has not begun
    ok("pain", "6", "--at", "01:00")  # last night, not this morning
    ok("pain", "6", "--at", "2026-11-21T03:59")
    assert kinds() == [("morning_pain", None)]
    ok("pain", "5", "--at", "12:00")
    assert kinds() == [("morning_pain", None)]  # an afternoon entry is not a morning one
    ok("pain", "5", "--at", "this morning", "--note", "logged late")
    assert kinds() == []


def test_peg_is_weekly(isolated_db: Path) -> None:
    ok("pain", "4", "--at", "08:00")
    ok(*PEG, "--at", "-6d")
    assert kinds() == []
    assert kinds(now="2026-11-22T09:00:00+00:00")[-1] == ("peg", None)
    _, out = due(now="2026-11-22T09:00:00+00:00")
    assert "weekly PEG (last on Sun 15 Nov 2026)" in out


def test_an_open_emergency_or_doctor_today_flag_pauses_the_sessions_not_the_diary(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "-3d")
    ok("redflag", "check", "--yes", "night-pain")  # group 3: the plan goes on
    assert ("session", "walking") in kinds()
    ok("redflag", "check", "--yes", "fever")  # group 2: paused until reviewed
    assert kinds() == [("morning_pain", None), ("peg", None)]
    _, out = due()
    assert "Sessions are paused while a red flag is open" in out


def test_archived_activities_are_not_due(isolated_db: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "-3d")
    ok("activity", "archive", "walking")
    assert ("session", "walking") not in kinds()


def test_an_unreadable_diary_is_exit_1_not_3(isolated_db: Path) -> None:
    isolated_db.parent.mkdir(parents=True, exist_ok=True)
    isolated_db.write_bytes(b"this is not a database" * 100)
    result = run("due", "--quiet")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


@given(
    st.integers(0, 24 * 60 - 1),
    st.lists(st.integers(0, 24 * 60 - 1), max_size=5),
    st.lists(st.booleans(), max_size=4),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 30)),
)
def test_due_is_exactly_what_is_missing(
    minute: int, diary: list[int], logged: list[bool], paused: bool, peg_age: int | None
) -> None:
    today = date(2026, 11, 21)
    last_peg = None if peg_age is None else date.fromordinal(today.toordinal() - peg_age)
    activities = [(f"a{i}", done) for i, done in enumerate(logged)]
    inputs = DueInputs(today, minute, sorted(diary), activities, paused, last_peg)
    found = what_is_due(inputs)
    first_real = next((m for m in sorted(diary) if m >= 240), None)
    morning = minute >= 240 and not (first_real is not None and first_real < 720)
    assert (found[0].kind == "morning_pain" if found else False) == morning
    sessions = [d.activity for d in found if d.kind == "session"]
    assert sessions == ([] if paused else [name for name, done in activities if not done])
    assert any(d.kind == "peg" for d in found) == (peg_age is None or peg_age >= 7)


def test_due_loads_no_plan_replay_rich_or_orm(tmp_path: Path) -> None:
    """`due` runs from cron several times a day: plain SQL reads only."""
    script = (
        "import json, sys; sys.argv = ['paceit', 'due']\n"
        "from paceit.entry import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
    )
    env = child_env(PACEIT_DB=str(tmp_path / "d.db"), PACEIT_NOW=SAT_0900, NO_COLOR="1")
    subprocess.run([sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min"], env=env, check=True)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] == 3
    engine = r"paceit\.(pacing|plan|queries|flare|checkpoint_store|render)"
    heavy = re.compile(rf"^({engine}|rich|sqlmodel|sqlalchemy|pydantic)")
    assert [m for m in report["modules"] if heavy.match(m)] == []


README = Path(__file__).resolve().parent.parent / "README.md"


def reminder(which: str, home: Path) -> str:
    """The README's cron line or systemd ExecStart, as the shell command it runs."""
    text = README.read_text()
    if which == "cron":
        found = re.search(r"^0 11,20 \* \* \* (.+)$", text, re.M)
        assert found
        return found[1]
    found = re.search(r"^ExecStart=/bin/sh -c '(.+)'$", text, re.M)
    assert found
    return found[1].replace("$$", "$").replace("%h", str(home))


@pytest.mark.parametrize("which", ["cron", "systemd"])
def test_the_readme_reminders_notify_only_when_something_is_due(tmp_path: Path, which: str) -> None:
    home, fakes, sent = tmp_path / "home", tmp_path / "bin", tmp_path / "notified"
    venv_bin = home / "paceit" / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    fakes.mkdir()
    for path, body in ((venv_bin / "paceit", f'exec {sys.executable} -m paceit "$@"'),
                       (fakes / "notify-send", f'printf "%s|" "$@" >> {sent}; echo >> {sent}')):  # fmt: skip
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    db = tmp_path / "d.db"
    env = child_env(HOME=str(home), PATH=f"{fakes}:{os.environ['PATH']}", PACEIT_DB=str(db), PACEIT_NOW=SAT_0900)

    def fire() -> tuple[int, str, str]:
        sent.unlink(missing_ok=True)
        done = subprocess.run(["/bin/sh", "-c", reminder(which, home)], env=env, capture_output=True, text=True)
        return done.returncode, sent.read_text() if sent.exists() else "", done.stderr

    code, notified, _ = fire()  # a new diary: morning pain and the first PEG are due
    assert notified.startswith("paceit: still to log today|Still to log today, Sat 21 Nov 2026:")
    assert "weekly PEG" in notified
    for args in (["pain", "3", "--at", "08:00"], PEG):
        subprocess.run([sys.executable, "-m", "paceit", *args], env=env, check=True, capture_output=True)
    code, notified, _ = fire()  # nothing due: quiet
    assert notified == ""
    if which == "systemd":
        assert code == 0  # the unit succeeds
    db.unlink()
    db.write_bytes(b"not a diary" * 200)
    code, notified, err = fire()  # a broken diary is not "something is due"
    assert notified == "" and code != 0
    if which == "systemd":
        assert code == 1 and "paceit: error:" in err  # the unit fails, its journal says why
