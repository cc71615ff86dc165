"""The one path from a diary file to a day's plan: read what the replay needs (from the
newest usable checkpoint on), replay, keep the new checkpoints, build the `next`
document. `paceit next` prints it; the cohort simulation's backfill check asks it on a
real file, so both read, replay and cache alike.

The plan is `plan.next_plan`'s `plan_document.NextPlan` (its `to_json()` is the contract
of product.md), with the improvements that reach the change that matters (`progress.py`)
and the notices waiting, read here so that `next_plan` stays pure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from paceit import checkpoint_store, checkpoints, leftovers, planning, record_queries
from paceit.plan import next_plan
from paceit.recordtype import record, replace
from paceit.units import format_amount

if TYPE_CHECKING:
    from paceit.plan import Inputs, Run
    from paceit.plan_document import NextPlan
    from paceit.progress import NextProgressInputs
    from paceit.records import SessionRecord


def next_document(conn: sqlite3.Connection, *, day: date) -> NextPlan:
    """The plan for `day` (its `to_json()` is the `next --json` document), with the notices
    waiting to be shown."""
    inputs = planning.plan_inputs(conn, day=day, resume=True)
    done = checkpoint_store.replay(conn, inputs, until=day)
    leftovers.keep(inputs, done)  # a first replay's are 200,000 objects, 15-20 ms to free
    plan = with_progress(conn, next_plan(inputs, done), day=day, settings=inputs.settings)
    from paceit import notices

    return replace(plan, notices=tuple(t for _, t in notices.waiting(conn)))


def with_progress(conn: sqlite3.Connection, plan: NextPlan, *, day: date, settings: Mapping[str, Any]) -> NextPlan:
    """`plan` (from `next_plan`) with its `progress` statements added. Apart from the
    replay: they read no checkpoint, so a plan replayed from the start gets the same ones."""
    from paceit.progress import next_progress  # `next` only: `log` replays without it

    return replace(plan, progress=tuple(next_progress(progress_inputs(conn, day=day, settings=settings))))


def progress_inputs(conn: sqlite3.Connection, *, day: date, settings: Mapping[str, Any]) -> NextProgressInputs:
    """What the progress line reads: only the two windows of mornings it compares
    (`progress.diary_spans`, none before the diary has both) and the first and latest
    PEG and PSFS."""
    from paceit import progress_queries
    from paceit.outcomes import score_of
    from paceit.progress import NextProgressInputs, diary_spans

    first = progress_queries.first_pain_day(conn)
    spans = diary_spans(first, day) if first is not None and first <= day else None
    return NextProgressInputs(
        day=day,
        settings=settings,
        diary=record_queries.diary_over(conn, spans or ()),
        declared=record_queries.declared_flares_over(conn, spans or ()),
        first_day=first,
        pegs=[score_of(r) for r in progress_queries.first_and_latest(conn, kind="peg", until=day)],
        psfs=[score_of(r) for r in progress_queries.first_and_latest(conn, kind="psfs", until=day)],
    )


@record
class LogReplay:
    """`log`'s one replay (issue 19): the session's day and the day after, replayed with the
    session added in memory before it is saved. It answers both questions `log` asks of the
    plan: the day's quota (for the check of an implausible amount, before saving) and the
    words after saving. A day's quota never depends on that day's own sessions (they count
    from the next day's plan), so adding the session first changes no quota; the words are
    those of a replay after the write, whose inputs are the same rows."""

    inputs: Inputs
    done: Run
    session: SessionRecord
    version: int  # SQLite's data_version when it was read: another paceit's write changes it

    def quota(self, activity_id: int) -> float | None:
        """The activity's quota on the session's day as `paceit next` gives it (None: no
        quota that day, in the baseline sessions or a pause)."""
        for item in self.done.replayed:
            if item.activity.id == activity_id:
                plan = item.plan_on(self.session.day)
                return None if plan is None else plan.target
        return None


def _data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def log_replay(conn: sqlite3.Connection, *, activity_id: int, session: SessionRecord) -> LogReplay:
    """The replay up to the day after `session`'s day, with `session` (not saved yet) among
    the activity's sessions where the diary will list it: after every session of its day
    (its id will be the highest). It resumes from a checkpoint of a day before the day
    before: the write forgets the later ones (their triggers), so those earlier are the
    ones a replay after the write would read, and the only ones kept from this replay."""
    from paceit.plan import run

    day = session.day
    version = _data_version(conn)
    until, before = day + timedelta(days=1), day - timedelta(days=1)
    inputs = planning.plan_inputs(conn, day=until, resume=True, before=before, only=activity_id)
    keeps = _keeps_a_checkpoint(inputs.resume, day)
    if keeps:  # every activity's sessions, for the checkpoints
        inputs = planning.plan_inputs(conn, day=until, resume=True, before=before)
    own = list(inputs.sessions.get(activity_id, ()))
    at = sum(1 for s in own if s.day <= day)  # sessions are listed by day, then as saved
    inputs = replace(inputs, sessions={**inputs.sessions, activity_id: [*own[:at], session, *own[at:]]})
    if not keeps:
        return LogReplay(inputs, run(inputs, only=activity_id), session, version)
    done = run(inputs, keep_checkpoints=True)
    settled = [c for c in done.checkpoints if date.fromisoformat(c["day"]) < before]
    checkpoint_store.keep(conn, settled, until=day, resume=inputs.resume)
    return LogReplay(inputs, done, session, version)


def _keeps_a_checkpoint(resume: Mapping[str, Any] | None, day: date) -> bool:
    """Whether `log_replay`'s replay for a session of `day` takes a checkpoint it keeps: one
    of a day after the checkpoint it resumes from and before the day before `day`. Usually
    none (`next` keeps them up to today; the newest before the day before is then at most a
    week back, and the days between hold no other): the logged activity is replayed alone,
    about a third of the work on the demo's three (issue 19). Without a checkpoint it
    replays from the start, and keeps some."""
    if resume is None:
        return True
    first = date.fromisoformat(resume["day"]) + timedelta(days=1)
    span = (day - timedelta(days=1) - first).days
    return any(checkpoints.is_checkpoint_day(first + timedelta(days=n), day + timedelta(days=1)) for n in range(span))


def session_feedback(
    conn: sqlite3.Connection, *, activity_id: int, session_id: int, today: date, replay: LogReplay | None = None
) -> list[str]:
    """What `log` says right after a session (issue 17): the day's sessions against that
    day's quota (while the baseline is found, the baseline count says it instead; while a
    red flag pauses the plan, the pause), and the session's zone as known now. From
    `replay` (taken before the write, see `LogReplay`) unless another paceit has written
    since; else the same replay as `next` (from the newest checkpoint), so the quota named
    is the one `next` showed; it keeps no checkpoint: the log's write has just dropped the
    recent ones, and `next` takes them again."""
    if replay is not None and _data_version(conn) == replay.version:
        return _feedback(replay.inputs, replay.done, activity_id, replay.session, session_id, today)
    from paceit.plan import run

    found = conn.execute("SELECT day FROM session WHERE id = ?", (session_id,)).fetchone()
    day = date.fromisoformat(found[0])
    # Up to the day after: the session's zone looks at the next morning (a backfilled one's
    # is known); the day's own plan uses nothing after it.
    inputs = planning.plan_inputs(conn, day=day + timedelta(days=1), resume=True, only=activity_id)
    session = next((s for s in inputs.sessions.get(activity_id, ()) if s.id == session_id), None)
    if session is None:
        return []
    return _feedback(inputs, run(inputs, only=activity_id), activity_id, session, session_id, today)


def _feedback(
    inputs: Inputs, done: Run, activity_id: int, session: SessionRecord, session_id: int, today: date
) -> list[str]:
    from paceit import glance, zones

    day = session.day
    item = next((r for r in done.replayed if r.activity.id == activity_id), None)
    plan = item.plan_on(day) if item is not None else None
    if item is None or plan is None:
        return []
    sessions = [s for s in inputs.sessions.get(activity_id, ()) if s.day == day]
    unit, quota, lines = item.activity.unit, plan.target, []
    if plan.decision == "pause":
        lines.append(f"{plan.summary} See 'paceit next'.")
    elif quota is not None:
        total = sum(s.amount for s in sessions)
        lines.append(
            glance.quota_words(
                done=format_amount(round(total, 2), unit), sessions=len(sessions), ratio=total / quota,
                quota=format_amount(quota, unit), label=glance.day_label(day, today), boom=item.rules.boom.boom,
                enough=float(inputs.settings["gate.done_share"]),
            )
        )  # fmt: skip
    zone = zones.session_zone(session, inputs.diary, item.rules.zone, done.scan.flare_days)
    known = inputs.diary.morning(day + timedelta(days=1)) is not None
    before, limit = zones.before_and_limit(session, inputs.diary, item.rules.zone, done.scan.flare_days)
    words = glance.zone_words(
        zone.zone, list(zone.notes), unrated=zone.unrated, next_morning_known=known, session_id=session_id,
        during=session.pain_during, before=before.pain, limit=limit, after=session.pain_after,
        reference=before.source, green_max=item.rules.zone.green_max,
    )  # fmt: skip
    return [*lines, words]
