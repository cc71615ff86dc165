"""The timer's progress bar (`paceit timer`): on stderr, so stdout keeps only what the
command says at the end. The countdown itself (`cli/timer.countdown`) stays free of Rich
and is passed in, with the words for the time left."""

from __future__ import annotations

from collections.abc import Callable


def run_bar(
    label: str, total: float, *, count: Callable[..., float], left: Callable[[float], str], speed: float
) -> tuple[float, bool]:
    """Show the countdown; (seconds done, whether Ctrl-C stopped it). `count` is
    `cli/timer.countdown`, `left` says the time left ('12:05')."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(complete_style="cyan", finished_style="green"),
               TextColumn("{task.fields[left]}"))  # fmt: skip
    with Progress(*columns, console=console, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total, left=f"{left(total)} left")

        def tick(elapsed: float) -> None:
            bar.update(task, completed=elapsed, left=f"{left(total - elapsed)} left")
            bar.refresh()

        try:
            return count(total, on_tick=tick, speed=speed), False
        except KeyboardInterrupt as stop:
            return float(stop.args[0]), True
