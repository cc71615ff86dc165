"""How one diary entry reads as a line, and `history` (a table, or JSON whose keys are the
`--json` contract).

The same words serve the echo after a recording command (`pain`, `log`, `med`, `measure
task`, `strategy`), `history`, and what `delete` says it removed, so a person recognises the entry
everywhere. Light on purpose: the daily commands import it (no Rich until a table)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from paceit.cli import output
from paceit.times import human, local_iso
from paceit.units import format_amount

PAIN_SCALES = ("sleep", "mood", "fatigue", "stress")  # the pain entry's other scales, in the order said
SESSION_PAINS = ("pain_before", "pain_during", "pain_after")


def tag_text(tags: list[str]) -> str:
    """'; tags: sitting, stress' after an entry's line (nothing without tags)."""
    return f"; tags: {', '.join(tags)}" if tags else ""


def describe_pain(entry: dict[str, Any]) -> str:
    """'pain 4/10, sleep 6/10; sites: knee; flare'."""
    parts = [f"pain {entry['pain']}/10"]
    parts += [f"{key} {entry[key]}/10" for key in PAIN_SCALES if entry.get(key) is not None]
    text = ", ".join(parts)
    sites = json.loads(entry["sites"]) if isinstance(entry["sites"], str) else entry["sites"]
    if sites:
        text += f"; sites: {', '.join(sites)}"
    if entry.get("flare"):
        text += "; flare"
    return text


def describe_session(row: dict[str, Any], name: str, unit: str) -> str:
    """'walking 20 min; effort 4/10; pain during 3, after 5'."""
    parts = [f"{name} {format_amount(row['amount'], unit)}"]
    if row.get("effort") is not None:
        parts.append(f"effort {row['effort']}/10")
    pains = [f"{key.split('_')[1]} {row[key]}" for key in SESSION_PAINS if row.get(key) is not None]
    if pains:
        parts.append("pain " + ", ".join(pains))
    return "; ".join(parts)


def describe_dose(row: dict[str, object]) -> str:
    """'ibuprofen 400 mg (as-needed)'."""
    dose = f" {row['dose']}" if row.get("dose") else ""
    return f"{row['name']}{dose} ({row['schedule']})"


def describe_task(row: dict[str, Any]) -> str:
    """'sit-to-stand 11 stands', 'up-and-go 9.5 s'."""
    from paceit import functional_tests

    return f"{row['name']} {row['value']:g} {functional_tests.shown_unit(row['name'], row['unit'], row['value'])}"


def describe_trial(row: dict[str, Any]) -> str:
    text = f"step #{row['step_id']} {row['step']}: fear {row['fear_before']} -> {row['fear_after']}"
    if row["fear_peak"] is not None:
        text += f" (peak {row['fear_peak']})"
    if row["predicted_pain"] is not None or row["pain"] is not None:
        text += f"; pain predicted {output.fmt(row['predicted_pain'])}, actual {output.fmt(row['pain'])}"
    if row["happened"] is not None:
        text += f"; feared outcome {'happened' if row['happened'] else 'did not happen'}"
    return text + ("; stopped early" if row["aborted"] else "")


def describe_strategy(row: dict[str, Any]) -> str:
    """'heat (helped 6/10, 20 min)': the entry as `strategy`, `history` and `delete` say it."""
    parts = [f"helped {row['helped']}/10"] if row.get("helped") is not None else []
    parts += [f"{row['minutes']} min"] if row.get("minutes") is not None else []
    return str(row["name"]) + (f" ({', '.join(parts)})" if parts else "")


def history_line(row: dict[str, Any]) -> str:
    """The 'what' of an entry in `history`, whatever its kind, with its tags."""
    if row["kind"] == "pain":
        text = describe_pain(row)
    elif row["kind"] == "session":
        text = describe_session(row, row["activity"], row["unit"])
    elif row["kind"] == "med":
        text = "medication: " + describe_dose(row)
    elif row["kind"] == "task":
        text = f"functional test: {describe_task(row)} ({row['better']} is better)"
    elif row["kind"] == "strategy":
        text = "strategy: " + describe_strategy(row)
    else:
        text = describe_trial(row)
    return text + tag_text(row.get("tags", []))


def entry_json(row: dict[str, Any]) -> dict[str, Any]:
    """An entry in the `history --json` contract: id, kind, at, then its fields."""
    hidden = {"at_utc", "utc_offset", "created_utc", "kind", "id"}
    data: dict[str, Any] = {"id": row["id"], "kind": row["kind"], "at": local_iso(row["at_utc"], row["utc_offset"])}
    for key, value in row.items():
        if key not in hidden:
            data[key] = value
    if row["kind"] == "pain":
        data["sites"] = json.loads(row["sites"])
        data["flare"] = bool(row["flare"])
    if row["kind"] == "trial":
        for key in ("happened", "safety", "aborted"):
            data[key] = None if row[key] is None else bool(row[key])
    return data


def show_history(rows: list[dict[str, Any]], *, as_json: bool, start: date | None, tag: str | None, more: bool) -> None:
    """`history`: JSON, a line when there is nothing from `start` (tagged `tag`), or a table
    whose caption says how many, and with `more` how to see earlier entries."""
    if as_json:
        output.emit_json([entry_json(r) for r in rows])
        return
    span = (f"from {start}" if start else "from the start") + (f" tagged '{tag}'" if tag else "")
    if not rows:
        output.line(f"No entries {span}. Record one: paceit pain 4")
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "kind", "when", "what", "note"],
        [
            [str(r["id"]), r["kind"], human(r["at_utc"], r["utc_offset"]), history_line(r), output.fmt(r["note"])]
            for r in rows
        ],
        numeric=(0,),
        caption=f"{output.plural(len(rows), 'entry', 'entries')} {span}"
        + ("; --since or --all for more" if more else ""),
    )
