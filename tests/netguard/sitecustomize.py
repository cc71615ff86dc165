"""No network during the tests, in the test process and in every Python process it starts.

`tests/conftest.py` imports this module and puts its folder first on PYTHONPATH, so each
child Python (paceit run as a real process) imports it at start-up as `sitecustomize`;
`helpers.child_env` gives that PYTHONPATH (and the log's name) to every child a test
starts, also to those started with a fresh environment (a pty shell, an import probe).

Refused, with an OSError: creating an Internet socket (AF_INET or AF_INET6: nothing in
paceit needs one, so catching the creation catches every later use, whatever method
would follow), and, for a socket made some other way (from a file descriptor), connect,
bind, listen, sendto and sendmsg; `create_connection` and `create_server`; and name
lookups (getaddrinfo, gethostbyname, gethostbyname_ex, gethostbyaddr, getnameinfo).
Unix sockets stay allowed: subprocess, asyncio and pty machinery may use them.
Each attempt is appended to the file named by PACEIT_TEST_NETWORK_LOG, which conftest
checks after each test: a test fails even when paceit's error boundary swallowed the
refusal.
"""

from __future__ import annotations

import os
import socket

Any = object  # annotations only; `typing` is not imported, to keep every child's start-up short

INTERNET = (socket.AF_INET, socket.AF_INET6)

_init = socket.socket.__init__
_methods = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "bind", "listen")}
_sendto = socket.socket.sendto
_sendmsg = socket.socket.sendmsg


def refuse(what: str) -> None:
    log = os.environ.get("PACEIT_TEST_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"pid {os.getpid()}: {what}\n")
    raise OSError(f"paceit tests forbid network use: {what}")


def _init_guard(self: socket.socket, family: Any = -1, type: Any = -1, proto: Any = -1, fileno: Any = None) -> None:
    wanted = socket.AF_INET if family == -1 and fileno is None else family
    if fileno is None and wanted in INTERNET:
        refuse(f"socket({socket.AddressFamily(wanted).name})")
    _init(self, family, type, proto, fileno)


def _guarded(name: str) -> Any:
    original = _methods[name]

    def guard(self: socket.socket, *args: Any) -> Any:
        if self.family == socket.AF_UNIX:
            return original(self, *args)
        refuse(f"{name} {args!r}")
        return None

    guard.__name__ = name
    return guard


def _sendto_guard(self: socket.socket, *args: Any) -> int:
    if self.family == socket.AF_UNIX:
        return int(_sendto(self, *args))
    refuse(f"sendto {args[-1]!r}")
    return 0


def _sendmsg_guard(self: socket.socket, *args: Any) -> int:
    if self.family == socket.AF_UNIX:
        return int(_sendmsg(self, *args))
    refuse(f"sendmsg {args[3:4]!r}")
    return 0


def _refuser(what: str) -> Any:
    def guard(first: Any = None, *args: Any, **kwargs: Any) -> Any:
        refuse(f"{what} {first!r}")

    guard.__name__ = what
    return guard


socket.socket.__init__ = _init_guard  # type: ignore[method-assign]
for _name in _methods:
    setattr(socket.socket, _name, _guarded(_name))
socket.socket.sendto = _sendto_guard  # type: ignore[method-assign,assignment]
socket.socket.sendmsg = _sendmsg_guard  # type: ignore[method-assign]
for _function in (
    "create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
    "getnameinfo",
):  # fmt: skip
    setattr(socket, _function, _refuser(_function))
