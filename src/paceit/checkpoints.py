"""Checkpoints of the replay: where `paceit next`, `trends` and `report` start from so
that their cost does not grow with years of history.

The plan for a day is a replay of every day before it (clinical-rules.md, "How `paceit
next` decides"). A checkpoint is the replay's whole memory at the end of one day: the
flare scan's and every activity's state (`flare.py`, `pacing_state.py`) and the plan of
that day, and the acute:chronic load ratio's averages (`load`, `load_seed.py`; added
when it is kept, `checkpoint_store.keep`). Resuming from it needs only a recent window of the history, whose length
follows from the rules' own look-back (`Windows`), so a run reads and replays a few
weeks whatever the diary's age.

A checkpoint never changes an answer:
- it is taken from the same replay that a run from the activity's start performs,
  and the plans after it are the ones that replay gives (tests compare both on
  generated histories, including backfilled and corrected entries);
- it depends only on entries dated up to its day (a plan never uses later entries),
  and the database deletes every checkpoint an entry could touch when that entry is
  written, edited or deleted (triggers of schema step 4: from the day before the
  entry's day on; all of them when an activity, a goal or a setting changes);
- one written by another version of paceit, or in another format, is ignored: it
  holds words as well as numbers (a session's zone notes, the last plan's reasons), so
  a release that changes the rules or their wording never reads an older one.

Which days: every 7th day (by ordinal), kept for the last 26 weeks, and every 91st
before that. A change of the past replays from the checkpoint before it, so a week
or two back costs a few days of replay and a year back a quarter at most.

Pure: plain data in and out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from paceit import __version__
from paceit.slotted import Frozen

FORMAT = 8  # 2: a flare episode records whether a declared flare joined it; 3: rules version 2;
# 4: a plan keeps its short line (`summary`); 5: a morning entry in the session's minute is pain before;
# 6: overlapping declared flares (an imported file's) are one flare (flare._Scan._declared_on);
# 7: the load ratio's averages (`load`, load_seed.py), so trends and the report read no older loads;
# 8: a starting quota from a given baseline says so in its short line (not "your first sessions")
EVERY = 7  # a checkpoint every 7th day ...
SPARSE_EVERY = 91  # ... and, older than RECENT_DAYS, every 91st
RECENT_DAYS = 26 * 7


class Windows(Frozen):
    """How far back a resumed replay reads, in days before the first day it plans.

    Sessions: the boom-bust rule looks at the sessions of its window, 14 days more
    for the median before a first quota, and the bust window (the increase gates'
    window, at most 14 days, lies within it). Diary: the sessions' zones look
    `zone.usual_days` further back (usual pain), R3 looks 20 days back from a planned
    day, and the flare baseline `flare.baseline_days`."""

    __slots__ = ("sessions", "diary")  # noqa: RUF023 (the fields' order)
    sessions: int
    diary: int

    def __init__(self, sessions: int, diary: int) -> None:
        self._fill(sessions, diary)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Windows:
        sessions = int(settings["boombust.window_days"]) + 14 + int(settings["bust.window_days"]) + 1
        back = max(20, int(settings["zone.usual_days"]), int(settings["flare.baseline_days"]))
        return cls(sessions, sessions + back + 1)


def _thinned_in(day: date, until: date) -> bool:
    """The thinning rule: every 7th day for the last RECENT_DAYS before `until`, every 91st before."""
    if day.toordinal() % EVERY:
        return False
    return (until - day).days <= RECENT_DAYS or day.toordinal() % SPARSE_EVERY == 0


def is_checkpoint_day(day: date, until: date) -> bool:
    """Whether a replay up to `until` keeps a checkpoint of `day`."""
    return day < until and _thinned_in(day, until)


def kept_days(days: list[date], until: date) -> list[date]:
    """Of the stored checkpoints, those the thinning rule keeps when the newest plan is
    for `until`: the others can go."""
    return [d for d in days if _thinned_in(d, until)]


def usable(data: Mapping[str, Any]) -> bool:
    """Written by this paceit in this format: anything else is ignored (and replaced)."""
    return data.get("format") == FORMAT and data.get("version") == __version__


def document(day: date, flare: Mapping[str, Any], activities: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": __version__,
        "day": day.isoformat(),
        "flare": dict(flare),
        "activities": {str(k): dict(v) for k, v in sorted(activities.items())},
    }


def window_start(checkpoint_day: date, settings: Mapping[str, Any]) -> tuple[date, date]:
    """The first session day and the first diary day a resume after `checkpoint_day` reads."""
    windows = Windows.from_settings(settings)
    first = checkpoint_day + timedelta(days=1)
    return first - timedelta(days=windows.sessions), first - timedelta(days=windows.diary)
