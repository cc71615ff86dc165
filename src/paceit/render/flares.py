"""How declared flares and the flare plan are shown: `flare list` (table or JSON, whose
keys are the `--json` contract) and `flare plan` (its sections, as text or JSON).

Why here: command modules parse and call; the words and the JSON shape live in render/,
so a change of either is made in one place. Rich loads only when a table is drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit import flareplan
from paceit.cli import output
from paceit.times import human_day, local_iso


def flare_json(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "uuid": row["uuid"],
        "start": local_iso(row["at_utc"], row["utc_offset"]),
        "end": local_iso(row["end_at_utc"], row["end_utc_offset"]) if row["end_at_utc"] else None,
        "note": row["note"],
        "end_note": row["end_note"],
    }


def show_flares(rows: Sequence[Mapping[str, Any]], *, as_json: bool) -> None:
    """`flare list`: JSON, a line when there is none, or a table."""
    if not output.emit_list(rows, as_json=as_json, to_json=flare_json, empty="No flares declared."):
        return
    from paceit.render.tables import print_table

    print_table(
        ["id", "started", "ended", "note"],
        [
            [
                str(r["id"]),
                human_day(r["day"]),
                human_day(r["end_day"]) if r["end_day"] else "open",
                output.fmt(r["note"]),
            ]
            for r in rows
        ],
        numeric=(0,),
    )


def show_plan(items: Sequence[Mapping[str, Any]], as_json: bool, only: str | None = None) -> None:
    """The flare plan (or its section `only`): every section with its items, and a way to
    fill it in when it is empty."""
    names = [only] if only else list(flareplan.SECTION_NAMES)
    by_section: dict[str, list[str]] = {name: [] for name in names}
    for item in items:
        by_section[item["section"]].append(item["text"])
    if as_json:
        output.emit_json(by_section)
        return
    if not items:
        output.line("Your flare plan is empty. Fill it in a calm moment, section by section, e.g.")
        output.line("  paceit flare plan triggers 'sitting over 6 hours' 'poor sleep'")
        output.line(
            "Sections: " + ", ".join(flareplan.SECTION_NAMES) + " (or 'paceit flare plan --edit' in a terminal)."
        )
        return
    output.line("My flare plan")
    for section, texts in by_section.items():
        output.line(f"\n{section.replace('-', ' ').capitalize()}: {flareplan.SECTIONS[section]}")
        for text in texts or ["(not filled in yet)"]:
            output.line(f"  - {text}")


def saved_sections(sections: dict[str, list[str]]) -> None:
    """What `flare plan SECTION TEXT...` (or `--edit`) says it saved."""
    for name, texts in sections.items():
        output.line(f"Saved flare plan section '{name}': {len(texts)} item{'s' if len(texts) != 1 else ''}.")
