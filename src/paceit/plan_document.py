"""The plan `paceit next` gives, as a typed value: `NextPlan`, and the shapes of its parts.

`today.next_document` returns it; `render/plan.py` draws it and `cli/plan.py` prints its
`to_json()`, which is the `next --json` document of product.md ("JSON contract") with its
extra keys (`summary`, `ladder_done`, `learn`, `progress`, `notices`), key for key and in
the same order as before it was typed, so scripts reading it see no change.

`plan.next_plan` builds it from its parts, which stay plain dicts (`TypedDict`s): pure,
shared with the cohort simulation, and what goes out as JSON. The decisions and zones are
the `Literal`s of pacing.py and zones.py. `from_document` reads a `next --json` document
back (`to_json()`'s inverse).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from paceit.recordtype import record, replace

if TYPE_CHECKING:
    from paceit.pacing_replay import Decision
    from paceit.zones import ZoneName


class ActivityPlan(TypedDict):
    """One activity's plan for the day (`plan.activity_json`)."""

    name: str
    unit: str
    target: float | None  # None: paused, or the baseline is still being found
    previous_target: float | None
    decision: Decision
    zone: ZoneName | None  # of the latest session
    reasons: list[str]  # never empty
    summary: str  # the short line of `next`


class LadderPlan(TypedDict):
    """The ladder step to work on (`ladder_plan.ladder_json`)."""

    step_id: int
    text: str
    fear: int
    reasons: list[str]
    summary: str


class FlareState(TypedDict):
    active: bool
    since: str | None  # the first day of the flare going on, ISO
    reasons: list[str]


class LearnHint(TypedDict):
    topic: str  # a `paceit learn` topic
    why: str


@record
class NextPlan:
    """The day's plan: every active activity, the ladder step, the flare, the open red
    flags, the hints, the progress statements and the notices waiting to be shown."""

    day: date
    activities: tuple[ActivityPlan, ...]
    ladder: LadderPlan | None
    flare: FlareState
    red_flags: tuple[str, ...]
    ladder_done: bool  # every step mastered (there are steps, and none is current)
    learn: tuple[LearnHint, ...] = ()
    progress: tuple[str, ...] = ()  # improvements that reach the change that matters
    notices: tuple[str, ...] = ()

    @classmethod
    def from_document(
        cls, document: Mapping[str, Any], *, progress: Sequence[str] = (), notices: Sequence[str] = ()
    ) -> NextPlan:
        """From a `next --json` document (the inverse of `to_json()`, its `progress` and
        `notices` given apart)."""
        return cls(
            day=date.fromisoformat(document["date"]),
            activities=tuple(document["activities"]),
            ladder=document["ladder"],
            flare=document["flare"],
            red_flags=tuple(document["red_flags"]),
            ladder_done=bool(document["ladder_done"]),
            learn=tuple(document["learn"]),
            progress=tuple(progress),
            notices=tuple(notices),
        )

    def only(self, name: str) -> NextPlan:
        """The plan of one activity, with what holds every activity (red flags, a flare);
        the ladder and the progress lines belong to the whole plan, and stay out of it,
        as do the hints but those about red flags and flares."""
        return replace(
            self,
            activities=tuple(a for a in self.activities if a["name"] == name),
            ladder=None,
            ladder_done=False,
            progress=(),
            learn=tuple(h for h in self.learn if h["topic"] in {"red-flags", "flares"}),
        )

    def to_json(self) -> dict[str, Any]:
        """The `next --json` document: the keys and their order as product.md's contract
        and the scripts that read it know them."""
        return {
            "date": self.day.isoformat(),
            "activities": [{**a} for a in self.activities],
            "ladder": None if self.ladder is None else {**self.ladder},
            "flare": {**self.flare},
            "red_flags": list(self.red_flags),
            "ladder_done": self.ladder_done,
            "learn": [{**h} for h in self.learn],
            "progress": list(self.progress),
            "notices": list(self.notices),
        }
