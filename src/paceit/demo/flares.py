"""The demo's flare rows, the one red flag a GP reviewed, and a filled flare plan.

The red flag falls in the first flare and is cleared, so the demo shows the checklist
without freezing anything.
"""

from __future__ import annotations

from paceit.demo.plan import Plan
from paceit.demo.rows import RowBuilder
from paceit.demo.scenario import FLARE_PLAN
from paceit.flareplan import SECTION_NAMES
from paceit.times import stamp


def add_flares(b: RowBuilder, plan: Plan) -> None:
    for start, length in plan.flares:
        end = stamp(b.moment(start + length, 19 * 60))
        b.add(
            "flare",
            start,
            10 * 60 + 15,
            {
                "end_at_utc": end.at_utc,
                "end_day": end.day,
                "end_utc_offset": end.utc_offset,
                "end_note": "settled; back to my usual quota in two steps",
                "note": "much worse after a long drive",
            },
        )
    start, length = plan.flares[0]
    cleared = stamp(b.moment(start + min(3, length - 1), 11 * 60 + 30))
    b.add(
        "red_flag",
        start + 1,
        22 * 60 + 30,
        {
            "code": "night-pain",
            "grp": 3,
            "cleared_utc": cleared.at_utc,
            "reviewed": "GP: night pain from the flare, nothing serious found; carry on pacing",
            "note": "couldn't find a comfortable position all night",
        },
    )


def add_flare_plan(b: RowBuilder, plan: Plan) -> None:
    created = stamp(b.moment(min(1, plan.days - 1), 21 * 60)).at_utc
    for section in SECTION_NAMES:
        for position, text in enumerate(FLARE_PLAN.get(section, ("ask my physio",))):
            b.tables["flare_plan_item"].append(
                {"uuid": b.uuid(), "section": section, "position": position, "text": text, "created_utc": created}
            )
