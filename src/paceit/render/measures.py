"""How questionnaires and functional tests are shown: `measure list` (table or JSON, whose
keys are the `--json` contract) and the line for one functional test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit import measures
from paceit.cli import output
from paceit.times import local_iso

PEG_KEYS = frozenset(item.key for item in measures.PEG_ITEMS)


def measure_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "kind": row["kind"],
        "score": row["score"],
        "at": local_iso(row["at_utc"], row["utc_offset"]),
        "items": row["items"],
    }


def show_questionnaires(rows: Sequence[Mapping[str, Any]], *, as_json: bool) -> None:
    """`measure list`: JSON, a line when there is none, or a table."""
    if not output.emit_list(
        rows, as_json=as_json, to_json=measure_json, empty="No questionnaires yet. Try: paceit measure peg"
    ):
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "day", "kind", "score", "answers"],
        [
            [
                str(r["id"]),
                r["day"],
                r["kind"].upper(),
                f"{r['score']:g}",
                answers(r["kind"], r["items"]),
            ]
            for r in rows
        ],
        numeric=(0, 3),
    )


def answers(kind: str, items: Sequence[Mapping[str, Any]]) -> str:
    """A PEG's answers say what its numbers mean ("interfered with enjoyment 7": high is
    bad); other questionnaires list item and value."""
    values = {i["item"]: i["value"] for i in items}
    if kind == "peg" and set(values) == PEG_KEYS:
        return (
            f"pain {values['pain']}; pain interfered with enjoyment {values['enjoyment']}, "
            f"with activity {values['activity']}"
        )
    return ", ".join(f"{i['item']} {i['value']}" for i in items)
