"""The plain value classes of the daily paths keep what their dataclasses gave (issue 19):
equality and hash over the fields in order, the same repr, no assignment, copies."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass

import pytest

from paceit.kinds import BY_NAME, Kind, Part
from paceit.settings import SPECS, SettingSpec
from paceit.times import Stamp
from paceit.undo import Undone


@dataclass(frozen=True)
class StampAsItWas:
    """The dataclass `Stamp` was, for its repr."""

    at_utc: str
    day: str
    utc_offset: int


def test_equality_hash_and_repr_are_a_frozen_dataclasses() -> None:
    one = Stamp("2026-11-21 08:00:00", "2026-11-21", 60)
    assert one == Stamp("2026-11-21 08:00:00", "2026-11-21", 60)
    assert one != Stamp("2026-11-21 08:00:00", "2026-11-21", 0)
    assert hash(one) == hash(Stamp("2026-11-21 08:00:00", "2026-11-21", 60))
    assert one != ("2026-11-21 08:00:00", "2026-11-21", 60)  # another class is never equal
    assert repr(one) == repr(StampAsItWas("2026-11-21 08:00:00", "2026-11-21", 60)).replace("StampAsItWas", "Stamp")
    assert Undone("pain", "x", []) == Undone("pain", "x", [])


def test_fields_cannot_be_assigned_or_added() -> None:
    kind = BY_NAME["pain"]
    with pytest.raises(AttributeError):
        kind.label = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del kind.label  # type: ignore[misc]
    with pytest.raises(AttributeError):
        kind.extra = 1  # type: ignore[attr-defined]


def test_defaults_and_keywords_are_the_dataclasses() -> None:
    kind = Kind("t", "a thing")
    assert (kind.name, kind.tag_column, kind.history, kind.parts, kind.created, kind.uuid) == (
        None, None, False, (), True, True,
    )  # fmt: skip
    assert Part("session", "activity_id", "sessions", blocks=True).advice == ""
    spec = SettingSpec("k", 1, "int", hi=3, help="h")
    assert (spec.lo, spec.hi, spec.choices, spec.owner, spec.tag, spec.help) == (0, 3, (), "C", "D", "h")


def test_copies_and_pickles_rebuild_equal_values() -> None:
    for value in (*SPECS[:3], BY_NAME["activity"], Stamp("a", "b", 1)):
        assert copy.copy(value) == value
        assert copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value
