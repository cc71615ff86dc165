"""paceit's benchmark: every daily command timed as a whole process, as a person meets it.

Why whole processes: a patient runs paceit several times a day, and the shell runs it on every
TAB; each run is a fresh interpreter, so start-up and imports are most of the cost (issues 6 and
19; the figures and targets are in docs/performance.md). What is measured, and how:

- Three databases built through paceit's own code and cached in a data folder (default
  `bench/.data/`): `month.db` and `decade.db` with `paceit demo --weeks 4` / `--weeks 520`
  (10 years of realistic daily use), and `stress.db` (>= 1,000,000 rows): the 520-week demo
  generated once in-process with `paceit.demo.generate`, its time series tiled back in time in
  whole weeks (522 per copy, so weekdays hold) with fresh ids and seeded uuids, written like
  `paceit.demo.writer.write` (`db.connect`, one transaction, `executemany`), then checked with
  `paceit check`. The demo history ends on the day it is built, so the cache is rebuilt when
  paceit's version or schema changes, when this script's build recipe changes, and on a new
  day (a stale history would time a different `next`). `--rebuild` forces it.
- Every bench run copies the databases to a scratch folder, so writes (`pain`, `log`, on a copy
  of their own) and anything paceit may cache in the file never reach the cached databases.
  "first next, no checkpoints" gets, before each of its runs (untimed), a new copy of the
  ten-year diary with its replay checkpoints removed: each run replays the whole history,
  as a diary's first `next` after an import or an upgrade does.
- Each command: warm-ups, then counted runs, alternating with the floor `python -c pass` (the
  same interpreter as the venv) A B A B ..., output to /dev/null (not a TTY), wall time by
  `time.perf_counter` around the spawn (posix_spawn, as `subprocess.Popen` does) and
  `os.wait4`, whose `ru_maxrss` (KiB on Linux) is the child's peak memory. The runs are started
  by a tiny helper process, not by this script: see `SPAWN_HELPER` for why. Reported: medians,
  ratio = median of the per-pair ratios command / floor, peak RSS (max over counted runs, MiB),
  the issue's target, PASS/FAIL. The first warm-up (started here, output captured) checks the
  exit status and, for the completion, its answer.
- Honest installed state: paceit's package is byte-compiled first and the subprocesses run
  without PYTHONDONTWRITEBYTECODE (else an editable install recompiles on every run, ~70 ms).
  They use the venv's `paceit` console script (not `python -m paceit`), `NO_COLOR=1`,
  `COLUMNS=80`, and a temporary HOME and XDG folders, so the real user data is never touched.
- A command much slower than its budget (`--budget`) gets fewer runs (at least 3), shown as
  `(n=3)`, so a slow build of paceit still finishes the bench in reasonable time.

Run it with the venv's python: `.venv/bin/python bench/run.py [--runs N] [--only next] ...`.
Standard library only (plus paceit itself, for the stress database).
"""

from __future__ import annotations

import argparse
import compileall
import json
import marshal
import os
import platform
import random
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
BUILD_RECIPE = 2  # bump when the way the databases are built changes: the cache is rebuilt
DAILY_MB = 30.0  # issue 19: peak memory of the daily commands
STRESS_ROWS = 1_000_000
STRESS_SHIFT_WEEKS = 522  # 520 weeks of demo + a 2-week gap; whole weeks keep weekdays
STRESS_NEXT_LIMIT = 1.25  # `next` on stress.db within 1.25x of its time on month.db
MIN_RUNS = 3
TIMED_OUT = "timed out"
# Tables of the demo tiled back in time (one set per copy) and the ones written once.
TIME_SERIES = (
    "pain_entry",
    "session",
    "exposure_trial",
    "med_dose",
    "task_result",
    "entry_tag",
    "red_flag",
    "flare",
    "questionnaire",
    "questionnaire_item",
    "clinician_note",
    "strategy_use",
)
SINGLETONS = ("activity", "ladder_step", "goal", "flare_plan_item", "setting")
MOVED_BACK = ("activity", "ladder_step")  # start with the oldest copy: no session or trial before them
DBS = {"month.db": 4, "decade.db": 520}
STRESS = "stress.db"
MARKER = "marker.json"


# ---------------------------------------------------------------- environment


@dataclass(frozen=True)
class Tools:
    """The interpreter, the console script and the environment every subprocess gets."""

    python: str
    paceit: str
    env: dict[str, str]
    scratch: Path


def venv_paceit() -> str:
    """The `paceit` console script next to this interpreter (the venv's)."""
    script = Path(sys.executable).parent / "paceit"
    if not script.is_file():
        sys.exit(f"no paceit console script next to {sys.executable}; run with the venv's python (.venv/bin/python)")
    return str(script)


def child_env(home: Path) -> dict[str, str]:
    """This environment without bytecode suppression or paceit's own variables, plain output,
    and a throwaway HOME and XDG folders."""
    drop = {"PYTHONDONTWRITEBYTECODE", "PACEIT_DB", "PACEIT_NOW", "_PACEIT_COMPLETE", "COMP_WORDS", "COMP_CWORD"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(NO_COLOR="1", COLUMNS="80", HOME=str(home))
    for name in ("DATA", "CONFIG", "CACHE", "STATE"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[f"XDG_{name}_HOME"] = str(folder)
    return env


def compile_paceit() -> tuple[Path, float]:
    """Byte-compile the imported paceit package, as an installed (non-editable) copy would be."""
    import paceit

    package = Path(paceit.__file__).resolve().parent
    start = time.perf_counter()
    if not compileall.compile_dir(package, quiet=1):
        sys.exit(f"byte-compiling {package} failed")
    return package, time.perf_counter() - start


# ---------------------------------------------------------------- building the databases


def build_key(stress_rows: int) -> dict[str, Any]:
    """What the cached databases depend on; any change rebuilds them."""
    import paceit
    from paceit.checkpoints import FORMAT
    from paceit.migrations import LATEST

    return {
        "paceit": paceit.__version__,
        "schema": LATEST,
        "checkpoints": FORMAT,  # the built files keep the first replay's checkpoints (ignored in another format)
        "recipe": BUILD_RECIPE,
        "day": date.today().isoformat(),
        "stress_rows": stress_rows,
    }


def read_marker(data: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((data / MARKER).read_text())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_marker(data: Path, marker: Mapping[str, Any]) -> None:
    (data / MARKER).write_text(json.dumps(marker, indent=2, sort_keys=True) + "\n")


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def settle(path: Path) -> None:
    """Fold any WAL back into the file, so that copying the one file copies everything."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def count_rows(path: Path) -> dict[str, int]:
    """Rows per paceit table (SQLite's own bookkeeping left out). A plain connection, not a
    read-only one: that would leave -wal and -shm files beside the cached file."""
    conn = sqlite3.connect(path)
    try:
        names = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}
    finally:
        conn.close()


def run_checked(argv: Sequence[str], tools: Tools, what: str) -> str:
    """Run a setup command; stop the bench with its output if it fails."""
    done = subprocess.run(argv, env=tools.env, cwd=tools.scratch, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{what} failed (exit {done.returncode}): {shlex.join(argv)}\n{done.stdout}{done.stderr}")
    return done.stdout


def first_next(path: Path, tools: Tools) -> float:
    """The diary's first `paceit next`, untimed by the table: it replays the whole history
    once and keeps the replay's checkpoints in the file, as a person's first `next` after
    an upgrade does; every later run resumes from them. Its time is printed on its own."""
    start = time.perf_counter()
    run_checked([tools.paceit, "--db", str(path), "next"], tools, f"the first 'paceit next' on {path.name}")
    settle(path)
    return time.perf_counter() - start


def build_demo(path: Path, weeks: int, tools: Tools) -> None:
    """`paceit --db PATH demo --weeks N`, the way a person would build it."""
    work = path.with_name(f"{path.stem}.building.db")
    remove_db(work)
    run_checked([tools.paceit, "--db", str(work), "demo", "--weeks", str(weeks)], tools, f"building {path.name}")
    settle(work)
    remove_db(path)
    work.replace(path)


@dataclass
class Template:
    """One demo table prepared for tiling: values in column order, time columns parsed."""

    table: str
    columns: list[str]
    rows: list[list[Any]]
    times: list[int]  # columns shifted back: names ending in _utc, `day`, names ending in _day
    parents: dict[int, str]  # foreign-key column -> parent table
    uuid_refs: list[int]  # columns naming another row by uuid (clinician_note.source_uuid)


def is_time_column(name: str) -> bool:
    return name.endswith("_utc") or name == "day" or name.endswith("_day")


def parse_time(name: str, value: Any) -> Any:
    """A stored moment or day as a datetime/date, checked to format back unchanged."""
    if value is None:
        return None
    parsed: date = datetime.fromisoformat(value) if name.endswith("_utc") else date.fromisoformat(value)
    if format_time(parsed) != value:
        raise ValueError(f"unexpected time format in {name}: {value!r}")
    return parsed


def format_time(value: date) -> str:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()


def foreign_keys(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    """column -> parent table, from the schema paceit created."""
    return {str(r[3]): str(r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")}


def make_template(conn: sqlite3.Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> Template:
    """A demo table ready to tile. A time-series row without an id gets the one SQLite gave it
    in the demo's own (empty) file, its position (ids of other rows refer to it)."""
    columns = list(rows[0]) if rows else []
    if table in TIME_SERIES and rows and "id" not in columns:
        columns = ["id", *columns]
        rows = [{"id": n, **row} for n, row in enumerate(rows, start=1)]
    fks = foreign_keys(conn, table)
    times = [i for i, c in enumerate(columns) if is_time_column(c)]
    parsed = [[parse_time(c, row[c]) if i in times else row[c] for i, c in enumerate(columns)] for row in rows]
    parents = {i: fks[c] for i, c in enumerate(columns) if c in fks}
    uuid_refs = [i for i, c in enumerate(columns) if c.endswith("_uuid")]
    return Template(table, columns, parsed, times, parents, uuid_refs)


def insert_sql(template: Template) -> str:
    cols = ", ".join(template.columns)
    return f"INSERT INTO {template.table} ({cols}) VALUES ({', '.join('?' * len(template.columns))})"


def shifted(template: Template, rows: Iterable[list[Any]], shift: timedelta) -> Iterator[list[Any]]:
    """Rows of a template with their time columns moved back by `shift`, formatted as stored."""
    for row in rows:
        values = list(row)
        for i in template.times:
            if values[i] is not None:
                values[i] = format_time(values[i] - shift)
        yield values


def copied_rows(template: Template, newest: bool) -> list[list[Any]]:
    """A red flag never cleared stays in the newest copy only (in every copy it would pause
    the plan forever); every other row is copied."""
    if template.table != "red_flag" or newest:
        return template.rows
    cleared = template.columns.index("cleared_utc")
    return [r for r in template.rows if r[cleared] is not None]


@dataclass
class Tiler:
    """Writes copy after copy of the time series, oldest first, so ids still follow time."""

    conn: sqlite3.Connection
    templates: list[Template]
    uuids: random.Random
    next_id: dict[str, int] = field(default_factory=dict)

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.uuids.getrandbits(128), version=4))

    def write_copy(self, k: int) -> int:
        """Copy k (0 = the demo itself), moved back k x STRESS_SHIFT_WEEKS weeks; rows written."""
        shift = timedelta(weeks=k * STRESS_SHIFT_WEEKS)
        ids: dict[str, dict[int, int]] = {}
        uuids: dict[str, str] = {}
        written = 0
        for template in self.templates:
            rows = shifted(template, copied_rows(template, newest=k == 0), shift)
            out = [self.remap(template, values, ids, uuids) for values in rows]
            if out:
                self.conn.executemany(insert_sql(template), out)
            written += len(out)
        return written

    def remap(
        self, template: Template, values: list[Any], ids: dict[str, dict[int, int]], uuids: dict[str, str]
    ) -> tuple[Any, ...]:
        """A fresh id and uuid; a foreign key to this copy's rows follows them, one to a
        singleton (activity, ladder step) stays, one to a table not copied becomes NULL."""
        cols = template.columns
        table_ids = ids.setdefault(template.table, {})
        new_id = self.next_id.get(template.table, 1)
        self.next_id[template.table] = new_id + 1
        id_col = cols.index("id")
        table_ids[values[id_col]] = new_id
        values[id_col] = new_id
        if "uuid" in cols:
            i = cols.index("uuid")
            fresh = self.new_uuid()
            uuids[values[i]] = fresh
            values[i] = fresh
        for i, parent in template.parents.items():
            if values[i] is None or parent in SINGLETONS:
                continue
            values[i] = ids[parent][values[i]] if parent in TIME_SERIES else None
        for i in template.uuid_refs:
            values[i] = uuids.get(values[i], values[i])
        return tuple(values)


def copies_needed(templates: Mapping[str, Template], target: int) -> int:
    """How many copies (the newest included) bring the file to `target` rows in all."""
    once = sum(len(t.rows) for name, t in templates.items() if name in SINGLETONS)
    newest = sum(len(t.rows) for name, t in templates.items() if name in TIME_SERIES)
    older = sum(len(copied_rows(t, newest=False)) for name, t in templates.items() if name in TIME_SERIES)
    if older == 0:
        sys.exit("the demo has no time series to tile")
    copies, total = 1, once + newest
    while total < target:
        copies += 1
        total += older
    return copies


def write_singletons(conn: sqlite3.Connection, templates: Iterable[Template], oldest: timedelta) -> None:
    """Activities, ladder steps, goals, the flare plan: once, from the demo, the activities
    and ladder steps started on the oldest copy's first day."""
    for template in templates:
        shift = oldest if template.table in MOVED_BACK else timedelta(0)
        rows = [tuple(values) for values in shifted(template, template.rows, shift)]
        if rows:
            conn.executemany(insert_sql(template), rows)


def fill_stress(conn: sqlite3.Connection, tables: Mapping[str, list[dict[str, Any]]], order: Sequence[str]) -> int:
    """Write the singletons and all copies in one transaction; the number of copies."""
    from paceit.db import transaction

    unknown = sorted(set(tables) - set(TIME_SERIES) - set(SINGLETONS))
    if unknown:
        sys.exit(f"the demo has tables this bench does not know how to tile: {', '.join(unknown)}")
    templates = {t: make_template(conn, t, tables[t]) for t in order if t in tables}
    copies = copies_needed(templates, STRESS_ROWS)
    oldest = timedelta(weeks=(copies - 1) * STRESS_SHIFT_WEEKS)
    tiler = Tiler(conn, [t for name, t in templates.items() if name in TIME_SERIES], random.Random("paceit-bench"))
    with transaction(conn):
        write_singletons(conn, [t for name, t in templates.items() if name in SINGLETONS], oldest)
        for k in reversed(range(copies)):
            tiler.write_copy(k)
    return copies


def build_stress(path: Path, tools: Tools) -> None:
    """The 520-week demo, generated once, tiled back in time to >= STRESS_ROWS rows."""
    from paceit import db
    from paceit.demo import DEFAULT_SEED, MAX_WEEKS, TABLE_ORDER, generate

    start = time.perf_counter()
    now = datetime.now().astimezone()
    data = generate(weeks=MAX_WEEKS, seed=DEFAULT_SEED, now=now)
    generated = time.perf_counter()
    work = path.with_name(f"{path.stem}.building.db")
    remove_db(work)
    conn = db.connect(work, now=now)
    try:
        copies = fill_stress(conn, data.tables, TABLE_ORDER)
    finally:
        conn.close()
    settle(work)
    written = time.perf_counter()
    total = sum(count_rows(work).values())
    if total < STRESS_ROWS:
        sys.exit(f"{path.name} holds {total:,} rows, fewer than {STRESS_ROWS:,}")
    run_checked([tools.paceit, "--db", str(work), "check"], tools, f"paceit check on {path.name}")
    print(
        f"  {copies} copies of the 520-week demo ({copies * STRESS_SHIFT_WEEKS / 52.18:,.0f} years, {total:,} rows): "
        f"generated in {generated - start:.1f} s, written in {written - generated:.1f} s, "
        f"'paceit check' passed in {time.perf_counter() - written:.1f} s",
        flush=True,
    )
    remove_db(path)
    work.replace(path)


def ensure_databases(data: Path, names: Sequence[str], tools: Tools, rebuild: bool) -> dict[str, Any]:
    """Build the missing or stale databases among `names`; what the marker says about each."""
    data.mkdir(parents=True, exist_ok=True)
    key = build_key(STRESS_ROWS)
    marker = read_marker(data)
    if marker.get("key") != key or rebuild:
        marker = {"key": key, "dbs": {}}
    built: dict[str, Any] = marker["dbs"]
    for name in names:
        path = data / name
        if name in built and path.is_file():
            info = built[name]
            print(f"{name}: cached (built {info['built']} in {info['seconds']:.1f} s), {info['total']:,} rows")
            continue
        print(f"{name}: building ...", flush=True)
        start = time.perf_counter()
        if name == STRESS:
            build_stress(path, tools)
        else:
            build_demo(path, DBS[name], tools)
        rows = count_rows(path)
        seconds = time.perf_counter() - start
        primed = first_next(path, tools)
        built[name] = {"built": datetime.now().isoformat(timespec="seconds"), "seconds": round(seconds, 2)}
        built[name].update(rows=rows, total=sum(rows.values()), first_next_seconds=round(primed, 2))
        write_marker(data, marker)
        print(
            f"{name}: built in {seconds:.1f} s, {sum(rows.values()):,} rows; its first 'next' (replaying "
            f"the whole history once, keeping checkpoints) took {primed:.1f} s",
            flush=True,
        )
    return {n: built[n] for n in names}


def first_day(path: Path) -> str:
    """The first day of a diary (its oldest activity, entry or session)."""
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT min(d) FROM (SELECT min(day) AS d FROM activity UNION ALL SELECT min(day) FROM pain_entry)"
        return str(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


# ---------------------------------------------------------------- commands and targets


@dataclass(frozen=True)
class Target:
    """The issue's target for a command: a ratio to the floor, a time, peak memory."""

    ratio: float | None = None
    ms: float | None = None
    mb: float | None = None
    vs_month: bool = False  # `next` on stress.db: within STRESS_NEXT_LIMIT x its median on month.db

    def describe(self) -> str:
        parts = [f"<= {self.ratio:g}x"] if self.ratio is not None else []
        parts += [f"<= {self.ms:g} ms"] if self.ms is not None else []
        parts += [f"<= {STRESS_NEXT_LIMIT:g}x month"] if self.vs_month else []
        parts += [f"<= {self.mb:g} MB"] if self.mb is not None else []
        return ", ".join(parts) or "-"


@dataclass(frozen=True)
class Command:
    """One command line to time; `db` is a file in the scratch folder (None: no database)."""

    label: str
    db: str | None
    args: tuple[str, ...]
    target: Target = Target()
    complete: str | None = None  # a completion request: the words after `paceit --db PATH`
    expect: str | None = None  # text the first run's output must hold
    script: bool = False  # `args` is a Python script run with the venv's python on the db (a floor)
    fresh: bool = False  # each run on a new copy of its database without checkpoints (untimed set-up)

    @property
    def where(self) -> str:
        return self.db.removesuffix(".db") if self.db else "-"

    @property
    def name(self) -> str:
        return f"{self.label} on {self.where}"

    def argv(self, tools: Tools, since: str) -> list[str]:
        if self.script:
            return [tools.python, "-c", *self.args, str(tools.scratch / (self.db or ""))]
        db = ["--db", str(tools.scratch / self.db)] if self.db and self.complete is None else []
        return [tools.paceit, *db, *(since if a == "{first}" else a for a in self.args)]

    def env(self, tools: Tools) -> dict[str, str]:
        if self.complete is None or self.db is None:
            return tools.env
        words = f"paceit --db {shlex.quote(str(tools.scratch / self.db))} {self.complete}"
        cword = len(shlex.split(words)) - (0 if words.endswith(" ") else 1)
        return {**tools.env, "_PACEIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}


FORMATS = ("text", "md", "html", "json", "fhir")
# Issue 19's floors: a script that opens the diary with sqlite3 and inserts one row (as
# `pain` does, without paceit), and one that reads the rows `next` reads.
FLOOR_INSERT = (
    "import sqlite3, sys, uuid; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
    'c.execute("INSERT INTO pain_entry (uuid, at_utc, day, utc_offset, pain, sleep, created_utc) VALUES '
    "(?, datetime('now'), date('now'), 0, 4, 6, datetime('now'))\", (str(uuid.uuid4()),)); c.close()"
)
# What no Typer-based command can go below (issue 19 keeps Typer as the one declaration of
# the CLI): importing Typer, then (for the writes) the same insert, both leaving as paceit
# does (collector off, no interpreter teardown).
FLOOR_TYPER = "import gc, os; gc.disable(); import typer; os._exit(0)"
FLOOR_TYPER_INSERT = "import gc, os; gc.disable(); import typer; " + FLOOR_INSERT + "; os._exit(0)"
FLOOR_READ = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "r = c.execute(\"SELECT * FROM session WHERE day >= date('now', '-28 days')\").fetchall(); c.close()"
)


def all_commands() -> list[Command]:
    """Every command of issues 6 and 19 with issue 19's target (issue 6's where 19 sets none),
    the sqlite3 floors, then the stress database. The writes repeat on purpose (`--again`:
    each run saves one more entry, without the question a repeat within minutes gets)."""
    daily = DAILY_MB
    cmds = [
        Command("floor: sqlite3 insert", "decade-floor.db", (FLOOR_INSERT,), script=True),
        Command("floor: sqlite3 28-day read", "decade.db", (FLOOR_READ,), script=True),
        Command("floor: import typer", None, (FLOOR_TYPER,), script=True),
        Command("floor: typer + sqlite3 insert", "decade-floor.db", (FLOOR_TYPER_INSERT,), script=True),
        Command("--help", None, ("--help",), Target(ratio=3, mb=daily)),
        Command("complete 'log w'", "decade.db", (), Target(ratio=3, mb=daily), complete="log w", expect="walking"),
        Command(
            "pain 4 --sleep 6", "decade-writes.db", ("pain", "4", "--sleep", "6", "--again"), Target(ratio=5, mb=daily)
        ),
        Command(
            "log walking 20 --effort 3",
            "decade-writes.db",
            ("log", "walking", "20", "--effort", "3", "--again"),
            Target(ratio=6, mb=daily),
        ),
        Command("next", "month.db", ("next",), Target(mb=daily)),
        Command("next", "decade.db", ("next",), Target(ratio=8, mb=daily)),
        Command("next", STRESS, ("next",), Target(mb=daily, vs_month=True)),
        # A diary's first `next` (after an import, an upgrade): the whole history replayed once.
        Command("first next, no checkpoints", "decade-fresh.db", ("next",), Target(ratio=30), fresh=True),
        Command("trends --weeks 12", "decade.db", ("trends", "--weeks", "12"), Target(ratio=10, mb=daily)),
    ]
    for fmt in FORMATS:
        cmds.append(Command(f"report 6 weeks {fmt}", "decade.db", ("report", "--format", fmt), Target(ratio=10)))
    for fmt in FORMATS:
        args = ("report", "--since", "{first}", "--format", fmt)
        cmds.append(Command(f"report 10 years {fmt}", "decade.db", args, Target(ms=1500)))
    cmds += [
        Command("history", "decade.db", ("history",), Target(ratio=8, mb=daily)),
        Command("export json", "decade.db", ("export",)),
        Command("export csv zip", "decade.db", ("export", "--format", "csv", "--output", "export.zip", "--force")),
        Command("trends --weeks 12", STRESS, ("trends", "--weeks", "12"), Target(ratio=12)),
        Command("report 6 weeks text", STRESS, ("report",), Target(ratio=12)),
    ]
    return cmds


def select(cmds: Iterable[Command], only: str | None, stress: bool) -> list[Command]:
    chosen = [c for c in cmds if only is None or only.casefold() in c.name.casefold()]
    return [c for c in chosen if stress or c.db != STRESS]


def source_db(name: str) -> str:
    """The cached database a scratch file is copied from."""
    return "decade.db" if name.startswith("decade-") else name


# ---------------------------------------------------------------- timing


@dataclass(frozen=True)
class Sample:
    seconds: float
    maxrss_kib: int
    code: int  # exit code, or -signal
    timed_out: bool


# The timed runs are started by this small helper, not by the bench itself: Linux charges a
# new process with its parent's peak RSS until it calls exec (exec_mmap folds the old memory's
# high-water mark into ru_maxrss), so a child of this script, which holds a generated demo
# after building stress.db, would report 45 MB or more for `python -c pass`. The helper
# (`python -I -S`, builtin modules only, about as big as `python -c pass`) spawns each run with
# posix_spawn, which is what subprocess.Popen does underneath, and times it with perf_counter
# from the spawn to os.wait4. Requests and replies are marshal blobs with a length prefix.
SPAWN_HELPER = """
import marshal, os, select, sys, time
null = os.open(os.devnull, os.O_RDWR)
quiet = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
src, dst = sys.stdin.buffer, sys.stdout.buffer
while head := src.read(4):
    argv, env, timeout = marshal.loads(src.read(int.from_bytes(head, "little")))
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=quiet)
    done = os.pidfd_open(pid)
    late = not select.select([done], [], [], timeout)[0]
    if late:
        os.kill(pid, 9)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    os.close(done)
    reply = marshal.dumps((seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status), late))
    dst.write(len(reply).to_bytes(4, "little") + reply)
    dst.flush()
"""


class Spawner:
    """The helper process that starts and times every counted and warm-up run."""

    def __init__(self, python: str, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [python, "-I", "-S", "-c", SPAWN_HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd
        )

    def run(self, argv: Sequence[str], env: Mapping[str, str], timeout: float) -> Sample:
        """One whole process, output to /dev/null: its wall time, peak RSS and exit status."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        blob = marshal.dumps((list(argv), dict(env), float(timeout)))
        self.proc.stdin.write(len(blob).to_bytes(4, "little") + blob)
        self.proc.stdin.flush()
        head = self.proc.stdout.read(4)
        if len(head) < 4:
            sys.exit(f"the timing helper stopped (exit {self.proc.wait()}) while running {shlex.join(argv)}")
        seconds, maxrss, code, late = marshal.loads(self.proc.stdout.read(int.from_bytes(head, "little")))
        return Sample(float(seconds), int(maxrss), int(code), bool(late))

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def check_run(cmd: Command, tools: Tools, since: str, timeout: float) -> tuple[float, str | None]:
    """The first warm-up: output captured to check the exit status (and expected text)."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            cmd.argv(tools, since),
            env=cmd.env(tools),
            cwd=tools.scratch,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return timeout, TIMED_OUT
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return seconds, f"exit {done.returncode}: {lines[-1] if lines else 'no output'}"
    if cmd.expect is not None and cmd.expect not in done.stdout:
        return seconds, f"expected {cmd.expect!r} in the output, got {done.stdout.strip()[:60]!r}"
    return seconds, None


@dataclass
class Result:
    """What one command measured, and whether it met its target."""

    label: str
    db: str
    target: str
    runs: int = 0
    median_ms: float | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    peak_mb: float | None = None
    ok: bool | None = None
    error: str | None = None  # the command failed, or `TIMED_OUT` (then it counts as FAIL)
    times_ms: list[float] = field(default_factory=list)
    floor_times_ms: list[float] = field(default_factory=list)
    floor_peak_mb: float | None = None


@dataclass(frozen=True)
class Settings:
    runs: int
    warmup: int
    budget: float
    timeout: float


def plan_runs(first: float, settings: Settings) -> tuple[int, int]:
    """(more warm-ups, counted runs): fewer for a command whose runs would not fit the budget."""
    if first * (settings.warmup - 1 + settings.runs) <= settings.budget:
        return settings.warmup - 1, settings.runs
    return 0, min(settings.runs, max(MIN_RUNS, int(settings.budget // max(first, 1e-9))))


def measure(cmd: Command, tools: Tools, spawner: Spawner, since: str, settings: Settings) -> Result:
    """Warm up, then alternate floor and command; medians, per-pair ratio, peak RSS."""
    result = Result(cmd.label, cmd.where, cmd.target.describe())
    without_checkpoints(cmd, tools)
    first, result.error = check_run(cmd, tools, since, settings.timeout)
    if result.error:
        result.ok = False
        return result
    warm, runs = plan_runs(first, settings)
    floor = [tools.python, "-c", "pass"]
    argv, env = cmd.argv(tools, since), cmd.env(tools)
    pairs: list[tuple[Sample, Sample]] = []
    for i in range(warm + runs):
        base = spawner.run(floor, tools.env, settings.timeout)
        without_checkpoints(cmd, tools)
        sample = spawner.run(argv, env, settings.timeout)
        if sample.timed_out or sample.code != 0:
            result.error = TIMED_OUT if sample.timed_out else f"exit {sample.code} in run {i + 1}"
            result.ok = False
            return result
        if i >= warm:
            pairs.append((base, sample))
    summarise(result, pairs)
    result.ok = meets(result, cmd.target)
    return result


def summarise(result: Result, pairs: Sequence[tuple[Sample, Sample]]) -> None:
    result.runs = len(pairs)
    result.floor_times_ms = [round(b.seconds * 1000, 2) for b, _ in pairs]
    result.times_ms = [round(s.seconds * 1000, 2) for _, s in pairs]
    result.floor_ms = statistics.median(result.floor_times_ms)
    result.median_ms = statistics.median(result.times_ms)
    result.ratio = statistics.median(s.seconds / b.seconds for b, s in pairs)
    result.peak_mb = max(s.maxrss_kib for _, s in pairs) / 1024
    result.floor_peak_mb = max(b.maxrss_kib for b, _ in pairs) / 1024


def meets(result: Result, target: Target) -> bool | None:
    """PASS/FAIL against the target's own figures (the stress ratio is judged later)."""
    checks: list[bool] = []
    if target.ratio is not None and result.ratio is not None:
        checks.append(result.ratio <= target.ratio)
    if target.ms is not None and result.median_ms is not None:
        checks.append(result.median_ms <= target.ms)
    if target.mb is not None and result.peak_mb is not None:
        checks.append(result.peak_mb <= target.mb)
    return all(checks) if checks else None


def judge_stress(results: Sequence[Result]) -> float | None:
    """`next` on stress.db against `next` on month.db: the ratio of medians, into its row's ok."""
    found = {r.db: r for r in results if r.label == "next"}
    month, stress = found.get("month"), found.get("stress")
    if month is None or stress is None or month.median_ms is None or stress.median_ms is None:
        return None
    ratio = stress.median_ms / month.median_ms
    stress.ok = (stress.ok is not False) and ratio <= STRESS_NEXT_LIMIT
    return ratio


# ---------------------------------------------------------------- output


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_ok(result: Result) -> str:
    if result.error == TIMED_OUT:
        return "FAIL" if result.target != "-" else "TIMEOUT"
    if result.error:
        return "ERROR"
    return {True: "PASS", False: "FAIL", None: "-"}[result.ok]


def row_cells(r: Result, settings: Settings) -> list[str]:
    median = fmt_ms(r.median_ms) + (f" (n={r.runs})" if r.runs and r.runs < settings.runs else "")
    if r.error == TIMED_OUT:
        median = f"> {settings.timeout * 1000:,.0f} (timed out)"
    ratio = f"{r.ratio:.1f}" if r.ratio is not None else "-"
    peak = f"{r.peak_mb:.1f}" if r.peak_mb is not None else "-"
    return [f"`{r.label}`", r.db, median, fmt_ms(r.floor_ms), ratio, peak, r.target, fmt_ok(r)]


def progress_line(r: Result, settings: Settings) -> str:
    if r.error == TIMED_OUT:
        return f"  {r.label} on {r.db}: {fmt_ok(r)}, a run took more than {settings.timeout:g} s (--timeout)"
    if r.error:
        return f"  {r.label} on {r.db}: ERROR {r.error}"
    cells = row_cells(r, settings)
    return (
        f"  {r.label} on {r.db}: median {cells[2]} ms, floor {cells[3]} ms, {cells[4]}x floor, "
        f"peak {cells[5]} MB, target {r.target}: {cells[7]}"
    )


def markdown(results: Sequence[Result], settings: Settings) -> str:
    head = ["command", "db", "median ms", "floor ms", "x floor", "peak MB", "target", "ok"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row_cells(r, settings)) + " |" for r in results]
    return "\n".join(lines)


def machine_info(package: Path) -> dict[str, Any]:
    import paceit
    from paceit.migrations import LATEST

    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "interpreter": sys.executable,
        "paceit": paceit.__version__,
        "paceit_package": str(package),
        "schema": LATEST,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def info_line(info: Mapping[str, Any]) -> str:
    return (
        f"{info['date'][:10]}: nproc {info['nproc']}, Python {info['python']}, paceit {info['paceit']} "
        f"(schema {info['schema']}), SQLite {info['sqlite']}, {info['platform']}, "
        f"load average {' '.join(str(x) for x in info['load_average'])} at the start"
        + (f", {' '.join(str(x) for x in info['load_average_end'])} at the end" if "load_average_end" in info else "")
    )


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Time paceit's commands as whole processes against `python -c pass`.")
    p.add_argument("--runs", type=int, default=15, help="counted runs per command (default 15)")
    p.add_argument("--warmup", type=int, default=3, help="warm-up runs, at least 1: the first checks the command")
    p.add_argument("--only", metavar="SUBSTRING", help="only commands whose label (e.g. 'next on stress') has it")
    p.add_argument("--json", metavar="FILE", type=Path, help="write every result and sample as JSON")
    p.add_argument("--no-stress", action="store_true", help="skip building and timing stress.db")
    p.add_argument("--data", metavar="DIR", type=Path, default=BENCH_DIR / ".data", help="database cache folder")
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    p.add_argument("--budget", type=float, default=300.0, help="seconds per command before it gets fewer runs")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is stopped (FAIL)")
    p.add_argument(
        "--write", metavar="FILE", type=Path, action="append", default=[],
        help="put the table between the bench-results marks of FILE (repeatable: README.md, docs/performance.md)",
    )  # fmt: skip
    args = p.parse_args(argv)
    if args.runs < 1 or args.budget <= 0 or args.timeout <= 0:
        p.error("--runs, --budget and --timeout must be positive")
    args.warmup = max(1, args.warmup)
    for path in args.write:  # before a run of minutes, not after it
        try:
            spliced(path.read_text(encoding="utf-8"), "")
        except (OSError, ValueError) as exc:
            p.error(f"--write {path}: {exc}")
    return args


def prepare_scratch(scratch: Path, data: Path, cmds: Sequence[Command]) -> None:
    """Fresh copies of the cached databases, so nothing a run does reaches the cache."""
    for name in sorted({c.db for c in cmds if c.db}):
        shutil.copyfile(data / source_db(name), scratch / name)
    for name in sorted({c.db for c in cmds if c.db and c.fresh}):
        pristine = scratch / f"{name}.pristine"
        shutil.copyfile(data / source_db(name), pristine)
        conn = sqlite3.connect(pristine)
        try:
            conn.execute("DELETE FROM replay_checkpoint")
            conn.commit()
        finally:
            conn.close()
        settle(pristine)


def without_checkpoints(cmd: Command, tools: Tools) -> None:
    """Before each run of a `fresh` command (not timed): its database a new copy of the cached
    one with every replay checkpoint removed (made once by `prepare_scratch`), so each run
    replays the whole history as a diary's first `next` does, not the checkpoints the run
    before kept."""
    if cmd.fresh and cmd.db is not None:
        remove_db(tools.scratch / cmd.db)
        shutil.copyfile(tools.scratch / f"{cmd.db}.pristine", tools.scratch / cmd.db)
        (tools.scratch / cmd.db).chmod(0o600)  # as paceit keeps a diary: no note, no chmod in the run


def run_all(cmds: Sequence[Command], tools: Tools, since: str, settings: Settings) -> list[Result]:
    results = []
    spawner = Spawner(tools.python, tools.scratch)
    try:
        for cmd in cmds:
            print(f"- {cmd.name} ...", flush=True)
            result = measure(cmd, tools, spawner, since, settings)
            print(progress_line(result, settings), flush=True)
            results.append(result)
    finally:
        spawner.close()
    return results


def summary(results: Sequence[Result], settings: Settings, info: Mapping[str, Any]) -> str:
    """The table and the lines under it: what is printed, and what `--write` puts in a file."""
    lines = [markdown(results, settings), "", info_line(info)]
    floors = [t for r in results for t in r.floor_times_ms]
    peaks = [r.floor_peak_mb for r in results if r.floor_peak_mb is not None]
    if floors and peaks:
        lines.append(
            f"Floor `python -c pass`: {statistics.median(floors):.1f} ms median over all {len(floors)} runs, "
            f"peak {max(peaks):.1f} MB. {settings.runs} counted runs after {settings.warmup} warm-up(s) per command; "
            "paceit byte-compiled, runs without PYTHONDONTWRITEBYTECODE."
        )
    counts = {k: sum(1 for r in results if fmt_ok(r) == k) for k in ("PASS", "FAIL", "ERROR", "TIMEOUT")}
    lines.append(", ".join(f"{n} {k}" for k, n in counts.items()) + " (TIMEOUT: no target, a run exceeded --timeout)")
    return "\n".join(lines)


def report(results: Sequence[Result], settings: Settings, info: Mapping[str, Any]) -> tuple[float | None, str]:
    stress_ratio = judge_stress(results)
    print()
    if stress_ratio is not None:
        verdict = "PASS" if stress_ratio <= STRESS_NEXT_LIMIT else "FAIL"
        print(f"next: stress median / month median = {stress_ratio:.2f} (target <= {STRESS_NEXT_LIMIT}): {verdict}")
        print()
    elif any(r.label == "next" and r.db == "stress" for r in results):
        print(f"next: stress median / month median: not measured (target <= {STRESS_NEXT_LIMIT}), see the table")
        print()
    text = summary(results, settings, info)
    print(text)
    return stress_ratio, text


# `--write FILE` replaces what stands between these two lines of FILE (README.md and
# docs/performance.md hold them), so the published table is the bench's own output.
BEGIN_MARK = "<!-- bench results: generated by bench/run.py --write -->"
END_MARK = "<!-- end of bench results -->"


def spliced(text: str, block: str) -> str:
    """`text` with the part between BEGIN_MARK and END_MARK replaced by `block`."""
    start = text.find(BEGIN_MARK)
    end = text.find(END_MARK, start + len(BEGIN_MARK)) if start >= 0 else -1
    if end < 0:
        raise ValueError(f"no '{BEGIN_MARK}' line followed by '{END_MARK}'")
    return text[: start + len(BEGIN_MARK)] + "\n" + block.strip("\n") + "\n" + text[end:]


def write_results(paths: Sequence[Path], block: str) -> None:
    for path in paths:
        path.write_text(spliced(path.read_text(encoding="utf-8"), block), encoding="utf-8")
        print(f"Wrote the results into {path}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings(args.runs, args.warmup, args.budget, args.timeout)
    cmds = select(all_commands(), args.only, not args.no_stress)
    if not cmds:
        sys.exit(f"no command selected (--only {args.only!r}{', --no-stress' if args.no_stress else ''})")
    paceit_script = venv_paceit()
    package, compile_s = compile_paceit()
    print(f"Byte-compiled {package} in {compile_s:.1f} s; subprocesses run without PYTHONDONTWRITEBYTECODE.")
    scratch = Path(tempfile.mkdtemp(prefix="paceit-bench-"))
    try:
        tools = Tools(sys.executable, paceit_script, child_env(scratch / "home"), scratch)
        needed = [n for n in (*DBS, STRESS) if n in {source_db(c.db) for c in cmds if c.db}]
        builds = ensure_databases(args.data.resolve(), needed, tools, args.rebuild)
        since = first_day(args.data / "decade.db") if "decade.db" in needed else ""
        prepare_scratch(scratch, args.data, cmds)
        print(f"Timing {len(cmds)} commands: {args.warmup} warm-up and {args.runs} counted runs each, in {scratch}")
        info = machine_info(package)
        results = run_all(cmds, tools, since, settings)
        info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        stress_ratio, text = report(results, settings, info)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        doc: dict[str, Any] = {"machine": info, "settings": asdict(settings), "builds": builds}
        doc.update(results=[asdict(r) for r in results], next_stress_over_month=stress_ratio)
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    write_results(args.write, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
