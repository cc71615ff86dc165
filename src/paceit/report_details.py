"""What a physiotherapist looks for first, beyond the pacing numbers (issue 18, item 5).

Pure: plain rows in (from `report_queries`), plain data out; the renderers word them.

Readings written down (the conservative ones):
- Pain sites: the share of the period's diary entries that name each site, and the
  same share in the pain section's early and recent windows, so a site that spreads
  or settles shows. Entries without a site count in the denominator (a share of all
  entries, not of those that named one), and the words say "of entries", so it
  reads as what it is: how often a site was named, not how much it hurt.
- Per activity: the sessions of the period, their amounts (median and range), and
  pain during and after (median, of the sessions that gave it). A boom is a session
  at or above `boom.factor` (1.2) x that day's quota, clinical-rules §1, listed with
  its day and amount; sessions on days without a quota (finding the baseline,
  paused) cannot be booms.
- Flare notes: the note of a declared flare (`flare start --note`) and of its end,
  and the notes of diary entries on the flare's days; the flare plan's triggers are
  listed once, as the person wrote them (they are not claimed as the cause).
- Ladder: per step, the last expectation written (`--expect`) with its likelihood,
  the first and last likelihood when both exist, how often the feared outcome
  happened, how often a safety behaviour was used, and aborted trials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from statistics import median
from typing import Any, Literal

from paceit.recordtype import record

SITE_ROWS_MAX = 6  # sites shown (the rest summed up as "other sites")


@record
class SiteShare:
    site: str
    entries: int  # entries of the period that name it
    share: float  # of all the period's entries
    early: float | None  # share in the early window (None: no entries there)
    recent: float | None


@record
class Boom:
    day: date
    amount: float
    quota: float


@record
class SessionSummary:
    sessions: int
    median_amount: float | None
    low: float | None
    high: float | None
    pain_during: float | None  # median of the sessions that gave it
    pain_after: float | None
    rated: int  # sessions with pain during or after
    booms: tuple[Boom, ...]


@record
class FlareNote:
    day: date
    text: str
    source: Literal["flare start", "flare end", "diary"]


@record
class StepDetail:
    expectation: str | None  # the last one written
    likely_first: int | None
    likely_last: int | None
    safety_used: int
    safety_known: int
    aborted: int


def _share(count: int, total: int) -> float | None:
    return round(count / total, 2) if total else None


def site_shares(
    entries: Sequence[tuple[date, Sequence[str]]], early: tuple[date, date], recent: tuple[date, date]
) -> list[SiteShare]:
    """`entries`: (day, sites) of each diary entry of the period. Sites are matched without
    regard to case or spaces ("Lower back" and "lower  back" are one site)."""
    names: dict[str, str] = {}
    for _, sites in entries:
        for s in sites:
            names.setdefault(" ".join(s.split()).lower(), " ".join(s.split()))

    def count(key: str, span: tuple[date, date] | None) -> tuple[int, int]:
        inside = [sites for day, sites in entries if span is None or span[0] <= day <= span[1]]
        return sum(1 for sites in inside if key in {" ".join(s.split()).lower() for s in sites}), len(inside)

    found = []
    for key, name in names.items():
        n, total = count(key, None)
        e, e_total = count(key, early)
        r, r_total = count(key, recent)
        found.append(SiteShare(name, n, _share(n, total) or 0.0, _share(e, e_total), _share(r, r_total)))
    return sorted(found, key=lambda s: (-s.entries, s.site.lower()))[:SITE_ROWS_MAX]


def session_summary(
    sessions: Sequence[Mapping[str, Any]], quota_on: Mapping[date, float | None], boom_factor: float
) -> SessionSummary:
    """`sessions`: rows with day, amount, pain_during, pain_after (one activity, the period)."""
    amounts = [float(s["amount"]) for s in sessions]
    during = [int(s["pain_during"]) for s in sessions if s["pain_during"] is not None]
    after = [int(s["pain_after"]) for s in sessions if s["pain_after"] is not None]
    booms = []
    for s in sessions:
        day = date.fromisoformat(s["day"]) if isinstance(s["day"], str) else s["day"]
        quota = quota_on.get(day)
        if quota and float(s["amount"]) >= boom_factor * quota - 1e-9:
            booms.append(Boom(day, float(s["amount"]), quota))
    return SessionSummary(
        sessions=len(amounts),
        median_amount=round(median(amounts), 1) if amounts else None,
        low=min(amounts, default=None),
        high=max(amounts, default=None),
        pain_during=round(median(during), 1) if during else None,
        pain_after=round(median(after), 1) if after else None,
        rated=sum(1 for s in sessions if s["pain_during"] is not None or s["pain_after"] is not None),
        booms=tuple(booms),
    )


def flare_notes(
    start: date, end: date, declared: Sequence[Mapping[str, Any]], diary: Sequence[tuple[date, str]]
) -> list[FlareNote]:
    """The notes that belong to a flare from `start` to `end`: a declared flare's own notes
    (one that began within a day of it), then the diary notes written on its days."""
    found = []
    for d in declared:
        began = d["day"]
        if abs((began - start).days) <= 1:
            if d["note"]:
                found.append(FlareNote(began, str(d["note"]), "flare start"))
            if d["end_note"] and d["end_day"] is not None:
                found.append(FlareNote(d["end_day"], str(d["end_note"]), "flare end"))
    found += [FlareNote(day, text, "diary") for day, text in diary if start <= day <= end]
    return found


def step_detail(trials: Sequence[Mapping[str, Any]]) -> StepDetail:
    """`trials`: one step's trials, oldest first, with expect, expect_likely, safety, aborted."""
    expectations = [t for t in trials if t["expect"]]
    likely = [int(t["expect_likely"]) for t in trials if t["expect_likely"] is not None]
    safety = [t["safety"] for t in trials if t["safety"] is not None]
    return StepDetail(
        expectation=str(expectations[-1]["expect"]) if expectations else None,
        likely_first=likely[0] if likely else None,
        likely_last=likely[-1] if len(likely) > 1 else None,
        safety_used=sum(1 for s in safety if s),
        safety_known=len(safety),
        aborted=sum(1 for t in trials if t["aborted"]),
    )
