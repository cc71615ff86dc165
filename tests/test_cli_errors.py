"""Bad input changes nothing (product.md, principle 4).

Every bad invocation ends with exit code 2 and exactly one line on stderr that
names the offending option or argument (and, for ranges, the range), prints
nothing on stdout, and leaves the diary byte-for-byte and row-for-row as it
was. On a diary that does not exist yet, it creates no file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import checkpoint, fails, fixed_clock, logical_dump, ok, rows


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


POPULATE: list[list[str]] = [
    ["activity", "add", "walking", "--unit", "min", "--baseline", "10", "--at", "2026-11-01"],  # activity 1
    ["activity", "add", "running", "--unit", "km", "--at", "2026-11-01"],  # activity 2
    ["activity", "add", "squats", "--unit", "reps", "--at", "2026-11-01"],  # activity 3, no sessions
    ["log", "walking", "20", "--at", "2026-11-20T10:00", "--pain-during", "2"],  # session 1
    ["log", "running", "2.5km", "--at", "2026-11-20T11:00"],  # session 2
    ["pain", "4", "--sleep", "6", "--site", "neck", "--at", "2026-11-20T08:00"],  # pain 1
    ["pain", "3", "--at", "2026-11-21T08:00"],  # pain 2
    ["ladder", "add", "carry a bag", "--fear", "50"],  # step 1
    ["ladder", "try", "1", "--fear-before", "40", "--fear-after", "20"],  # trial 1
    ["redflag", "check", "--yes", "night-pain"],  # red flag 1
    ["redflag", "clear", "1", "--reviewed", "GP: fine"],
    ["redflag", "check", "--yes", "weight-loss"],  # red flag 2, open
    ["goal", "add", "walk to the park", "--activity", "walking", "--target", "30"],  # goal 1
    ["goal", "add", "see friends"],  # goal 2
    ["goal", "done", "2"],
    ["flare", "start", "--at", "2026-11-10"],  # flare 1, closed
    ["flare", "end", "--at", "2026-11-12"],
    ["flare", "plan", "triggers", "sitting", "poor sleep"],
    ["measure", "peg", "--pain", "5", "--enjoyment", "5", "--activity", "4"],  # questionnaire 1
    ["config", "set", "plan.days", "mon,wed,fri"],
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A populated diary, built once and copied into each test's own location."""
    path = tmp_path_factory.mktemp("template") / "paceit.db"
    with pytest.MonkeyPatch.context() as mp, fixed_clock(mp):
        mp.setenv("PACEIT_DB", str(path))
        for args in POPULATE:
            ok(*args)
    checkpoint(path)
    return path


@pytest.fixture
def populated(template: Path, isolated_db: Path) -> Path:
    isolated_db.parent.mkdir(mode=0o700)
    shutil.copyfile(template, isolated_db)
    isolated_db.chmod(0o600)  # as paceit made it (a copy open to others would be tightened, with a note)
    return isolated_db


class Snapshot:
    """The main file's bytes, the WAL's frames and a full logical dump."""

    def __init__(self, path: Path) -> None:
        checkpoint(path)
        self.path = path
        self.data = path.read_bytes()
        self.dump = logical_dump(path)

    def assert_unchanged(self) -> None:
        wal = self.path.with_name(self.path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the command wrote to the WAL"
        assert self.path.read_bytes() == self.data, "the database file changed"
        assert logical_dump(self.path) == self.dump


P = pytest.param
BAD_INPUT = [
    # pain
    P(["pain", "11"], ["SCORE", "0 to 10", "'11'"], id="pain 11"),
    P(["pain", "abc"], ["SCORE", "0 to 10"], id="pain abc"),
    P(["pain", "4.5"], ["SCORE", "whole number"], id="pain 4.5"),
    # Click reads a negative number as an unknown option; paceit hands it to the argument's
    # own check, so the message is the same as for any other bad value, with its range.
    P(["pain", "-1"], ["paceit: error: SCORE must be a whole number from 0 to 10 (got '-1')"], id="pain -1"),
    P(["pain", "-1", "--sleep", "6"], ["SCORE must be a whole number from 0 to 10 (got '-1')"], id="pain -1 --sleep"),
    P(["log", "walking", "-5"], ["paceit: error: AMOUNT", "at most 1440 min", "(got '-5')"], id="log -5"),
    P(["log", "walking", "-5", "--effort", "4"], ["AMOUNT", "more than 0 and at most 1440", "'-5'"], id="log -5 e"),
    P(["log", "squats", "-2"], ["AMOUNT", "whole number", "'-2'"], id="log -2 reps"),
    P(["log", "-5", "20"], ["paceit: error: NAME must not be negative (got '-5')"], id="log negative name"),
    P(["pain", "4", "--sleep", "11"], ["--sleep", "0 to 10"], id="sleep 11"),
    P(["pain", "4", "--sleep", "-1"], ["--sleep", "0 to 10"], id="sleep -1"),
    P(["pain", "4", "--mood", "x"], ["--mood", "0 to 10"], id="mood x"),
    P(["pain", "4", "--fatigue", "10.0"], ["--fatigue", "0 to 10"], id="fatigue 10.0"),
    P(["pain", "4", "--stress", "99"], ["--stress", "0 to 10"], id="stress 99"),
    P(["pain", "4", "--at", "2099-01-01"], ["--at", "future"], id="at future"),
    P(["pain", "4", "--at", "2026-11-21T18:30"], ["--at", "future"], id="at later today"),
    P(["pain", "4", "--at", "2026-13-01"], ["--at", "2026-13-01"], id="at month 13"),
    P(["pain", "4", "--at", "2026-02-30"], ["--at"], id="at 30 Feb"),
    P(["pain", "4", "--at", "25:00"], ["--at"], id="at 25:00"),
    P(["pain", "4", "--at", "tomorrow"], ["--at"], id="at tomorrow"),
    P(["pain", "4", "--note", ""], ["--note", "empty"], id="empty note"),
    P(["pain", "4", "--note", "a" * 2001], ["--note", "2000"], id="long note"),
    P(["pain", "4", "--site", "  "], ["--site"], id="blank site"),
    P(["pain", "4", "--sleeep", "3"], ["--sleeep", "--sleep"], id="misspelt option"),
    P(["pain"], ["SCORE"], id="no score off a terminal"),
    P(["pain", "4", "5"], ["5"], id="extra argument"),
    # log
    P(["log", "walkng", "20"], ["walkng", "did you mean 'walking'"], id="log misspelt activity"),
    P(["log", "swimming", "20"], ["swimming", "walking"], id="log unknown activity"),
    P(["log", "", "20"], ["activity name", "blank", "walking"], id="log empty activity name"),
    P(["log", "  ", "20"], ["activity name", "blank", "walking"], id="log blank activity name"),
    P(["log", "walking", "0"], ["AMOUNT", "more than 0"], id="log 0"),
    P(["log", "walking", "20x"], ["AMOUNT", "20x"], id="log 20x"),
    P(["log", "walking", "2000"], ["AMOUNT", "1440"], id="log 2000 min"),
    P(["log", "walking", "1h75x"], ["AMOUNT"], id="log 1h75x"),
    P(["log", "running", "2.5mi"], ["AMOUNT", "kilometres"], id="log miles"),
    P(["log", "running", "2000km"], ["AMOUNT", "1000"], id="log 2000 km"),
    P(["log", "squats", "12.5"], ["AMOUNT", "whole number"], id="log part of a rep"),
    P(["log", "walking", "20", "--effort", "11"], ["--effort", "0 to 10"], id="effort 11"),
    P(["log", "walking", "20", "--pain-during", "6.5"], ["--pain-during", "0 to 10"], id="pain-during 6.5"),
    P(["log", "walking", "20", "--at", "2099-01-01"], ["--at", "future"], id="log at future"),
    P(["log", "walking"], ["AMOUNT is missing: How much: 20, 20m", "a number for others"], id="log without amount"),
    P(["activity", "add"], ["NAME is missing"], id="activity add without name"),
    # activity
    P(["activity", "add", "cycling", "--unit", "furlongs"], ["--unit", "min"], id="unit furlongs"),
    P(["activity", "add", "cycling"], ["--unit"], id="unit missing"),
    P(["activity", "add", "walking", "--unit", "min"], ["walking", "already exists"], id="duplicate activity"),
    P(["activity", "add", "WALKING", "--unit", "km"], ["walking", "already exists"], id="duplicate any case"),
    P(["activity", "add", "cycling", "--unit", "min", "--step", "50%"], ["--step", "5% to 20%"], id="step 50%"),
    P(["activity", "add", "cycling", "--unit", "min", "--step", "0"], ["--step"], id="step 0"),
    P(["activity", "add", "cycling", "--unit", "min", "--every", "3"], ["--every", "7 to 14"], id="every 3"),
    P(["activity", "add", "cycling", "--unit", "min", "--ceiling", "9"], ["--ceiling", "5 to 7"], id="ceiling 9"),
    P(["activity", "add", "cycling", "--unit", "min", "--baseline", "0"], ["--baseline"], id="baseline 0"),
    P(["activity", "add", "cycling", "--unit", "min", "--baseline", "20", "--target", "10"], ["--target"],
      id="target below baseline"),
    # the target must lie above the starting quota, 0.8 x 20 = 16 min: 16 itself is refused
    P(["activity", "add", "cycling", "--unit", "min", "--baseline", "20", "--target", "16"],
      ["--target must be above the starting quota (16 min, 0.8 x the baseline 20 min; baseline.factor)"],
      id="target at the starting quota"),
    P(["activity", "edit", "walking", "--target", "8"], ["--target", "starting quota (8 min"],
      id="edit target at the starting quota"),
    P(["activity", "add", "", "--unit", "min"], ["NAME"], id="empty name"),
    P(["activity", "show", "swimming"], ["swimming"], id="show unknown"),
    P(["activity", "edit", "walking", "--unit", "km"],
      ["--unit cannot change from min to km: 1 session is logged in min"], id="edit unit with sessions"),
    P(["activity", "edit", "walking", "--name", "running"], ["--name", "running"], id="rename to existing"),
    P(["activity", "edit", "walking"], ["nothing to change"], id="edit nothing"),
    P(["activity", "archive", "swimming"], ["swimming"], id="archive unknown"),
    # ladder
    P(["ladder", "add", "lift a box", "--fear", "101"], ["--fear", "0 to 100"], id="fear 101"),
    P(["ladder", "add", "lift a box"], ["--fear"], id="fear missing"),
    P(["ladder", "add", "lift a box", "--fear", "40", "--activity", "swiming"], ["swiming"], id="ladder activity"),
    P(["ladder", "try", "999", "--fear-before", "1", "--fear-after", "1"], ["999"], id="try unknown step"),
    P(["ladder", "try", "abc", "--fear-before", "1", "--fear-after", "1"], ["STEP"], id="try step abc"),
    P(["ladder", "try", "1", "--fear-before", "50"], ["--fear-after"], id="try without fear-after"),
    P(["ladder", "try", "1", "--fear-after", "50"], ["--fear-before"], id="try without fear-before"),
    P(["ladder", "try", "1", "--fear-before", "50", "--fear-after", "20", "--fear-peak", "101"],
      ["--fear-peak", "0 to 100"], id="fear-peak 101"),
    P(["ladder", "try", "1", "--fear-before", "50", "--fear-after", "20", "--pain", "11"], ["--pain", "0 to 10"],
      id="trial pain 11"),
    P(["ladder", "try", "1", "--fear-before", "50", "--fear-after", "20", "--happened", "maybe"], ["--happened"],
      id="happened maybe"),
    P(["ladder", "try", "1", "--fear-before", "50", "--fear-after", "20", "--expect-likely", "150"],
      ["--expect-likely", "0 to 100"], id="expect-likely 150"),
    # red flags
    P(["redflag", "check", "--yes", "notacode"], ["--yes", "night-pain"], id="unknown red flag"),
    P(["redflag", "check", "--yes", "fever", "--none"], ["--none"], id="yes and none"),
    P(["redflag", "check"], ["--yes", "--none"], id="check off a terminal"),
    P(["redflag", "clear", "999", "--reviewed", "x"], ["999"], id="clear unknown"),
    P(["redflag", "clear", "1", "--reviewed", "x"], ["already cleared"], id="clear twice"),
    P(["redflag", "clear", "2"], ["--reviewed"], id="clear without review"),
    # flares, goals, measures
    P(["flare", "end"], ["no flare is open"], id="end without flare"),
    P(["flare", "start", "--at", "2099-01-01"], ["--at"], id="flare start future"),
    P(["flare", "plan", "nosection", "x"], ["SECTION", "triggers"], id="plan unknown section"),
    P(["flare", "plan", "triggers", ""], ["TEXT"], id="plan empty item"),
    P(["goal", "done", "999"], ["999"], id="goal done unknown"),
    P(["goal", "done", "2"], ["already"], id="goal done twice"),
    P(["goal", "add", "run", "--target", "3"], ["--activity"], id="goal target without activity"),
    P(["goal", "add", "run", "--activity", "walking", "--target", "abc"], ["--target"], id="goal target abc"),
    P(["measure", "peg", "--pain", "5"], ["--enjoyment", "--activity"], id="peg partial"),
    P(["measure", "peg", "--pain", "11", "--enjoyment", "1", "--activity", "1"], ["--pain", "0 to 10"],
      id="peg pain 11"),
    P(["measure", "psfs", "--item", "a=1", "--item", "b=2"], ["3 to 5"], id="psfs 2 items"),
    P(["measure", "psfs", "--item", "a1", "--item", "b=2", "--item", "c=3"], ["--item", "ACTIVITY=SCORE"],
      id="psfs item without ="),
    P(["measure", "psfs", "--item", "a=11", "--item", "b=2", "--item", "c=3"], ["--item", "0 to 10"],
      id="psfs score 11"),
    # corrections
    P(["edit", "pain", "999", "--pain", "3"], ["999"], id="edit unknown id"),
    P(["edit", "pain", "1", "--pain", "11"], ["--pain", "0 to 10"], id="edit pain 11"),
    P(["edit", "pain", "1", "--pain", "none"], ["--pain"], id="edit clears required"),
    P(["edit", "pain", "1", "--weather", "rain"], ["--weather", "--sleep"], id="edit unknown field"),
    P(["edit", "pain", "1"], ["nothing to change", "e.g. --pain 5"], id="edit without fields"),
    # the example is one of the kind's own fields (it said --pain 5 for every kind)
    P(["edit", "trial", "1"], ["nothing to change", "e.g. --fear-after 20"], id="edit trial without fields"),
    P(["edit", "flare", "1"], ["nothing to change", "e.g. --note"], id="edit flare without fields"),
    P(["edit", "pain", "1", "--pain"], ["--pain"], id="edit field without value"),
    P(["edit", "session", "1", "--amount", "0"], ["--amount"], id="edit amount 0"),
    P(["edit", "session", "1", "--activity", "running"], ["--activity", "min"], id="edit session other unit"),
    P(["edit", "mood", "1", "--pain", "3"], ["KIND"], id="edit unknown kind"),
    P(["delete", "pain", "abc"], ["ID"], id="delete id abc"),
    P(["delete", "pain", "0"], ["ID"], id="delete id 0"),
    P(["delete", "pain", "999"], ["999"], id="delete unknown"),
    P(["delete", "activity", "1"], ["sessions", "archive"], id="delete activity with sessions"),
    P(["delete", "step", "1"], ["trials"], id="delete step with trials"),
    P(["delete", "mood", "1"], ["KIND"], id="delete unknown kind"),
    P(["undo", "2"], ["2"], id="undo with argument"),
    # config
    P(["config", "set", "zone.green_max", "9", "--clinician"], ["zone.green_max", "2 to 3"], id="config range"),
    P(["config", "set", "progression.step_pct", "15"], ["--clinician"], id="config needs clinician"),
    P(["config", "set", "progression.step_pc", "15"], ["KEY", "progression.step_pct"], id="config unknown key"),
    P(["config", "set", "plan.days", "funday"], ["plan.days"], id="config bad days"),
    P(["config", "set", "plan.days"], ["VALUE"], id="config without value"),
    # history and the root
    P(["history", "--since", "2026-02-30"], ["--since"], id="since 30 Feb"),
    P(["history", "--until", "soon"], ["--until"], id="until soon"),
    P(["history", "--kind", "foo"], ["--kind", "pain"], id="history kind foo"),
    P(["history", "--since", "today", "--until", "yesterday"], ["--since", "--until"], id="since after until"),
    P(["nosuchcommand"], ["nosuchcommand"], id="unknown command"),
    P(["--nosuch", "pain", "4"], ["--nosuch"], id="unknown global option"),
]


def _check_message(line: str, fragments: list[str]) -> None:
    assert "Traceback" not in line
    for fragment in fragments:
        assert fragment in line, (fragment, line)


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT)
def test_bad_input_is_refused_and_changes_nothing(populated: Path, args: list[str], fragments: list[str]) -> None:
    snapshot = Snapshot(populated)

    line = fails(*args)

    _check_message(line, fragments)
    snapshot.assert_unchanged()


# Bad input that does not depend on what is in the diary: on a missing diary it must
# still be refused the same way, and must not create the file (nor its folder).
ON_MISSING_DIARY = [
    P(["pain", "11"], ["SCORE"], id="pain 11"),
    P(["pain", "4", "--at", "2099-01-01"], ["--at"], id="pain at future"),
    P(["log", "walking", "20"], ["walking"], id="log unknown activity"),
    P(["activity", "add", "walking", "--unit", "furlongs"], ["--unit"], id="activity unit"),
    P(["activity", "add", "walking", "--unit", "min", "--every", "3"], ["--every"], id="activity every"),
    P(["activity", "show", "walking"], ["walking"], id="activity show"),
    P(["activity", "edit", "walking", "--target", "30"], ["walking"], id="activity edit"),
    P(["activity", "archive", "walking"], ["walking"], id="activity archive"),
    P(["ladder", "add", "lift", "--fear", "101"], ["--fear"], id="ladder fear"),
    P(["ladder", "add", "lift", "--fear", "40", "--activity", "walking"], ["walking"], id="ladder activity"),
    P(["ladder", "try", "1", "--fear-before", "40", "--fear-after", "20"], ["1"], id="ladder try"),
    P(["redflag", "check", "--yes", "notacode"], ["--yes"], id="redflag code"),
    P(["redflag", "check", "--yes", "fever", "--at", "2099-01-01"], ["--at"], id="redflag at future"),
    P(["redflag", "clear", "1", "--reviewed", "x"], ["1"], id="redflag clear"),
    P(["flare", "end"], ["no flare"], id="flare end"),
    P(["flare", "start", "--note", ""], ["--note"], id="flare start empty note"),
    P(["flare", "plan", "triggers", ""], ["TEXT"], id="flare plan empty"),
    P(["goal", "add", "run", "--activity", "walking"], ["walking"], id="goal activity"),
    P(["goal", "done", "1"], ["1"], id="goal done"),
    P(["measure", "peg", "--pain", "5"], ["--enjoyment"], id="peg partial"),
    P(["measure", "psfs", "--item", "a=1"], ["3 to 5"], id="psfs 1 item"),
    P(["edit", "pain", "1", "--pain", "3"], ["1"], id="edit"),
    P(["delete", "pain", "1"], ["1"], id="delete"),
    P(["config", "set", "progression.step_pct", "15"], ["--clinician"], id="config clinician"),
    P(["config", "set", "zone.green_max", "9", "--clinician"], ["2 to 3"], id="config range"),
    P(["config", "set", "plan.days", "funday"], ["plan.days"], id="config days"),
    P(["history", "--kind", "foo"], ["--kind"], id="history kind"),
]


@pytest.mark.parametrize(("args", "fragments"), ON_MISSING_DIARY)
def test_bad_input_on_a_missing_diary_creates_nothing(isolated_db: Path, args: list[str],
                                                      fragments: list[str]) -> None:
    line = fails(*args)

    _check_message(line, fragments)
    assert not isolated_db.exists()
    assert not isolated_db.parent.exists()


def test_the_snapshot_notices_a_real_write(populated: Path) -> None:
    """Guards the check above against passing vacuously."""
    snapshot = Snapshot(populated)

    ok("pain", "4", "--at", "2026-11-21T09:00")

    with pytest.raises(AssertionError):
        snapshot.assert_unchanged()


def test_refused_flare_start_while_one_is_open_changes_nothing(populated: Path) -> None:
    ok("flare", "start", "--at", "2026-11-20")
    snapshot = Snapshot(populated)

    assert "already open" in fails("flare", "start")
    snapshot.assert_unchanged()


def test_a_refused_command_leaves_undo_pointing_at_the_last_real_change(populated: Path) -> None:
    ok("pain", "7")
    fails("pain", "7", "--sleep", "11")
    fails("log", "walking", "0")

    assert ok("undo").stdout.startswith("Undid 'paceit pain'")


def test_a_negative_number_given_as_free_text_is_that_text(populated: Path) -> None:
    """Only the argument's own check refuses a negative number (cli/negative_numbers.py):
    a goal's text may be any words, so `goal add -5` saves "-5" as `goal add -- -5` does,
    and a wrong command word still gets the usage error, not a retry."""
    ok("goal", "add", "-5")
    ok("goal", "add", "--", "-6")
    goals = [r["text"] for r in rows(populated, "goal")]
    assert goals[-2:] == ["-5", "-6"]
    snapshot = Snapshot(populated)
    assert "No such command 'trial'" in fails("ladder", "trial", "-3")
    assert "NAME must not be negative (got '-5')" in fails("log", "-5", "--effort", "3", "20")
    snapshot.assert_unchanged()


def test_a_negative_number_is_placed_after_the_command_word_not_a_word_like_it(populated: Path) -> None:
    """An activity called 'log': the words are counted from the command word `log`, not
    from the activity's name, so -5 is still the AMOUNT."""
    ok("activity", "add", "log", "--unit", "min")
    snapshot = Snapshot(populated)
    line = fails("log", "log", "-5")
    assert "AMOUNT must be a duration" in line and "at most 1440 minutes (got '-5')" in line, line
    assert "more than 0" in fails("--db", str(populated), "log", "log", "-5", "--effort", "3")
    snapshot.assert_unchanged()
