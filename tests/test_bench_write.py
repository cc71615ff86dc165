"""bench/run.py --write: the published tables are the bench's own output, spliced between
two marks, and a file without them is refused before a run of minutes (not after it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"
ROOT = BENCH.parent.parent


def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("paceit_bench_run", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_block_between_the_marks_is_replaced_and_the_rest_kept() -> None:
    run = bench()
    text = f"before\n{run.BEGIN_MARK}\nold table\nold line\n{run.END_MARK}\nafter\n"
    assert run.spliced(text, "| new |\n") == f"before\n{run.BEGIN_MARK}\n| new |\n{run.END_MARK}\nafter\n"
    twice = run.spliced(run.spliced(text, "a"), "b")
    assert twice == f"before\n{run.BEGIN_MARK}\nb\n{run.END_MARK}\nafter\n"


@pytest.mark.parametrize("text", ["no marks at all\n", "<!-- end of bench results -->\n<!-- bench results: x -->"])
def test_a_file_without_the_marks_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="bench results"):
        bench().spliced(text, "table")


def test_write_is_checked_before_anything_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("nothing to replace\n")
    with pytest.raises(SystemExit) as exit_info:
        bench().parse_args(["--write", str(plain)])
    assert exit_info.value.code == 2
    assert f"--write {plain}" in capsys.readouterr().err
    assert plain.read_text() == "nothing to replace\n"


@pytest.mark.parametrize("name", ["README.md", "docs/performance.md"])
def test_the_published_files_hold_the_marks(name: str) -> None:
    run = bench()
    text = (ROOT / name).read_text(encoding="utf-8")
    assert run.spliced(text, "x").count(run.BEGIN_MARK) == 1
