"""How the fear ladder is shown: `ladder list` (table or JSON, whose keys are the `--json`
contract) and `ladder show` (one step's trials, each with its verdict and its story)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paceit import ladder
from paceit.cli import output

STEP_KEYS = ("id", "uuid", "text", "fear", "harm", "status", "trials", "latest_gap", "activity")


def step_json(step: Mapping[str, Any]) -> dict[str, Any]:
    return {**{key: step[key] for key in STEP_KEYS}, "added": step["day"]}


def show_steps(steps: Sequence[Mapping[str, Any]], *, as_json: bool) -> bool:
    """`ladder list`: JSON, a line when the ladder is empty, or a table. True when a table
    was drawn (the command's tips follow it, never the JSON)."""
    empty = "Your ladder is empty. Add a feared activity: paceit ladder add 'bend to tie shoes' --fear 40"
    if not output.emit_list(steps, as_json=as_json, to_json=step_json, empty=empty):
        return False
    from paceit.render.tables import print_table

    print_table(
        ["id", "step", "fear", "harm", "status", "trials", "last gap"],
        [
            [
                str(s["id"]),
                s["text"],
                str(s["fear"]),
                output.fmt(s["harm"]),
                s["status"],
                str(s["trials"]),
                output.fmt(s["latest_gap"]),
            ]
            for s in steps
        ],
        numeric=(0, 2, 3, 5, 6),
        caption="last gap = predicted minus actual pain in the latest trial that recorded both",
    )
    return True


def show_step(
    step: dict[str, Any], trials: Sequence[Mapping[str, Any]], verdicts: list[ladder.Verdict], *, as_json: bool
) -> None:
    """`ladder show`: the step (its row and its state in the ladder) and every trial with
    its verdict, as JSON or as a grid of stories."""
    if as_json:
        output.emit_json(
            {
                **step_json(step),
                "trials_detail": [
                    {**t, "success": v.success, "why": v.reason} for t, v in zip(trials, verdicts, strict=True)
                ],
            }
        )
        return
    step_id = step["id"]
    harm = f", harm {step['harm']}" if step["harm"] is not None else ""
    output.line(f"Step #{step_id}: {step['text']} (fear {step['fear']}{harm}; {step['status']}).")
    if not trials:
        output.line(
            f"No trials yet. Try it: paceit ladder try {step_id} --fear-before N --fear-after N "
            "--predicted-pain N --pain N --happened no"
        )
        return
    from rich.table import Table
    from rich.text import Text

    from paceit.render.tables import console

    grid = Table.grid(padding=(0, 2, 0, 0))  # wrapped lines hang under the text, not under the id
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    for t, v in zip(trials, verdicts, strict=True):
        grid.add_row(f"#{t['id']}", t["day"], Text(trial_lines(t, v)))
    console().print(grid)


def trial_lines(trial: Mapping[str, Any], verdict: ladder.Verdict) -> str:
    """One trial's story: the verdict, what was expected and whether it happened, then
    the numbers and whether safety behaviours were used (they weaken what a trial
    teaches, so the clinician and the person both want to see them)."""
    fears = f"{trial['fear_before']}/{output.fmt(trial['fear_peak'])}/{trial['fear_after']}"
    pains = f"{output.fmt(trial['predicted_pain'])}->{output.fmt(trial['pain'])} (predicted->felt)"
    if trial["predicted_pain"] is None and trial["pain"] is None:
        pains = "not recorded"
    result = ("success: " if verdict.success else "not yet: ") + verdict.reason
    safety = ladder.SAFETY_WORDS[None if trial["safety"] is None else bool(trial["safety"])]
    happened = ladder.HAPPENED_WORDS[None if trial["happened"] is None else bool(trial["happened"])]
    expected = ladder.expectation_words(trial["expect"], trial["expect_likely"])
    return (
        f"{result}\nexpected: {expected}; happened: {happened}\n"
        f"pain {pains}, fear {fears} (before/peak/after); safety behaviours: {safety}"
    )
