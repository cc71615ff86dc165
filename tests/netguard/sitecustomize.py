"""No network during the tests, in the test process and in every Python process it starts.

`tests/conftest.py` imports this module and puts its folder first on PYTHONPATH, so each
child Python (paceit run as a real process) imports it at start-up as `sitecustomize`.
Connecting a non-Unix socket, sending a datagram or resolving a host name then fails with
an OSError, and the attempt is appended to the file named by PACEIT_TEST_NETWORK_LOG, which
conftest checks after each test: a test fails even when paceit's error boundary swallowed
the refusal.
"""

from __future__ import annotations

import os
import socket
from typing import Any

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def refuse(what: str) -> None:
    log = os.environ.get("PACEIT_TEST_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"pid {os.getpid()}: {what}\n")
    raise OSError(f"paceit tests forbid network use: {what}")


def _connect_guard(self: socket.socket, address: Any) -> None:
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    refuse(f"connect to {address!r}")


def _connect_ex_guard(self: socket.socket, address: Any) -> int:
    if self.family == socket.AF_UNIX:
        return _connect_ex(self, address)
    refuse(f"connect_ex to {address!r}")
    return 1


def _sendto_guard(self: socket.socket, *args: Any) -> int:
    refuse(f"sendto {args[-1]!r}")
    return 0


def _create_connection_guard(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    refuse(f"create_connection to {address!r}")
    raise AssertionError("unreachable")


def _getaddrinfo_guard(host: Any, *args: Any, **kwargs: Any) -> list[Any]:
    refuse(f"getaddrinfo {host!r}")
    return []


socket.socket.connect = _connect_guard  # type: ignore[method-assign]
socket.socket.connect_ex = _connect_ex_guard  # type: ignore[method-assign]
socket.socket.sendto = _sendto_guard  # type: ignore[method-assign,assignment]
socket.create_connection = _create_connection_guard  # type: ignore[assignment]
socket.getaddrinfo = _getaddrinfo_guard
