"""The one path from a diary file to a day's plan: read what the replay needs (from the
newest usable checkpoint on), replay, keep the new checkpoints, build the `next`
document. `paceit next` prints it; the cohort simulation's backfill check asks it on a
real file, so both read, replay and cache alike.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from paceit import checkpoint_store, queries
from paceit.plan import next_plan


def next_document(conn: sqlite3.Connection, *, day: date) -> dict[str, Any]:
    """The `next --json` document for `day`."""
    inputs = queries.plan_inputs(conn, day=day, resume=True)
    done = checkpoint_store.replay(conn, inputs, until=day)
    return next_plan(inputs, done)
