"""The registry of entry kinds: every table that holds what a person records, and what
each command does with it (issue 20, item 2).

`history`, `edit`, `delete`, the store's labels and tag columns, the import checks of
`entry_tag`, where the diary begins and the demo's order of ids are derived from `KINDS`,
so adding a kind is one entry here (plus its table, its command and, if it is editable,
its fields in `cli/fields.py`). `tests/test_kinds.py` fails when a table of the migrated
schema is neither a kind here nor in `NOT_ENTRIES`.

Pure and cheap to import: plain frozen classes (`slotted.Frozen`, no dataclass to compile),
no sqlite3, Typer or Rich, since the daily commands import it.
"""

from __future__ import annotations

from paceit.slotted import Frozen


class Part(Frozen):
    """Rows of `table` whose `column` points at the entry. `blocks`: deleting the entry is
    refused while such rows exist (they are data of their own; `forced` lets `--force`
    delete them too, `advice` says what to do otherwise); else they go with the entry."""

    __slots__ = ("table", "column", "what", "blocks", "forced", "advice")  # noqa: RUF023 (the fields' order)
    table: str
    column: str
    what: str
    blocks: bool
    forced: bool
    advice: str

    def __init__(
        self, table: str, column: str, what: str = "", blocks: bool = False, forced: bool = False, advice: str = ""
    ) -> None:
        self._fill(table, column, what, blocks, forced, advice)


class Kind(Frozen):
    """One table of entries. `name`: the KIND a person types (`edit pain 3`), None when no
    command names it on its own (rows written only as part of another entry or by one
    command). `label`: the entry in a sentence ("no pain entry with id 3")."""

    __slots__ = (  # noqa: RUF023 (the fields' order)
        "table", "label", "name", "tag_column", "history", "editable", "deletable", "lived", "parts", "created", "uuid",
    )  # fmt: skip
    table: str
    label: str
    name: str | None
    tag_column: str | None  # the column of `entry_tag` pointing at it: the kind takes --tag
    history: bool  # `history` lists it
    editable: bool  # `edit` changes it (its fields: cli/fields.py FIELDS)
    deletable: bool  # `delete` removes it
    lived: bool  # recorded on a day lived: the diary begins with the first of these
    parts: tuple[Part, ...]  # rows deleted with it, or that refuse its deletion
    created: bool  # has `created_utc`
    uuid: bool  # has `uuid`

    def __init__(
        self,
        table: str,
        label: str,
        name: str | None = None,
        tag_column: str | None = None,
        history: bool = False,
        editable: bool = False,
        deletable: bool = False,
        lived: bool = False,
        parts: tuple[Part, ...] = (),
        created: bool = True,
        uuid: bool = True,
    ) -> None:
        self._fill(table, label, name, tag_column, history, editable, deletable, lived, parts, created, uuid)


_TRIALS = Part(
    "exposure_trial", "step_id", "trials", blocks=True, forced=True,
    advice="add --force to remove them too (paceit undo brings everything back)",
)  # fmt: skip
_ACTIVITY_ADVICE = "archive it instead: paceit activity archive NAME"

# In the order `delete` lists its KINDs (edit and history keep the same order).
KINDS: tuple[Kind, ...] = (
    Kind("pain_entry", "pain entry", "pain", "pain_id", history=True, editable=True, deletable=True, lived=True),
    Kind("session", "session", "session", "session_id", history=True, editable=True, deletable=True, lived=True),
    Kind("exposure_trial", "exposure trial", "trial", "trial_id", history=True, editable=True, deletable=True,
         lived=True),
    Kind("ladder_step", "ladder step", "step", editable=True, deletable=True, parts=(_TRIALS,)),
    Kind("goal", "goal", "goal", editable=True, deletable=True),
    Kind("questionnaire", "questionnaire", "measure", deletable=True, lived=True,
         parts=(Part("questionnaire_item", "questionnaire_id"),)),
    Kind("flare", "flare", "flare", editable=True, deletable=True, lived=True),
    Kind("activity", "activity", "activity", deletable=True, lived=True, parts=(
        Part("session", "activity_id", "sessions", blocks=True, advice=_ACTIVITY_ADVICE),
        Part("goal", "activity_id", "goals", blocks=True, advice=_ACTIVITY_ADVICE),
        Part("ladder_step", "activity_id", "ladder steps", blocks=True, advice=_ACTIVITY_ADVICE),
    )),
    Kind("med_dose", "medication dose", "med", history=True, editable=True, deletable=True, lived=True),
    Kind("task_result", "functional test", "task", history=True, editable=True, deletable=True, lived=True),
    Kind("strategy_use", "strategy", "strategy", "strategy_id", history=True, editable=True, deletable=True,
         lived=True),
    Kind("red_flag_check", "red-flag check", lived=True),
    Kind("red_flag", "red flag"),
    Kind("flare_plan_item", "flare plan item"),
    Kind("questionnaire_item", "questionnaire answer", created=False),
    Kind("entry_tag", "tag", created=False),
    Kind("setting", "setting", created=False, uuid=False),
    Kind("clinician_note", "note for your clinician"),
)  # fmt: skip

# Tables of the schema that hold no entries: each is here on purpose (see tests/test_kinds.py).
NOT_ENTRIES: dict[str, str] = {
    "schema_version": "the migrations applied (migrations.py)",
    "audit": "the undo log: copies of rows before and after each change (store.py)",
    "replay_checkpoint": "the replay's saved states, dropped and rebuilt at will (checkpoint_store.py)",
    "notice": "messages shown once by `next` (today.py)",
}

BY_TABLE: dict[str, Kind] = {kind.table: kind for kind in KINDS}
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS if kind.name}
TABLES: dict[str, str] = {kind.table: kind.label for kind in KINDS}
TAG_COLUMNS: dict[str, str] = {kind.name: kind.tag_column for kind in KINDS if kind.name and kind.tag_column}
HISTORY: dict[str, str] = {kind.name: kind.table for kind in KINDS if kind.name and kind.history}
EDITABLE: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.name and kind.editable)
DELETABLE: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.name and kind.deletable)
LIVED_TABLES: tuple[str, ...] = tuple(kind.table for kind in KINDS if kind.lived)


def named(name: str) -> Kind:
    """The kind a person typed (already checked against the command's choices)."""
    return BY_NAME[name]
