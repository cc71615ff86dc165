"""The simulated cohorts of clinical-rules.md: how paceit's rules treat people who follow them.

For each archetype of the rules document ("benign, typical", "benign, high pain",
"overloaded", "true flare", "irregular"), simulate N people (default 40) following
`paceit next` day by day for 12 weeks (`paceit.cohort`), and print the document's
figures with their targets: median growth of the quota, step-backs and pain-defined
flares per person, the overloaded people's final quota / T and sessions above 1.2 x T,
true flares detected and how late, and whether a backfilled diary file gives the plans
of one logged on time (every irregular person, through a real file and `next`'s own
path with its checkpoints).

People are drawn from fixed seeds (person k of an archetype is always the same person),
so two runs of the same paceit give the same table; `--first` draws another cohort.

Run it with the venv's python: `.venv/bin/python bench/cohorts.py [--people 40] [--markdown]`.
Exit status 0; with `--strict`, 1 when a target is missed. Takes a few minutes at 40.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from paceit import __version__
from paceit.cohort.backfill import mismatches
from paceit.cohort.figures import Figure, common_figures, figures
from paceit.cohort.people import ARCHETYPES, BY_KEY, draw
from paceit.cohort.simulate import Outcome, simulate


def _one(key: str, seed: int, folder: str | None) -> tuple[Outcome, bool | None]:
    """One person, and for the irregular whether their diary file gave the on-time plans."""
    outcome = simulate(draw(BY_KEY[key], seed))
    if folder is None:
        return outcome, None
    return outcome, not mismatches(outcome, Path(folder) / f"{key}-{seed}.db")


def run(people: int, first: int, workers: int) -> list[Figure]:
    found: list[Figure] = []
    benign = None
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(workers) as pool:
        for archetype in ARCHETYPES:
            started = time.perf_counter()
            where = folder if archetype.irregular else None
            seeds = range(first, first + people)
            results = list(pool.map(_one, [archetype.key] * people, seeds, [where] * people))
            outcomes = [o for o, _ in results]
            checked = [ok for _, ok in results if ok is not None]
            if archetype.key == "benign":
                benign = common_figures(outcomes)
            same = (sum(checked), len(checked)) if archetype.irregular else None
            found.extend(figures(archetype, outcomes, benign, same))
            print(f"{archetype.label}: {people} people in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return found


def table(found: Sequence[Figure], markdown: bool) -> str:
    labels = {a.key: a.label for a in ARCHETYPES}
    rows = [(labels[f.archetype], f.name, f.text, f.target, {True: "met", False: "MISSED", None: ""}[f.met])
            for f in found]  # fmt: skip
    head = ("archetype", "figure", "value", "target", "")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40, help="people per archetype (default 40)")
    parser.add_argument("--first", type=int, default=0, help="the first person's number (another cohort)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table (for docs/cohorts.md)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    found = run(args.people, args.first, args.workers)
    print(f"paceit {__version__}, rules version 2, default settings; {args.people} people per archetype, "
          f"12 weeks each, people {args.first}-{args.first + args.people - 1}\n")  # fmt: skip
    print(table(found, args.markdown))
    missed = [f for f in found if f.met is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
