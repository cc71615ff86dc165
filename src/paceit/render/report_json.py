"""`paceit report --format json`: the product.md contract, plus more keys.

Contract: {"period": {"start", "end"}, "pain": {"weekly": [{"week_start", "mean", "min",
"max", "n"}], "baseline", "recent", "change"}, "activities", "ladder", "flares",
"goals", "measures"}.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from paceit.outcomes import Tracked
from paceit.report import ActivitySection, Report


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pain(report: Report) -> dict[str, Any]:
    p = report.pain
    return {
        "weekly": [
            {
                "week_start": w.start.isoformat(),
                "mean": w.mean,
                "min": w.min,
                "max": w.max,
                "n": w.n,
                "sleep": w.sleep,
                "mood": w.mood,
                "fatigue": w.fatigue,
            }
            for w in p.weekly
        ],
        "baseline": p.baseline,
        "recent": p.recent,
        "change": p.change.change if p.change else None,
        "baseline_days": [d.isoformat() for d in p.baseline_days],
        "recent_days": [d.isoformat() for d in p.recent_days],
        "assessment": p.change.as_json() if p.change else None,
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


def to_json(report: Report) -> dict[str, Any]:
    return {
        "health_data": report.health_data,
        "period": {"start": report.start.isoformat(), "end": report.end.isoformat()},
        "pain": _pain(report),
        "activities": [_activity(a) for a in report.activities],
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
            }
            for s in report.ladder
        ],
        "flares": [
            {
                "start": f.start.isoformat(),
                "end": _day(f.end),
                "days": f.days,
                "kind": f.kind,
                "recovery_days": f.recovery_days,
                "quota_back": _day(f.quota_back),
            }
            for f in report.flares
        ],
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
        "notes_for_clinician": report.notes,
        "caveats": report.caveats,
    }


def render(report: Report) -> str:
    import json

    return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
