"""Days of tables indexed by a key, then the day (a session's activity, a test result's
name): read through that index, one seek per key, instead of a scan of the whole table.

Why: SQLite uses the index on (activity_id, day) for `day BETWEEN ? AND ?` only when it
is told which activity_ids to look for (no skip-scan without ANALYZE's statistics), so
`report` and `trends` read every session of the diary for a few weeks of them: 90 ms for
six weeks of the 560-year stress diary, where the seeks take 0.1 ms (issue 19). The keys
are found by seeks too: `keys` steps from each key to the next one in the index, so a
query over `IN (SELECT k FROM keys)` reads exactly the rows of its own `day` condition
(every key of the table, none taken from another table; the key columns are NOT NULL),
and in the index's order, as the scan did.
"""

from __future__ import annotations

from typing import Literal

Keyed = Literal["session", "task_result"]
KEY: dict[Keyed, str] = {"session": "activity_id", "task_result": "name"}


def keys(table: Keyed) -> str:
    """A `WITH RECURSIVE keys(k) AS (...)` clause naming every key of `table` once, in order;
    the query it starts reads `k` from `keys WHERE k IS NOT NULL` (the last step's NULL)."""
    key = KEY[table]
    return (
        f"WITH RECURSIVE keys(k) AS (SELECT (SELECT min({key}) FROM {table})"
        f" UNION ALL SELECT (SELECT min({key}) FROM {table} WHERE {key} > k) FROM keys WHERE k IS NOT NULL) "
    )


def first_day(table: str) -> str:
    """`SELECT min(day) FROM table`, by a seek per key for a keyed table."""
    for keyed, key in KEY.items():
        if table == keyed:
            return keys(keyed) + f"SELECT min((SELECT min(day) FROM {keyed} WHERE {key} = k)) FROM keys"
    return f"SELECT min(day) FROM {table}"


def in_days(table: Keyed) -> str:
    """A condition for `table`'s rows with a day from the first `?` to the second."""
    return f"{KEY[table]} IN (SELECT k FROM keys) AND day BETWEEN ? AND ?"
