"""One activity's plan for one day (`DayPlan`), whose words may be written when first read.

Why the words can wait: a replay decides every day of the history (3,640 a year for three
activities), and the words of a day (its reasons, with every number, and its one-line
summary) are read for a few of them: the asked day, the changes `plan history` and the
report list, the last plan a checkpoint keeps. Writing them on every day was about a third
of a ten-year diary's first `next` (issue 19, fifth round). So a rule may give, instead of
the words, a function that writes them (`DayPlan.later`) from values it captured on its
day (numbers, dates, immutable records, a snapshot of the gates' window, never the
replay's changing state): the words are then the same whenever they are first read, and
are kept once written. Equality, hash, repr and pickling read them as fields, as the
record this class replaced did (a pickle, e.g. the cohort simulation's across processes,
holds the words, not the function).

Pure: plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

Decision = Literal["pause", "reduce", "baseline", "increase", "hold"]
# Writes a day's words: (reasons, summary).
Words = Callable[[], tuple[tuple[str, ...], str]]


class DayPlan:
    """One activity's plan for one day: the amount, the decision and every reason in words."""

    __slots__ = ("day", "target", "decision", "zone", "changed", "previous", "cause", "_reasons", "_summary", "_words")  # noqa: RUF023 (the fields' order)
    __match_args__ = ("day", "target", "decision", "zone", "reasons", "changed", "previous", "cause", "summary")
    day: date
    target: float | None
    decision: Decision
    zone: str | None
    changed: bool  # the quota changed on this day (plan history lists these)
    previous: float | None  # the quota before a change
    cause: str  # of a change: "start" | "increase" | "red:R1" (or R2, R1+R2) | "flare" | "rebuild" | "gap"
    _reasons: tuple[str, ...]
    _summary: str  # the one plain line of `next` (glance.py); the reasons hold every number
    _words: Words | None  # writes `_reasons` and `_summary` on first reading (then None)

    def __init__(
        self,
        day: date,
        target: float | None,
        decision: Decision,
        zone: str | None,
        reasons: tuple[str, ...],
        changed: bool = False,
        previous: float | None = None,
        cause: str = "",
        summary: str = "",
    ) -> None:
        _fill(self, day, target, decision, zone, changed, previous, cause, reasons, summary, None)

    @classmethod
    def later(
        cls,
        day: date,
        target: float | None,
        decision: Decision,
        zone: str | None,
        words: Words,
        changed: bool = False,
        previous: float | None = None,
        cause: str = "",
    ) -> DayPlan:
        """A plan whose reasons and summary `words` writes when they are first read."""
        plan = cls.__new__(cls)
        _fill(plan, day, target, decision, zone, changed, previous, cause, (), "", words)
        return plan

    @property
    def reasons(self) -> tuple[str, ...]:
        if self._words is not None:
            self._write()
        return self._reasons

    @property
    def summary(self) -> str:
        if self._words is not None:
            self._write()
        return self._summary

    def _write(self) -> None:
        assert self._words is not None
        reasons, summary = self._words()
        _SET["_reasons"](self, reasons)
        _SET["_summary"](self, summary)
        _SET["_words"](self, None)

    def _values(self) -> tuple[Any, ...]:
        return (
            self.day, self.target, self.decision, self.zone, self.reasons, self.changed, self.previous, self.cause,
            self.summary,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, DayPlan)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self.__match_args__, self._values(), strict=True))
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Copies and pickles hold the words (written now), never the function."""
        return (self.__class__, self._values())


# The slots' own setters, past the refusing `__setattr__` (as `slotted.Frozen` sets its fields).
_SET: dict[str, Callable[[DayPlan, Any], None]] = {name: vars(DayPlan)[name].__set__ for name in DayPlan.__slots__}
(
    _SET_DAY, _SET_TARGET, _SET_DECISION, _SET_ZONE, _SET_CHANGED, _SET_PREVIOUS, _SET_CAUSE, _SET_REASONS,
    _SET_SUMMARY, _SET_WORDS,
) = (_SET[name] for name in DayPlan.__slots__)  # fmt: skip


def _fill(
    plan: DayPlan,
    day: date,
    target: float | None,
    decision: Decision,
    zone: str | None,
    changed: bool,
    previous: float | None,
    cause: str,
    reasons: tuple[str, ...],
    summary: str,
    words: Words | None,
) -> None:
    _SET_DAY(plan, day)
    _SET_TARGET(plan, target)
    _SET_DECISION(plan, decision)
    _SET_ZONE(plan, zone)
    _SET_CHANGED(plan, changed)
    _SET_PREVIOUS(plan, previous)
    _SET_CAUSE(plan, cause)
    _SET_REASONS(plan, reasons)
    _SET_SUMMARY(plan, summary)
    _SET_WORDS(plan, words)
