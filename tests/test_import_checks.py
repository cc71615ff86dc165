"""Import checks every value by the rules of the command that records it (paceit.import_checks).

A diary is made through the CLI with a row in every table import merges, exported, then the
file is corrupted: by hand (one test per fault an audit found: NUL and control characters in
notes, a day in year 9999, an `at_utc` not in the stored form, after which `history --all`
failed on every run) and by Hypothesis (a random value of a random field of a random row).
Each import ends with exit 2, one line naming the table, the row and the field, and the diary
byte for byte unchanged; or, when the corrupted value happens to be one a command accepts,
with exit 0 and a diary every reading command still reads.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import NOW, checkpoint, done, fixed_clock, ok, run
from paceit import db, import_checks, store
from paceit.exporting import BOOKKEEPING

EVERY_TABLE = [
    ["activity", "add", "walking", "--unit", "min", "--baseline", "10", "--step", "10%", "--every", "7", "--clinician"],
    ["activity", "add", "squats", "--unit", "reps", "--baseline", "8"],
    ["pain", "4", "--sleep", "6", "--site", "knee", "--tag", "gardening", "--note", "stiff morning"],
    ["log", "walking", "20m", "--effort", "4", "--pain-during", "3", "--tag", "sunny"],
    ["log", "squats", "10", "--at", "2026-11-20T08:00"],
    ["ladder", "add", "bend to lift a box", "--fear", "60", "--activity", "walking"],
    ["ladder", "try", "1", "--fear-before", "60", "--fear-after", "30", "--expect", "back gives way", "--pain", "3"],
    ["redflag", "check", "--yes", "night-pain"],
    ["flare", "start", "--at", "2026-11-10", "--note", "after moving house"],
    ["flare", "end", "--at", "2026-11-14"],
    ["flare", "plan", "comfort", "heat pack", "short walks"],
    ["goal", "add", "walk to the park", "--activity", "walking", "--target", "30"],
    ["measure", "peg", "--pain", "5", "--enjoyment", "4", "--activity", "6"],
    ["measure", "psfs", "--item", "stairs=4", "--item", "garden=6", "--item", "lifting=3"],
    ["measure", "task", "sit-to-stand", "11"],
    ["med", "ibuprofen", "--dose", "400 mg"],
    ["strategy", "heat pack", "--helped", "6", "--minutes", "20", "--tag", "evening"],
    ["ask", "Is swimming fine during a flare?"],
    ["config", "set", "plan.days", "mon,wed,fri"],
]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The export of a diary with a row in every table that import merges."""
    folder = tmp_path_factory.mktemp("source")
    with pytest.MonkeyPatch.context() as monkeypatch, fixed_clock(monkeypatch):
        for command in EVERY_TABLE:
            ok("--db", str(folder / "a.db"), *command)
        done("--db", str(folder / "a.db"), "export", "--output", str(folder / "a.json"))
    document: dict[str, Any] = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    empty = [t for t in merged_tables() if not document["tables"][t]["rows"]]
    assert empty == [], "add a command to EVERY_TABLE that fills these tables"
    return document


def merged_tables() -> list[str]:
    return [t for t in store.TABLES if t not in BOOKKEEPING]


@pytest.fixture
def diary(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A diary of its own (one entry), closed and checkpointed: its bytes say it all."""
    with fixed_clock(monkeypatch):
        ok("pain", "2", "--note", "mine")
        checkpoint(isolated_db)
        yield isolated_db


def import_file(document: dict[str, Any], folder: Path) -> Any:
    path = folder / "corrupted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return run("import", str(path))


def changed(document: dict[str, Any], table: str, column: str, value: Any, index: int = 0) -> dict[str, Any]:
    corrupted = copy.deepcopy(document)
    corrupted["tables"][table]["rows"][index][column] = value
    return corrupted


def refused(diary: Path, document: dict[str, Any], folder: Path) -> str:
    before = diary.read_bytes()
    result = import_file(document, folder)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paceit: error: ") and "nothing was imported" in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    checkpoint(diary)
    assert diary.read_bytes() == before
    return lines[0]


CORRUPTIONS = [
    ("pain_entry", "note", "a\x00b", "control characters"),
    ("pain_entry", "note", "red \x1b[31mtext", "control characters"),
    ("pain_entry", "note", "x" * 2001, "at most 2000 characters"),
    ("pain_entry", "note", " padded ", "spaces around it"),
    ("pain_entry", "note", "", "must not be empty"),
    ("pain_entry", "pain", 11, "from 0 to 10"),
    ("pain_entry", "pain", "4", "from 0 to 10"),
    ("pain_entry", "pain", True, "from 0 to 10"),
    ("pain_entry", "pain", None, "is missing"),
    ("pain_entry", "sleep", -1, "from 0 to 10"),
    ("pain_entry", "sites", "knee", "JSON list"),
    ("pain_entry", "sites", '["knee\\u0007"]', "control characters"),
    ("pain_entry", "at_utc", "2026-11-21T08:00:00", "UTC time like"),
    ("pain_entry", "at_utc", "2026-11-21 08:00", "UTC time like"),
    ("pain_entry", "at_utc", "2026-02-30 08:00:00", "UTC time like"),
    ("pain_entry", "created_utc", "2027-01-01 00:00:00", "in the future"),
    ("pain_entry", "utc_offset", 5000, "minutes east of UTC"),
    ("pain_entry", "day", "2026-11-22", "the local date of at_utc"),
    ("pain_entry", "uuid", "not-a-uuid", "UUID"),
    ("activity", "unit", "hours", "one of min"),
    ("activity", "name", "walk\ning", "single line"),
    ("activity", "every_days", 99, "from 7 to 14"),
    ("activity", "step", 50, "from 5"),
    ("session", "amount", 0, "above 0"),
    ("session", "amount", 5000, "at most 1440"),
    ("exposure_trial", "fear_before", 101, "from 0 to 100"),
    ("exposure_trial", "expect", "\x7f", "control characters"),
    ("exposure_trial", "fear_peak", 10, "at least the higher of fear_before and fear_after (60), up to 100"),
    ("red_flag", "code", "broken-leg", "one of"),
    ("red_flag", "grp", 1, "the group of night-pain"),
    ("red_flag_check", "codes", '["broken-leg"]', "unknown red-flag code"),
    ("flare", "end_day", "2026-11-15", "the local date of end_at_utc"),
    ("flare_plan_item", "section", "lunch", "one of"),
    ("questionnaire", "score", 11.5, "at most 10"),
    ("questionnaire_item", "value", 12, "from 0 to 10"),
    ("setting", "value", '"tuesday"', "plan.days"),
    ("setting", "key", "zone.nope", "one of"),
    ("med_dose", "schedule", "daily", "one of"),
    ("strategy_use", "name", "x" * 61, "at most 60"),
    ("strategy_use", "name", "heat\npack", "single line"),
    ("strategy_use", "helped", 11, "from 0 to 10"),
    ("strategy_use", "minutes", 0, "from 1 to 600"),
    ("strategy_use", "minutes", 20.5, "whole number"),
    ("task_result", "value", -1, "from 0"),
    ("task_result", "value", 75, "at most 60"),  # sit-to-stand: 'measure task' refuses 75 stands
    ("task_result", "value", 11.5, "whole number"),
    ("pain_entry", "id", 2**62, "from 1 to"),  # 'paceit edit pain ID' takes ids below 2**62
    ("entry_tag", "tag", "Gardening", "spaces around it"),
    ("clinician_note", "text", "ok\x00", "control characters"),
]


@pytest.mark.parametrize(("table", "column", "value", "says"), CORRUPTIONS, ids=lambda v: str(v)[:20])
def test_a_value_no_command_would_store_refuses_the_import(
    export: dict[str, Any], diary: Path, tmp_path: Path, table: str, column: str, value: Any, says: str
) -> None:
    line = refused(diary, changed(export, table, column, value), tmp_path)
    assert f"table '{table}', row 1" in line and f"field '{column}'" in line and says in line, line


@pytest.mark.parametrize("at_utc", ["9999-12-31 12:00:00", "2026-11-21 18:06:00", "1899-06-01 12:00:00"])
def test_a_moment_too_far_ahead_or_back_is_refused(
    export: dict[str, Any], diary: Path, tmp_path: Path, at_utc: str
) -> None:
    """A day in year 9999, six minutes after now, and before 1900: each with a day that
    matches it, so only the moment itself is wrong."""
    corrupted = changed(export, "pain_entry", "at_utc", at_utc)
    row = corrupted["tables"]["pain_entry"]["rows"][0]
    row["utc_offset"], row["day"] = 0, at_utc[:10]
    line = refused(diary, corrupted, tmp_path)
    assert "field 'at_utc' must" in line and ("in the future" in line or "on or after 1900-01-01" in line), line


def test_history_still_reads_after_a_refused_import_of_a_badly_formed_time(
    export: dict[str, Any], diary: Path, tmp_path: Path
) -> None:
    """The audit's case: an `at_utc` not in the stored form was imported, and every later
    `history --all` failed with a ValueError. Now it is refused and history works."""
    refused(diary, changed(export, "session", "at_utc", "2026-11-20T08:00:00+00:00"), tmp_path)
    assert ok("history", "--all", "--json").stdout.startswith("[")


def test_exports_of_real_diaries_pass_every_rule(export: dict[str, Any], diary: Path, tmp_path: Path) -> None:
    """paceit's own files are never refused: the full diary above, the demo, and the
    upgrade fixtures of every released schema."""
    fixtures = Path(__file__).with_name("fixtures")
    ok("--db", str(tmp_path / "demo.db"), "demo", "--weeks", "8", "--seed", "3")
    documents = [export]
    for source in [tmp_path / "demo.db", *sorted(fixtures.glob("schema-v*.db"))]:
        db = tmp_path / f"copy-{source.name}"
        shutil.copyfile(source, db)
        db.chmod(0o600)
        done("--db", str(db), "export", "--output", str(tmp_path / f"{source.name}.json"))
        documents.append(json.loads((tmp_path / f"{source.name}.json").read_text(encoding="utf-8")))
    for document in documents:
        import_checks.check_values(document, where="PATH x", now=_now())
    assert done("import", str(tmp_path / "demo.db.json")).exit_code == 0


def _now() -> datetime:
    return datetime.fromisoformat(NOW)


def test_every_column_import_merges_has_a_rule() -> None:
    """A new migration's table or column needs its rule in paceit.import_checks, or an
    import could store in it what no command accepts."""
    conn = db.connect_memory(now=_now())
    try:
        missing = [
            f"{table}.{row[1]}"
            for table in merged_tables()
            for row in conn.execute(f"PRAGMA table_info({table})")
            if import_checks.rule(table, row[1]) is None
        ]
    finally:
        conn.close()
    assert missing == []


# --- Hypothesis: corrupted exports --------------------------------------------------------------

HOSTILE = st.one_of(
    st.sampled_from(
        [
            None, "", " ", "\x00", "a\x00b", "\x1b[2J", "\t", "\r\n", "\u202e", "x" * 5000, True, False, 0, -1,
            10**20, -(10**20), 1.5, float("nan"), float("inf"), [], {}, {"base64": "AAAA"}, [1, 2],
            "9999-12-31 00:00:00", "0001-01-01 00:00:00", "2026-11-21T18:00:00", "2026-11-21", "yesterday",
            "2026-11-21 18:04:59", "2026-11-21 18:05:01", "1900-01-01 00:00:00", "'; DROP TABLE pain_entry;--",
            '["knee"]', "[]", "null", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "min", "pct", "walking",
        ]
    ),
    st.text(max_size=30),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip


@st.composite
def corruptions(draw: st.DrawFn, document: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    table = draw(st.sampled_from(merged_tables()))
    rows = document["tables"][table]["rows"]
    index = draw(st.integers(0, len(rows) - 1))
    column = draw(st.sampled_from(sorted(rows[index])))
    corrupted = copy.deepcopy(document)
    if draw(st.integers(0, 9)) == 0:
        del corrupted["tables"][table]["rows"][index][column]
    else:
        corrupted["tables"][table]["rows"][index][column] = draw(HOSTILE)
    return corrupted, table, column


GENERATED = 100
COUNTS = {"refused": 0, "stored": 0}


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if sum(COUNTS.values()):
        print(f"\ncorrupted exports: {sum(COUNTS.values())} generated, {COUNTS}")


def test_random_corruptions_of_an_export_are_refused_whole_or_stored_readably(
    export: dict[str, Any], isolated_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fixed_clock(monkeypatch):
        ok("pain", "2", "--note", "mine")
        checkpoint(isolated_db)
    template = isolated_db.read_bytes()

    @settings(
        max_examples=GENERATED,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(case=corruptions(export))
    def one(case: tuple[dict[str, Any], str, str]) -> None:
        document, table, column = case
        isolated_db.write_bytes(template)
        for side in ("-wal", "-shm"):
            Path(f"{isolated_db}{side}").unlink(missing_ok=True)
        with tempfile.TemporaryDirectory() as folder, fixed_clock(monkeypatch):
            result = import_file(document, Path(folder))
            assert result.exit_code in (0, 2), (table, column, result.stderr)
            assert "Traceback" not in result.stderr
            if result.exit_code == 2:
                COUNTS["refused"] += 1
                assert len(result.stderr.splitlines()) == 1, result.stderr
                checkpoint(isolated_db)
                assert isolated_db.read_bytes() == template
                return
            COUNTS["stored"] += 1
            for reading in (["history", "--all", "--json"], ["next", "--json"], ["report", "--format", "json"]):
                assert run(*reading).exit_code == 0, (table, column, reading)
            stored = json.loads(ok("export").stdout)
            import_checks.check_values(stored, where="stored", now=_now())  # what was stored passes too

    one()
    assert COUNTS["refused"] > GENERATED // 2
