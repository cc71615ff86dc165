"""Shared fixtures. An autouse fixture points PACEIT_DB (and the platform folders)
at a temporary place, so no test can ever read or write a real diary.

paceit opens no network connection, ever: for the whole run, any attempt to connect a
non-Unix socket, send a datagram or resolve a host name in the test process is refused and
recorded, and the test that made it fails (even if paceit's error boundary swallowed the
refusal and the test's own assertions passed).
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

NETGUARD = Path(__file__).with_name("netguard")


def _install_network_guard() -> Path:
    """Refuse the network here and in every child Python (see netguard/sitecustomize.py)."""
    log = Path(tempfile.mkstemp(prefix="paceit-network-")[1])
    os.environ["PACEIT_TEST_NETWORK_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(NETGUARD), os.environ.get("PYTHONPATH")) if p)
    spec = importlib.util.spec_from_file_location("paceit_test_netguard", NETGUARD / "sitecustomize.py")
    assert spec and spec.loader
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return log


NETWORK_LOG = _install_network_guard()


@pytest.fixture(autouse=True)
def fail_on_network_use() -> Iterator[None]:
    NETWORK_LOG.write_text("")
    yield
    attempts = NETWORK_LOG.read_text()
    NETWORK_LOG.write_text("")
    assert not attempts, f"this test (or a paceit it ran) tried to use the network: {attempts}"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db_path = tmp_path / "diary" / "paceit.db"
    monkeypatch.setenv("PACEIT_DB", str(db_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PACEIT_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    yield db_path
