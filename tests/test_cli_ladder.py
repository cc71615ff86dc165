"""`paceit ladder add|list|try|show|edit|remove` and the ladder object of `paceit next --json`,
run in-process with the stored rows checked by plain sqlite3 (helpers.rows).

Clock: PACEIT_NOW is fixed (helpers.NOW, Saturday 21 November 2026, UTC) unless a test moves it
along for commands that record "now" (red-flag check and clear, flare end). A "win" trial is
fear before 30, fear after 20, predicted pain 6, actual pain 3, feared outcome did not happen:
EV = 6 - 3 = 3 >= 2, so it succeeds; three of them master a step (last fear before 30 <= 30).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import count, fails, fixed_clock, ok, read_json, rows

WIN = ("--fear-before", "30", "--fear-after", "20", "--predicted-pain", "6", "--pain", "3", "--happened", "no")


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


def now(monkeypatch: pytest.MonkeyPatch, day: str, clock: str = "20:00") -> None:
    monkeypatch.setenv("PACEIT_NOW", f"{day}T{clock}:00+00:00")


def add(text: str, fear: int, *options: str) -> str:
    return ok("ladder", "add", text, "--fear", str(fear), "--at", "2026-11-01", *options).stdout


def win(step: int, day: str) -> str:
    return ok("ladder", "try", str(step), *WIN, "--at", f"{day}T17:00").stdout


def ladder_doc() -> Any:
    return read_json("next")["ladder"]


# --- add / list ----------------------------------------------------------------------------------


def test_add_saves_the_step_and_tips_about_a_high_first_step(isolated_db: Path) -> None:
    out = add("carry a full shopping bag", 60, "--harm", "70")
    lines = out.splitlines()
    assert lines[0] == "Saved ladder step #1: carry a full shopping bag (fear 60/100, harm 70/100)."
    assert any(line.startswith("Tip: ") and "60" in line and "40" in line for line in lines[1:])
    (stored,) = rows(isolated_db, "ladder_step")
    assert (stored["text"], stored["fear"], stored["harm"], stored["day"]) == (
        "carry a full shopping bag",
        60,
        70,
        "2026-11-01",
    )
    out = add("bend to pick up a sock", 30)
    assert out.splitlines()[0] == "Saved ladder step #2: bend to pick up a sock (fear 30/100)."
    assert "Tip:" in out  # 30 -> 60 is a gap of 30 > 15
    assert "from 30 to 60" in out


def test_add_a_low_first_step_gives_no_tip() -> None:
    out = add("bend to tie shoes", 40)
    assert out == "Saved ladder step #1: bend to tie shoes (fear 40/100).\n"


def test_list_json_is_in_fear_order_with_status_trials_gap_and_harm() -> None:
    add("lift a box", 50, "--harm", "60")  # #1
    add("bend to tie shoes", 20)  # #2
    add("carry shopping", 35, "--harm", "40")  # #3
    ok("ladder", "try", "2", *WIN, "--at", "2026-11-02T17:00")
    ok(
        "ladder", "try", "2", "--fear-before", "40", "--fear-after", "30",
        "--predicted-pain", "7", "--pain", "2", "--happened", "no", "--at", "2026-11-03T17:00",
    )  # fmt: skip
    ok("ladder", "try", "2", "--fear-before", "40", "--fear-after", "10", "--at", "2026-11-04T17:00")  # no prediction
    doc = read_json("ladder", "list")
    assert [s["id"] for s in doc] == [2, 3, 1]
    assert [s["fear"] for s in doc] == [20, 35, 50]
    assert [s["harm"] for s in doc] == [None, 40, 60]
    assert [s["status"] for s in doc] == ["current", "waiting", "waiting"]
    assert [s["trials"] for s in doc] == [3, 0, 0]
    # the latest trial that recorded both pains: 7 - 2 = 5 (the last trial had no prediction)
    assert [s["latest_gap"] for s in doc] == [5, None, None]
    assert doc[0]["text"] == "bend to tie shoes" and doc[0]["added"] == "2026-11-01"


def test_list_human_shows_status_and_hints() -> None:
    add("lift a box", 50)
    out = ok("ladder", "list").stdout
    assert "lift a box" in out and "current" in out
    assert "Tip: Your first step has fear 50" in out


def test_list_empty() -> None:
    add("lift a box", 50)
    ok("ladder", "remove", "1")
    assert read_json("ladder", "list") == []
    assert "Your ladder is empty" in ok("ladder", "list").stdout


# --- try / show ----------------------------------------------------------------------------------


def test_try_says_whether_the_trial_succeeded(isolated_db: Path) -> None:
    add("bend to tie shoes", 30)
    out = win(1, "2026-11-02")
    assert out.splitlines()[0].startswith("Saved trial #1 of step #1 (bend to tie shoes) for ")
    assert "This trial counts as a success: the feared outcome did not happen and pain was 3 lower" in out
    assert "Trials of this step: 1." in out
    assert "repeat this step" not in out
    (trial,) = rows(isolated_db, "exposure_trial")
    assert (trial["step_id"], trial["fear_before"], trial["predicted_pain"], trial["pain"], trial["happened"]) == (
        1, 30, 6, 3, 0,
    )  # fmt: skip


def test_try_names_a_bad_value_before_a_missing_required_one(isolated_db: Path) -> None:
    add("bend to tie shoes", 30)
    line = fails("ladder", "try", "1", "--happened", "maybe")
    assert line == "paceit: error: --happened must be yes or no (got 'maybe')", line
    assert "--fear-before" in fails("ladder", "try", "1", "--fear-after", "20")  # nothing else wrong
    line = fails("ladder", "try", "1", "--fear-before", "30", "--pain", "11")
    assert "--pain must be a whole number from 0 to 10" in line
    assert fails("ladder", "try", "1", "--happened", "no").endswith(
        "--fear-before is required: a whole number from 0 to 100"
    )
    assert "--harm" in fails("ladder", "add", "lift a box", "--harm", "200")  # before the missing --fear
    assert count(isolated_db, "exposure_trial") == 0 and count(isolated_db, "ladder_step") == 1


def test_try_suggests_repeating_after_an_aborted_trial() -> None:
    add("bend to tie shoes", 30)
    out = ok("ladder", "try", "1", *WIN, "--aborted", "--at", "2026-11-02T17:00").stdout
    assert "does not count as a success yet: the trial was stopped early" in out
    assert "The last trial was stopped early: repeat this step" in out
    assert "paceit ladder add TEXT --fear N" in out


def test_try_suggests_repeating_after_a_peak_of_ninety_two() -> None:
    add("bend to tie shoes", 30)
    out = ok("ladder", "try", "1", *WIN, "--fear-peak", "92", "--at", "2026-11-02T17:00").stdout
    assert "Fear peaked at 92 (at or above 90): repeat this step" in out
    out = ok("ladder", "try", "1", *WIN, "--fear-peak", "89", "--at", "2026-11-03T17:00").stdout
    assert "repeat this step" not in out


def test_show_json_has_each_trial_with_success_and_why() -> None:
    add("bend to tie shoes", 30, "--harm", "20")
    win(1, "2026-11-02")
    ok("ladder", "try", "1", *WIN[:4], "--predicted-pain", "6", "--pain", "6", "--happened", "no",
       "--at", "2026-11-03T17:00")  # fmt: skip
    ok("ladder", "try", "1", *WIN, "--happened", "yes", "--at", "2026-11-04T17:00")  # last --happened wins
    doc = read_json("ladder", "show", "1")
    assert (doc["id"], doc["text"], doc["fear"], doc["harm"], doc["status"], doc["trials"]) == (
        1, "bend to tie shoes", 30, 20, "current", 3,
    )  # fmt: skip
    detail = doc["trials_detail"]
    assert [t["id"] for t in detail] == [1, 2, 3]
    assert [t["day"] for t in detail] == ["2026-11-02", "2026-11-03", "2026-11-04"]
    assert [t["success"] for t in detail] == [True, False, False]
    assert detail[0]["why"] == "the feared outcome did not happen and pain was 3 lower than predicted (6 vs 3)"
    assert "pain was 0 below the prediction (needs 2)" in detail[1]["why"]
    assert detail[2]["why"] == "the feared outcome happened"
    assert (detail[0]["predicted_pain"], detail[0]["pain"], detail[0]["fear_before"]) == (6, 3, 30)


def test_show_human_lists_each_trial() -> None:
    add("bend to tie shoes", 30)
    assert "No trials yet. Try it: paceit ladder try 1" in ok("ladder", "show", "1").stdout
    win(1, "2026-11-02")
    ok("ladder", "try", "1", *WIN, "--happened", "yes", "--at", "2026-11-03T17:00", "--expect", "my back locks",
       "--expect-likely", "70", "--safety", "yes")  # fmt: skip
    out = ok("ladder", "show", "1").stdout
    assert out.splitlines()[0] == "Step #1: bend to tie shoes (fear 30; current)."
    assert "2026-11-02" in out and "2026-11-03" in out
    assert "6->3" in out and "30/-/20" in out
    assert "success: the feared" in out and "not yet: the feared" in out
    # issue 17: each trial's expectation, and whether safety behaviours were used
    first, second = " ".join(out.split()).split("#2 2026-11-03")
    assert "expected: not recorded; happened: no" in first and "safety behaviours: not recorded" in first
    assert "expected: my back locks (70% likely); happened: yes" in second
    assert "safety behaviours: used" in second
    detail = read_json("ladder", "show", "1")["trials_detail"]
    stored = [(t["expect"], t["expect_likely"], t["safety"]) for t in detail]
    assert stored == [(None, None, None), ("my back locks", 70, 1)]


def test_show_try_edit_remove_unknown_step_fail_with_one_line() -> None:
    add("bend to tie shoes", 30)
    for args in (("show", "99"), ("try", "99", *WIN), ("edit", "99", "--fear", "20"), ("remove", "99")):
        assert "there is no ladder step with id 99" in fails("ladder", *args)


# --- edit / remove / undo ------------------------------------------------------------------------


def test_edit_changes_fear_and_clears_harm_and_undo_restores(isolated_db: Path) -> None:
    add("lift a box", 50, "--harm", "60")
    before = rows(isolated_db, "ladder_step")
    out = ok("ladder", "edit", "1", "--fear", "38", "--harm", "none").stdout
    assert out.splitlines()[0] == "Updated ladder step #1: lift a box (fear 38)."
    (edited,) = rows(isolated_db, "ladder_step")
    assert (edited["fear"], edited["harm"], edited["text"]) == (38, None, "lift a box")
    assert "Tip:" not in out  # 38 <= 40 now
    ok("undo")
    assert rows(isolated_db, "ladder_step") == before


def test_edit_without_changes_fails() -> None:
    add("lift a box", 50)
    assert "--fear" in fails("ladder", "edit", "1")


def test_remove_refuses_a_step_with_trials_unless_forced(isolated_db: Path) -> None:
    add("bend to tie shoes", 30)
    add("lift a box", 40)
    win(1, "2026-11-02")
    win(1, "2026-11-03")
    steps, trials = rows(isolated_db, "ladder_step"), rows(isolated_db, "exposure_trial")
    line = fails("ladder", "remove", "1")
    assert "--force" in line and "2 trials" in line
    assert rows(isolated_db, "ladder_step") == steps and rows(isolated_db, "exposure_trial") == trials
    out = ok("ladder", "remove", "1", "--force").stdout
    assert out == "Removed ladder step #1 (bend to tie shoes) and its 2 trials. Undo with 'paceit undo'.\n"
    assert [s["id"] for s in rows(isolated_db, "ladder_step")] == [2]
    assert rows(isolated_db, "exposure_trial") == []
    ok("undo")
    assert rows(isolated_db, "ladder_step") == steps
    assert rows(isolated_db, "exposure_trial") == trials
    assert read_json("ladder", "show", "1")["trials"] == 2


def test_delete_step_follows_the_same_rule_as_ladder_remove(isolated_db: Path) -> None:
    # One delete policy (store.deletion_rows): refused while the step has trials, for both
    # commands with the same words; --force takes the trials and their tags; undo restores all.
    add("bend to tie shoes", 30)
    ok("ladder", "try", "1", *WIN, "--at", "2026-11-02T17:00", "--tag", "garden")
    before = {t: rows(isolated_db, t) for t in ("ladder_step", "exposure_trial", "entry_tag")}
    refused = fails("delete", "step", "1")
    assert refused == fails("ladder", "remove", "1")
    assert "used by 1 trials;" in refused and "--force" in refused  # the words of `delete` before
    assert {t: rows(isolated_db, t) for t in before} == before
    out = ok("delete", "step", "1", "--force", "--yes").stdout
    assert out.startswith("Deleted ladder step #1 (bend to tie shoes, ")
    assert all(rows(isolated_db, t) == [] for t in before)
    ok("undo")
    assert {t: rows(isolated_db, t) for t in before} == before


def test_remove_a_step_without_trials_and_undo(isolated_db: Path) -> None:
    add("lift a box", 40)
    steps = rows(isolated_db, "ladder_step")
    assert ok("ladder", "remove", "1").stdout == "Removed ladder step #1 (lift a box). Undo with 'paceit undo'.\n"
    assert rows(isolated_db, "ladder_step") == []
    ok("undo")
    assert rows(isolated_db, "ladder_step") == steps


# --- next --json: the ladder object --------------------------------------------------------------


def test_next_shows_the_current_step_with_reasons() -> None:
    add("lift a box", 50)  # #1
    add("bend to tie shoes", 20)  # #2
    doc = read_json("next")
    assert doc["ladder_done"] is False
    step = doc["ladder"]
    assert set(step) == {"step_id", "text", "fear", "reasons", "summary"}  # summary: the short line (issue 17)
    assert (step["step_id"], step["text"], step["fear"]) == (2, "bend to tie shoes", 20)
    assert step["reasons"][0].startswith("No trials yet. Mastery needs at least 3 trials, the last 2 successful")
    win(2, "2026-11-02")
    win(2, "2026-11-03")
    step = ladder_doc()
    assert step["step_id"] == 2
    assert step["reasons"][0].startswith("2 trials so far; latest: success, success; last: ")
    assert "Mastery needs at least 3 trials" in step["reasons"][0]
    assert "fear before at most 30 (last: 30)" in step["reasons"][0]
    win(2, "2026-11-04")  # third win: #2 mastered, #1 is current
    step = ladder_doc()
    assert (step["step_id"], step["fear"]) == (1, 50)
    assert "Ladder step #1: lift a box (fear 50)" in ok("next").stdout


def test_next_repeats_the_suggestion_after_an_aborted_trial() -> None:
    add("bend to tie shoes", 20)
    ok("ladder", "try", "1", *WIN, "--aborted", "--at", "2026-11-02T17:00")
    reasons = ladder_doc()["reasons"]
    assert reasons[0].startswith("1 trial so far; latest: not yet; last: ")
    assert any("stopped early: repeat this step" in r for r in reasons[1:])


def test_next_when_every_step_is_mastered() -> None:
    add("bend to tie shoes", 20)
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        win(1, day)
    doc = read_json("next")
    assert doc["ladder"] is None and doc["ladder_done"] is True
    assert "every step is mastered" in ok("next").stdout


def test_next_with_an_empty_ladder() -> None:
    ok("activity", "add", "walking", "--unit", "min", "--at", "2026-11-01")
    doc = read_json("next")
    assert doc["ladder"] is None and doc["ladder_done"] is False
    assert "every step is mastered" not in ok("next").stdout


def test_an_open_red_flag_holds_the_ladder_until_the_day_after_it_is_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add("bend to tie shoes", 20)
    add("lift a box", 40)
    now(monkeypatch, "2026-11-05", "09:00")
    ok("redflag", "check", "--yes", "fever")
    for held, day in enumerate(("2026-11-05", "2026-11-06", "2026-11-07"), start=1):
        now(monkeypatch, day)
        win(1, day)
        doc = read_json("next")
        assert doc["ladder"]["step_id"] == 1 and doc["ladder_done"] is False
        assert doc["ladder"]["reasons"][0].startswith("Holding at this step while a red flag is open")
        # the trials are kept aside: the progress line counts none of them, and says they wait
        trials = "1 trial during the hold counts" if held == 1 else f"{held} trials during the hold count"
        assert doc["ladder"]["reasons"][1].startswith(f"No trials counted yet: {trials} once it is over.")
    now(monkeypatch, "2026-11-08", "10:00")
    ok("redflag", "clear", "1", "--reviewed", "x")
    # the day of the review still shows the pause
    step = ladder_doc()
    assert step["step_id"] == 1 and step["reasons"][0] == (
        "Holding at this step today, the day of your red flag's review: trials count again from tomorrow."
    )
    now(monkeypatch, "2026-11-09", "10:00")
    step = ladder_doc()
    assert step["step_id"] == 2  # the same three trials now count: #1 is mastered
    assert not any(r.startswith("Holding") for r in step["reasons"])
    assert [s["status"] for s in read_json("ladder", "list")] == ["mastered", "current"]


def test_a_declared_flare_holds_the_ladder_until_it_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    add("bend to tie shoes", 20)
    add("lift a box", 40)
    now(monkeypatch, "2026-11-07")
    ok("flare", "start", "--at", "2026-11-05 08:00")
    for day in ("2026-11-05", "2026-11-06", "2026-11-07"):
        win(1, day)
    doc = read_json("next")
    assert doc["flare"]["active"] is True
    assert doc["ladder"]["step_id"] == 1 and doc["ladder_done"] is False
    assert doc["ladder"]["reasons"][0].startswith("Holding at this step while the flare settles")
    assert doc["ladder"]["reasons"][1].startswith(
        "No trials counted yet: 3 trials during the flare count once it is over."
    )
    now(monkeypatch, "2026-11-08")
    ok("flare", "end")  # the flare ran 5 to 8 November inclusive
    held = ladder_doc()["reasons"]
    assert held[0] == "Holding at this step today, the flare's last day; trials still help, and count from tomorrow."
    assert held[1].startswith("No trials counted yet: 3 trials during the flare count from tomorrow.")
    now(monkeypatch, "2026-11-09")
    doc = read_json("next")
    assert doc["flare"]["active"] is False
    assert doc["ladder"]["step_id"] == 2
    assert not any(r.startswith("Holding") for r in doc["ladder"]["reasons"])


def test_a_trial_on_the_day_a_flare_starts_is_named_as_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    add("bend to tie shoes", 20)
    now(monkeypatch, "2026-11-05")
    win(1, "2026-11-05")
    ok("flare", "start")
    reasons = ladder_doc()["reasons"]
    assert reasons[0].startswith("Holding at this step while the flare settles")
    assert reasons[1].startswith("No trials counted yet: 1 trial during the flare counts once it is over.")
    assert "No trials yet" not in " ".join(reasons)


def test_trials_before_a_hold_still_count_during_it(monkeypatch: pytest.MonkeyPatch) -> None:
    add("bend to tie shoes", 20)
    add("lift a box", 40)
    for day in ("2026-11-02", "2026-11-03"):
        win(1, day)
    now(monkeypatch, "2026-11-05", "09:00")
    ok("redflag", "check", "--yes", "fever")
    now(monkeypatch, "2026-11-05")
    win(1, "2026-11-05")
    step = ladder_doc()
    assert step["step_id"] == 1
    assert step["reasons"][1].startswith("2 trials counted so far")
    assert "; 1 trial during the hold counts once it is over. Mastery needs" in step["reasons"][1]


def test_ladder_list_agrees_with_next_during_a_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    add("bend to tie shoes", 20)
    add("lift a box", 40)
    now(monkeypatch, "2026-11-05", "09:00")
    ok("redflag", "check", "--yes", "fever")
    for day in ("2026-11-05", "2026-11-06", "2026-11-07"):
        now(monkeypatch, day)
        win(1, day)
    assert ladder_doc()["step_id"] == 1
    # `ladder list` and `ladder show` hold too, as `next` does
    assert [s["status"] for s in read_json("ladder", "list")] == ["current", "waiting"]
    assert read_json("ladder", "show", "1")["status"] == "current"
    assert read_json("ladder", "show", "1")["trials"] == 3  # the trials are kept, only not counted yet


# --- new-user review: likelihood drops, holds said at `try`, fears that fit together ------------


def test_a_likelihood_drop_across_a_trial_without_one_succeeds_and_next_agrees() -> None:
    """Trial 1 said 50 % likely, trial 2 said nothing, trial 3 said 20 %: a fall of 30
    points since the likelihood was last recorded (§5), with the feared outcome not
    happening. paceit called it "not a success yet" and `next` "hard"."""
    add("bend to tie shoes", 40)
    same = ("--happened", "no", "--predicted-pain", "5", "--pain", "4")
    ok("ladder", "try", "1", "--fear-before", "40", "--fear-after", "30", "--expect-likely", "50", *same,
       "--at", "2026-11-02T17:00")  # fmt: skip
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "20", *same, "--at", "2026-11-03T17:00")
    out = ok(
        "ladder", "try", "1", "--fear-before", "15", "--fear-after", "10", "--expect-likely", "20", *same,
        "--at", "2026-11-04T17:00",
    ).stdout  # fmt: skip
    out = " ".join(out.split())  # the line wraps at the terminal's width
    assert "This trial counts as a success: the feared outcome did not happen and its predicted likelihood" in out
    assert "fell by 30 points" in out and "(50 to 20)" in out
    step = ladder_doc()
    assert step["summary"] == "3 trials, the latest went well; to master it: successes in a row."
    assert step["reasons"][0].startswith("3 trials so far; latest: not yet, success; last: ")
    assert "the latest went well" in " ".join(ok("next").stdout.split())
    details = read_json("ladder", "show", "1")["trials_detail"]
    assert [t["success"] for t in details] == [False, False, True]


def test_try_says_the_ladder_is_held_while_an_emergency_red_flag_is_open(
    isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add("bend to tie shoes", 40)
    now(monkeypatch, "2026-11-05", "09:00")
    ok("redflag", "check", "--yes", "leg-weakness", "--yes", "fever")
    now(monkeypatch, "2026-11-05", "18:00")
    out = ok("ladder", "try", "1", "--fear-before", "35", "--fear-after", "20").stdout
    assert count(isolated_db, "exposure_trial") == 1  # the trial is kept: the person did it
    said = " ".join(out.split())
    assert (
        "Your ladder is on hold while a red flag is open: leave trials until a clinician has reviewed it." in said
    ), out
    assert (
        "Trials during the hold are kept but do not move the ladder on: "
        "this one counts from the day after a clinician's review clears the red flag." in said
    ), out
    assert "This trial is a success: fear ended at 20" in said  # the verdict, not "counts" while held
    assert "counts as a success" not in said
    assert ladder_doc()["summary"].startswith("On hold while a red flag is open")  # as `next` says


def test_try_says_the_ladder_is_held_during_a_flare(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add("bend to tie shoes", 40)
    now(monkeypatch, "2026-11-05")
    ok("flare", "start", "--at", "2026-11-04 08:00")
    out = " ".join(ok("ladder", "try", "1", "--fear-before", "35", "--fear-after", "20").stdout.split())
    assert "Your ladder is on hold while the flare settles; gentle trials still help." in out, out
    counts = "Trials during the flare are kept but do not move the ladder on: this one counts once the flare is over."
    assert counts in out, out
    # a trial dated before the hold began counts as usual, and says so
    out = " ".join(ok("ladder", "try", "1", *WIN, "--at", "2026-11-03T17:00").stdout.split())
    assert "Your ladder is on hold while the flare settles" in out
    assert "This trial, dated before the hold began, counts as usual." in out
    assert "This trial counts as a success" in out
    assert count(isolated_db, "exposure_trial") == 2


def test_try_without_a_hold_says_nothing_of_one() -> None:
    add("bend to tie shoes", 40)
    assert "hold" not in win(1, "2026-11-02")


def test_a_fear_peak_below_before_or_after_is_refused(isolated_db: Path) -> None:
    add("bend to tie shoes", 40)
    line = fails("ladder", "try", "1", "--fear-before", "30", "--fear-after", "20", "--fear-peak", "10")
    assert line == (
        "paceit: error: --fear-peak must be at least the higher of --fear-before and --fear-after (30), up to 100"
    ), line
    assert "(25)" in fails("ladder", "try", "1", "--fear-before", "10", "--fear-after", "25", "--fear-peak", "20")
    assert count(isolated_db, "exposure_trial") == 0
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "20", "--fear-peak", "30")
    assert count(isolated_db, "exposure_trial") == 1


def test_edit_trial_checks_the_fears_against_the_stored_ones(isolated_db: Path) -> None:
    add("bend to tie shoes", 40)
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "20", "--fear-peak", "40")
    before = rows(isolated_db, "exposure_trial")
    line = fails("edit", "trial", "1", "--fear-peak", "25")
    assert line == (
        "paceit: error: --fear-peak must be at least the higher of --fear-before and --fear-after (30), up to 100"
    ), line
    line = fails("edit", "trial", "1", "--fear-before", "50")
    assert line == "paceit: error: --fear-before must be from 0 up to the trial's --fear-peak (40)", line
    assert "--fear-after must be from 0 up to the trial's --fear-peak (40)" in fails(
        "edit", "trial", "1", "--fear-after", "41"
    )
    assert "(50)" in fails("edit", "trial", "1", "--fear-before", "50", "--fear-peak", "45")
    assert rows(isolated_db, "exposure_trial") == before  # nothing written
    ok("edit", "trial", "1", "--fear-before", "50", "--fear-peak", "60")
    ok("edit", "trial", "1", "--fear-peak", "none")
    ok("edit", "trial", "1", "--fear-after", "70")  # no peak stored now: nothing to contradict
    (trial,) = rows(isolated_db, "exposure_trial")
    assert (trial["fear_before"], trial["fear_peak"], trial["fear_after"]) == (50, None, 70)


def test_try_of_a_backdated_trial_judges_that_trial_not_the_latest() -> None:
    """Found while adding the hold words: `try` judged the step's latest trial by time, so a
    trial logged late for an earlier day was given the verdict of a later one."""
    add("bend to tie shoes", 40)
    win(1, "2026-11-04")
    out = " ".join(ok("ladder", "try", "1", "--fear-before", "80", "--fear-after", "70", "--at", "2026-11-03T17:00")
                   .stdout.split())  # fmt: skip
    assert "This trial does not count as a success yet: fear ended at 70" in out, out
