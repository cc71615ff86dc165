"""How red flags are shown: `redflag list` (table or JSON, whose keys are the `--json`
contract) and what `redflag check` says to do. The checklist's words are redflags.py's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit import redflags
from paceit.cli import output
from paceit.times import human, local_iso


def flag_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "code": row["code"],
        "group": row["grp"],
        "at": local_iso(row["at_utc"], row["utc_offset"]),
        "question": redflags.BY_CODE[row["code"]].question,
        "action": redflags.ACTIONS[row["grp"]],
        "cleared": row["cleared_utc"] is not None,
        "reviewed": row["reviewed"],
        "note": row["note"],
    }


def show_flags(rows: Sequence[Mapping[str, Any]], *, as_json: bool, cleared_too: bool) -> None:
    """`redflag list`: JSON, a line when there is none, or a table with what to do."""
    empty = "No red flags recorded." if cleared_too else "No open red flags."
    if not output.emit_list(rows, as_json=as_json, to_json=flag_json, empty=empty):
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "group", "what", "when", "status"],
        [
            [
                str(r["id"]),
                str(r["grp"]),
                redflags.BY_CODE[r["code"]].question,
                human(r["at_utc"], r["utc_offset"]),
                f"reviewed: {r['reviewed']}" if r["cleared_utc"] else redflags.ACTIONS[r["grp"]],
            ]
            for r in rows
        ],
        numeric=(0, 1),
    )


def advice(codes: list[str]) -> list[str]:
    """What to do after a check that ticked `codes`: the most urgent group's action first."""
    groups = sorted({redflags.BY_CODE[c].group for c in codes})
    lines = [
        f"{redflags.ACTIONS[groups[0]]} You ticked: " + "; ".join(redflags.BY_CODE[c].question for c in codes) + "."
    ]
    if groups[0] in redflags.FREEZING_GROUPS:
        lines.append(
            "paceit has paused your plan and your ladder until a clinician has reviewed "
            "this (then: paceit redflag clear ID --reviewed 'what they said')."
        )
    lines.append(redflags.CRISIS)
    return lines
