"""What the pacing replay of one activity remembers from one day to the next, and how
that memory is written down so a later run can resume from it (see `checkpoints.py`).

Everything a day's decision needs from earlier days is here or in a short window of
recent sessions and diary entries: running totals stand in for long windows, and
`quota_by_day` is kept only for the recent days the boom-bust rule looks back on.
That is what lets `paceit next` cost the same after ten years as after one month.

Pure: plain data in and out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import takewhile
from typing import Any, Protocol

from paceit.recordtype import field, field_names, record
from paceit.zones import Zone, ZoneName, zone_name


class Exact(Protocol):
    """A done share as an exact rational: the replay's own are floats (a float is a dyadic
    rational, `as_integer_ratio` its exact value); a `Fraction` of another denominator
    only comes from a hand-made state, and is kept exact through a checkpoint."""

    def as_integer_ratio(self) -> tuple[int, int]: ...


@record
class CountedSession:
    """A session already counted, as later days' rules need it: its day, amount and zone."""

    day: date
    amount: float
    zone: Zone


@record
class WindowSession:
    """A session in the increase gates' window: its day, done / quota (the float of the
    division, whose exact value the mean sums, so it is the same however it is summed) and
    its zone as the gates count it."""

    day: date
    done: Exact
    zone: ZoneName
    unrated: bool = False  # no pain during logged


@record(frozen=False)
class State:
    """The replay's memory of one activity from one day to the next (written into checkpoints)."""

    quota: float | None = None
    previous: float | None = None
    changed_on: date | None = None
    clock_from: date | None = None  # where the increase gates count from: a change, a pause, a return
    clock_reason: str = ""
    change_reason: str = ""
    baseline: float | None = None
    start_quota: float | None = None  # Q0, the amount meant for a bad day: the floor of a step back
    gap_handled: date | None = None
    flare_pre: float | None = None
    flare_started: date | None = None
    rebuild_next: date | None = None
    rebuild_left: int = 0
    rebuild_step: float = 0.0
    boombust_on: date | None = None
    boombust_text: str = ""
    first_target: float | None = None  # the first amount ever planned (the report's "first quota")
    # Written in day order (each planned day once, after the days before it; a resumed state
    # reads its runs back in order), so the last days are its last items: a checkpoint reads
    # them from the end (issue 19: filtering all of them made 192 checkpoints of a ten-year
    # replay read some 500,000 items).
    quota_by_day: dict[date, float | None] = field(default_factory=dict)
    # The sessions since `clock_from` and within the last `every` days (the window of
    # the increase gates, §1): it never grows while the quota holds, so a week that
    # passes every gate always moves up. The quota is the same for all of them (any
    # change restarts the clock), so each session's done / quota is final.
    window: list[WindowSession] = field(default_factory=list)
    # The latest session since the last change that fell outside a flare: the one
    # the step-back rule (red) judges.
    latest_plain: CountedSession | None = None
    latest: CountedSession | None = None  # the latest session counted (zone, gap, notes)
    first_amounts: list[float] = field(default_factory=list)  # of the first sessions (the baseline)

    def change(self, day: date, quota: float, reason: str) -> float | None:
        """Set a new quota. The day counts as a change (the gates restart) even when
        rounding keeps the amount the same, e.g. 0.9 x 4 min."""
        before = self.quota
        self.previous, self.quota, self.changed_on, self.change_reason = before, quota, day, reason
        self.latest_plain = None  # no session lies on or after `day` yet (they count from tomorrow)
        self.restart(day, "the last change")
        return before

    def restart(self, day: date, why: str) -> None:
        """The gates count again from `day`, the quota unchanged (after a pause or a break).
        No session lies in the new window yet: sessions count from the day after they happen."""
        self.clock_from, self.clock_reason = day, why
        self.window = []

    def slide(self, first: date) -> None:
        """Let the sessions before `first` leave the window."""
        while self.window and self.window[0].day < first:
            self.window.pop(0)


def done_share(window: Sequence[WindowSession]) -> float:
    """Mean over the days with sessions of done/quota, each day counted at most 100 %:
    a big day cannot hide short ones (stopping at the quota is the point of pacing),
    and a quota done in two sessions on one day is a quota done. Exact sums, rounded once.

    Every done/quota is a float's exact value (a power of two below), so the exact sums
    are kept as integers over the largest of those powers, rounded once by int / int (a
    correctly rounded division): the rational and the float a sum of `Fraction`s gives,
    without importing `fractions` (and `decimal`) on every `log` (issue 19, sixth round;
    a test compares the two)."""
    parts = [(w.day, *w.done.as_integer_ratio()) for w in window]
    if not parts or any(d & (d - 1) for _, _, d in parts):  # not dyadic (hand-made): the plain exact sum
        return _done_share_fractions(window)
    bits = max(d.bit_length() for _, _, d in parts)
    by_day: dict[date, int] = {}
    for day, n, d in parts:
        by_day[day] = by_day.get(day, 0) + (n << (bits - d.bit_length()))
    one = 1 << (bits - 1)
    return sum(min(one, v) for v in by_day.values()) / one / len(by_day)


def _done_share_fractions(window: Sequence[WindowSession]) -> float:
    from fractions import Fraction  # only for hand-made shares (the replay's are floats)

    by_day: dict[date, Fraction] = {}
    for w in window:
        by_day[w.day] = by_day.get(w.day, Fraction(0)) + Fraction(*w.done.as_integer_ratio())
    return float(sum((min(Fraction(1), v) for v in by_day.values()), Fraction(0))) / len(by_day)


def share_text(done: Exact) -> str:
    """A done share in a checkpoint: its exact value as "n/d" (lowest terms, as a `Fraction`
    of it writes it, so checkpoints.FORMAT is unchanged)."""
    n, d = done.as_integer_ratio()
    return f"{n}/{d}"


def share_from_text(text: str) -> Exact:
    """The inverse of `share_text`: the float whose exact value it is (int / int rounds
    correctly, so it is that float), else (hand-made) the `Fraction`."""
    n, d = (int(part) for part in text.split("/")) if "/" in text else (int(text), 1)
    if d > 0 and not d & (d - 1) and (n / d).as_integer_ratio() == (n, d):
        return n / d
    from fractions import Fraction

    return Fraction(n, d)


# --- written down and read back ------------------------------------------------------

_DAYS = ("changed_on", "clock_from", "gap_handled", "flare_started", "rebuild_next", "boombust_on")
_SPECIAL = {"quota_by_day", "window", "latest_plain", "latest"}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def zone_json(zone: Zone) -> dict[str, Any]:
    return {"zone": zone.zone, "notes": list(zone.notes), "unrated": zone.unrated, "failed": list(zone.failed)}


def zone_from_json(data: dict[str, Any]) -> Zone:
    notes = tuple(str(n) for n in data["notes"])
    return Zone(zone_name(str(data["zone"])), notes, bool(data["unrated"]), tuple(data["failed"]))


def state_json(state: State, keep_from: date) -> dict[str, Any]:
    """The state as JSON-able data; of the quota per day, only days from `keep_from` on."""
    data: dict[str, Any] = {}
    for name in field_names(state):
        if name in _SPECIAL:
            continue
        value = getattr(state, name)
        if isinstance(value, list):  # a copy: the replay goes on changing its own
            value = list(value)
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["quota_by_day"] = _runs(
        dict(takewhile(lambda item: item[0] >= keep_from, reversed(state.quota_by_day.items())))
    )
    data["window"] = [[w.day.isoformat(), share_text(w.done), w.zone, w.unrated]
                      for w in state.window]  # fmt: skip
    data["latest_plain"] = _counted_json(state.latest_plain)
    data["latest"] = _counted_json(state.latest)
    return data


def _runs(by_day: dict[date, float | None]) -> dict[str, Any]:
    """Consecutive days as runs of one quota (it changes once in a week or two)."""
    days = sorted(by_day)
    runs = [[d.isoformat(), by_day[d]] for i, d in enumerate(days) if i == 0 or by_day[days[i - 1]] != by_day[d]]
    return {"runs": runs, "last": days[-1].isoformat() if days else None}


def _days(data: dict[str, Any]) -> dict[date, float | None]:
    if data["last"] is None:
        return {}
    starts = [(date.fromisoformat(d), q) for d, q in data["runs"]]
    ends = [start for start, _ in starts[1:]] + [date.fromisoformat(data["last"]) + timedelta(days=1)]
    return {
        first + timedelta(days=k): quota
        for (first, quota), end in zip(starts, ends, strict=True)
        for k in range((end - first).days)
    }


def _counted_json(counted: CountedSession | None) -> dict[str, Any] | None:
    if counted is None:
        return None
    return {"day": counted.day.isoformat(), "amount": counted.amount, **zone_json(counted.zone)}


def _counted(data: dict[str, Any] | None) -> CountedSession | None:
    if data is None:
        return None
    return CountedSession(date.fromisoformat(data["day"]), float(data["amount"]), zone_from_json(data))


def state_from_json(data: dict[str, Any]) -> State:
    """The inverse of `state_json` (what was kept of it)."""
    plain = {k: v for k, v in data.items() if k not in _SPECIAL}
    for name in _DAYS:
        plain[name] = _day(plain[name])
    plain["first_amounts"] = [float(a) for a in plain["first_amounts"]]  # a copy: the data may be resumed again
    state = State(**plain)
    state.quota_by_day = _days(data["quota_by_day"])
    state.window = [
        WindowSession(date.fromisoformat(d), share_from_text(done), zone_name(str(zone)), bool(unrated))
        for d, done, zone, unrated in data["window"]
    ]
    state.latest_plain, state.latest = _counted(data["latest_plain"]), _counted(data["latest"])
    return state
