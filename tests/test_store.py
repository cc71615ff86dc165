"""store.py: every write is one audited transaction, and undo walks the history back."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from paceit import db, queries, store
from paceit.errors import InputError, NotFoundError
from paceit.settings import DEFAULTS
from paceit.times import now_utc_text

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
STAMP = {"at_utc": "2026-11-21 08:00:00", "day": "2026-11-21", "utc_offset": 0}


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = db.connect(tmp_path / "paceit.db", now=NOW)
    yield connection
    connection.close()


def pain(score: int = 4, **extra: Any) -> dict[str, Any]:
    return {**STAMP, "pain": score, **extra}


def rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    key = "key" if table == "setting" else "id"
    return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {key}")]


def audit(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return rows(conn, "audit")


def add_pain(conn: sqlite3.Connection, score: int = 4, *, now: datetime = NOW) -> int:
    with store.change(conn, command="pain", now=now) as ch:
        return ch.insert("pain_entry", pain(score))


# --- the table list matches the schema ----------------------------------------------------


def test_store_tables_are_the_schema_tables(conn: sqlite3.Connection) -> None:
    schema = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )}
    assert set(store.TABLES) == schema - {"schema_version", "audit", "replay_checkpoint", "notice"}
    for table in store.TABLES:
        names = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert ("uuid" in names) == (table != "setting"), table
        assert ("created_utc" in names) == (table not in store._NO_CREATED), table


# --- insert -------------------------------------------------------------------------------


def test_insert_fills_uuid4_and_created_utc_and_logs_the_row(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="pain", now=NOW) as ch:
        row_id = ch.insert("pain_entry", pain(6, note="knee"))
    [row] = rows(conn, "pain_entry")
    assert row["id"] == row_id
    parsed = uuid.UUID(row["uuid"])
    assert parsed.version == 4 and str(parsed) == row["uuid"]
    assert row["created_utc"] == now_utc_text(NOW) == "2026-11-21 10:00:00"
    assert (row["pain"], row["note"], row["sites"], row["flare"]) == (6, "knee", "[]", 0)

    [entry] = audit(conn)
    assert entry["action"] == "insert" and entry["table_name"] == "pain_entry"
    assert entry["row_key"] == str(row_id)
    assert entry["command"] == "pain" and entry["at_utc"] == "2026-11-21 10:00:00"
    assert entry["before"] is None and json.loads(entry["after"]) == row
    assert entry["undone_utc"] is None


def test_insert_keeps_a_given_uuid_and_created_utc(conn: sqlite3.Connection) -> None:
    given_uuid = "6f1c2d3e-4b5a-4c6d-8e7f-901234567890"
    with store.change(conn, command="import", now=NOW) as ch:
        ch.insert("pain_entry", pain(uuid=given_uuid, created_utc="2020-01-01 00:00:00"))
    [row] = rows(conn, "pain_entry")
    assert (row["uuid"], row["created_utc"]) == (given_uuid, "2020-01-01 00:00:00")


def test_uuids_are_unique(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="bulk", now=NOW) as ch:
        for i in range(300):
            ch.insert("pain_entry", pain(i % 11))
    uuids = [r["uuid"] for r in rows(conn, "pain_entry")]
    assert len(set(uuids)) == 300
    assert all(uuid.UUID(u).version == 4 for u in uuids)


def test_rows_without_created_utc_or_uuid(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="measure", now=NOW) as ch:
        q = ch.insert("questionnaire", {**STAMP, "kind": "peg", "score": 5.0})
        ch.insert("questionnaire_item",
                  {"questionnaire_id": q, "position": 1, "item": "pain", "value": 5})
        ch.insert("setting", {"key": "backup.keep", "value": "3", "updated_utc": "x"})
    [item] = rows(conn, "questionnaire_item")
    assert uuid.UUID(item["uuid"]).version == 4 and "created_utc" not in item
    assert rows(conn, "setting") == [{"key": "backup.keep", "value": "3", "updated_utc": "x"}]
    setting_audit = [a for a in audit(conn) if a["table_name"] == "setting"]
    assert [a["row_key"] for a in setting_audit] == ["backup.keep"]


def test_one_change_id_per_change(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="first", now=NOW) as ch:
        ch.insert("pain_entry", pain())
        ch.insert("pain_entry", pain())
    with store.change(conn, command="second", now=LATER) as ch:
        ch.insert("pain_entry", pain())
    first, second, third = audit(conn)
    assert first["change_id"] == second["change_id"] != third["change_id"]
    assert (third["command"], third["at_utc"]) == ("second", now_utc_text(LATER))


# --- update and delete --------------------------------------------------------------------


def test_update_returns_the_new_row_and_logs_before_and_after(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 4)
    [before] = rows(conn, "pain_entry")
    with store.change(conn, command="edit", now=LATER) as ch:
        after = ch.update("pain_entry", row_id, {"pain": 7, "note": "worse", "sleep": None})
    assert after == {**before, "pain": 7, "note": "worse"}
    assert rows(conn, "pain_entry") == [after]
    entry = audit(conn)[-1]
    assert (entry["action"], entry["command"], entry["row_key"]) == ("update", "edit", str(row_id))
    assert json.loads(entry["before"]) == before
    assert json.loads(entry["after"]) == after


def test_an_update_that_changes_nothing_writes_nothing(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 4)
    [before] = rows(conn, "pain_entry")
    with store.change(conn, command="edit", now=LATER) as ch:
        assert ch.update("pain_entry", row_id, {"pain": 4, "note": None}) == before
    assert len(audit(conn)) == 1


def test_delete_returns_the_row_and_logs_it(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 4)
    [before] = rows(conn, "pain_entry")
    with store.change(conn, command="delete", now=LATER) as ch:
        assert ch.delete("pain_entry", row_id) == before
    assert rows(conn, "pain_entry") == []
    entry = audit(conn)[-1]
    assert entry["action"] == "delete" and entry["after"] is None
    assert json.loads(entry["before"]) == before


@pytest.mark.parametrize("action", ["update", "delete"])
def test_a_missing_row_is_not_found_and_nothing_is_written(
    conn: sqlite3.Connection, action: str
) -> None:
    add_pain(conn)
    with pytest.raises(NotFoundError) as caught, store.change(conn, command="x", now=NOW) as ch:
        ch.insert("pain_entry", pain(1))
        if action == "update":
            ch.update("pain_entry", 99, {"pain": 1})
        else:
            ch.delete("pain_entry", 99)
    assert str(caught.value) == "there is no pain entry with id 99"
    assert len(rows(conn, "pain_entry")) == 1 and len(audit(conn)) == 1


def test_require_row_label(conn: sqlite3.Connection) -> None:
    with pytest.raises(NotFoundError, match=r"^there is no exposure trial with id 5$"):
        store.require_row(conn, "exposure_trial", 5)
    with pytest.raises(NotFoundError, match=r"^there is no trial with id 5$"):
        store.require_row(conn, "exposure_trial", 5, label="trial")
    assert store.fetch_row(conn, "pain_entry", 1) is None


def test_unknown_tables_are_refused(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="x", now=NOW) as ch:
        for call in (lambda: ch.insert("audit", {}), lambda: ch.update("users", 1, {"a": 1}),
                     lambda: ch.delete("schema_version", 1),
                     lambda: store.fetch_row(conn, "pain_entry; DROP TABLE x", 1)):
            with pytest.raises(ValueError, match="unknown table"):
                call()


def test_stamp_columns() -> None:
    from paceit.times import Stamp, stamp_columns

    assert stamp_columns(Stamp("2026-11-21 08:00:00", "2026-11-21", 60)) == {
        "at_utc": "2026-11-21 08:00:00", "day": "2026-11-21", "utc_offset": 60}


# --- atomicity ----------------------------------------------------------------------------


def test_an_exception_inside_a_change_writes_nothing(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 2)
    before_rows, before_audit = rows(conn, "pain_entry"), audit(conn)
    with pytest.raises(RuntimeError, match="power cut"), \
            store.change(conn, command="x", now=LATER) as ch:
        ch.insert("pain_entry", pain(9))
        ch.update("pain_entry", row_id, {"pain": 8})
        ch.set_setting("backup.keep", 3)
        ch.delete("pain_entry", row_id)
        raise RuntimeError("power cut")
    assert rows(conn, "pain_entry") == before_rows
    assert audit(conn) == before_audit
    assert rows(conn, "setting") == []
    assert not conn.in_transaction


def test_a_failing_statement_rolls_back_the_earlier_ones(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.change(conn, command="x", now=NOW) as ch:
        ch.insert("pain_entry", pain(3))
        ch.insert("pain_entry", pain(11))  # CHECK (pain BETWEEN 0 AND 10)
    assert rows(conn, "pain_entry") == [] and audit(conn) == []


def test_deleting_an_activity_that_has_sessions_is_refused_whole(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="setup", now=NOW) as ch:
        act = ch.insert("activity", {**STAMP, "name": "Walking", "unit": "min"})
        ch.insert("session", {**STAMP, "activity_id": act, "amount": 10})
    with pytest.raises(sqlite3.IntegrityError), store.change(conn, command="rm", now=NOW) as ch:
        ch.delete("activity", act)
    assert len(rows(conn, "activity")) == 1 and len(audit(conn)) == 2


# --- undo ---------------------------------------------------------------------------------


def test_undo_with_nothing_to_undo(conn: sqlite3.Connection) -> None:
    assert store.undo_last(conn, now=NOW) is None


def test_undo_an_insert(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 5)
    done = store.undo_last(conn, now=LATER)
    # each row with the time of the entry it touched, for saying which entry came back or went
    assert done == store.Undone("pain", now_utc_text(NOW), [("insert", "pain_entry", str(row_id), STAMP["at_utc"])])
    assert rows(conn, "pain_entry") == []
    [entry] = audit(conn)
    assert entry["undone_utc"] == now_utc_text(LATER)
    assert store.undo_last(conn, now=LATER) is None


def test_undo_an_update_restores_every_column(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 5)
    original = rows(conn, "pain_entry")
    with store.change(conn, command="edit", now=LATER) as ch:
        ch.update("pain_entry", row_id, {"pain": 9, "sleep": 2, "note": "x", "flare": 1})
    done = store.undo_last(conn, now=LATER)
    assert done is not None and done.command == "edit"
    assert rows(conn, "pain_entry") == original


def test_undo_a_delete_brings_back_the_same_row(conn: sqlite3.Connection) -> None:
    row_id = add_pain(conn, 5)
    original = rows(conn, "pain_entry")
    with store.change(conn, command="delete", now=LATER) as ch:
        ch.delete("pain_entry", row_id)
    store.undo_last(conn, now=LATER)
    assert rows(conn, "pain_entry") == original  # same id, uuid and every value


def test_undo_repeats_going_one_change_further_back_each_time(conn: sqlite3.Connection) -> None:
    states = [rows(conn, "pain_entry")]
    first = add_pain(conn, 1)
    states.append(rows(conn, "pain_entry"))
    add_pain(conn, 2)
    states.append(rows(conn, "pain_entry"))
    with store.change(conn, command="edit", now=LATER) as ch:
        ch.update("pain_entry", first, {"pain": 3})
    states.append(rows(conn, "pain_entry"))
    with store.change(conn, command="delete", now=LATER) as ch:
        ch.delete("pain_entry", first)

    commands = []
    for expected in reversed(states):
        done = store.undo_last(conn, now=LATER)
        assert done is not None
        commands.append(done.command)
        assert rows(conn, "pain_entry") == expected
    assert commands == ["delete", "edit", "pain", "pain"]
    assert store.undo_last(conn, now=LATER) is None
    assert all(a["undone_utc"] == now_utc_text(LATER) for a in audit(conn))
    assert len(audit(conn)) == 4  # undone changes stay in the log


def test_undo_reverts_a_whole_change_in_reverse_order(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="measure", now=NOW) as ch:
        q = ch.insert("questionnaire", {**STAMP, "kind": "peg", "score": 5.0})
        for pos in (1, 2, 3):
            ch.insert("questionnaire_item",
                      {"questionnaire_id": q, "position": pos, "item": f"i{pos}", "value": pos})
    done = store.undo_last(conn, now=LATER)
    assert done is not None
    assert [r[1] for r in done.rows] == ["questionnaire"] + ["questionnaire_item"] * 3
    assert rows(conn, "questionnaire") == [] and rows(conn, "questionnaire_item") == []


def test_undo_leaves_earlier_changes_alone(conn: sqlite3.Connection) -> None:
    add_pain(conn, 1)
    add_pain(conn, 2, now=LATER)
    store.undo_last(conn, now=LATER)
    assert [r["pain"] for r in rows(conn, "pain_entry")] == [1]
    assert [a["undone_utc"] is None for a in audit(conn)] == [True, False]


def test_a_new_change_after_undo_is_undone_first(conn: sqlite3.Connection) -> None:
    add_pain(conn, 1)
    add_pain(conn, 2)
    store.undo_last(conn, now=LATER)
    add_pain(conn, 3)  # may reuse the id the undone row had
    store.undo_last(conn, now=LATER)
    assert [r["pain"] for r in rows(conn, "pain_entry")] == [1]
    store.undo_last(conn, now=LATER)
    assert rows(conn, "pain_entry") == []


# --- settings -----------------------------------------------------------------------------


def test_set_setting_inserts_then_updates_and_undo_restores(conn: sqlite3.Connection) -> None:
    assert queries.settings_in_force(conn)["backup.keep"] == DEFAULTS["backup.keep"] == 7
    with store.change(conn, command="config", now=NOW) as ch:
        ch.set_setting("backup.keep", 3)
    assert rows(conn, "setting") == [
        {"key": "backup.keep", "value": "3", "updated_utc": now_utc_text(NOW)}]
    with store.change(conn, command="config", now=LATER) as ch:
        ch.set_setting("backup.keep", 14)
        ch.set_setting("plan.days", ["mon", "fri"])
    in_force = queries.settings_in_force(conn)
    assert (in_force["backup.keep"], in_force["plan.days"]) == (14, ["mon", "fri"])
    assert [(a["action"], a["row_key"]) for a in audit(conn)] == [
        ("insert", "backup.keep"), ("update", "backup.keep"), ("insert", "plan.days")]
    assert queries.stored_setting_keys(conn) == {"backup.keep", "plan.days"}

    store.undo_last(conn, now=LATER)
    assert queries.settings_in_force(conn)["backup.keep"] == 3
    assert queries.settings_in_force(conn)["plan.days"] == DEFAULTS["plan.days"]
    assert rows(conn, "setting") == [
        {"key": "backup.keep", "value": "3", "updated_utc": now_utc_text(NOW)}]
    store.undo_last(conn, now=LATER)
    assert rows(conn, "setting") == []
    assert queries.settings_in_force(conn) == DEFAULTS


def test_unknown_stored_settings_are_ignored(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="config", now=NOW) as ch:
        ch.set_setting("no.such.key", 1)
    assert queries.settings_in_force(conn) == DEFAULTS


# --- random histories ---------------------------------------------------------------------

notes = st.none() | st.text(st.characters(codec="utf-8"), max_size=30)
scores = st.integers(0, 10)
entry_values = st.fixed_dictionaries(
    {"pain": scores, "utc_offset": st.integers(-720, 840)},
    optional={"sleep": st.none() | scores, "mood": st.none() | scores, "note": notes,
              "flare": st.sampled_from([0, 1]), "sites": st.sampled_from(["[]", '["knee"]'])},
)
edit_values = st.fixed_dictionaries(
    {}, optional={"pain": scores, "sleep": st.none() | scores, "note": notes,
                  "flare": st.sampled_from([0, 1]), "day": st.sampled_from(["2026-11-20", "x"])},
)
operations = st.one_of(
    st.tuples(st.just("insert"), entry_values),
    st.tuples(st.just("update"), st.integers(0, 50), edit_values),
    st.tuples(st.just("delete"), st.integers(0, 50)),
)


def apply(ch: store.Change, conn: sqlite3.Connection, op: tuple[Any, ...]) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM pain_entry ORDER BY id")]
    if op[0] == "insert":
        ch.insert("pain_entry", {**STAMP, **op[1]})
    elif ids and op[0] == "update":
        ch.update("pain_entry", ids[op[1] % len(ids)], op[2])
    elif ids:
        ch.delete("pain_entry", ids[op[1] % len(ids)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(operations, min_size=1, max_size=4), min_size=1, max_size=10))
def test_undoing_every_change_of_a_random_history_walks_back_to_empty(
    changes: list[list[tuple[Any, ...]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = db.connect(Path(folder) / "paceit.db", now=NOW)
        try:
            start = rows(conn, "pain_entry")
            history = [start]  # the table before each change that wrote something
            for i, ops in enumerate(changes):
                logged = len(audit(conn))
                with store.change(conn, command=f"c{i}", now=NOW + timedelta(minutes=i)) as ch:
                    for op in ops:
                        apply(ch, conn, op)
                if len(audit(conn)) > logged:
                    history.append(rows(conn, "pain_entry"))
            history.pop()  # the current state
            while history:
                assert store.undo_last(conn, now=LATER) is not None
                assert rows(conn, "pain_entry") == history.pop()
            assert store.undo_last(conn, now=LATER) is None
            assert rows(conn, "pain_entry") == start == []
        finally:
            conn.close()


class UndoMachine(RuleBasedStateMachine):
    """Changes and undos interleaved: each undo must give back the state before the newest
    change not yet undone, for diary rows and settings alike."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.conn = db.connect(Path(self.folder.name) / "paceit.db", now=NOW)
        self.undoable: list[tuple[Any, ...]] = []  # state before each change not yet undone
        self.clock = 0

    def state(self) -> tuple[Any, ...]:
        return (rows(self.conn, "pain_entry"), rows(self.conn, "setting"))

    def _change(self, ops: list[tuple[Any, ...]], setting: tuple[str, int] | None) -> None:
        before, logged = self.state(), len(audit(self.conn))
        self.clock += 1
        with store.change(self.conn, command="m", now=NOW + timedelta(minutes=self.clock)) as ch:
            for op in ops:
                apply(ch, self.conn, op)
            if setting:
                ch.set_setting(*setting)
        if len(audit(self.conn)) > logged:
            self.undoable.append(before)

    @rule(ops=st.lists(operations, min_size=1, max_size=3))
    def change_entries(self, ops: list[tuple[Any, ...]]) -> None:
        self._change(ops, None)

    @rule(key=st.sampled_from(["backup.keep", "redflag.ask_days"]), value=st.integers(1, 30))
    def change_setting(self, key: str, value: int) -> None:
        self._change([], (key, value))

    @rule()
    def undo(self) -> None:
        done = store.undo_last(self.conn, now=LATER)
        if not self.undoable:
            assert done is None
        else:
            assert done is not None
            assert self.state() == self.undoable.pop()

    @precondition(lambda self: not self.undoable)
    @invariant()
    def nothing_to_undo_means_nothing_left_in_the_log(self) -> None:
        pending = self.conn.execute("SELECT count(*) FROM audit WHERE undone_utc IS NULL")
        assert pending.fetchone()[0] == 0

    def teardown(self) -> None:
        self.conn.close()
        self.folder.cleanup()


UndoMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
TestUndoMachine = UndoMachine.TestCase


# --- verbs: record, edit, the one delete policy -------------------------------------------------


def test_record_writes_the_entry_its_tags_and_its_question_in_one_change(conn: sqlite3.Connection) -> None:
    row = pain(5, sleep=None, mood=None, fatigue=None, stress=None, sites="[]", flare=0, note=None)
    entry_id = store.record(
        conn, "pain_entry", row, command="pain", now=NOW, tags=["garden", "visit"], question="Is it the knee?",
        source="pain", again=False,
    )  # fmt: skip
    assert [r["tag"] for r in rows(conn, "entry_tag")] == ["garden", "visit"]
    assert all(r["pain_id"] == entry_id for r in rows(conn, "entry_tag"))
    (note,) = rows(conn, "clinician_note")
    assert (note["text"], note["source"], note["at_utc"]) == ("Is it the knee?", "pain", STAMP["at_utc"])
    assert note["source_uuid"] == rows(conn, "pain_entry")[0]["uuid"]
    assert len({r["change_id"] for r in audit(conn)}) == 1
    store.undo_last(conn, now=LATER)
    assert all(rows(conn, t) == [] for t in ("pain_entry", "entry_tag", "clinician_note"))


def test_edit_replaces_the_tags_in_the_same_change(conn: sqlite3.Connection) -> None:
    entry_id = store.record(conn, "pain_entry", pain(5), command="pain", now=NOW, tags=["a", "b"])
    before = rows(conn, "entry_tag")
    after = store.edit(conn, "pain_entry", entry_id, {"pain": 6}, tags=["b", "c"], command="edit", now=LATER)
    assert after["pain"] == 6
    assert [r["tag"] for r in rows(conn, "entry_tag")] == ["b", "c"]
    store.undo_last(conn, now=LATER)
    assert rows(conn, "entry_tag") == before and rows(conn, "pain_entry")[0]["pain"] == 5


def test_deletion_rows_refuses_a_step_with_trials_unless_forced(conn: sqlite3.Connection) -> None:
    with store.change(conn, command="setup", now=NOW) as ch:
        step = ch.insert("ladder_step", {"text": "bend", "fear": 40, **STAMP})
        trial = ch.record("exposure_trial", {"step_id": step, "fear_before": 40, "fear_after": 20, **STAMP}, tags=["x"])
    with pytest.raises(InputError, match="used by 1 trials; add --force"):
        store.deletion_rows(conn, "step", step)
    (tag,) = rows(conn, "entry_tag")
    taken = store.deletion_rows(conn, "step", step, force=True)
    assert taken == [("entry_tag", tag["id"]), ("exposure_trial", trial), ("ladder_step", step)]
    store.delete_rows(conn, taken, command="delete step", now=LATER)
    assert rows(conn, "ladder_step") == rows(conn, "exposure_trial") == rows(conn, "entry_tag") == []
