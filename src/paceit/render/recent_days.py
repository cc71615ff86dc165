"""The demo's table of its last 14 days (`paceit demo`): morning pain, sleep, mood and the
sessions of each day, so a first look at paceit shows a diary that reads like a person's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paceit.cli.output import fmt

if TYPE_CHECKING:
    from paceit.demo import DemoData


def print_recent_days(data: DemoData) -> None:
    from paceit.demo import recent_days
    from paceit.render.tables import print_table

    rows = [
        [
            d.day.strftime("%a %d %b"),
            fmt(d.pain) + (" flare" if d.flare else ""),
            fmt(d.sleep),
            fmt(d.mood),
            d.sessions or "-",
        ]
        for d in recent_days(data)
    ]
    print_table(
        ["day", "pain", "sleep", "mood", "sessions"],
        rows,
        numeric=(1, 2, 3),
        wrap=(),
        pack=(4,),
        title="The last 14 days (morning pain 0-10; sleep and mood 0 worst, 10 best)",
    )
