"""SQLModel tables: the declared schema of record. No logic lives here.

The database itself is created and upgraded by `migrations.py` (never by
`create_all`), and the daily commands read and write it with the standard
library's sqlite3 so they never pay SQLModel's ~300 ms import. A test migrates a
blank database and checks it matches these declarations (columns, types,
nullability, keys, unique constraints, indexes). `paceit.api` returns these classes
to Python users reading a diary (docs/api.md); no command imports either module.

Flags are declared `int` (0/1) because SQLite has no boolean type and the
migrations store them as INTEGER with a CHECK.
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class SchemaVersion(SQLModel, table=True):
    __tablename__ = "schema_version"
    version: int = Field(primary_key=True)
    description: str
    applied_utc: str


class PainEntry(SQLModel, table=True):
    __tablename__ = "pain_entry"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    at_utc: str = Field(index=True)
    day: str = Field(index=True)
    utc_offset: int
    pain: int
    sleep: int | None = None
    mood: int | None = None
    fatigue: int | None = None
    stress: int | None = None
    sites: str = "[]"
    flare: int = 0
    note: str | None = None
    created_utc: str


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    name: str = Field(unique=True)
    unit: str
    baseline: float | None = None
    step_mode: str | None = None
    step: float | None = None
    every_days: int | None = None
    ceiling: int | None = None
    target: float | None = None
    at_utc: str
    day: str
    utc_offset: int
    archived_utc: str | None = None
    note: str | None = None
    created_utc: str


class Session(SQLModel, table=True):
    __tablename__ = "session"
    __table_args__ = (Index("ix_session_activity_day", "activity_id", "day"),)
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    activity_id: int = Field(foreign_key="activity.id")
    at_utc: str = Field(index=True)
    day: str
    utc_offset: int
    amount: float
    effort: int | None = None
    pain_before: int | None = None
    pain_during: int | None = None
    pain_after: int | None = None
    note: str | None = None
    created_utc: str


class LadderStep(SQLModel, table=True):
    __tablename__ = "ladder_step"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    text: str
    fear: int
    harm: int | None = None
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    at_utc: str
    day: str
    utc_offset: int
    note: str | None = None
    created_utc: str


class ExposureTrial(SQLModel, table=True):
    __tablename__ = "exposure_trial"
    __table_args__ = (Index("ix_exposure_trial_step", "step_id", "at_utc"),)
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    step_id: int = Field(foreign_key="ladder_step.id")
    at_utc: str = Field(index=True)
    day: str
    utc_offset: int
    fear_before: int
    fear_peak: int | None = None
    fear_after: int
    expect: str | None = None
    expect_likely: int | None = None
    predicted_pain: int | None = None
    pain: int | None = None
    happened: int | None = None
    safety: int | None = None
    aborted: int = 0
    note: str | None = None
    created_utc: str


class RedFlagCheck(SQLModel, table=True):
    """Every pass through the checklist, including "none ticked", so the weekly
    reminder (clinical-rules §7) knows when it was last asked."""

    __tablename__ = "red_flag_check"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    at_utc: str = Field(index=True)
    day: str
    utc_offset: int
    codes: str = "[]"
    note: str | None = None
    created_utc: str


class RedFlag(SQLModel, table=True):
    __tablename__ = "red_flag"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    check_id: int | None = Field(default=None, foreign_key="red_flag_check.id")
    code: str
    grp: int
    at_utc: str = Field(index=True)
    day: str
    utc_offset: int
    cleared_utc: str | None = None
    reviewed: str | None = None
    note: str | None = None
    created_utc: str


class Flare(SQLModel, table=True):
    __tablename__ = "flare"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    at_utc: str
    day: str = Field(index=True)
    utc_offset: int
    end_at_utc: str | None = None
    end_day: str | None = None
    end_utc_offset: int | None = None
    end_note: str | None = None
    note: str | None = None
    created_utc: str


class FlarePlanItem(SQLModel, table=True):
    __tablename__ = "flare_plan_item"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    section: str
    position: int
    text: str
    created_utc: str


class Goal(SQLModel, table=True):
    __tablename__ = "goal"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    text: str
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    target: float | None = None
    at_utc: str
    day: str
    utc_offset: int
    done_utc: str | None = None
    note: str | None = None
    created_utc: str


class Questionnaire(SQLModel, table=True):
    __tablename__ = "questionnaire"
    __table_args__ = (Index("ix_questionnaire_kind_at", "kind", "at_utc"),)
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    kind: str
    at_utc: str
    day: str
    utc_offset: int
    score: float
    note: str | None = None
    created_utc: str


class QuestionnaireItem(SQLModel, table=True):
    __tablename__ = "questionnaire_item"
    __table_args__ = (Index("ix_questionnaire_item_parent", "questionnaire_id"),)
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id")
    position: int
    item: str
    value: int


class MedDose(SQLModel, table=True):
    """A medicine taken, as the person names it (migration 2). paceit never advises on dosing."""

    __tablename__ = "med_dose"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    name: str
    dose: str | None = None
    schedule: str = "as-needed"
    at_utc: str = Field(index=True)
    day: str = Field(index=True)
    utc_offset: int
    note: str | None = None
    created_utc: str


class TaskResult(SQLModel, table=True):
    """One functional test result; unit and direction repeat on each row (migration 2)."""

    __tablename__ = "task_result"
    __table_args__ = (Index("ix_task_result_name_day", "name", "day"),)
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    name: str
    value: float
    unit: str
    better: str
    at_utc: str = Field(index=True)
    day: str
    utc_offset: int
    note: str | None = None
    created_utc: str


class StrategyUse(SQLModel, table=True):
    """A self-management strategy used (heat, a rest break, relaxation, ...), as the person
    names it, with how much it helped (0-10) and how long (minutes), both optional
    (migration 6). paceit never suggests one."""

    __tablename__ = "strategy_use"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    name: str
    helped: int | None = None
    minutes: int | None = None
    at_utc: str = Field(index=True)
    day: str = Field(index=True)
    utc_offset: int
    note: str | None = None
    created_utc: str


class EntryTag(SQLModel, table=True):
    """A context tag on one diary entry, session, exposure trial (migration 2) or strategy
    used (migration 6)."""

    __tablename__ = "entry_tag"
    __table_args__ = (
        Index("ix_entry_tag_pain", "pain_id"),
        Index("ix_entry_tag_session", "session_id"),
        Index("ix_entry_tag_trial", "trial_id"),
        Index("ix_entry_tag_strategy", "strategy_id"),
        Index("ix_entry_tag_tag", "tag"),
    )
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    pain_id: int | None = Field(default=None, foreign_key="pain_entry.id")
    session_id: int | None = Field(default=None, foreign_key="session.id")
    trial_id: int | None = Field(default=None, foreign_key="exposure_trial.id")
    strategy_id: int | None = Field(default=None, foreign_key="strategy_use.id")
    tag: str


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str
    updated_utc: str


class Audit(SQLModel, table=True):
    __tablename__ = "audit"
    id: int = Field(primary_key=True)
    change_id: str = Field(index=True)
    at_utc: str
    command: str
    action: str
    table_name: str
    row_key: str
    before: str | None = None
    after: str | None = None
    undone_utc: str | None = None


class ClinicianNote(SQLModel, table=True):
    """Schema 2: a note the person marked for their clinician (shown in the report)."""

    __tablename__ = "clinician_note"
    id: int = Field(primary_key=True)
    uuid: str = Field(unique=True)
    at_utc: str
    day: str = Field(index=True)
    utc_offset: int
    text: str
    source: str
    source_uuid: str | None = None
    created_utc: str


class ReplayCheckpoint(SQLModel, table=True):
    """Schema 4: the pacing replay's memory at the end of a day (checkpoints.py), as
    JSON. Derived from the other tables and kept in step with them by triggers
    (migrations.py, V4); never exported."""

    __tablename__ = "replay_checkpoint"
    day: str = Field(primary_key=True)
    state: str


class Notice(SQLModel, table=True):
    """Schema 5: a message for the person, shown once by `paceit next` and then deleted
    (the upgrade to pacing rules version 2). Bookkeeping; never exported."""

    __tablename__ = "notice"
    key: str = Field(primary_key=True)
    text: str
