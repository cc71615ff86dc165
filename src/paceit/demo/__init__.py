"""A synthetic but clinically plausible history for `paceit demo`, and its writer.

Why it looks the way it does (clinical-rules.md §1, §2, §5, §7, §8):
- Diary: a morning entry on ~90 % of days (07:00-09:30, so it counts as "morning pain") and an
  evening one on ~30 %. Pain follows a slowly improving baseline (about 6 falling towards 4 over
  the first months, a little worse in a northern winter), a weekday rhythm (desk days, Mondays most, hurt
  more than weekends) and day-to-day noise that carries over (AR(1)), so good and bad spells
  last a few days as they do in real diaries. Sleep and mood fall as pain, fatigue and stress
  rise, so `insights` has something true to find.
- Pacing: three activities are added on day one without a baseline, so their first three
  sessions set it and the start quota is 0.8 x their mean (§1). From then on the demo person
  follows paceit's own pacing engine (`paceit.pacing.Planner`), asked day by day as `paceit next`
  would have answered, so `next` and `plan history` on the file tell the same story as the
  sessions: time-contingent sessions within 5 % of the target on most planned days, sometimes less,
  about one in twenty an over-do of 1.25-1.4 x (so "stop at the quota" shows now and then), none
  while a red flag pauses the plan. Gentle paced movement mostly eases back pain a little, so
  pain during is green (0-2) about five times in six and never above 5 outside a red day.
- Events: about one flare per 3 months (at least one), 4-6 days at >= the §8 baseline + 2 and
  marked `flare`, with fewer sessions at the engine's halved target; one boom session per
  ~16 weeks that goes into the red zone (pain during 7-8) and costs the next mornings; a ladder
  of 8 steps (fear 20-90, gaps <= 15) worked through in the default inhibitory-learning mode, so
  the lowest steps end mastered; goals, PEG and PSFS every two weeks, a filled flare plan, and
  one group-3 red flag during the first flare that a GP reviewed and cleared (nothing freezes).
- Deterministic: everything, uuids included, comes from generators seeded with the seed, so the
  same seed and day give the same file. All rows use the UTC offset of `now` (a person who stayed
  in one time zone). Rows after `now` (later today) are dropped, never invented.

`generate` is pure (no clock, no files). `write` inserts everything in one transaction with
`executemany`; demo rows are deliberately not written to the audit log, so `paceit undo` in
the demo file has nothing to undo and cannot take the demo apart row by row.

Layout: `scenario` (who the person is), `plan` (where the events fall), `diary`, `sessions`,
`exposure`, `flares` and `outcomes` (the rows of each part), `build` (`generate`, which runs them
in a fixed order), `summary` (what the shell prints) and `writer` (into a database). Callers
import from `paceit.demo` only; the submodules are its parts, not separate interfaces.
"""

from __future__ import annotations

from paceit.demo.build import DEFAULT_SEED, DEFAULT_WEEKS, MAX_WEEKS, generate
from paceit.demo.plan import Plan, expected_pain, make_plan
from paceit.demo.rows import TABLE_ORDER, DemoData, Row
from paceit.demo.scenario import (
    ACTIVITIES,
    DIARY_NOTES,
    FLARE_PLAN,
    LADDER,
    PSFS_ITEMS,
    WEEKDAY_PAIN,
    ActivitySpec,
    LadderSpec,
)
from paceit.demo.summary import DayLine, recent_days, session_counts
from paceit.demo.writer import CHECKED_TABLES, file_holds_entries, holds_entries, write

__all__ = [
    "ACTIVITIES",
    "CHECKED_TABLES",
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "DIARY_NOTES",
    "FLARE_PLAN",
    "LADDER",
    "MAX_WEEKS",
    "PSFS_ITEMS",
    "TABLE_ORDER",
    "WEEKDAY_PAIN",
    "ActivitySpec",
    "DayLine",
    "DemoData",
    "LadderSpec",
    "Plan",
    "Row",
    "expected_pain",
    "file_holds_entries",
    "generate",
    "holds_entries",
    "make_plan",
    "recent_days",
    "session_counts",
    "write",
]
