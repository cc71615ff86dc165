"""The data layer only reads (issue 20, item 4): `queries.py` and `record_queries.py` import
no rule module and no part of the pacing engine, wherever the import statement is (at the
top, inside a function, under TYPE_CHECKING).

Why: when `queries` built the replay's inputs itself it imported plan, ladder and
checkpoint_store, and applied the goal-cap rule, so a rule lived in the data layer and every
command that reads (`log` while the baseline is found, `history`, `edit`) was one import away
from the whole engine. The application layer (`planning.py`, `today.py`) puts reads and rules
together; this test fails when a rule creeps back into the reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import imports_of

SRC = Path(__file__).resolve().parents[1] / "src" / "paceit"

# The modules that only read.
READS = ("queries.py", "record_queries.py")

# Rule modules (pure rules over plain records) and the engine and application layer that run
# them. records.py (the record types), settings.py (the defaults), kinds.py (the registry of
# tables) and parse.py (input) are allowed: they hold data or input, not rules.
RULES_AND_ENGINE = (
    "paceit.pacing", "paceit.pacing_state", "paceit.quota", "paceit.zones", "paceit.usual", "paceit.flare",
    "paceit.boombust", "paceit.ladder", "paceit.trends", "paceit.progress", "paceit.outcomes", "paceit.insights",
    "paceit.stats", "paceit.redflags", "paceit.measures", "paceit.functional_tests", "paceit.glance",
    "paceit.checkpoints", "paceit.learn", "paceit.due", "paceit.activity_rules", "paceit.plan",
    "paceit.checkpoint_store", "paceit.today", "paceit.planning",
)  # fmt: skip


def forbidden(path: Path) -> list[str]:
    """The rule and engine modules the file imports, anywhere in it (helpers.imports_of)."""
    return sorted(
        name for name in imports_of(path) if any(name == m or name.startswith(m + ".") for m in RULES_AND_ENGINE)
    )


@pytest.mark.parametrize("module", READS)
def test_the_reads_import_no_rule_and_no_engine_module(module: str) -> None:
    assert forbidden(SRC / module) == []


def test_the_check_sees_imports_at_the_top_inside_functions_and_for_types_only(tmp_path: Path) -> None:
    sample, allowed = tmp_path / "sample.py", tmp_path / "allowed.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from paceit import queries, ladder\n"
        "import paceit.pacing\n"
        "if TYPE_CHECKING:\n    from paceit.plan import Inputs\n"
        "def f():\n    from paceit import checkpoint_store\n    from paceit.activity_rules import with_goal_caps\n"
    )
    assert forbidden(sample) == [
        "paceit.activity_rules",
        "paceit.activity_rules.with_goal_caps",
        "paceit.checkpoint_store",
        "paceit.ladder",
        "paceit.pacing",
        "paceit.plan",
        "paceit.plan.Inputs",
    ]
    allowed.write_text("from paceit import kinds, records, settings\nfrom paceit.parse import closest\n")
    assert forbidden(allowed) == []


def test_every_module_named_exists() -> None:
    """A name that is misspelt, or a module that was renamed, would make the check pass
    whatever the reads import."""
    missing = [m for m in RULES_AND_ENGINE if not (SRC / (m.removeprefix("paceit.") + ".py")).is_file()]
    assert missing == []
    assert all((SRC / module).is_file() for module in READS)


def test_importing_the_reads_loads_no_rule_engine_or_row_types() -> None:
    """The same at run time, through every module they import in turn (store, parse, db...),
    in a fresh interpreter; and `rows.py` stays a module for mypy only (its TypedDicts cost
    about a millisecond to create)."""
    script = "import json, sys\nimport paceit.queries, paceit.record_queries\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert {"paceit.queries", "paceit.record_queries", "paceit.records"} <= modules
    assert sorted(m for m in modules if m in RULES_AND_ENGINE or m == "paceit.rows") == []
