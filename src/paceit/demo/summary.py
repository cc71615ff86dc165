"""What the shell prints after building a demo: session counts and the last days.

Read from the generated data, not the file, so the report costs no database round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from paceit.demo.rows import DemoData, Row
from paceit.times import local_moment
from paceit.units import format_amount


@dataclass(frozen=True)
class DayLine:
    day: date
    pain: int | None
    sleep: int | None
    mood: int | None
    flare: bool
    sessions: str  # one item per line, e.g. 'walking 10 min'


def session_counts(data: DemoData) -> dict[str, int]:
    names = {a["id"]: a["name"] for a in data.tables["activity"]}
    counts = dict.fromkeys(names.values(), 0)
    for row in data.tables["session"]:
        counts[names[row["activity_id"]]] += 1
    return counts


def recent_days(data: DemoData, count: int = 14) -> list[DayLine]:
    """The last `count` days: morning pain (first entry before 12:00), sleep, mood, sessions."""
    activities = {a["id"]: a for a in data.tables["activity"]}
    lines = []
    for offset in range(count - 1, -1, -1):
        day = data.last - timedelta(days=offset)
        if day < data.first:
            continue
        key = day.isoformat()
        mornings = [
            r
            for r in data.tables["pain_entry"]
            if r["day"] == key and local_moment(r["at_utc"], r["utc_offset"]).hour < 12
        ]
        morning: Row = mornings[0] if mornings else {}
        done = [
            f"{activities[s['activity_id']]['name']} {format_amount(s['amount'], activities[s['activity_id']]['unit'])}"
            for s in data.tables["session"]
            if s["day"] == key
        ]
        lines.append(
            DayLine(
                day,
                morning.get("pain"),
                morning.get("sleep"),
                morning.get("mood"),
                bool(morning.get("flare")),
                "\n".join(done),
            )
        )
    return lines
