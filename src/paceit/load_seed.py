"""The acute:chronic load ratio's running state, kept in the replay's checkpoints (issue 19).

The ratio's averages run over every day since the first session with an effort rating,
so `trends` and `report` read the diary's whole load history to know today's: 560 years
of it in the bench's stress diary. A checkpoint (`checkpoints.py`) keeps the averages at
the end of its day (`LoadSeed`), and a run goes on from it with the loads of the days
after it. Split from `training_load.py` because keeping a checkpoint (which `next` and
`log` do) needs this and none of the rest (nor the `statistics` module it loads). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from paceit.slotted import Frozen


class LoadSeed(Frozen):
    """The load ratio's averages at the end of `day`, as a checkpoint keeps them (issue 19):
    `trends` and `report` go on from them with the loads of the days after `day` instead of
    reading the whole load history. The averages are updated day by day from the first day
    with a load, in the same order whichever checkpoint a run starts from, so they are the
    same floats as a run through the whole history gives.

    `first` is the first day with a load (None: none by `day`); `acute` and `chronic` are
    None until the seed's 7 days are over (`day` < `first` + 6), the seed being their mean."""

    __slots__ = ("day", "first", "acute", "chronic")  # noqa: RUF023 (the fields' order)
    day: date
    first: date | None
    acute: float | None
    chronic: float | None

    def __init__(self, day: date, first: date | None, acute: float | None, chronic: float | None) -> None:
        self._fill(day, first, acute, chronic)

    def loads_from(self) -> date:
        """The first day whose load a run going on from this seed must read: the day after
        it, or the first day with a load while its seed's 7 days are not over."""
        if self.acute is None and self.first is not None:
            return self.first
        return self.day + timedelta(days=1)

    def to_json(self) -> dict[str, Any]:
        first = self.first.isoformat() if self.first else None
        return {"day": self.day.isoformat(), "first": first, "acute": self.acute, "chronic": self.chronic}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LoadSeed:
        first = date.fromisoformat(data["first"]) if data["first"] else None
        acute, chronic = data["acute"], data["chronic"]
        return cls(date.fromisoformat(data["day"]), first, _float(acute), _float(chronic))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


_ACUTE, _CHRONIC = 2 / (7 + 1), 2 / (28 + 1)  # the EWMA's weights: 7 and 28 days


def load_seeds(loads: Mapping[date, float], days: Sequence[date], seed: LoadSeed | None = None) -> list[LoadSeed]:
    """The averages at the end of each of `days` (in order, none before `seed.day`): from
    `seed` and the loads from `seed.loads_from()` on, or from the whole history in `loads`.
    Only days up to each day count (the loads of later days may be in `loads`)."""
    found: list[LoadSeed] = []
    state = seed
    for day in days:
        state = _advance(loads, state, day)
        found.append(state)
    return found


def _advance(loads: Mapping[date, float], state: LoadSeed | None, day: date) -> LoadSeed:
    if state is None or state.acute is None or state.chronic is None:
        first = state.first if state is not None and state.first is not None else None
        first = first or min((d for d in loads if d <= day), default=None)
        if first is None or (day - first).days < 6:
            return LoadSeed(day, first, None, None)
        seed = sum(loads.get(first + timedelta(days=i), 0.0) for i in range(7)) / 7
        state = LoadSeed(first + timedelta(days=6), first, seed, seed)
    acute, chronic = state.acute, state.chronic
    assert acute is not None and chronic is not None
    # The same sums in the same order, with the day stepped and the weights' complements
    # taken once: a first replay of ten years runs this for every day (issue 19, sixth round).
    la, lc, ka, kc = _ACUTE, _CHRONIC, 1 - _ACUTE, 1 - _CHRONIC
    read, current, one = loads.get, state.day, timedelta(days=1)
    for _ in range((day - state.day).days):
        current += one
        value = read(current, 0.0)
        acute = la * value + ka * acute
        chronic = lc * value + kc * chronic
    return LoadSeed(day, state.first, acute, chronic)


def seed_of(checkpoint: Mapping[str, Any] | None) -> LoadSeed | None:
    """The load state a checkpoint keeps, or None (no checkpoint, or one without it: then
    the whole load history is read, as before checkpoints kept it)."""
    found = None if checkpoint is None else checkpoint.get("load")
    return None if found is None else LoadSeed.from_json(found)


def first_load(seed: LoadSeed | None) -> date | None:
    """The first day with a load that `seed` knows of; None: the first in the loads read after it."""
    return None if seed is None else seed.first


def loads_from(seed: LoadSeed | None, needed: date) -> date | None:
    """The first day whose load a command reads: from `seed` on (and from `needed`, the
    first day it shows a load of), or all of them (None) without a seed."""
    return None if seed is None else min(seed.loads_from(), needed)
