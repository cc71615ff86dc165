"""How `paceit insights` reads: what went with better or worse days, each with how sure
it is, wrapped to the terminal; or, with too few days, what is missing."""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING, Any

from paceit.cli import output

if TYPE_CHECKING:
    from paceit.insights import Rules


def show_insights(found: list[dict[str, Any]], days: int, rules: Rules, missing: list[str], *, as_json: bool) -> None:
    """`insights`: the results as JSON, or in words: each factor with what went with it and
    how sure it is, or (nothing found) what is still `missing` for a result."""
    if as_json:
        output.emit_json(found)
        return
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns) - 1)
    if not found:
        output.line(
            textwrap.fill(
                f"Nothing to show for the last {days} days yet. A result needs at least {rules.min_days} days "
                f"behind it, and for a tag or a medicine at least {rules.min_group} days with it and "
                f"{rules.min_group} without. What is missing:",
                width,
            )
        )
        for reason in missing or ["no factor has enough days on both sides yet; keep logging"]:
            output.line(textwrap.fill(reason, width, initial_indent="  - ", subsequent_indent="    "))
        return
    count = output.plural(len(found), "result", "results")
    output.line(f"What went with better or worse days, the last {days} days ({count}):")
    for row in found:
        mark = "clearer" if row["clear"] else "could be chance"
        output.line("")
        output.line(f"{row['factor']} -> {row['outcome']} ({row['n']} days; {mark})")
        output.line(textwrap.fill(row["text"], width, initial_indent="  ", subsequent_indent="  "))
    output.line("")
    output.line(
        textwrap.fill(
            "These are patterns in your own diary, not causes. Talk them over with your clinician before "
            "changing a treatment.",
            width,
        )
    )
