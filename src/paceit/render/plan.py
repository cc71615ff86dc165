"""The terminal view of `paceit next` and `paceit plan history`.

Decisions and zones are written as words (never shown by colour alone), and
reasons wrap to the terminal so no number is cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from paceit.pacing import DayPlan
from paceit.render.tables import print_hanging, print_table, print_text
from paceit.units import format_amount

if TYPE_CHECKING:
    from paceit.plan_document import ActivityPlan, NextPlan

DECISION_WORDS = {
    "pause": "paused",
    "reduce": "step back",
    "baseline": "finding baseline",
    "increase": "move up",
    "hold": "hold",
}

COLOURS = {"green": "green", "yellow": "yellow", "red": "red", "move up": "green", "step back": "yellow"}


def _target(activity: ActivityPlan) -> str:
    if activity["target"] is None:
        return "-"
    return format_amount(activity["target"], activity["unit"])


def _block(title: str, lines: Sequence[str]) -> None:
    print_text(title, style="bold")
    print_hanging([("-", line) for line in lines], indent=2)  # wrapped lines align with the text


def print_next(plan: NextPlan, *, why: bool = False) -> None:
    """Today's plan. The short form (the default) fits an 80x24 terminal: the table first,
    then one plain line per activity and for the ladder step (their `summary`); red flags
    and a flare keep every line, as they say what to do. `why` prints every reason with
    its numbers instead (`next --why`, `next ACTIVITY`)."""
    for notice in plan.notices:
        _block("Note", [notice])
    print_text(f"Plan for {plan.day.isoformat()}", style="bold")
    if plan.red_flags:
        _block("Red flags: please act on these first", plan.red_flags)
    activities = plan.activities
    if not activities:
        print_text("No paced activities yet. Add one: paceit activity add walking --unit min")
    else:
        print_table(
            ["activity", "today", "decision", "last session"],
            [[a["name"], _target(a), DECISION_WORDS[a["decision"]], a["zone"] or "-"] for a in activities],
            numeric=(1,),
            colours=COLOURS,
        )
        if why:
            for activity in activities:
                _block(f"{activity['name']}: why", activity["reasons"])
        else:
            _short_lines([(f"{a['name']}:", a["summary"] or a["reasons"][0]) for a in activities])
    if plan.flare["active"]:
        _block("Flare", plan.flare["reasons"])
    _ladder(plan, why=why)
    _progress(plan.progress)
    hints = plan.learn
    if hints:
        shown = hints if why else hints[:1]  # a hanging indent: wrapped lines align with the text
        print_hanging([("Read more:", f"paceit learn {hint['topic']} ({hint['why']})") for hint in shown])
    if not why and activities:
        print_text("Every reason, with its numbers: paceit next --why", style="dim")


def _short_lines(rows: Sequence[tuple[str, str]]) -> None:
    """One line of why per activity: the name, then its short reason (wrapped lines hang
    under the reason, not under the name)."""
    print_hanging(rows, indent=2)


def _ladder(plan: NextPlan, *, why: bool) -> None:
    step = plan.ladder
    if step:
        title = f"Ladder step #{step['step_id']}: {step['text']} (fear {step['fear']})"
        _block(title, step["reasons"] if why else [step["summary"] or step["reasons"][0]])
    elif plan.ladder_done:
        print_text(
            "Ladder: every step is mastered. Well done. When you are ready, add the next activity you "
            "avoid: paceit ladder add TEXT --fear N"
        )


def _progress(statements: Sequence[str]) -> None:
    """One line, 'Progress: your morning pain ...', only when something reached the change
    that matters; wrapped lines hang under the text, as the hints below do."""
    if not statements:
        return
    first = statements[0]
    text = " ".join([first[:1].lower() + first[1:] if first.startswith("Your ") else first, *statements[1:]])
    print_hanging([("Progress:", text)])


def show_changes(name: str, unit: str, plans: Sequence[DayPlan], *, as_json: bool) -> None:
    """`plan history`: every change of the quota, as JSON or as a table."""
    if as_json:
        from paceit.cli.output import emit_json

        emit_json([change_json(p) for p in plans])
        return
    print_changes(name, unit, plans)


def change_json(plan: DayPlan) -> dict[str, Any]:
    return {
        "date": plan.day.isoformat(),
        "decision": plan.decision,
        "target": plan.target,
        "previous": plan.previous,
        "reasons": list(plan.reasons),
    }


def print_changes(name: str, unit: str, plans: Sequence[DayPlan]) -> None:
    from paceit.pacing_replay import headline

    if not plans:
        print_text(f"No plan for {name} yet.")
        return
    rows = []
    for plan in plans:
        before = format_amount(plan.previous, unit) if plan.previous is not None else "-"
        after = format_amount(plan.target, unit) if plan.target is not None else "-"
        rows.append([plan.day.isoformat(), DECISION_WORDS[plan.decision], before, after, headline(plan)])
    print_table(
        ["day", "decision", "from", "to", "why"],
        rows,
        title=f"How the plan for {name} changed",
        numeric=(2, 3),
        wrap=(4,),
    )
