"""Ordered, append-only schema steps.

Each step is a tuple of SQL statements applied in one transaction together with its
row in `schema_version`. The SQL of a released step never changes: a new need
becomes a new step at the end. `models.py` declares the same tables with SQLModel
(the schema of record); `tests/test_migrations.py` checks that a blank database
migrated to the newest step matches those models column for column.

Conventions: every entry table has an integer `id`, a stable `uuid` (imports merge
by it), `at_utc`/`day`/`utc_offset` (see `times.py`), an optional `note` and
`created_utc`. Ranges are also enforced by CHECK constraints, a second line of
defence behind `parse.py`.
"""

from __future__ import annotations

from paceit.slotted import Frozen


class Migration(Frozen):
    """One step of the schema: its version, what it does, and its SQL statements."""

    __slots__ = ("version", "description", "statements")  # noqa: RUF023 (the fields' order)
    version: int
    description: str
    statements: tuple[str, ...]

    def __init__(self, version: int, description: str, statements: tuple[str, ...]) -> None:
        self._fill(version, description, statements)


def _stamp(prefix: str = "") -> str:
    return f"{prefix}at_utc TEXT NOT NULL, {prefix}day TEXT NOT NULL, {prefix}utc_offset INTEGER NOT NULL"


# AUTOINCREMENT: an id is never reused after a delete or an undo, so "pain entry
# #12" in a note, a report or a terminal history always means the same entry.
_ENTRY = "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE"
_TAIL = "note TEXT, created_utc TEXT NOT NULL"


def _scale(column: str, hi: int = 10, *, required: bool = False) -> str:
    null = " NOT NULL" if required else ""
    return f"{column} INTEGER{null} CHECK ({column} BETWEEN 0 AND {hi})"


def _flag(column: str) -> str:
    return f"{column} INTEGER NOT NULL DEFAULT 0 CHECK ({column} IN (0, 1))"


V1: tuple[str, ...] = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
    "description TEXT NOT NULL, applied_utc TEXT NOT NULL)",
    f"""CREATE TABLE pain_entry ({_ENTRY}, {_stamp()},
        {_scale("pain", required=True)}, {_scale("sleep")}, {_scale("mood")},
        {_scale("fatigue")}, {_scale("stress")},
        sites TEXT NOT NULL DEFAULT '[]', {_flag("flare")}, {_TAIL})""",
    "CREATE INDEX ix_pain_entry_day ON pain_entry (day)",
    "CREATE INDEX ix_pain_entry_at_utc ON pain_entry (at_utc)",
    f"""CREATE TABLE activity ({_ENTRY}, name TEXT NOT NULL UNIQUE,
        unit TEXT NOT NULL CHECK (unit IN ('min','reps','steps','m','km','kg','sets')),
        baseline REAL CHECK (baseline > 0),
        step_mode TEXT CHECK (step_mode IN ('pct','abs')), step REAL CHECK (step > 0),
        every_days INTEGER CHECK (every_days BETWEEN 1 AND 60),
        ceiling INTEGER CHECK (ceiling BETWEEN 0 AND 10),
        target REAL CHECK (target > 0),
        {_stamp()}, archived_utc TEXT, {_TAIL})""",
    f"""CREATE TABLE session ({_ENTRY},
        activity_id INTEGER NOT NULL REFERENCES activity (id), {_stamp()},
        amount REAL NOT NULL CHECK (amount > 0), {_scale("effort")},
        {_scale("pain_before")}, {_scale("pain_during")}, {_scale("pain_after")}, {_TAIL})""",
    "CREATE INDEX ix_session_activity_day ON session (activity_id, day)",
    "CREATE INDEX ix_session_at_utc ON session (at_utc)",
    f"""CREATE TABLE ladder_step ({_ENTRY}, text TEXT NOT NULL,
        {_scale("fear", 100, required=True)}, {_scale("harm", 100)},
        activity_id INTEGER REFERENCES activity (id), {_stamp()}, {_TAIL})""",
    f"""CREATE TABLE exposure_trial ({_ENTRY},
        step_id INTEGER NOT NULL REFERENCES ladder_step (id), {_stamp()},
        {_scale("fear_before", 100, required=True)}, {_scale("fear_peak", 100)},
        {_scale("fear_after", 100, required=True)},
        expect TEXT, {_scale("expect_likely", 100)},
        {_scale("predicted_pain")}, {_scale("pain")},
        happened INTEGER CHECK (happened IN (0, 1)),
        safety INTEGER CHECK (safety IN (0, 1)), {_flag("aborted")}, {_TAIL})""",
    "CREATE INDEX ix_exposure_trial_step ON exposure_trial (step_id, at_utc)",
    "CREATE INDEX ix_exposure_trial_at_utc ON exposure_trial (at_utc)",
    f"""CREATE TABLE red_flag_check ({_ENTRY}, {_stamp()}, codes TEXT NOT NULL DEFAULT '[]', {_TAIL})""",
    "CREATE INDEX ix_red_flag_check_at_utc ON red_flag_check (at_utc)",
    f"""CREATE TABLE red_flag ({_ENTRY}, check_id INTEGER REFERENCES red_flag_check (id), code TEXT NOT NULL,
        grp INTEGER NOT NULL CHECK (grp IN (1, 2, 3)), {_stamp()},
        cleared_utc TEXT, reviewed TEXT, {_TAIL})""",
    "CREATE INDEX ix_red_flag_at_utc ON red_flag (at_utc)",
    f"""CREATE TABLE flare ({_ENTRY}, {_stamp()},
        end_at_utc TEXT, end_day TEXT, end_utc_offset INTEGER, end_note TEXT, {_TAIL})""",
    "CREATE INDEX ix_flare_day ON flare (day)",
    f"""CREATE TABLE flare_plan_item ({_ENTRY},
        section TEXT NOT NULL CHECK (section IN ('triggers','warning-signs','comfort',
            'reduced-activity','who-to-tell','seek-care','return-steps','review')),
        position INTEGER NOT NULL, text TEXT NOT NULL, created_utc TEXT NOT NULL)""",
    f"""CREATE TABLE goal ({_ENTRY}, text TEXT NOT NULL,
        activity_id INTEGER REFERENCES activity (id), target REAL CHECK (target > 0),
        {_stamp()}, done_utc TEXT, {_TAIL})""",
    f"""CREATE TABLE questionnaire ({_ENTRY},
        kind TEXT NOT NULL CHECK (kind IN ('peg','psfs')), {_stamp()},
        score REAL NOT NULL CHECK (score BETWEEN 0 AND 10), {_TAIL})""",
    "CREATE INDEX ix_questionnaire_kind_at ON questionnaire (kind, at_utc)",
    f"""CREATE TABLE questionnaire_item ({_ENTRY},
        questionnaire_id INTEGER NOT NULL REFERENCES questionnaire (id),
        position INTEGER NOT NULL, item TEXT NOT NULL, {_scale("value", required=True)})""",
    "CREATE INDEX ix_questionnaire_item_parent ON questionnaire_item (questionnaire_id)",
    """CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL,
        updated_utc TEXT NOT NULL)""",
    """CREATE TABLE audit (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, change_id TEXT NOT NULL,
        at_utc TEXT NOT NULL, command TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('insert','update','delete')),
        table_name TEXT NOT NULL, row_key TEXT NOT NULL,
        before TEXT, after TEXT, undone_utc TEXT)""",
    "CREATE INDEX ix_audit_change_id ON audit (change_id)",
)

# Context and function (issue 9). Self-contained: only new tables, nothing in V1 changes.
# - med_dose: a medicine taken (name and dose as the person writes them; never advice), and
#   whether it is taken as needed or on a schedule (`schedule`, not `kind`: history rows
#   already use `kind` for the entry kind).
# - task_result: one functional test (30-second sit-to-stand, timed up-and-go, ...). The unit
#   and the direction of improvement are stored on every result, not in a separate task
#   table: a definition row would outlive its results after a delete or an undo, while
#   here "the first use defines the task" is simply the earliest result of that name.
#   Not the questionnaire tables: their scores are 0-10 by CHECK, a task is a count, a
#   time or a distance.
# - entry_tag: context tags. One row per (entry, tag) with a real foreign key to the
#   entry it belongs to (exactly one of them is set), so `paceit check` finds orphans, a
#   delete must remove the tags first (in the same audited change, so undo restores both)
#   and nothing can point at an entry that does not exist.
V2: tuple[str, ...] = (
    f"""CREATE TABLE med_dose ({_ENTRY}, name TEXT NOT NULL, dose TEXT,
        schedule TEXT NOT NULL DEFAULT 'as-needed' CHECK (schedule IN ('as-needed','regular')),
        {_stamp()}, {_TAIL})""",
    "CREATE INDEX ix_med_dose_day ON med_dose (day)",
    "CREATE INDEX ix_med_dose_at_utc ON med_dose (at_utc)",
    f"""CREATE TABLE task_result ({_ENTRY}, name TEXT NOT NULL,
        value REAL NOT NULL CHECK (value >= 0), unit TEXT NOT NULL,
        better TEXT NOT NULL CHECK (better IN ('higher','lower')), {_stamp()}, {_TAIL})""",
    "CREATE INDEX ix_task_result_name_day ON task_result (name, day)",
    "CREATE INDEX ix_task_result_at_utc ON task_result (at_utc)",
    f"""CREATE TABLE entry_tag ({_ENTRY},
        pain_id INTEGER REFERENCES pain_entry (id), session_id INTEGER REFERENCES session (id),
        trial_id INTEGER REFERENCES exposure_trial (id), tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
        CHECK ((pain_id IS NOT NULL) + (session_id IS NOT NULL) + (trial_id IS NOT NULL) = 1))""",
    "CREATE INDEX ix_entry_tag_pain ON entry_tag (pain_id)",
    "CREATE INDEX ix_entry_tag_session ON entry_tag (session_id)",
    "CREATE INDEX ix_entry_tag_trial ON entry_tag (trial_id)",
    "CREATE INDEX ix_entry_tag_tag ON entry_tag (tag)",
)

# Schema 3: notes the person marks for their clinician (`paceit ask TEXT`, `--ask` on
# recording commands), shown in the report. Self-contained (written out in full, no shared
# helpers) so that later steps can be added or reordered around it without touching it.
# `source` names the command that recorded it (no CHECK: any recording command may gain
# --ask); `source_uuid` is the uuid of the entry it came with, a plain value rather than a
# foreign key so that deleting or undoing that entry never fails on the note.
V3: tuple[str, ...] = (
    """CREATE TABLE clinician_note (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE, at_utc TEXT NOT NULL, day TEXT NOT NULL,
        utc_offset INTEGER NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL,
        source_uuid TEXT, created_utc TEXT NOT NULL)""",
    "CREATE INDEX ix_clinician_note_day ON clinician_note (day)",
)

# Schema 4: checkpoints of the pacing replay (checkpoints.py), so that `paceit next` reads
# and replays a few recent weeks instead of the whole history. Derived data: export leaves
# it out. The triggers delete every checkpoint an entry could change, whatever writes the
# entry (a command, undo, import, purge), from the day before the entry's day on: for a
# flare or a red flag from the first day it spans, with two days' margin for a clearing
# time kept in UTC; a change of an activity, a goal or a setting changes every plan, so
# it deletes them all. Written out in full, like V3, so that it never changes.
V4: tuple[str, ...] = (
    'CREATE TABLE replay_checkpoint (day TEXT NOT NULL PRIMARY KEY, state TEXT NOT NULL)',
    'CREATE TRIGGER replay_forget_pain_entry_insert AFTER INSERT ON pain_entry BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(NEW.day, '-1 day'); END",
    'CREATE TRIGGER replay_forget_pain_entry_update AFTER UPDATE ON pain_entry BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(min(OLD.day, NEW.day), '-1 day'); END",
    'CREATE TRIGGER replay_forget_pain_entry_delete AFTER DELETE ON pain_entry BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(OLD.day, '-1 day'); END",
    'CREATE TRIGGER replay_forget_session_insert AFTER INSERT ON session BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(NEW.day, '-1 day'); END",
    'CREATE TRIGGER replay_forget_session_update AFTER UPDATE ON session BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(min(OLD.day, NEW.day), '-1 day'); END",
    'CREATE TRIGGER replay_forget_session_delete AFTER DELETE ON session BEGIN '
    "DELETE FROM replay_checkpoint WHERE day >= date(OLD.day, '-1 day'); END",
    'CREATE TRIGGER replay_forget_flare_insert AFTER INSERT ON flare BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(NEW.day, coalesce(NEW.end_day, NEW.day)), '-1 day'); END",
    'CREATE TRIGGER replay_forget_flare_update AFTER UPDATE ON flare BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(OLD.day, NEW.day, coalesce(OLD.end_day, OLD.day), "
    "coalesce(NEW.end_day, NEW.day)), '-1 day'); END",
    'CREATE TRIGGER replay_forget_flare_delete AFTER DELETE ON flare BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(OLD.day, coalesce(OLD.end_day, OLD.day)), '-1 day'); END",
    'CREATE TRIGGER replay_forget_red_flag_insert AFTER INSERT ON red_flag BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(NEW.day, coalesce(substr(NEW.cleared_utc, 1, 10), NEW.day)), '-2 days'); END",
    'CREATE TRIGGER replay_forget_red_flag_update AFTER UPDATE ON red_flag BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(OLD.day, NEW.day, coalesce(substr(OLD.cleared_utc, 1, 10), OLD.day), "
    "coalesce(substr(NEW.cleared_utc, 1, 10), NEW.day)), '-2 days'); END",
    'CREATE TRIGGER replay_forget_red_flag_delete AFTER DELETE ON red_flag BEGIN '
    'DELETE FROM replay_checkpoint '
    "WHERE day >= date(min(OLD.day, coalesce(substr(OLD.cleared_utc, 1, 10), OLD.day)), '-2 days'); END",
    'CREATE TRIGGER replay_forget_activity_insert AFTER INSERT ON activity BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_activity_update AFTER UPDATE ON activity BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_activity_delete AFTER DELETE ON activity BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_goal_insert AFTER INSERT ON goal BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_goal_update AFTER UPDATE ON goal BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_goal_delete AFTER DELETE ON goal BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_setting_insert AFTER INSERT ON setting BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_setting_update AFTER UPDATE ON setting BEGIN '
    'DELETE FROM replay_checkpoint; END',
    'CREATE TRIGGER replay_forget_setting_delete AFTER DELETE ON setting BEGIN '
    'DELETE FROM replay_checkpoint; END',
)  # fmt: skip

# Schema 5: rules version 2 (paceit 0.4). Plans are a replay of the history, so the new
# rules need no change to any row: only the replay's checkpoints go (they hold version 1's
# answers and wording; checkpoints.usable would pass them over anyway), and a diary that
# already has activities gets one notice, shown once by the next `paceit next`, so a
# person whose plan history now reads differently is told why. `notice` is bookkeeping
# (dbschema.DERIVED): never exported. Written out in full, like V3 and V4.
RULES_V2_NOTICE = (
    "paceit now uses version 2 of its pacing rules. They compare your pain with your own "
    "usual pain and its usual day-to-day swing, so ordinary ups and downs no longer step you "
    "back; acceptable (yellow) sessions count toward moving up; and a step back never goes "
    "below your starting quota. Your diary is unchanged; every plan, past ones in 'paceit plan "
    "history' included, is now worked out by the new rules. 'paceit learn zones' explains them."
)
V5: tuple[str, ...] = (
    "CREATE TABLE notice (key TEXT NOT NULL PRIMARY KEY, text TEXT NOT NULL)",
    "INSERT INTO notice (key, text) SELECT 'rules-v2', '" + RULES_V2_NOTICE.replace("'", "''") + "' "
    "WHERE EXISTS (SELECT 1 FROM activity)",
    "DELETE FROM replay_checkpoint",
)

# Schema 6: self-management strategies (`paceit strategy`, issue 20's add-a-command
# checklist): heat, a rest break, relaxation, ... as the person names it, how much it helped
# (0-10, optional) and for how long (whole minutes, optional). Never advice. The replay does
# not read it, so no checkpoint triggers. It takes `--tag`, so `entry_tag` gains a column
# `strategy_id`; its CHECK (exactly one entry) names every column, so the table is rebuilt
# (SQLite cannot change a CHECK): same rows, same ids, its AUTOINCREMENT counter carried over
# (so a tag id deleted before is never reused: undo restores rows by id; and no counter
# where there was none), indexes recreated.
# Written out in full, like V3 to V5, so that it never changes.
V6: tuple[str, ...] = (
    """CREATE TABLE strategy_use (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        helped INTEGER CHECK (helped BETWEEN 0 AND 10), minutes INTEGER CHECK (minutes BETWEEN 1 AND 600),
        at_utc TEXT NOT NULL, day TEXT NOT NULL, utc_offset INTEGER NOT NULL,
        note TEXT, created_utc TEXT NOT NULL)""",
    "CREATE INDEX ix_strategy_use_day ON strategy_use (day)",
    "CREATE INDEX ix_strategy_use_at_utc ON strategy_use (at_utc)",
    """CREATE TABLE entry_tag_v6 (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        uuid TEXT NOT NULL UNIQUE, pain_id INTEGER REFERENCES pain_entry (id),
        session_id INTEGER REFERENCES session (id), trial_id INTEGER REFERENCES exposure_trial (id),
        strategy_id INTEGER REFERENCES strategy_use (id),
        tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
        CHECK ((pain_id IS NOT NULL) + (session_id IS NOT NULL) + (trial_id IS NOT NULL)
            + (strategy_id IS NOT NULL) = 1))""",
    "INSERT INTO sqlite_sequence (name, seq) SELECT 'entry_tag_v6', seq FROM sqlite_sequence WHERE name = 'entry_tag'",
    "INSERT INTO entry_tag_v6 (id, uuid, pain_id, session_id, trial_id, tag) "
    "SELECT id, uuid, pain_id, session_id, trial_id, tag FROM entry_tag ORDER BY id",
    "DELETE FROM sqlite_sequence WHERE name = 'entry_tag_v6' AND seq = 0",  # an INSERT of no rows leaves one
    "DROP TABLE entry_tag",
    "ALTER TABLE entry_tag_v6 RENAME TO entry_tag",
    "CREATE INDEX ix_entry_tag_pain ON entry_tag (pain_id)",
    "CREATE INDEX ix_entry_tag_session ON entry_tag (session_id)",
    "CREATE INDEX ix_entry_tag_trial ON entry_tag (trial_id)",
    "CREATE INDEX ix_entry_tag_strategy ON entry_tag (strategy_id)",
    "CREATE INDEX ix_entry_tag_tag ON entry_tag (tag)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "diary, activities, sessions, ladder, red flags, flares, goals, measures", V1),
    Migration(2, "medication, functional tasks, context tags", V2),
    Migration(3, "notes for the clinician", V3),
    Migration(4, "checkpoints of the pacing replay", V4),
    Migration(5, "pacing rules version 2: a notice for the next plan", V5),
    Migration(6, "self-management strategies; tags on them", V6),
)

LATEST = MIGRATIONS[-1].version
