"""`generate`: the whole demo history, pure and deterministic (no clock, no files).

The order of the steps below is part of the output: they share one seeded generator, so
reordering them changes every demo.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from paceit import kinds
from paceit.demo.context import (
    Tagging,
    add_medication,
    add_tasks,
    choose_gardening,
    context_rng,
    link_tags,
    tag_visitors,
)
from paceit.demo.diary import add_diary
from paceit.demo.exposure import add_ladder
from paceit.demo.flares import add_flare_plan, add_flares
from paceit.demo.outcomes import add_clinician_notes, add_goals, add_measures
from paceit.demo.plan import make_plan
from paceit.demo.rows import DemoData, Row, RowBuilder
from paceit.demo.sessions import add_activities, add_settings
from paceit.demo.strategies import add_strategies, strategy_rng
from paceit.times import now_utc_text

DEFAULT_WEEKS = 12
MAX_WEEKS = 520
DEFAULT_SEED = 7


def _cut(tables: dict[str, list[Row]], limit: str) -> None:
    """Keep only what has happened by `limit` (UTC text): nothing in the future."""
    for table, rows in tables.items():
        key = {"flare_plan_item": "created_utc", "questionnaire_item": "created_utc", "setting": "updated_utc"}.get(
            table, "at_utc"
        )
        if table not in ("questionnaire_item", "entry_tag"):  # tags are linked after the cut
            tables[table] = [r for r in rows if r[key] <= limit]
    kept = {r["id"] for r in tables["questionnaire"]}
    tables["questionnaire_item"] = [r for r in tables["questionnaire_item"] if r["questionnaire_id"] in kept]
    for table, column in (("goal", "done_utc"), ("red_flag", "cleared_utc")):
        for row in tables[table]:
            if row[column] is not None and row[column] > limit:
                row[column] = None


def generate(*, weeks: int, seed: int, now: datetime) -> DemoData:
    """The whole demo history ending on `now`'s day, in `now`'s time zone. Pure and deterministic."""
    if not 1 <= weeks <= MAX_WEEKS or now.utcoffset() is None:
        raise ValueError(f"weeks must be 1..{MAX_WEEKS} and now an aware datetime")
    days = weeks * 7
    first = now.date() - timedelta(days=days - 1)
    rng = random.Random(seed)
    b = RowBuilder(rng, random.Random(f"paceit-demo-uuid-{seed}"), now.tzinfo, first)
    plan = make_plan(days, first, rng)
    context, tagging = context_rng(seed), Tagging()
    plan = replace(plan, gardening=choose_gardening(plan, context))
    limit = now_utc_text(now)
    pains = add_diary(b, plan, (context, tagging))
    add_flares(b, plan)  # before the sessions: the pacing engine reads the flares and the red flag
    paced = add_activities(b, plan, pains, limit)
    add_ladder(b, plan, pains)
    add_flare_plan(b, plan)
    add_goals(b, plan, paced[0])
    add_measures(b, plan, pains)
    add_medication(b, plan, pains, context)
    add_tasks(b, plan, context)
    tag_visitors(b, context, tagging)
    add_clinician_notes(b, plan)
    add_settings(b)
    add_strategies(b, plan, pains, strategy_rng(seed))  # last: every earlier row keeps its uuid
    _cut(b.tables, limit)
    for table in kinds.HISTORY.values():  # ids follow time in what `history` lists
        b.tables[table].sort(key=lambda r: r["at_utc"])
    link_tags(b, tagging)
    return DemoData(weeks, seed, first, now.date(), b.tables)
