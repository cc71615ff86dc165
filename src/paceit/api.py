"""Read a diary from Python: typed objects for a notebook, a script or pandas; never a write.

    from paceit.api import open_diary

    with open_diary() as diary:              # the diary the CLI uses (PACEIT_DB, else the data folder)
        for entry in diary.pain_entries(since="2026-11-01"):
            print(entry.day, entry.pain)

Why it exists: `models.py` is paceit's schema of record, and this is where it is used at run
time, off every daily path. The CLI reads and writes with the standard library's sqlite3 and
never imports this module (tests/test_light_imports.py checks both), so SQLModel's import
time (several hundred ms) is paid only by code that asks for these objects.

Why it can never change a diary: the file is opened by `db.connect_read_only`, SQLite's
`mode=ro` with ATTACH disabled, so every write through `orm_session()` fails with SQLite's
"attempt to write a readonly database", and nothing here upgrades, creates or chmods a file.
The objects returned are plain copies: changing one changes nothing in the file. A diary of
another schema than this paceit's is refused rather than read half-right (upgrade it with any
paceit command first); a file that is not a paceit diary is refused unchanged.

Each call reads in one statement, so each list is consistent in itself; another paceit may
commit between two calls (the connection holds no read transaction open, which would keep
the writer's WAL from being checked in for as long as a notebook stays open).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session as OrmSession
from sqlmodel import SQLModel, col, create_engine, func, select
from sqlmodel.sql.expression import SelectOfScalar

from paceit import db, models, paths
from paceit.errors import NotFoundError, OperationalError

if TYPE_CHECKING:  # pandas is optional: without it (or its stubs) a DataFrame is Any to mypy
    import pandas  # type: ignore[import-not-found, import-untyped, unused-ignore]

__all__ = ["TABLES", "Diary", "open_diary"]

Row = TypeVar("Row", bound=SQLModel)
Day = date | str


def _tables() -> dict[str, type[SQLModel]]:
    """Every table class of `models.py`, by table name: read from the module, so a table added
    there is readable here without a list to keep in step."""
    found: dict[str, type[SQLModel]] = {}
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, SQLModel) and "__table__" in vars(value):
            found[str(getattr(value, "__tablename__"))] = value  # noqa: B009 (a str on table classes)
    return found


TABLES: dict[str, type[SQLModel]] = _tables()
"""The diary's tables and their models.py classes, e.g. TABLES["pain_entry"] is models.PainEntry."""


def open_diary(path: str | os.PathLike[str] | None = None) -> Diary:
    """Open a diary for reading. Without `path`, the diary the CLI would use: `PACEIT_DB`, else
    the user data folder (`~/.local/share/paceit/paceit.db` on Linux). A `~` is expanded.

    Raises `paceit.errors.OperationalError` (a `PaceitError`, message for a person) when
    there is no diary there, when it is not a paceit diary, or its schema is not this
    paceit's. Use it as a context manager, or call `close()`."""
    where = paths.resolve_db_path(os.fspath(path) if path is not None else None)
    return Diary(db.connect_read_only(where), where)


class Diary:
    """An open, read-only diary. Every list is in time order (`at_utc`, then `id`); `since` and
    `until` are days as the person lived them (the `day` column, both ends included), given as
    a `datetime.date` or "YYYY-MM-DD"."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self.connection = connection
        # The ORM gets the rows as tuples, as SQLAlchemy's driver expects; db.py's checks
        # used sqlite3.Row for their own reads.
        connection.row_factory = None
        self.schema = db.schema_version(connection, path)
        # One pool of exactly this connection: SQLAlchemy must never open the file itself,
        # which would bypass connect_read_only's mode=ro and its checks.
        self._engine: Engine | None = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)

    # --- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the objects already read stay usable. Closing twice is harmless."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self.connection.close()

    def __enter__(self) -> Diary:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._engine is not None else "closed"
        return f"<paceit Diary {str(self.path)!r}, schema {self.schema}, {state}>"

    @contextmanager
    def orm_session(self) -> Iterator[OrmSession]:
        """A SQLModel session for queries of your own (`session.exec(select(...))`). Writes
        through it fail: the connection is read-only."""
        if self._engine is None:
            raise OperationalError(f"this diary ({self.path}) is closed; open it again with open_diary()")
        with OrmSession(self._engine) as session:
            yield session

    # --- the kinds of entry -------------------------------------------------------------------

    def pain_entries(self, *, since: Day | None = None, until: Day | None = None) -> list[models.PainEntry]:
        """Diary entries (`paceit pain`): pain 0-10, sleep, mood, fatigue, stress, sites (JSON), flare."""
        return self._read(select(models.PainEntry), models.PainEntry, since, until)

    def activities(self) -> list[models.Activity]:
        """Every activity, archived ones included (`archived_utc` set), by name."""
        with self.orm_session() as session:
            return list(session.exec(select(models.Activity).order_by(func.lower(models.Activity.name))).all())

    def sessions(
        self,
        *,
        activity: str | int | models.Activity | None = None,
        since: Day | None = None,
        until: Day | None = None,
    ) -> list[models.Session]:
        """Activity sessions (`paceit log`), of one activity if given by name, id or object. An
        activity name that is not in the diary raises NotFoundError rather than returning an
        empty list, which a typing slip in a notebook would otherwise look like."""
        statement = select(models.Session)
        if activity is not None:
            statement = statement.where(models.Session.activity_id == self._activity_id(activity))
        return self._read(statement, models.Session, since, until)

    def ladder_steps(self) -> list[models.LadderStep]:
        """The exposure ladder's steps (`paceit ladder`), in the order they were added."""
        return self._read(select(models.LadderStep), models.LadderStep, None, None)

    def trials(self, *, since: Day | None = None, until: Day | None = None) -> list[models.ExposureTrial]:
        """Exposure trials (`paceit ladder try`); `step_id` names their ladder step."""
        return self._read(select(models.ExposureTrial), models.ExposureTrial, since, until)

    def questionnaires(
        self, *, kind: str | None = None, since: Day | None = None, until: Day | None = None
    ) -> list[models.Questionnaire]:
        """Questionnaire scores (PEG, PSFS, ...), of one `kind` if given; their answers are
        `rows("questionnaire_item")`, joined on `questionnaire_id`."""
        statement = select(models.Questionnaire)
        if kind is not None:
            statement = statement.where(models.Questionnaire.kind == kind)
        return self._read(statement, models.Questionnaire, since, until)

    def med_doses(self, *, since: Day | None = None, until: Day | None = None) -> list[models.MedDose]:
        """Medicines taken (`paceit med`), as the person named them."""
        return self._read(select(models.MedDose), models.MedDose, since, until)

    def flares(self, *, since: Day | None = None, until: Day | None = None) -> list[models.Flare]:
        """Flares the person marked, by the day they began."""
        return self._read(select(models.Flare), models.Flare, since, until)

    def rows(self, table: str, *, since: Day | None = None, until: Day | None = None) -> list[SQLModel]:
        """Every row of any table in `TABLES` (goals, tags, settings, the undo log, ...) as its
        models.py class; `since`/`until` only for tables with a `day` column."""
        model = self._model(table)
        return self._read(select(model), model, since, until)

    def dataframe(self, table: str, *, since: Day | None = None, until: Day | None = None) -> pandas.DataFrame:
        """`rows(table)` as a pandas DataFrame, one column per field. pandas is not a dependency
        of paceit: install it yourself (`pip install pandas`) to use this."""
        try:
            import pandas  # type: ignore[import-not-found, import-untyped, unused-ignore]
        except ImportError as exc:
            raise ImportError(
                "Diary.dataframe needs pandas, which paceit does not install: pip install pandas"
            ) from exc
        model = self._model(table)
        records = [row.model_dump() for row in self.rows(table, since=since, until=until)]
        return pandas.DataFrame.from_records(records, columns=list(model.model_fields))

    # --- helpers ------------------------------------------------------------------------------

    def _model(self, table: str) -> type[SQLModel]:
        try:
            return TABLES[table]
        except KeyError:
            raise NotFoundError(f"no table {table!r} in a paceit diary; the tables are {', '.join(TABLES)}") from None

    def _activity_id(self, activity: str | int | models.Activity) -> int:
        if isinstance(activity, models.Activity):
            return activity.id
        if isinstance(activity, int):
            return activity
        with self.orm_session() as session:
            found = session.exec(select(models.Activity.id).where(models.Activity.name == activity)).first()
        if found is None:
            raise NotFoundError(f"no activity named {activity!r} in {self.path}")
        return found

    def _read(
        self, statement: SelectOfScalar[Row], model: type[Row], since: Day | None, until: Day | None
    ) -> list[Row]:
        """Run `statement` with the day bounds on `model.day` (if it has one), in time order."""
        columns = model.model_fields
        if (since is not None or until is not None) and "day" not in columns:
            raise ValueError(f"{model.__name__} has no day; since and until do not apply to it")
        if since is not None:
            statement = statement.where(col(getattr(model, "day")) >= _day(since))  # noqa: B009
        if until is not None:
            statement = statement.where(col(getattr(model, "day")) <= _day(until))  # noqa: B009
        # Time order where there is a time; else the key (settings by name, checkpoints by day).
        order: list[Any] = [col(getattr(model, name)) for name in ("at_utc", "id", "day", "key") if name in columns]
        with self.orm_session() as session:
            return list(session.exec(statement.order_by(*order)).all())


def _day(value: Day) -> str:
    """A day as stored ("YYYY-MM-DD"), from a date, a datetime (its own date) or that text.
    Checked, because a string compared with the `day` column would otherwise filter silently."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{value!r} is not a day: give a datetime.date or 'YYYY-MM-DD'") from None
