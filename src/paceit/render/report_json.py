"""`paceit report --format json`: the product.md contract, plus more keys.

Contract: {"period": {"start", "end"}, "pain": {"weekly": [{"week_start", "mean", "min",
"max", "n"}], "baseline", "recent", "change"}, "activities", "ladder", "flares",
"goals", "measures"}.

Every week and every quota change is here whatever the period's length: the
summarising of a long period (4-week rows, steps back counted by cause) is for the
human formats; its rows are under `pain.rows` (`row_days` 7 or 28). Weekly rows
are counted back from the period's last day (`days` < 7 on a first row cut by the
start). Means: pain baseline, recent and change with two decimals (the change from
unrounded means), weekly means with one. Extra keys: `made_at`, `paceit_version`, `name`
(`report.name`, null unless set), `pain_sites`, each activity's `done` (sessions, amounts,
pain during and after, booms), each flare's `notes`, `flare_plan_triggers`, `progress` (statements of the
improvements that reach the change that matters), `sleep` (the same windows' mean
sleep judged by `mid.sleep`) and `monotony` (the last 7 days', information only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from paceit.outcomes import Tracked
from paceit.render.jsontext import dumps
from paceit.report import ActivitySection, FlareSection, Report, WeekRow
from paceit.report_pain import window_words
from paceit.report_sections import TrialNote
from paceit.training_load import load_ratio_json, monotony_json


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _row(w: WeekRow) -> dict[str, Any]:
    return {
        "week_start": w.start.isoformat(),
        "days": w.days,
        "mean": w.mean,
        "min": w.min,
        "max": w.max,
        "n": w.n,
        "sleep": w.sleep,
        "mood": w.mood,
        "fatigue": w.fatigue,
    }


def _pain(report: Report) -> dict[str, Any]:
    p = report.pain
    d = p.diary
    return {
        "weekly": [_row(w) for w in p.weekly],
        "row_days": p.row_days,
        "rows": [_row(w) for w in p.rows],
        "baseline": p.baseline,
        "recent": p.recent,
        "change": p.change.change if p.change else None,
        "baseline_label": f"{window_words(p.window_days, 'first')} of this period",
        "basis": p.basis,  # "morning": means of morning pain; "daily": of daily mean pain (too few mornings)
        "baseline_days": [d.isoformat() for d in p.baseline_days],
        "recent_days": [d.isoformat() for d in p.recent_days],
        "assessment": p.change.as_json() if p.change else None,
        "flare_notes": p.flare_notes,
        "diary_baseline": None
        if d is None
        else {
            "label": "first two weeks of the diary",
            "days": [x.isoformat() for x in d.first_days],
            "baseline": d.before,
            "recent": d.after,
            "assessment": d.change.as_json(),
        },
    }


def _flare(f: FlareSection) -> dict[str, Any]:
    return {
        "start": f.start.isoformat(),
        "end": _day(f.end),
        "days": f.days,
        "days_in_period": f.days_in_period,
        "before_period": f.before_period,
        "kind": f.kind,
        "reduced_quotas": f.reduced,
        "recovery_days": f.recovery_days,
        "quota_back": _day(f.quota_back),
    }


def _activity(a: ActivitySection) -> dict[str, Any]:
    return {
        "name": a.name,
        "unit": a.unit,
        "started": a.started.isoformat(),
        "first_quota": a.first_quota,
        "quota_at_start": a.quota_at_start,
        "quota_now": a.quota_now,
        "decision_now": a.decision_now,
        "planned_days": a.planned_days,
        "done_days": a.done_days,
        "adherence": a.adherence,
        "changes": [
            {
                "date": c.day.isoformat(),
                "decision": c.decision,
                "target": c.target,
                "previous": c.previous,
                "reason": c.reason,
                "step_back": c.step_back,
                "cause": c.cause,
            }
            for c in a.changes
        ],
        "weekly_quota": [{"week_start": w.isoformat(), "target": t} for w, t in a.weekly_quota],
    }


def _measure(t: Tracked) -> dict[str, Any]:
    return {
        "kind": t.measure,
        "scores": [
            {"date": s.day.isoformat(), "score": s.score, "items": [{"item": i, "value": v} for i, v in s.items]}
            for s in t.scores
        ],
        "change": t.change.as_json() if t.change else None,
    }


def _load(report: Report) -> dict[str, Any]:
    return {**load_ratio_json(report.load), "information_only": True}


def _sleep(report: Report) -> dict[str, Any] | None:
    """Mean sleep of the pain section's two windows, judged by `mid.sleep`."""
    p, c = report.pain, report.pain.sleep
    if c is None:
        return None
    return {
        "scale": "0 = worst, 10 = best",
        "baseline_days": [d.isoformat() for d in p.baseline_days],
        "recent_days": [d.isoformat() for d in p.recent_days],
        "baseline": c.before,
        "recent": c.after,
        "change": c.change,
        "assessment": c.as_json(),
    }


def _period(report: Report) -> dict[str, Any]:
    return {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "days": report.days,
        "asked_end": _day(report.asked_end),
        "starts_at_diary_start": report.at_diary_start,
        "asked_start": _day(report.asked_start),
        "summarised": report.summarised,
        "steps_back_listed_from": report.details_from.isoformat(),
    }


def _trial(t: TrialNote) -> dict[str, Any]:
    return {
        "id": t.id,
        "day": t.day.isoformat(),
        "expect": t.expect,
        "expect_likely": t.expect_likely,
        "happened": t.happened,
        "safety": t.safety,
    }


def _sessions(report: Report, name: str) -> dict[str, Any] | None:
    s = report.sessions.get(name)
    if s is None:
        return None
    return {
        "sessions": s.sessions,
        "median_amount": s.median_amount,
        "lowest": s.low,
        "highest": s.high,
        "pain_during_median": s.pain_during,
        "pain_after_median": s.pain_after,
        "booms": [{"date": b.day.isoformat(), "amount": b.amount, "quota": b.quota} for b in s.booms],
    }


def to_json(report: Report) -> dict[str, Any]:
    return {
        "health_data": report.health_data,
        "made_at": report.made_at or None,
        "paceit_version": report.version or None,
        "name": report.name or None,  # `report.name`, only when the person set one
        "period": _period(report),
        "progress": report.progress,
        "pain": _pain(report),
        "sleep": _sleep(report),
        "activities": [{**_activity(a), "done": _sessions(report, a.name)} for a in report.activities],
        "pain_sites": [
            {"site": x.site, "entries": x.entries, "share": x.share, "early_share": x.early, "recent_share": x.recent}
            for x in report.sites
        ],
        "ladder": [
            {
                "id": s.id,
                "text": s.text,
                "fear": s.fear,
                "status": s.status,
                "trials": s.trials,
                "trials_in_period": s.trials_in_period,
                "successes": s.successes,
                "predicted_pain": s.predicted_pain,
                "actual_pain": s.actual_pain,
                "feared_happened": s.feared_happened,
                "feared_tested": s.feared_tested,
                "trials_in_period_detail": [_trial(t) for t in s.period_trials],  # an extra key (issue 17)
            }
            for s in report.ladder
        ],
        "flares": [
            {
                **_flare(f),
                "notes": [
                    {"date": n.day.isoformat(), "source": n.source, "text": n.text}
                    for n in report.flare_notes.get(f.start, [])
                ],
            }
            for f in report.flares
        ],
        "flare_plan_triggers": report.triggers,
        "flares_in_period": len(report.flares_in_period),
        "flare_days_in_period": report.flare_days,
        "load_ratio": _load(report),
        "monotony": monotony_json(report.monotony),
        "red_flags": [
            {
                "id": f.id,
                "code": f.code,
                "group": f.group,
                "question": f.question,
                "date": f.day.isoformat(),
                "reviewed_on": _day(f.cleared),
                "review": f.reviewed,
            }
            for f in report.red_flags
        ],
        "goals": [
            {
                "id": g.id,
                "text": g.text,
                "activity": g.activity,
                "target": g.target,
                "unit": g.unit,
                "quota_now": g.quota_now,
                "progress": g.progress,
                "done": _day(g.done),
            }
            for g in report.goals
        ],
        "measures": [_measure(t) for t in report.measures],
        "functional_tests": [
            {
                "name": t.name,
                "unit": t.unit,
                "better": t.better,
                "first": t.first,
                "first_date": t.first_day.isoformat(),
                "latest": t.latest,
                "latest_date": t.latest_day.isoformat(),
                "results_in_period": t.n,
                "improvement": t.improvement,
                "direction": t.direction,
            }
            for t in report.tasks
        ],
        "medicines": [{"name": m.name, "schedule": m.schedule, "days": m.days} for m in report.medicines],
        "strategies": [
            {"name": s.name, "times": s.times, "rated": s.rated, "helped_median": s.helped} for s in report.strategies
        ],
        "notes_for_clinician": report.notes,
        "caveats": report.caveats,
    }


def render(report: Report) -> str:

    return dumps(to_json(report), depth=4)
