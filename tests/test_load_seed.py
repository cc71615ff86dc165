"""The load ratio's averages kept in the replay's checkpoints (issue 19, `load_seed.py`):
`trends` and `report` go on from a checkpoint's averages with the loads after it instead of
reading the whole load history, and must give the very figures of the whole history.

Pure level: on generated load histories, the ratio (and monotony) from the averages at any
day before, written to JSON and read back as a checkpoint stores them, equals the ratio of
the formula as it was written before checkpoints kept it (`ratio_before`, the oracle), float
for float. Diary level: what `next` keeps, and `trends` / `report` reading no older load
(tests/test_checkpoint_store.py compares their whole output with a replay from the start).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import fixed_clock, ok
from paceit import load_seed
from paceit.load_seed import LoadSeed, load_seeds
from paceit.training_load import LoadRatio, load_ratio, monotony

D0 = date(2026, 1, 5)


def ratio_before(loads: Mapping[date, float], today: date, rules: Mapping[str, Any]) -> LoadRatio:
    """`training_load.load_ratio` as it was before the checkpoints kept its averages
    (paceit 0.4.0), reading the whole load history: the oracle."""
    if not loads:
        return LoadRatio(None, None, None, 0, False, "No session with an effort rating yet, so no load ratio.")
    first = min(loads)
    days = (today - first).days + 1
    series = [loads.get(first + timedelta(days=i), 0.0) for i in range(max(days, 0))]
    seed = sum(series[:7]) / min(7, len(series)) if series else 0.0
    acute = chronic = seed
    la, lc = 2 / (7 + 1), 2 / (28 + 1)
    for value in series[7:]:
        acute = la * value + (1 - la) * acute
        chronic = lc * value + (1 - lc) * chronic
    need, floor = int(rules["acwr.min_days"]), float(rules["acwr.min_chronic"])
    if days < need:
        return LoadRatio(
            None, None, None, days, False, f"Load ratio shown after {need} days of sessions ({days} so far)."
        )
    if chronic < floor or chronic <= 0:
        below = f"is below {floor:g}, too small" if chronic < floor else "is too small"
        text = f"Chronic load {chronic:.0f} {below} for a stable ratio; none shown."
        return LoadRatio(round(acute, 1), round(chronic, 1), None, days, False, text)
    ratio = round(acute / chronic, 2)
    spike = ratio > float(rules["acwr.spike"])
    text = f"Acute:chronic load ratio {ratio:.2f} (acute {acute:.0f}, chronic {chronic:.0f})."
    if spike:
        text += " A load spike: this week's load is well above your usual."
    return LoadRatio(round(acute, 1), round(chronic, 1), ratio, days, spike, text)


# A day's load is effort x minutes summed over its sessions: any float, often not a round one.
LOAD = st.one_of(
    st.integers(1, 10).flatmap(lambda e: st.floats(0.5, 240, allow_nan=False).map(lambda m: e * m)),
    st.integers(0, 600).map(float),
)
HISTORY = st.dictionaries(st.integers(0, 150).map(lambda n: D0 + timedelta(days=n)), LOAD, max_size=60)
RULES = st.fixed_dictionaries(
    {
        "acwr.min_days": st.integers(1, 56),  # below the settings' 21 too: the seed of fewer than 7 days
        "acwr.min_chronic": st.sampled_from([0.0, 0.5, 20.0, 150.0]),
        "acwr.spike": st.sampled_from([1.1, 1.5, 3.0]),
    }
)


def kept(seed: LoadSeed) -> LoadSeed:
    """The averages as a checkpoint stores them (JSON text) and a run reads them back."""
    stored = json.dumps({"load": seed.to_json()}, separators=(",", ":"), sort_keys=True)
    found = load_seed.seed_of(json.loads(stored))
    assert found is not None
    return found


def after(loads: Mapping[date, float], seed: LoadSeed) -> dict[date, float]:
    """What a command reads after a checkpoint: the loads from `seed.loads_from()` on."""
    return {d: v for d, v in loads.items() if d >= seed.loads_from()}


@given(HISTORY, RULES, st.integers(0, 160), st.data())
@settings(max_examples=400, deadline=None)
def test_the_ratio_from_a_checkpoint_is_the_ratio_of_the_whole_history(
    history: dict[date, float], rules: dict[str, Any], span: int, data: st.DataObject
) -> None:
    today = D0 + timedelta(days=span)
    loads = {d: v for d, v in history.items() if d <= today}  # a command reads up to its day
    expected = ratio_before(loads, today, rules)
    assert load_ratio(loads, today, rules) == expected
    days = sorted(data.draw(st.sets(st.integers(-3, span - 1), max_size=4)))
    checkpoints = [D0 + timedelta(days=n) for n in days]
    for seed in load_seeds(loads, checkpoints):  # taken in one run through the history, as the replay takes them
        assert load_ratio(after(loads, kept(seed)), today, rules, kept(seed)) == expected
    if checkpoints:  # and a chain of runs, each going on from the checkpoint before
        chained = None
        for day in checkpoints:
            chained = kept(load_seeds(loads if chained is None else after(loads, chained), [day], chained)[0])
        assert chained == load_seeds(loads, checkpoints)[-1]


@given(HISTORY, st.integers(0, 160), st.integers(-3, 150))
@settings(max_examples=300, deadline=None)
def test_monotony_from_a_checkpoint_is_the_monotony_of_the_whole_history(
    history: dict[date, float], span: int, back: int
) -> None:
    """Each week's monotony reads its 7 days and the first day with a load: the checkpoint
    keeps the first day, and a command reads the loads of the weeks it shows."""
    today = D0 + timedelta(days=span)
    loads = {d: v for d, v in history.items() if d <= today}
    checkpoint = D0 + timedelta(days=min(back, span - 1))
    seed = kept(load_seeds(loads, [checkpoint])[0])
    for end in (today - timedelta(days=n) for n in range(0, 30, 3)):
        if end - timedelta(days=6) <= checkpoint:
            continue  # a week the command shows is read whole (`load_seed.loads_from`)
        shown = {d: v for d, v in loads.items() if d >= load_seed.loads_from(seed, end - timedelta(days=6))}
        assert monotony(shown, end, today=today, first=load_seed.first_load(seed)) == monotony(loads, end, today=today)


def test_a_checkpoint_without_the_averages_seeds_nothing() -> None:
    """One written before format 7 (or a document the replay took but no store completed):
    no averages, so the whole load history is read, never a guess."""
    assert load_seed.seed_of(None) is None
    assert load_seed.seed_of({"day": "2026-01-05", "flare": {}, "activities": {}}) is None
    assert load_seed.loads_from(None, D0) is None


def test_the_seed_reads_from_the_first_load_until_its_seven_days_are_over() -> None:
    loads = {D0 + timedelta(days=1): 30.0, D0 + timedelta(days=3): 60.0}
    early = load_seeds(loads, [D0 + timedelta(days=4)])[0]
    assert (early.first, early.acute, early.loads_from()) == (D0 + timedelta(days=1), None, D0 + timedelta(days=1))
    settled = load_seeds(loads, [D0 + timedelta(days=7)])[0]
    assert settled.acute == settled.chronic == 90.0 / 7
    assert settled.loads_from() == D0 + timedelta(days=8)
    none = load_seeds({}, [D0])[0]
    assert (none.first, none.loads_from()) == (None, D0 + timedelta(days=1))


# --- in the diary file ---------------------------------------------------------------------


@pytest.fixture
def diary(isolated_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Ten weeks of walking with efforts and minutes that are not round numbers."""
    with fixed_clock(monkeypatch):
        ok("activity", "add", "walking", "--unit", "min", "--baseline", "12.5", "--at", "2026-09-01T08:00")
        for n in range(70):
            at = date(2026, 9, 1) + timedelta(days=n)
            if n % 3 != 2:
                minutes = f"{10 + (n * 7) % 13}.{n % 10}"
                ok("log", "walking", minutes, "--effort", str(1 + n % 9), "--at", f"{at}T17:00", "--again")
        yield isolated_db


def stored(path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    try:
        return [json.loads(s) for (s,) in conn.execute("SELECT state FROM replay_checkpoint ORDER BY day")]
    finally:
        conn.close()


def test_every_checkpoint_keeps_the_averages_of_the_whole_load_history(diary: Path) -> None:
    from paceit.trend_queries import daily_loads

    ok("next")
    found = stored(diary)
    assert found
    conn = sqlite3.connect(diary)
    try:
        loads = daily_loads(conn, last=date(2026, 11, 21))
    finally:
        conn.close()
    days = [date.fromisoformat(c["day"]) for c in found]
    assert [c["load"] for c in found] == [s.to_json() for s in load_seeds(loads, days)]


@pytest.mark.parametrize(
    "args", [["trends", "--weeks", "4", "--json"], ["report", "--since", "-3w", "--format", "json"]]
)
def test_trends_and_the_report_read_no_load_before_their_checkpoint(diary: Path, args: list[str]) -> None:
    """An old session's load changed behind the triggers' back (the checkpoints after it are
    not forgotten): the ratio from the checkpoints stays that of the history they kept;
    without them, the whole history is read again and the ratio moves."""
    ok("next")
    before = json.loads(ok(*args).stdout)
    conn = sqlite3.connect(diary)
    conn.execute("DROP TRIGGER replay_forget_session_update")
    conn.execute("UPDATE session SET effort = 10, amount = 120 WHERE day < '2026-09-20'")
    conn.commit()
    conn.close()
    assert json.loads(ok(*args).stdout)["load_ratio"] == before["load_ratio"]
    conn = sqlite3.connect(diary)
    conn.execute("DELETE FROM replay_checkpoint")
    conn.commit()
    conn.close()
    assert json.loads(ok(*args).stdout)["load_ratio"] != before["load_ratio"]
