"""The data layer only reads (issue 20, item 4): every reading module (`queries.py`,
`record_queries.py`, `queries_context.py` and every `*_queries.py`, found by name so a new one
is covered the day it is added) imports no rule module, no part of the pacing engine, no
application module and no report builder, wherever the import statement is (at the top,
inside a function, under TYPE_CHECKING).

Why: when `queries` built the replay's inputs itself it imported plan, ladder and
checkpoint_store, and applied the goal-cap rule, so a rule lived in the data layer and every
command that reads (`log` while the baseline is found, `history`, `edit`) was one import away
from the whole engine; `report_queries` and `trend_queries` ran the replay and assembled the
builders' inputs, and `progress_queries` and `queries_context` applied rules of `progress` and
`functional_tests`. The application layer (`planning.py`, `today.py`, `reporting.py`) puts
reads and rules together; this test fails when a rule creeps back into the reads.

What the reads may import, and why: the record types they build (`records.py`,
`function_records.py`, `insight_records.py`, `due_records.py`; `rows.py` for mypy only),
the registry of tables (`kinds.py`), the settings' defaults (`settings.py`), value
conversions (`times.py`, `units.py`, `parse.py` for `closest`), `errors.py`, the store
(`store.TAG_COLUMNS`, itself data layer) and each other. These hold data, not rules. A read
that needs a rule's number (a window, a lookback) takes it as a parameter from the
application layer, and a read may return rows that the application layer turns into a
rule's record (`progress_queries.first_and_latest`, read by `outcomes.score_of`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import imports_of

SRC = Path(__file__).resolve().parents[1] / "src" / "paceit"

# The modules that only read: found by name, so a new `*_queries.py` is checked without a word here.
READS = tuple(
    sorted({"queries.py", "record_queries.py", "queries_context.py"} | {p.name for p in SRC.glob("*_queries.py")})
)


def _modules(pattern: str) -> set[str]:
    return {f"paceit.{p.stem}" for p in SRC.glob(pattern) if not p.stem.endswith("_queries")}


# Rule modules (pure rules over plain records), the engine that runs them, the application
# layer and the report builders; every `pacing*.py` and `report*.py` (the reads apart) by name,
# so a module split off one of them is forbidden too.
RULES_AND_ENGINE = tuple(sorted(
    {
        "paceit.quota", "paceit.zones", "paceit.usual", "paceit.flare", "paceit.flare_episodes", "paceit.boombust",
        "paceit.ladder", "paceit.ladder_plan", "paceit.trends", "paceit.training_load", "paceit.progress",
        "paceit.outcomes", "paceit.insights", "paceit.stats", "paceit.redflags", "paceit.measures",
        "paceit.functional_tests", "paceit.glance", "paceit.checkpoints", "paceit.learn", "paceit.due",
        "paceit.activity_rules", "paceit.plan", "paceit.checkpoint_store", "paceit.today", "paceit.planning",
        "paceit.reporting",
    }
    | _modules("pacing*.py")
    | _modules("report*.py")
))  # fmt: skip


def forbidden(path: Path) -> list[str]:
    """The rule and engine modules the file imports, anywhere in it (helpers.imports_of)."""
    return sorted(
        name for name in imports_of(path) if any(name == m or name.startswith(m + ".") for m in RULES_AND_ENGINE)
    )


@pytest.mark.parametrize("module", READS)
def test_the_reads_import_no_rule_and_no_engine_module(module: str) -> None:
    assert forbidden(SRC / module) == []


def test_every_reading_module_is_checked() -> None:
    """The glob finds the reads named in docs/architecture.md: an empty or short list would
    make the parametrized test above pass on nothing."""
    assert set(READS) >= {
        "queries.py", "record_queries.py", "queries_context.py", "report_queries.py", "trend_queries.py",
        "progress_queries.py", "due_queries.py",
    }  # fmt: skip


def test_the_list_covers_the_engine_the_application_layer_and_the_report_builders() -> None:
    """Found by name, not only listed: a module split off the replay or the report is in."""
    assert {"paceit.pacing", "paceit.pacing_replay", "paceit.pacing_state", "paceit.report", "paceit.report_pain",
            "paceit.report_pacing", "paceit.planning", "paceit.reporting"} <= set(RULES_AND_ENGINE)  # fmt: skip
    assert not any(m.endswith("_queries") for m in RULES_AND_ENGINE)


def test_the_check_sees_imports_at_the_top_inside_functions_and_for_types_only(tmp_path: Path) -> None:
    sample, allowed = tmp_path / "sample.py", tmp_path / "allowed.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from paceit import queries, ladder\n"
        "import paceit.pacing\n"
        "if TYPE_CHECKING:\n    from paceit.plan import Inputs\n"
        "def f():\n    from paceit import checkpoint_store\n    from paceit.activity_rules import with_goal_caps\n"
        "    from paceit.report_pain import windows\n    from paceit import reporting\n"
    )
    assert forbidden(sample) == [
        "paceit.activity_rules",
        "paceit.activity_rules.with_goal_caps",
        "paceit.checkpoint_store",
        "paceit.ladder",
        "paceit.pacing",
        "paceit.plan",
        "paceit.plan.Inputs",
        "paceit.report_pain",
        "paceit.report_pain.windows",
        "paceit.reporting",
    ]
    allowed.write_text(
        "from paceit import function_records, kinds, records, report_queries, settings, trend_queries\n"
        "from paceit.parse import closest\nfrom paceit.due_records import DueInputs\n"
    )
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
    names = [f"paceit.{m.removesuffix('.py')}" for m in READS]
    script = (
        f"import importlib, json, sys\nfor m in {names!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert {*names, "paceit.records", "paceit.function_records", "paceit.due_records"} <= modules
    assert sorted(m for m in modules if m in RULES_AND_ENGINE or m == "paceit.rows") == []


def test_the_assembly_of_trends_loads_no_report_module() -> None:
    """`reporting.py` holds the inputs of both `trends` and `report`; `trends` imports it and
    needs none of the report's modules, which `report_inputs` imports itself."""
    script = "import json, sys\nimport paceit.reporting\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert "paceit.trends" in modules and "paceit.planning" in modules
    assert sorted(m for m in modules if m.startswith("paceit.report") and m != "paceit.reporting") == []
