"""`paceit export|import`: a complete, private export; a lossless, idempotent merge by UUID.

Diaries are made through the CLI (Hypothesis chooses the commands), so the round trip
is tested on what paceit really stores: ids with gaps from deletes, edits, settings,
ladder trials, flares, goals, questionnaires and the undo log.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import checkpoint, child_env, count, done, fails, fixed_clock, flat, logical_dump, ok, rows, run
from paceit.dbschema import DERIVED
from paceit.migrations import LATEST

# Each example runs some 20-60 paceit commands, so fewer examples than for a pure rule.
PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MERGES = settings(PROPERTY, max_examples=8)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    with fixed_clock(monkeypatch):
        yield


# --- diaries made through the CLI ------------------------------------------------------

NAMES = ("walking", "cycling", "stairs")
notes = st.text(st.sampled_from("ab ,\"'\n;é→"), max_size=12).map(lambda t: f"n:{t}")
days = st.integers(1, 21).map(lambda d: f"2026-11-{d:02d}")
moments = st.tuples(days, st.integers(6, 22), st.sampled_from(["00", "30"])).map(lambda t: f"{t[0]}T{t[1]:02d}:{t[2]}")
scale = st.integers(0, 10).map(str)


def _opt(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [flag, v]))


def _cmd(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda ps: [a for p in ps for a in p])


def _fixed(*words: str) -> st.SearchStrategy[list[str]]:
    return st.just(list(words))


LOG = _cmd(
    _fixed("log"),
    st.sampled_from(("walking", "walking", *NAMES)).map(lambda n: [n]),
    st.integers(5, 40).map(lambda a: [str(a)]),
    _opt("--effort", scale),
    _opt("--pain-during", scale),
    _opt("--at", moments),
    _opt("--note", notes),
)
TRY = _cmd(
    _fixed("ladder", "try"),
    st.integers(1, 3).map(lambda s: [str(s)]),
    st.integers(0, 100).map(lambda f: ["--fear-before", str(f)]),
    st.integers(0, 100).map(lambda f: ["--fear-after", str(f)]),
    _opt("--happened", st.sampled_from(["yes", "no"])),
    _opt("--at", moments),
)
COMMANDS = st.one_of(
    LOG,
    TRY,
    _cmd(
        _fixed("pain"),
        scale.map(lambda s: [s]),
        _opt("--sleep", scale),
        _opt("--mood", scale),
        _opt("--site", st.sampled_from(["lower back", "knee"])),
        _opt("--at", moments),
        _opt("--note", notes),
    ),
    _cmd(
        _fixed("activity", "add"),
        st.sampled_from(NAMES).map(lambda n: [n]),
        st.sampled_from(["min", "reps"]).map(lambda u: ["--unit", u]),
        _opt("--baseline", st.sampled_from(["10", "15"])),
    ),
    LOG,
    _cmd(
        _fixed("ladder", "add"),
        st.sampled_from(["bend", "lift a bag", "run"]).map(lambda t: [t]),
        st.integers(10, 90).map(lambda f: ["--fear", str(f)]),
    ),
    TRY,
    _cmd(_fixed("flare", "start"), _opt("--at", days), _opt("--note", notes)),
    _cmd(_fixed("flare", "end"), _opt("--at", days)),
    _cmd(
        _fixed("flare", "plan", "comfort"), st.lists(st.sampled_from(["heat", "walk", "rest"]), min_size=1, max_size=3)
    ),
    _cmd(
        _fixed("goal", "add"),
        st.sampled_from(["park", "garden"]).map(lambda t: [t]),
        _opt("--activity", st.just("walking")),
    ),
    _cmd(
        _fixed("measure", "peg"),
        scale.map(lambda s: ["--pain", s]),
        scale.map(lambda s: ["--enjoyment", s]),
        scale.map(lambda s: ["--activity", s]),
        _opt("--at", moments),
    ),
    _cmd(
        _fixed("measure", "psfs"),
        st.tuples(scale, scale, scale).map(
            lambda t: ["--item", f"stairs={t[0]}", "--item", f"garden={t[1]}", "--item", f"lift={t[2]}"]
        ),
    ),
    _cmd(_fixed("redflag", "check"), st.sampled_from([["--none"], ["--yes", "night-pain"], ["--yes", "fever"]])),
    _cmd(
        _fixed("config", "set"),
        st.sampled_from(
            [
                ["plan.days", "mon,wed,fri"],
                ["zone.r1_ceiling", "6", "--clinician"],
                ["progression.step_pct", "5", "--clinician"],
            ]
        ),
    ),
    _cmd(
        _fixed("delete"),
        st.sampled_from(["pain", "session", "trial"]).map(lambda k: [k]),
        st.integers(1, 4).map(lambda i: [str(i)]),
    ),
    _cmd(_fixed("edit", "pain"), st.integers(1, 4).map(lambda i: [str(i)]), scale.map(lambda s: ["--pain", s])),
    _fixed("undo"),
)
HISTORIES = st.lists(COMMANDS, min_size=3, max_size=18)


def make_diary(db: Path, commands: list[list[str]]) -> None:
    """Run each command (a refused one, such as logging an activity not added yet,
    writes nothing, which is part of real use)."""
    ok("--db", str(db), "activity", "add", "walking", "--unit", "min")
    ok("--db", str(db), "pain", "4", "--at", "2026-11-02T08:00")
    ok("--db", str(db), "ladder", "add", "bend", "--fear", "30")
    for command in commands:
        run("--db", str(db), *command)


def export_doc(db: Path, out: Path) -> dict[str, Any]:
    done("--db", str(db), "export", "--output", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The whole document but the moment it was exported (the header's `exported_utc`):
    the one exclusion documented in paceit.exporting and the README."""
    copy = json.loads(json.dumps(document))
    del copy["paceit_export"]["exported_utc"]
    return copy


READS = (
    ["next"], ["ladder", "list"], ["history", "--all"], ["flare", "list"], ["goal", "list"], ["measure", "list"],
    ["redflag", "list"], ["config", "show"], ["activity", "list", "--all"],
)  # fmt: skip


def plans(db: Path) -> list[str]:
    """What paceit tells the person from this diary: the plan and every list."""
    return [ok("--db", str(db), *cmd, "--json").stdout for cmd in READS]


@PROPERTY
@given(HISTORIES)
def test_export_import_into_an_empty_diary_then_export_gives_the_same_document_and_plans(
    commands: list[list[str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        make_diary(here / "a.db", commands)
        first = export_doc(here / "a.db", here / "a.json")

        done("--db", str(here / "b.db"), "import", str(here / "a.json"))
        second = export_doc(here / "b.db", here / "b.json")

        assert comparable(second) == comparable(first)  # the undo log and schema record too
        assert plans(here / "b.db") == plans(here / "a.db")
        again = json.loads(ok("--db", str(here / "b.db"), "import", str(here / "a.json"), "--json").stdout)
        assert again["added"] == 0 and comparable(export_doc(here / "b.db", here / "c.json")) == comparable(first)
        # the copy's undo goes on from the same history, and takes back the same change
        undone = [run("--db", str(here / n), "undo").stdout.replace(n, "") for n in ("a.db", "b.db")]
        assert undone[0] == undone[1] and plans(here / "b.db") == plans(here / "a.db")


def test_the_demo_diary_round_trips_losslessly(tmp_path: Path) -> None:
    ok("--db", str(tmp_path / "demo.db"), "demo", "--weeks", "12", "--seed", "7")
    first = export_doc(tmp_path / "demo.db", tmp_path / "demo.json")

    done("--db", str(tmp_path / "copy.db"), "import", str(tmp_path / "demo.json"))

    assert comparable(export_doc(tmp_path / "copy.db", tmp_path / "copy.json")) == comparable(first)
    assert plans(tmp_path / "copy.db") == plans(tmp_path / "demo.db")
    for day in ("2026-10-01", "2026-10-20", "2026-11-10"):
        mine, theirs = (
            ok("--db", str(tmp_path / n), "next", "--date", day, "--json").stdout for n in ("demo.db", "copy.db")
        )
        assert mine == theirs


@MERGES
@given(HISTORIES, HISTORIES)
def test_importing_twice_adds_nothing_and_merging_two_diaries_keeps_every_row_of_both(
    mine: list[list[str]], theirs: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        make_diary(here / "a.db", mine)
        make_diary(here / "b.db", theirs)
        export_doc(here / "b.db", here / "b.json")
        entries = ("pain_entry", "session", "exposure_trial", "flare", "goal", "questionnaire", "red_flag")
        before = {t: count(here / "a.db", t) + count(here / "b.db", t) for t in entries}

        units = [{(r["name"], r["unit"]) for r in rows(here / n, "activity")} for n in ("a.db", "b.db")]
        clash = {n for n, u in units[0] for m, v in units[1] if n == m and u != v}
        spells = [[(r["at_utc"], r["end_at_utc"] or "9") for r in rows(here / n, "flare")] for n in ("a.db", "b.db")]
        overlap = any(s <= f and t <= e for s, e in spells[0] for t, f in spells[1])
        unchanged = logical_dump(here / "a.db")
        result = run("--db", str(here / "a.db"), "import", str(here / "b.json"), "--json")
        if clash or overlap:  # a name in another unit, or overlapping flares: refused, nothing written
            assert result.exit_code == 2 and ("rename one first" if clash else "would overlap") in result.stderr
            assert logical_dump(here / "a.db") == unchanged
            return
        report = json.loads(result.stdout)
        merged = logical_dump(here / "a.db")
        again = json.loads(ok("--db", str(here / "a.db"), "import", str(here / "b.json"), "--json").stdout)

        # every row of both, but a goal the two added alike (same text, same day) once
        matched = {t: len(report["tables"].get(t, {}).get("matched", [])) for t in entries}
        assert {t: count(here / "a.db", t) for t in entries} == {t: n - matched[t] for t, n in before.items()}
        assert all(matched[t] == 0 for t in entries if t != "goal")
        if rows(here / "b.db", "activity"):  # both made "walking" (unless theirs undid it): one activity
            assert report["tables"]["activity"]["matched"]
        assert again["added"] == 0 and logical_dump(here / "a.db") == merged
        uuids = {r["uuid"] for r in rows(here / "a.db", "session")}
        assert {r["uuid"] for r in rows(here / "b.db", "session")} <= uuids


# --- import: rules ----------------------------------------------------------------------


def _two_diaries(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source.db"
    ok("--db", str(source), "activity", "add", "walking", "--unit", "min")
    ok("--db", str(source), "log", "walking", "20", "--at", "2026-11-20T10:00")
    ok("--db", str(source), "pain", "4", "--at", "2026-11-20T08:00")
    ok("--db", str(source), "config", "set", "plan.days", "mon,wed,fri")
    ok("--db", str(source), "config", "set", "zone.r1_ceiling", "6", "--clinician")
    export = tmp_path / "source.json"
    done("--db", str(source), "export", "-o", str(export))
    return source, export


def test_a_row_that_differs_here_is_kept_and_reported(isolated_db: Path, tmp_path: Path) -> None:
    _source, export = _two_diaries(tmp_path)
    done("import", str(export))
    ok("edit", "pain", "1", "--pain", "7")
    before = logical_dump(isolated_db)

    result = done("import", str(export))

    assert "differ and are kept as they are here" in result.stderr
    assert rows(isolated_db, "pain_entry")[0]["uuid"] in result.stderr
    assert logical_dump(isolated_db) == before
    assert rows(isolated_db, "pain_entry")[0]["pain"] == 7


def test_settings_already_set_here_keep_their_value_and_missing_ones_are_imported(
    isolated_db: Path, tmp_path: Path
) -> None:
    _source, export = _two_diaries(tmp_path)
    ok("config", "set", "plan.days", "tue,thu")
    mine = rows(isolated_db, "setting")

    report = json.loads(ok("import", str(export), "--json").stdout)

    stored = {r["key"]: r for r in rows(isolated_db, "setting")}
    assert stored["plan.days"] == mine[0]
    assert json.loads(stored["zone.r1_ceiling"]["value"]) == 6
    assert report["tables"]["setting"]["kept"] == ["plan.days"]
    assert report["tables"]["setting"]["added"] == 1


def test_foreign_keys_are_remapped_to_the_ids_here(isolated_db: Path, tmp_path: Path) -> None:
    ok("activity", "add", "cycling", "--unit", "min")
    ok("activity", "add", "stairs", "--unit", "reps")
    ok("pain", "2")
    ok("delete", "pain", "1")  # id 1 is used here: the imported entry must not take it
    _source, export = _two_diaries(tmp_path)

    done("import", str(export))

    walking = rows(isolated_db, "activity", "WHERE name = 'walking'")[0]
    assert walking["id"] == 3
    session = rows(isolated_db, "session")[0]
    assert session["activity_id"] == walking["id"]
    assert [r["id"] for r in rows(isolated_db, "pain_entry")] == [2]


def test_import_is_one_change_that_undo_takes_back(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "3")
    _source, export = _two_diaries(tmp_path)
    diary_before = {t: rows(isolated_db, t) for t in ("pain_entry", "activity", "session", "setting")}

    done("import", str(export))
    assert count(isolated_db, "session") == 1
    result = ok("undo")

    assert "import source.json" in result.stdout
    assert {t: rows(isolated_db, t) for t in diary_before} == diary_before


def test_dry_run_changes_nothing_and_reports_what_would_be_added(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "3")
    _source, export = _two_diaries(tmp_path)
    checkpoint(isolated_db)
    before_bytes, before_dump = isolated_db.read_bytes(), logical_dump(isolated_db)

    result = done("import", str(export), "--dry-run")

    checkpoint(isolated_db)
    assert isolated_db.read_bytes() == before_bytes and logical_dump(isolated_db) == before_dump
    assert "would add 5 rows" in flat(result.stderr) and "Nothing was changed" in result.stderr
    assert "pain_entry: 1 would be added" in result.stderr


def test_dry_run_without_a_diary_creates_no_file(isolated_db: Path, tmp_path: Path) -> None:
    _source, export = _two_diaries(tmp_path)
    report = json.loads(ok("import", str(export), "--dry-run", "--json").stdout)
    assert report["dry_run"] is True and report["added"] == 5
    assert not isolated_db.exists()


def _bad_files(tmp_path: Path, good: str) -> dict[str, bytes]:
    document = json.loads(good)
    newer = json.loads(good)
    newer["paceit_export"]["schema_version"] = 999
    no_uuid, nested = json.loads(good), json.loads(good)
    del no_uuid["tables"]["session"]["rows"][0]["uuid"]
    nested["tables"]["pain_entry"]["rows"][0]["note"] = ["a", "list"]
    return {
        "not json": b"date,pain\n2026-11-20,4\n",
        "binary": bytes(range(256)),
        "json without header": json.dumps({"tables": document["tables"]}).encode(),
        "a json list": b"[1, 2, 3]",
        "another program's header": json.dumps({"paceit_export": {"format": "other"}}).encode(),
        "newer schema": json.dumps(newer).encode(),
        "truncated": good.encode()[: len(good) // 2],
        "row without uuid": json.dumps(no_uuid).encode(),
        "nested value": json.dumps(nested).encode(),
        "empty": b"",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "not json",
        "binary",
        "json without header",
        "a json list",
        "another program's header",
        "newer schema",
        "truncated",
        "empty",
        "row without uuid",
        "nested value",
    ],
)
def test_a_bad_file_gives_one_line_exit_2_and_writes_nothing(isolated_db: Path, tmp_path: Path, kind: str) -> None:
    _source, export = _two_diaries(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(_bad_files(tmp_path, export.read_text(encoding="utf-8"))[kind])

    message = fails("import", str(bad))
    assert not isolated_db.exists()

    ok("pain", "3")
    before = logical_dump(isolated_db)
    assert fails("import", str(bad)) == message
    assert fails("import", str(bad), "--dry-run") == message
    assert logical_dump(isolated_db) == before
    if kind == "newer schema":
        assert "newer paceit" in message


def test_a_row_that_breaks_a_rule_refuses_the_whole_import(isolated_db: Path, tmp_path: Path) -> None:
    _source, export = _two_diaries(tmp_path)
    document = json.loads(export.read_text(encoding="utf-8"))
    document["tables"]["pain_entry"]["rows"][0]["pain"] = 11
    export.write_text(json.dumps(document), encoding="utf-8")
    ok("pain", "3")
    before = logical_dump(isolated_db)

    message = fails("import", str(export))

    assert "nothing was imported" in message
    assert logical_dump(isolated_db) == before
    fails("import", str(tmp_path / "missing.json"))


def test_a_crash_part_way_through_an_import_leaves_nothing(isolated_db: Path, tmp_path: Path) -> None:
    """A real process dies (os._exit: no rollback, no clean-up) after some rows are written."""
    ok("pain", "3")
    _source, export = _two_diaries(tmp_path)
    before = logical_dump(isolated_db)
    script = (
        "import os, sys\n"
        "from paceit import store\n"
        "original, done = store.Change.insert, []\n"
        "def insert(self, table, values):\n"
        "    done.append(table)\n"
        "    if len(done) == 3: os._exit(9)\n"
        "    return original(self, table, values)\n"
        "store.Change.insert = insert\n"
        "from paceit.cli.app import app\n"
        f"app(['--db', {str(isolated_db)!r}, 'import', {str(export)!r}])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=child_env()
    )

    assert proc.returncode == 9, proc.stderr
    assert logical_dump(isolated_db) == before
    ok("check")


# --- export -------------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_json_export_has_a_header_and_every_table_of_the_database(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    with sqlite3.connect(isolated_db) as conn:  # a table another migration might add
        conn.execute("CREATE TABLE medication (id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE, name TEXT)")
        conn.execute("INSERT INTO medication (uuid, name) VALUES ('m-1', 'paracetamol')")
    target = tmp_path / "out" / "diary.json"

    assert "holds health data" in flat(done("export", "--output", str(target)).stderr)

    document = json.loads(target.read_text(encoding="utf-8"))
    header = document["paceit_export"]
    assert header["format"] == "paceit-export" and header["schema_version"] == LATEST
    assert "health data" in header["health_data"] and header["exported_utc"] == "2026-11-21T18:00:00+00:00"
    with sqlite3.connect(isolated_db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    # every table but SQLite's own and the replay's checkpoints (derived: rebuilt, never exported)
    assert set(header["tables"]) == set(document["tables"]) == tables - {"sqlite_sequence", *DERIVED}
    assert document["tables"]["medication"]["rows"] == [{"id": 1, "uuid": "m-1", "name": "paracetamol"}]
    assert document["tables"]["pain_entry"]["rows"] == rows(isolated_db, "pain_entry")
    order = header["tables"]
    assert order.index("activity") < order.index("session") < order.index("audit")
    assert order.index("ladder_step") < order.index("exposure_trial")
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700


def test_json_export_without_output_goes_to_stdout(isolated_db: Path) -> None:
    ok("pain", "4")
    document = json.loads(ok("export").stdout)
    assert document["paceit_export"]["row_counts"]["pain_entry"] == 1


def test_csv_export_to_a_folder_reads_back_with_the_csv_module(isolated_db: Path, tmp_path: Path) -> None:
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20.5", "--note", 'said "hi", then, left\nnext line')
    ok("pain", "4", "--site", "lower back")
    folder = tmp_path / "csv"

    done("export", "--format", "csv", "--output", str(folder))

    assert _mode(folder) == 0o700
    for table in ("pain_entry", "session", "activity", "setting", "audit"):
        path = folder / f"{table}.csv"
        assert _mode(path) == 0o600
        with path.open(newline="", encoding="utf-8") as handle:
            read = list(csv.DictReader(handle))
        expected = [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows(isolated_db, table)]
        assert read == expected, table
    assert "health data" in (folder / "README.txt").read_text(encoding="utf-8")
    assert json.loads((folder / "header.json").read_text(encoding="utf-8"))["format"] == "paceit-export"


def test_csv_export_to_a_zip(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    target = tmp_path / "diary.zip"

    done("export", "--output", str(target))  # .zip means csv

    assert _mode(target) == 0o600
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        text = archive.read("diary/pain_entry.csv").decode("utf-8")
    assert {"diary/README.txt", "diary/header.json", "diary/pain_entry.csv", "diary/audit.csv"} <= names
    assert [r["pain"] for r in csv.DictReader(text.splitlines())] == ["4"]


def test_export_never_overwrites_without_force(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    target = tmp_path / "diary.json"
    target.write_text("precious", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep", encoding="utf-8")

    assert "--force" in fails("export", "--output", str(target))
    assert "--force" in fails("export", "--format", "csv", "--output", str(folder))
    assert target.read_text(encoding="utf-8") == "precious" and not (folder / "pain_entry.csv").exists()

    done("export", "--output", str(target), "--force")
    done("export", "--format", "csv", "--output", str(folder), "--force")
    assert json.loads(target.read_text(encoding="utf-8"))["paceit_export"]["row_counts"]["pain_entry"] == 1
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep" and (folder / "pain_entry.csv").exists()
    assert _mode(target) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


@pytest.mark.parametrize(
    "args",
    [["--format", "csv"], ["--format", "xml", "-o", "x"], ["--format", "json", "-o", "x.zip"]],
)
def test_export_usage_errors(isolated_db: Path, args: list[str]) -> None:
    ok("pain", "4")
    fails("export", *args)


def test_export_without_a_diary_says_so_and_creates_nothing(isolated_db: Path, tmp_path: Path) -> None:
    assert "no diary" in fails("export", "--output", str(tmp_path / "x.json"))
    assert not isolated_db.exists() and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("command", [["export"], ["import", "{file}", "--dry-run"]])
def test_export_and_import_do_not_load_sqlmodel_or_pydantic(
    isolated_db: Path, tmp_path: Path, command: list[str]
) -> None:
    ok("pain", "4")
    file = tmp_path / "d.json"
    done("export", "-o", str(file))
    args = [a.replace("{file}", str(file)) for a in command]
    script = (
        "import sys\nfrom paceit.cli.app import app\n"
        f"code = app({args!r}, standalone_mode=False)\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlmodel', 'pydantic', 'sqlalchemy'})\n"
        "print('HEAVY', code, heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=child_env()
    )
    assert "HEAVY 0 []" in proc.stderr, proc.stderr


def test_entries_deleted_here_are_not_brought_back_by_an_older_export(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    ok("ladder", "add", "bend", "--fear", "30")
    ok("ladder", "try", "1", "--fear-before", "30", "--fear-after", "10")
    export = tmp_path / "old.json"
    done("export", "-o", str(export))
    pain_uuid = rows(isolated_db, "pain_entry")[0]["uuid"]
    ok("delete", "pain", "1")
    ok("delete", "trial", "1")
    ok("delete", "step", "1")
    before = logical_dump(isolated_db)

    report = json.loads(ok("import", str(export), "--json").stdout)

    assert report["added"] == 0 and logical_dump(isolated_db) == before
    assert report["tables"]["pain_entry"]["deleted"] == [pain_uuid]
    assert len(report["tables"]["exposure_trial"]["deleted"]) == 1  # hangs on a step deleted here
    assert "deleted here earlier and not brought back" in done("import", str(export)).stderr
    ok("undo")  # brings the step back; its trial is still deleted, the pain entry too
    again = json.loads(ok("import", str(export), "--json").stdout)
    assert again["added"] == 0 and len(again["tables"]["exposure_trial"]["deleted"]) == 1
    assert again["tables"]["ladder_step"]["same"] == 1


def test_undo_of_a_big_import_is_summarised_per_kind(tmp_path: Path) -> None:
    ok("--db", str(tmp_path / "demo.db"), "demo", "--weeks", "4", "--seed", "3")
    done("--db", str(tmp_path / "demo.db"), "export", "-o", str(tmp_path / "demo.json"))
    ok("--db", str(tmp_path / "new.db"), "pain", "3")  # not empty: a merge, one undoable change
    done("--db", str(tmp_path / "new.db"), "import", str(tmp_path / "demo.json"))

    result = ok("--db", str(tmp_path / "new.db"), "undo")

    assert "removed session x" in result.stdout and "removed pain entry x" in result.stdout
    assert count(tmp_path / "new.db", "session") == 0


MEDICATION = (
    "CREATE TABLE medication (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, "
    "activity_id INTEGER REFERENCES activity (id), name TEXT NOT NULL, created_utc TEXT NOT NULL)"
)


def test_a_table_added_by_a_new_migration_is_exported_and_imported_without_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What another migration adds (here by hand) travels too, with its links remapped,
    once the store knows the table (every table written through the store must be there)."""
    from paceit import store

    monkeypatch.setitem(store.TABLES, "medication", "medication")
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    ok("--db", str(source), "activity", "add", "walking", "--unit", "min")
    ok("--db", str(source), "activity", "add", "cycling", "--unit", "min")
    ok("--db", str(target), "activity", "add", "swimming", "--unit", "min")
    for path in (source, target):
        with sqlite3.connect(path) as conn:
            conn.execute(MEDICATION)
    with sqlite3.connect(source) as conn:
        conn.execute("INSERT INTO medication VALUES (1, 'm-1', 2, 'ibuprofen', '2026-11-20 08:00:00')")

    document = export_doc(source, tmp_path / "a.json")
    order = document["paceit_export"]["tables"]
    assert order.index("activity") < order.index("medication")
    done("--db", str(target), "import", str(tmp_path / "a.json"))

    cycling = rows(target, "activity", "WHERE name = 'cycling'")[0]
    assert [(m["uuid"], m["activity_id"], m["name"]) for m in rows(target, "medication")] == [
        ("m-1", cycling["id"], "ibuprofen")
    ]


# --- import: an empty diary, units, same content, plain errors (issue 5, gaps 4, 5, 8, 15) ---


def _schema_record(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT * FROM schema_version ORDER BY version").fetchall()


def test_an_import_into_an_empty_diary_is_a_copy_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    monkeypatch.setenv("PACEIT_NOW", "2026-11-01T08:00:00+00:00")  # a made weeks before b
    ok("--db", str(a), "pain", "3", "--at", "2026-10-30T08:00")
    ok("--db", str(a), "pain", "4", "--at", "2026-10-31T08:00")
    ok("--db", str(a), "delete", "pain", "1")
    monkeypatch.setenv("PACEIT_NOW", "2026-11-21T18:00:00+00:00")
    first = export_doc(a, tmp_path / "a.json")

    result = done("--db", str(b), "import", str(tmp_path / "a.json"))

    assert "empty diary" in flat(result.stderr) and "undo history (3 rows)" in flat(result.stderr)
    assert rows(b, "audit") == rows(a, "audit") and _schema_record(b) == _schema_record(a)
    assert comparable(export_doc(b, tmp_path / "b.json")) == comparable(first)
    # the deletion made over there is known here: an older export cannot bring the entry back
    # (the deletion was made on an earlier day: --yes, as undo would ask on a terminal)
    assert ok("--db", str(b), "undo", "--yes").stdout.replace(str(b), "") == ok(
        "--db", str(a), "undo", "--yes"
    ).stdout.replace(str(a), "")


def test_an_activity_in_another_unit_is_refused_by_name_and_units(isolated_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    ok("--db", str(source), "activity", "add", "walking", "--unit", "km")
    ok("--db", str(source), "log", "walking", "3", "--at", "2026-11-20T10:00")
    done("--db", str(source), "export", "-o", str(tmp_path / "source.json"))
    ok("activity", "add", "walking", "--unit", "min")
    ok("log", "walking", "20", "--at", "2026-11-20T17:00")
    before = logical_dump(isolated_db)

    for args in ([], ["--dry-run"]):
        line = fails("import", str(tmp_path / "source.json"), *args)
        assert "'walking'" in line and "min here" in line and "km in the file" in line
        assert "Nothing was imported" in line
    assert logical_dump(isolated_db) == before

    ok("activity", "edit", "walking", "--name", "walking-time")  # the way out the message names
    done("import", str(tmp_path / "source.json"))
    units = {(a["name"], a["unit"]) for a in rows(isolated_db, "activity")}
    assert units == {("walking-time", "min"), ("walking", "km")}


def _same_plan(db: Path, fear: str) -> None:
    ok("--db", str(db), "pain", "3", "--at", "2026-11-19T08:00")  # something else of its own
    ok("--db", str(db), "ladder", "add", "carry the shopping", "--fear", fear, "--at", "2026-11-20T09:00")
    ok("--db", str(db), "ladder", "try", "1", "--fear-before", fear, "--fear-after", "10", "--at", "2026-11-20T12:00")
    ok("--db", str(db), "goal", "add", "walk to the park", "--at", "2026-11-20T09:00")
    ok("--db", str(db), "flare", "plan", "comfort", "heat pack", "slow breathing")


def test_the_same_step_goal_and_flare_plan_item_added_on_two_machines_are_not_doubled(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _same_plan(a, "40")
    _same_plan(b, "35")  # rated a little differently over there: still the same step
    ok("--db", str(b), "goal", "add", "walk to the park", "--at", "2026-11-21T09:00")  # set again another day
    export_doc(b, tmp_path / "b.json")

    report = json.loads(ok("--db", str(a), "import", str(tmp_path / "b.json"), "--json").stdout)

    assert [s["text"] for s in rows(a, "ladder_step")] == ["carry the shopping"]
    assert [s["fear"] for s in rows(a, "ladder_step")] == [40]  # the one here is kept
    assert [t["step_id"] for t in rows(a, "exposure_trial")] == [1, 1]  # both trials, on the one step
    assert [g["day"] for g in rows(a, "goal")] == ["2026-11-20", "2026-11-21"]
    assert sorted(i["text"] for i in rows(a, "flare_plan_item")) == ["heat pack", "slow breathing"]
    assert len(report["tables"]["ladder_step"]["matched"]) == 1 and len(report["tables"]["goal"]["matched"]) == 1
    assert len(report["tables"]["flare_plan_item"]["matched"]) == 2
    merged = logical_dump(a)
    again = json.loads(ok("--db", str(a), "import", str(tmp_path / "b.json"), "--json").stdout)
    assert again["added"] == 0 and logical_dump(a) == merged


def test_a_files_own_identical_rows_both_arrive(isolated_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    for _ in range(2):
        ok("--db", str(source), "ladder", "add", "bend", "--fear", "20", "--at", "2026-11-20T09:00")
    done("--db", str(source), "export", "-o", str(tmp_path / "source.json"))
    ok("pain", "3")
    done("import", str(tmp_path / "source.json"))
    assert [s["text"] for s in rows(isolated_db, "ladder_step")] == ["bend", "bend"]


@pytest.mark.parametrize("kind", ["folder", "csv zip", "other zip", "binary"])
def test_only_paceits_json_export_can_be_imported_and_the_error_says_so(
    isolated_db: Path, tmp_path: Path, kind: str
) -> None:
    ok("pain", "3")
    done("export", "--format", "csv", "--output", str(tmp_path / "csv-export"))
    done("export", "--format", "csv", "--output", str(tmp_path / "diary.zip"))
    other = tmp_path / "e.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("notes.txt", "hello")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    paths = {"folder": tmp_path / "csv-export", "csv zip": tmp_path / "diary.zip", "other zip": other, "binary": binary}
    path = paths[kind]
    before = logical_dump(isolated_db)

    line = fails("import", str(path))

    assert "paceit imports only its own JSON export" in line and "paceit export --output FILE.json" in line
    assert "no such file" not in line and "codec" not in line
    assert logical_dump(isolated_db) == before
