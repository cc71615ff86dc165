"""What `log` and `next` say about a session's zone is true to the rule (a new user's review):

1. A morning entry logged in the same minute as the session (seconds apart, or backfilled with
   the same --at) is the session's pain before, so the zone and the quota use it; and the words
   say which reference the rise is measured from (the morning entry, what was logged with the
   session, or the usual pain standing in for them).
2. Green means pain during no higher than before (or at most 2): it never says "your pain did
   not rise" when pain after rose; and the hurt-vs-harm hint never says the soreness "had
   settled" on a morning still above the usual pain.
3. Red is a guard-rail (clinical-rules §2): ease off next time, a smaller step, not a stop; it
   never tells anyone to rest, nor to push on.

Run in-process through the CLI with the clock set per command (PACEIT_NOW), in UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from helpers import flat, ok, read_json, time_zone

Run = Callable[..., str]  # at(moment, *args): paceit's flat output with its clock at `moment` (UTC)


@pytest.fixture(autouse=True)
def _utc() -> Iterator[None]:
    with time_zone("UTC"):
        yield


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Run:
    def run(moment: str, *args: str) -> str:
        monkeypatch.setenv("PACEIT_NOW", f"{moment}+00:00")
        return flat(ok(*args).stdout)

    return run


def walking(at: Run) -> None:
    at("2026-11-20T08:00:00", "activity", "add", "walking", "--unit", "min", "--baseline", "20")


def usual_mornings(at: Run, first: date, pains: tuple[int, ...]) -> None:
    for n, pain in enumerate(pains):
        at("2026-12-01T07:00:00", "pain", str(pain), "--at", f"{first + timedelta(days=n)}T08:00")


# --- 1. the same minute ------------------------------------------------------------------------


def test_a_morning_entry_seconds_before_the_session_in_the_same_minute_is_its_pain_before(at: Run) -> None:
    walking(at)
    at("2026-12-01T08:00:10", "pain", "5")
    said = at("2026-12-01T08:00:40", "log", "walking", "16", "--pain-during", "6", "--pain-after", "6")
    assert "Zone: red" not in said, said
    assert "Zone: yellow: your pain rose from 5 (your morning pain) to 6, within your limit of 7;" in said
    plan = read_json_at(at, "2026-12-02T09:00:00")
    assert plan["zone"] == "yellow" and plan["decision"] != "step back"


def test_a_morning_entry_backfilled_at_the_same_time_as_the_session_is_its_pain_before(at: Run) -> None:
    walking(at)
    at("2026-12-01T20:00:00", "pain", "5", "--at", "2026-12-01T08:00")
    said = at(
        "2026-12-01T20:00:30",
        "log",
        "walking",
        "16",
        "--pain-during",
        "6",
        "--pain-after",
        "6",
        "--at",
        "2026-12-01T08:00",
    )
    assert "Zone: yellow: your pain rose from 5 (your morning pain) to 6, within your limit of 7;" in said
    assert read_json_at(at, "2026-12-02T09:00:00")["zone"] == "yellow"


def test_a_morning_entry_the_minute_after_the_session_is_not_its_pain_before(at: Run) -> None:
    walking(at)
    at("2026-12-01T08:00:10", "log", "walking", "16", "--pain-during", "6", "--pain-after", "6")
    at("2026-12-01T08:01:00", "pain", "5")
    assert read_json_at(at, "2026-12-02T09:00:00")["zone"] == "red"  # L is the ceiling, 5


def test_the_usual_pain_standing_in_for_pain_before_is_called_the_usual_pain(at: Run) -> None:
    walking(at)
    usual_mornings(at, date(2026, 11, 17), (5, 6) * 7)  # U 5.5
    said = at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", "6", "--pain-after", "6")
    assert "your pain rose from 5.5" not in said
    assert "Zone: yellow: pain during was 6, above your usual pain of 5.5 and within your limit of 7.5;" in said
    assert "no pain was logged before it" in said


def test_pain_logged_with_the_session_is_named_as_such(at: Run) -> None:
    walking(at)
    said = at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-before", "4", "--pain-during", "5")
    assert "Zone: yellow: your pain rose from 4 (logged before the session) to 5, within your limit of 6;" in said


# --- 2. green is true to the rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("morning", "during", "after", "words"),
    [
        ("5", "5", "6", "Zone: green: pain during was 5, no higher than your morning pain of 5; "
         "pain after was 6, within your limit of 7."),
        ("7", "7", "8", "Zone: green: pain during was 7, no higher than your morning pain of 7; "
         "pain after was 8, within your limit of 8."),
        ("5", "4", "5", "Zone: green: your pain did not rise: pain during was 4 and after 5, "
         "no higher than your morning pain of 5."),
        ("1", "2", "2", "Zone: green: pain during was 2, at most 2 out of 10; pain after was 2, "
         "within your limit of 5."),
    ],
)  # fmt: skip
def test_green_says_what_the_numbers_say(at: Run, morning: str, during: str, after: str, words: str) -> None:
    walking(at)
    at("2026-12-01T08:00:00", "pain", morning)
    said = at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", during, "--pain-after", after)
    assert words in said, said
    if after > morning:
        assert "did not rise" not in said


def test_green_with_nothing_logged_before_does_not_claim_pain_did_not_rise(at: Run) -> None:
    walking(at)
    said = at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", "1")
    assert "Zone: green: pain during was 1, at most 2 out of 10." in said and "did not rise" not in said


def test_the_hurt_vs_harm_hint_does_not_call_a_morning_above_the_usual_settled(at: Run) -> None:
    """Usual pain 5.5 with a wide swing (a clear rise is 3): a morning of 8, ticked as a flare,
    is not a clear rise above it, so the session is not held against; but it is not settled."""
    walking(at)
    usual_mornings(at, date(2026, 11, 17), (4, 7, 5, 6) * 3 + (4, 7))
    at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", "5", "--pain-after", "6")
    at("2026-12-02T08:00:00", "pain", "8", "--flare")
    said = at("2026-12-02T09:00:00", "next", "--why")
    assert "settled" not in said.split("hurt-vs-harm", 1)[1], said
    assert (
        "paceit learn hurt-vs-harm (your pain rose after yesterday's walking session; this morning's "
        "pain, 8, is still above your usual 5.5)"
    ) in said


def test_the_hurt_vs_harm_hint_says_settled_once_the_morning_is_back_to_the_usual(at: Run) -> None:
    walking(at)
    usual_mornings(at, date(2026, 11, 17), (4, 7, 5, 6) * 3 + (4, 7))
    at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", "5", "--pain-after", "6")
    at("2026-12-02T08:00:00", "pain", "5")
    said = at("2026-12-02T09:00:00", "next", "--why")
    assert (
        "paceit learn hurt-vs-harm (your pain rose after yesterday's walking session and was back "
        "to your usual by this morning)"
    ) in said


# --- 3. red is a guard-rail ------------------------------------------------------------------------


def test_red_says_ease_off_next_time_never_rest_nor_push_on(at: Run) -> None:
    walking(at)
    said = at("2026-12-01T17:00:00", "log", "walking", "16", "--pain-during", "9")
    assert (
        "Zone: red (pain during was 9, above the ceiling of 5). Ease off next time: a smaller next step, not a stop;"
        in said
    )
    assert "paceit redflag check" in said
    assert not [w for w in ("rest", "push", "keep going", "carry on") if w in said.lower().split("zone: red", 1)[1]]


def read_json_at(at: Run, moment: str) -> dict[str, object]:
    """The walking row of `next --json` with the clock at `moment`."""
    at(moment, "next")  # sets the clock
    activity: dict[str, object] = read_json("next")["activities"][0]
    return activity
