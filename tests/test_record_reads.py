"""The rules' reads of sessions and diary entries (record_queries) read plain tuples (issue
19, fifth round): the same records, in the same order, as reading every column of each row
by name (`session_record`, and the diary's four columns), on a 20-week demo. And the records
they build through an assignable twin (sixth round) are the records the classes build."""

from __future__ import annotations

import copy
import pickle
import random
from contextlib import closing
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import copy_diary
from paceit import db, record_queries
from paceit.records import (
    DiaryEntry,
    DiaryIndex,
    SessionRecord,
    _DiaryEntryDraft,
    _SessionDraft,
    new_entry,
    new_session,
)
from paceit.recordtype import field_names, replace


def test_sessions_and_entries_read_as_tuples_are_those_read_by_name(demo_20_weeks: Path, tmp_path: Path) -> None:
    path = copy_diary(demo_20_weeks, tmp_path / "demo.db")
    until, since = date(2026, 11, 21), date(2026, 10, 1)
    with closing(db.connect(path, now=datetime(2026, 11, 21, 18, tzinfo=UTC))) as conn:
        for activity in record_queries.activity_records(conn):
            for first in (None, since):
                rows = conn.execute(
                    "SELECT * FROM session WHERE activity_id = ? AND day <= ? AND day >= ? ORDER BY day",
                    (activity.id, until.isoformat(), (first or date.min).isoformat()),
                ).fetchall()
                sessions = [record_queries.session_record(r) for r in rows]
                found = record_queries.session_records(conn, activity_id=activity.id, until=until, since=first)
                assert found == sessions and len(found) > 5
        entries = conn.execute("SELECT * FROM pain_entry WHERE day <= ?", (until.isoformat(),)).fetchall()
        minute_of = record_queries.minute_of
        expected = [DiaryEntry(*minute_of(r["at_utc"], r["utc_offset"]), r["pain"], bool(r["flare"])) for r in entries]
        assert record_queries.diary_records(conn, until=until) == expected and len(expected) > 50


@given(
    st.dates(),
    st.integers(0, 24 * 60 - 1),
    st.integers(0, 10),
    st.booleans(),
    st.floats(0.5, 600),
    st.lists(st.none() | st.integers(0, 10), min_size=3, max_size=3),
    st.integers(1, 10**6),
)
def test_the_bulk_reads_build_the_very_records_their_classes_build(
    day: date, minute: int, pain: int, flare: bool, amount: float, rated: list[int | None], id_: int
) -> None:
    """new_entry and new_session (a twin of the same slots given the record's class,
    issue 19's sixth round) make records of the class itself, equal to and hashed, shown,
    copied and frozen as those the class's `__init__` makes."""
    made = [
        (new_entry(day, minute, pain, flare), DiaryEntry(day, minute, pain, flare)),
        (
            new_session(day, minute, amount, *rated, pain, id_),
            SessionRecord(day, minute, amount, *rated, pain, id_),
        ),
    ]
    for fast, built in made:
        assert type(fast) is type(built)
        assert fast == built and hash(fast) == hash(built) and repr(fast) == repr(built)
        assert pickle.loads(pickle.dumps(fast)) == built and copy.copy(fast) == built
        assert replace(fast, minute=minute) == built
        with pytest.raises(FrozenInstanceError):
            fast.minute = minute + 1  # type: ignore[misc]
        assert not hasattr(fast, "__dict__")


@pytest.mark.parametrize(("draft", "kind"), [(_DiaryEntryDraft, DiaryEntry), (_SessionDraft, SessionRecord)])
def test_each_twin_has_its_records_fields_in_their_order(draft: type, kind: type) -> None:
    assert draft.__slots__ == kind.__slots__ == field_names(kind)


entries = st.builds(
    DiaryEntry, st.dates(date(2026, 1, 1), date(2026, 1, 4)), st.integers(0, 3), st.integers(0, 2), st.booleans()
)


@given(st.lists(entries, max_size=12), st.randoms())
def test_the_index_orders_each_days_entries_by_content_whatever_order_they_come_in(
    found: list[DiaryEntry], rng: random.Random
) -> None:
    """DiaryIndex.build sorts only the days with more than one entry (issue 19's sixth
    round): each day's list is still the day's entries by minute, pain and flare."""
    rng.shuffle(found)
    index = DiaryIndex.build(found)
    assert sorted(index.by_day) == sorted({e.day for e in found})
    for day, listed in index.by_day.items():
        assert listed == sorted((e for e in found if e.day == day), key=lambda e: (e.minute, e.pain, e.flare))
