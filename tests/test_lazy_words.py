"""A plan's words written when they are read (`day_plan.DayPlan.later`, issue 19's fifth
round) are the words of its day: reading them right after the day is planned, or at the
end of the replay, gives the same reasons and summary. A rule that captured the replay's
changing state (the gates' window list, the sessions logged so far) instead of its value
on the day would give other words when read later; these tests would see it.
"""

from __future__ import annotations

import copy
import pickle
from datetime import date, timedelta

import pytest
from hypothesis import given

from paceit.day_plan import DayPlan
from paceit.pacing import Planner
from test_pacing_properties import PROPERTY, Case, cases

WORDS = (("Holding at 4 min: 3 of 7 days since the last change on 2026-01-05.",), "Can move up on Monday.")


def _days(case: Case) -> list[date]:
    first = case.history().activity.start
    return [first + timedelta(days=k) for k in range((case.last - first).days + 1)]


@given(cases())
@PROPERTY
def test_words_read_at_the_end_are_those_read_on_the_day(case: Case) -> None:
    now, later = Planner(case.history(), case.rules), Planner(case.history(), case.rules)
    read_on_the_day, kept = [], []
    for day in _days(case):
        plan = now.plan(day)
        read_on_the_day.append((plan.reasons, plan.summary))
        kept.append(later.plan(day))
    assert [(p.reasons, p.summary) for p in kept] == read_on_the_day


@given(cases())
@PROPERTY
def test_sessions_told_after_their_day_change_no_earlier_words(case: Case) -> None:
    """As the demo walks: each day planned, then its sessions told (`Planner.add`); a day's
    words (the baseline's count, "today's session is in") are those of when it was planned."""
    empty = case.history(sessions=[])
    now, later = Planner(empty, case.rules), Planner(empty, case.rules)
    read_on_the_day, kept = [], []
    for day in _days(case):
        plan = now.plan(day)
        read_on_the_day.append((plan.reasons, plan.summary))
        kept.append(later.plan(day))
        for session in (s for s in case.sessions if s.day == day):
            now.add(session)
            later.add(session)
    assert [(p.reasons, p.summary) for p in kept] == read_on_the_day


def _lazy() -> DayPlan:
    return DayPlan.later(date(2026, 1, 8), 4.0, "hold", "green", lambda: WORDS)


def _eager() -> DayPlan:
    return DayPlan(date(2026, 1, 8), 4.0, "hold", "green", WORDS[0], summary=WORDS[1])


def test_a_plan_with_words_to_come_is_the_plan_with_them() -> None:
    assert _lazy() == _eager() and hash(_lazy()) == hash(_eager()) and repr(_lazy()) == repr(_eager())
    assert _lazy().reasons == WORDS[0] and _lazy().summary == WORDS[1]
    assert _lazy() != DayPlan.later(date(2026, 1, 8), 4.0, "hold", "green", lambda: ((), ""))
    assert repr(_eager()).startswith("DayPlan(day=datetime.date(2026, 1, 8), target=4.0, decision='hold', zone=")


def test_the_words_are_written_once() -> None:
    calls = []

    def words() -> tuple[tuple[str, ...], str]:
        calls.append(1)
        return WORDS

    plan = DayPlan.later(date(2026, 1, 8), 4.0, "hold", None, words)
    assert plan.summary == WORDS[1] and plan.reasons == WORDS[0] and plan.reasons == WORDS[0]
    assert calls == [1]


def test_copies_and_pickles_hold_the_words_not_the_function() -> None:
    unpicklable = DayPlan.later(date(2026, 1, 8), 4.0, "hold", None, lambda: WORDS)  # a lambda does not pickle
    again = pickle.loads(pickle.dumps(unpicklable))
    assert again == unpicklable and again.reasons == WORDS[0] and again._words is None
    assert copy.copy(_lazy()) == _eager() and copy.deepcopy(_lazy()) == _eager()


def test_a_plan_is_frozen() -> None:
    plan = _lazy()
    with pytest.raises(AttributeError):
        plan.target = 5.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del plan.day


@given(cases())
@PROPERTY
def test_the_gates_asked_without_words_agree_with_the_worded_gates(case: Case) -> None:
    """The decision asks the gates without words (`IncreaseGates._a_gate_stands`, cheapest
    first) and a hold's words list them (`pacing_words.gate_words`): two writings of the
    same tests, which must agree on every day the replay asks them, or a hold would read
    "Holding at 8 min: ." or an increase pass a gate the words would name."""
    from paceit import pacing_gates
    from paceit.pacing_words import gate_words

    asked: list[tuple[date, bool, list[str]]] = []
    quiet = pacing_gates.IncreaseGates._a_gate_stands

    def both(self: pacing_gates.IncreaseGates, day: date) -> bool:
        state = self.state
        assert state.clock_from is not None
        clock, boombust = (state.clock_from, state.clock_reason), (state.boombust_on, state.boombust_text)
        words = gate_words(self.rules, self._week(day), day, clock, tuple(state.window), boombust)
        stands = quiet(self, day)
        asked.append((day, stands, words))
        return stands

    planner = Planner(case.history(), case.rules)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pacing_gates.IncreaseGates, "_a_gate_stands", both)
        for day in _days(case):
            planner.plan(day)
    assert [(day, stands) for day, stands, _ in asked] == [(day, bool(words)) for day, _, words in asked]
