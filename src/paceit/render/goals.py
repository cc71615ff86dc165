"""How goals are shown: `goal list` as a table or as JSON (its keys are the `--json` contract)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit.cli import output
from paceit.times import human_day, local_iso, utc_iso
from paceit.units import format_amount


def goal_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "text": row["text"],
        "activity": row["activity"],
        "target": row["target"],
        "unit": row["unit"],
        "added": local_iso(row["at_utc"], row["utc_offset"]),
        "done": row["done_utc"] is not None,
        "done_at": utc_iso(row["done_utc"]) if row["done_utc"] else None,
        "note": row["note"],
    }


def show_goals(rows: Sequence[Mapping[str, Any]], *, as_json: bool) -> None:
    """`goal list`: JSON, a line when there is none, or a table."""
    if not output.emit_list(
        rows,
        as_json=as_json,
        to_json=goal_json,
        empty="No goals yet. Add one: paceit goal add 'walk to the shops and back'",
    ):
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "goal", "measure", "added", "status"],
        [
            [
                str(r["id"]),
                r["text"],
                f"{format_amount(r['target'], r['unit'])} {r['activity']}"
                if r["target"]
                else output.fmt(r["activity"]),
                human_day(r["day"]),
                "done" if r["done_utc"] else "open",
            ]
            for r in rows
        ],
        numeric=(0,),
    )
