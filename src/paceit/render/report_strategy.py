"""The report's words for self-management strategies (`paceit strategy`), shared by the text,
Markdown, HTML and PDF reports (report_text, report_md, report_blocks): one sentence, as for
medicines, and the same words in every format."""

from __future__ import annotations

from paceit.render.numbers import num
from paceit.report import Report
from paceit.report_strategies import StrategySection


def function_heading(report: Report) -> str:
    """The section's heading names strategies only when it lists some, so a report without
    any reads exactly as before `paceit strategy` existed."""
    return "Functional tests, medicines and strategies" if report.strategies else "Functional tests and medicines"


def strategy_line(report: Report) -> str:
    """'Self-management strategies, times used in the period (...): heat pack 3 (helped 5); ...'."""
    used = "; ".join(_one(s) for s in report.strategies)
    return (
        "Self-management strategies, times used in the period (with the median of how much each helped, "
        f"0 = not at all, 10 = completely): {used}. paceit records strategies; it never advises on them."
    )


def _one(strategy: StrategySection) -> str:
    if strategy.helped is None:
        return f"{strategy.name} {strategy.times} (not rated)"
    rated = "" if strategy.rated == strategy.times else f", {strategy.rated} of them rated"
    return f"{strategy.name} {strategy.times} (helped {num(strategy.helped)}{rated})"
