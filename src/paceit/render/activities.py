"""How paced activities are shown: `activity list` and `activity show`, as tables or as JSON
(whose keys are the `--json` contract), with the baseline and step in force in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit.cli import output
from paceit.times import human_day, local_iso
from paceit.units import format_amount, format_mean


def activity_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "name": row["name"],
        "unit": row["unit"],
        "baseline": row["baseline_value"],
        "baseline_source": row["baseline_source"],
        "step_mode": row["step_mode"],
        "step": row["step"],
        "every_days": row["every_days"],
        "ceiling": row["ceiling"],
        "target": row["target"],
        "start": row["day"],
        "archived": row["archived_utc"] is not None,
        "sessions": row.get("sessions", 0),
        "last_session": row.get("last_day"),
        "note": row["note"],
    }


def baseline_amount(row: Mapping[str, Any]) -> str:
    """The baseline in force: as given, or the mean of the first sessions to one decimal
    (the plan uses the exact mean; '14.67 min' reads as more precise than it is)."""
    if row["baseline_source"] == "sessions":
        return format_mean(row["baseline_value"], row["unit"])
    return format_amount(row["baseline_value"], row["unit"]) if row["baseline_value"] else "-"


def baseline_text(row: Mapping[str, Any]) -> str:
    if row["baseline_source"] == "given":
        return format_amount(row["baseline_value"], row["unit"])
    if row["baseline_source"] == "sessions":
        return f"{baseline_amount(row)} (mean of the first {row['baseline_needed']} sessions)"
    return f"not yet: {row['baseline_done']} of {row['baseline_needed']} sessions done"


def step_text(row: Mapping[str, Any], settings: dict[str, Any]) -> str:
    """The step the plan uses (quota.step_in_force): the activity's own, or the settings'."""
    from paceit.quota import step_in_force

    mode, step = step_in_force(row["step_mode"], row["step"], settings)
    if mode == "abs":
        return format_amount(step, row["unit"])
    return f"{step:g}%" + (" of the baseline" if mode == "add" else "")


def show_activities(rows: Sequence[Mapping[str, Any]], settings: dict[str, Any], *, as_json: bool) -> None:
    """`activity list`: JSON, a line when there is none, or a table (`rows` with their
    baseline in force, as `cli/activity.with_baseline` adds it; `settings` in force)."""
    if not output.emit_list(
        rows,
        as_json=as_json,
        to_json=activity_json,
        empty="No paced activities yet. Add one: paceit activity add walking --unit min",
    ):
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "activity", "baseline", "step", "every", "target", "sessions", "last"],
        [
            [
                str(r["id"]),
                r["name"] + (" (archived)" if r["archived_utc"] else ""),
                baseline_amount(r),
                step_text(r, settings),
                f"{r['every_days'] or settings['progression.every_days']} d",
                format_amount(r["target"], r["unit"]) if r["target"] else "-",
                str(r["sessions"]),
                output.fmt(r["last_day"]),
            ]
            for r in rows
        ],
        numeric=(0, 2, 5, 6),
        wrap=(1,),
        caption="baseline: given, or the mean of the first sessions; '-' while they are still being logged",
    )


def show_activity(
    row: dict[str, Any], recent: Sequence[Mapping[str, Any]], settings: dict[str, Any], *, as_json: bool
) -> None:
    """`activity show`: the activity's settings in force and its latest sessions (`recent`)."""
    if as_json:
        sessions = [
            {
                "id": s["id"],
                "uuid": s["uuid"],
                "at": local_iso(s["at_utc"], s["utc_offset"]),
                "day": s["day"],
                "amount": s["amount"],
                "effort": s["effort"],
                "pain_before": s["pain_before"],
                "pain_during": s["pain_during"],
                "pain_after": s["pain_after"],
                "note": s["note"],
            }
            for s in recent
        ]
        output.emit_json({**activity_json(row), "recent_sessions": sessions})
        return
    from paceit.render.tables import print_pairs, print_table

    unit = row["unit"]
    print_pairs(
        [
            ("unit", unit),
            ("started", human_day(row["day"])),
            ("baseline", baseline_text(row)),
            ("step", step_text(row, settings)),
            ("every", f"{row['every_days'] or settings['progression.every_days']} days"),
            ("pain ceiling", f"{row['ceiling'] or settings['zone.r1_ceiling']}/10 during"),
            ("target", format_amount(row["target"], unit) if row["target"] else "-"),
            ("sessions", str(row["sessions"])),
            ("status", "archived" if row["archived_utc"] else "active"),
            ("note", row["note"] or "-"),
        ],
        title=f"#{row['id']} {row['name']}",
    )
    if recent:
        print_table(
            ["id", "day", "amount", "effort", "before", "during", "after"],
            [
                [
                    str(s["id"]),
                    s["day"],
                    format_amount(s["amount"], unit),
                    output.fmt(s["effort"]),
                    output.fmt(s["pain_before"]),
                    output.fmt(s["pain_during"]),
                    output.fmt(s["pain_after"]),
                ]
                for s in recent
            ],
            title="Latest sessions",
            numeric=(0, 3, 4, 5, 6),
        )
