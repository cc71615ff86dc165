"""Daily commands and `insights` stay light: they never import SQLModel, SQLAlchemy or
pydantic (about 300 ms). Checked in a fresh interpreter, since a test process has them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import json, sys
from paceit.cli.app import app
code = app(sys.argv[1:], standalone_mode=False)
heavy = sorted(m for m in ("sqlmodel", "sqlalchemy", "pydantic") if m in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["pain", "4", "--tag", "gardening"],
        ["log", "walking", "20", "--tag", "stress"],
        ["next"],
        ["insights"],
        ["med", "ibuprofen"],
        ["learn", "zones"],
    ],
    ids=lambda a: a[0],
)
def test_no_heavy_imports(tmp_path: Path, args: list[str]) -> None:
    env = {"PACEIT_DB": str(tmp_path / "paceit.db"), "PACEIT_NOW": "2026-11-21T18:00:00+00:00", "NO_COLOR": "1"}
    setup = [sys.executable, "-m", "paceit", "activity", "add", "walking", "--unit", "min"]
    subprocess.run(setup, env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], env=env, capture_output=True, text=True)
    result = json.loads(done.stderr.strip().splitlines()[-1])
    assert result == {"code": 0, "heavy": []}, done.stderr
