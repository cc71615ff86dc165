"""The rows `queries` returns, as `TypedDict`s: a table's columns (migrations.py is their
schema) and the extra columns a query adds.

Plain dicts at run time (sqlite3 rows copied with `dict`), so a caller indexes them as
before and JSON takes them as they are; the types only let mypy check the column names and
what may be None. Imported for type checking only (`if TYPE_CHECKING:`): creating these
classes costs about a millisecond, which no command needs to pay.

Days are local ISO dates ("YYYY-MM-DD"), `*_utc` columns UTC ISO times, `utc_offset`
minutes east of UTC.
"""

from __future__ import annotations

from typing import TypedDict


class _Stamped(TypedDict):
    """The columns every dated row has (the table's `_ENTRY` and time columns)."""

    id: int
    uuid: str
    at_utc: str
    day: str
    utc_offset: int
    created_utc: str


class ActivityRow(_Stamped):
    """An `activity`; None: the setting in force applies (the baseline: not set yet, the
    first sessions find it)."""

    name: str
    unit: str
    baseline: float | None
    step_mode: str | None
    step: float | None
    every_days: int | None
    ceiling: int | None
    target: float | None
    archived_utc: str | None
    note: str | None


class ListedActivityRow(ActivityRow):
    """An activity as `activity list` shows it."""

    sessions: int
    last_day: str | None  # the day of its latest session


class SessionRow(_Stamped):
    activity_id: int
    amount: float
    effort: int | None
    pain_before: int | None
    pain_during: int | None
    pain_after: int | None
    note: str | None


class FirstSessionRow(TypedDict):
    id: int
    day: str


class LadderStepRow(_Stamped):
    """A ladder step with its trial count and the name of its activity (if it has one)."""

    text: str
    fear: int
    harm: int | None
    activity_id: int | None
    note: str | None
    trials: int
    activity: str | None


class TrialRow(_Stamped):
    """An `exposure_trial`; `happened` and `aborted` are 0/1 (None: not said)."""

    step_id: int
    fear_before: int
    fear_peak: int | None
    fear_after: int
    expect: str | None
    expect_likely: int | None
    predicted_pain: int | None
    pain: int | None
    happened: int | None
    safety: int | None
    aborted: int
    note: str | None


class TrialRuleRow(TypedDict):
    """The columns of a trial that the ladder's rules read (`queries.trials_until`)."""

    step_id: int
    fear_before: int
    fear_after: int
    fear_peak: int | None
    expect_likely: int | None
    predicted_pain: int | None
    pain: int | None
    happened: int | None
    aborted: int
    day: str


class RedFlagRow(_Stamped):
    check_id: int | None
    code: str
    grp: int  # the group: 1 emergency, 2 see a clinician soon, 3 mention it (redflags.ACTIONS)
    cleared_utc: str | None
    reviewed: str | None
    note: str | None


class FlareRow(_Stamped):
    """A declared flare; the `end_*` columns stay None while it goes on."""

    end_at_utc: str | None
    end_day: str | None
    end_utc_offset: int | None
    end_note: str | None
    note: str | None


class FlarePlanItemRow(TypedDict):
    id: int
    uuid: str
    section: str
    position: int
    text: str
    created_utc: str


class GoalRow(_Stamped):
    """A goal with the name and unit of its activity (None without one)."""

    text: str
    activity_id: int | None
    target: float | None
    done_utc: str | None
    note: str | None
    activity: str | None
    unit: str | None


class QuestionnaireItem(TypedDict):
    item: str
    value: int


class QuestionnaireRow(_Stamped):
    """A questionnaire's answers (PEG, PSFS, ...) with its items in order."""

    kind: str
    score: float
    note: str | None
    items: list[QuestionnaireItem]
