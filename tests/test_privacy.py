"""Privacy: the diary and every copy are owner-only (0600 files, 0700 folders), also after
a restore; no network, in this process or a child (the guard itself is tested here);
tracebacks under --debug show no local variables, which could hold a person's notes."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import conftest
from helpers import NOW, child_env, done, fixed_clock, ok, run

SECRET = "my-private-note-about-my-marriage"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> object:
    with fixed_clock(monkeypatch):
        yield


def test_restore_keeps_the_diary_and_its_copies_owner_only(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "shared" / "copy.db"
    done("backup", str(copy))
    copy.chmod(0o644)  # a copy someone left readable by others
    copy.parent.chmod(0o755)
    ok("pain", "5")

    done("restore", str(copy))

    assert mode(isolated_db) == 0o600 and mode(isolated_db.parent) == 0o700
    backups = isolated_db.parent / "backups"
    assert mode(backups) == 0o700
    assert {p.name: mode(p) for p in backups.iterdir()} == {
        "paceit-before-restore-20261121-180000.db": 0o600,
        "paceit-daily-2026-11-21.db": 0o600,
    }
    for sidecar in ("-wal", "-shm"):
        side = Path(f"{isolated_db}{sidecar}")
        assert not side.exists() or mode(side) == 0o600


def test_restore_into_a_new_diary_creates_it_owner_only(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    copy = tmp_path / "copy.db"
    done("backup", str(copy))
    other = tmp_path / "elsewhere" / "paceit.db"

    done("--db", str(other), "restore", str(copy))

    assert mode(other) == 0o600 and mode(other.parent) == 0o700


def test_the_network_guard_refuses_and_reports(tmp_path: Path) -> None:
    attempts = [
        lambda: socket.create_connection(("192.0.2.1", 80), timeout=1),
        lambda: socket.create_server(("127.0.0.1", 0)),
        lambda: socket.socket(),  # AF_INET by default
        lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM),
        lambda: socket.getaddrinfo("example.org", 443),
        lambda: socket.gethostbyname("example.org"),
        lambda: socket.gethostbyname_ex("example.org"),
        lambda: socket.gethostbyaddr("192.0.2.1"),
    ]
    for attempt in attempts:
        with pytest.raises(OSError, match="forbid network use"):
            attempt()
    assert conftest.NETWORK_LOG.read_text().count("\n") == len(attempts)
    conftest.NETWORK_LOG.write_text("")  # this test made the attempts on purpose


def test_an_internet_socket_made_from_a_raw_descriptor_can_do_nothing() -> None:
    """Made below the guarded constructor (the C module), then wrapped: every use is refused."""
    import _socket

    raw = _socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with socket.socket(fileno=raw.detach()) as udp:
        for use in (
            lambda: udp.bind(("127.0.0.1", 0)),
            lambda: udp.sendto(b"x", ("192.0.2.1", 53)),
            lambda: udp.sendmsg([b"x"], [], 0, ("192.0.2.1", 53)),
            lambda: udp.connect(("192.0.2.1", 53)),
        ):
            with pytest.raises(OSError, match="forbid network use"):
                use()
    tcp_fd = _socket.socket(socket.AF_INET, socket.SOCK_STREAM).detach()
    with socket.socket(fileno=tcp_fd) as tcp, pytest.raises(OSError, match="forbid network use"):
        tcp.listen()
    assert conftest.NETWORK_LOG.read_text().count("\n") == 5
    conftest.NETWORK_LOG.write_text("")


@pytest.mark.parametrize("fresh", [False, True], ids=["inherited environment", "fresh environment"])
def test_a_child_python_is_guarded_too(fresh: bool) -> None:
    """Also one started with a fresh environment, as the pty shells and import probes are."""
    env = child_env({"PATH": os.environ["PATH"]}) if fresh else child_env()
    child = subprocess.run(
        [sys.executable, "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert child.returncode != 0 and "forbid network use" in child.stderr
    assert "socket(AF_INET)" in conftest.NETWORK_LOG.read_text()
    conftest.NETWORK_LOG.write_text("")


def test_a_child_without_the_guard_is_not_started() -> None:
    with pytest.raises(AssertionError, match="child_env"):
        subprocess.run([sys.executable, "-c", "pass"], env={"PATH": os.environ["PATH"]}, check=False)


def test_unix_sockets_still_work(tmp_path: Path) -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"


@pytest.mark.parametrize(
    ("args", "extra_env"),
    [
        (["--debug", "log", "walking", "10", "--note", SECRET, "--pain-during", "11"], {}),
        (["--debug", "pain", "4", "--note", SECRET, "--site", "knee", "--sleep", "99"], {}),
        (["pain", "4", "--note", SECRET, "--mood", "-3x"], {"PACEIT_DEBUG": "1"}),
    ],
    ids=["log --debug", "pain --debug", "PACEIT_DEBUG=1"],
)
def test_debug_tracebacks_show_no_local_variables(
    isolated_db: Path, args: list[str], extra_env: dict[str, str]
) -> None:
    ok("activity", "add", "walking", "--unit", "min", "--baseline", "10")
    env = {**os.environ, "PACEIT_NOW": NOW, "TZ": "UTC", "NO_COLOR": "1", "COLUMNS": "200", **extra_env}

    proc = subprocess.run(
        [sys.executable, "-m", "paceit", *args],
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert proc.returncode != 0
    assert "Traceback" in proc.stderr  # the traceback is there...
    assert SECRET not in proc.stderr  # ...but not the note held in the command's variables
    assert "locals" not in proc.stderr.lower()


def test_an_existing_diary_open_to_others_is_made_owner_only_once_with_a_note(isolated_db: Path) -> None:
    """A diary that is 0644 (copied with cp, or made by an older tool) and the working files
    SQLite gives its mode: tightened to 0600 on the next open, said once on stderr."""
    ok("pain", "4", "--note", SECRET)
    holder = sqlite3.connect(isolated_db)  # keeps -wal and -shm in place while paceit runs
    try:
        holder.execute("SELECT count(*) FROM pain_entry").fetchall()
        for path in (isolated_db, *sidecars(isolated_db)):
            path.chmod(0o644)

        first = run("history")
        assert first.exit_code == 0, first.stderr
        assert [mode(p) for p in (isolated_db, *sidecars(isolated_db))] == [0o600, 0o600, 0o600]
    finally:
        holder.close()
    [note] = first.stderr.splitlines()
    assert note.startswith("paceit: note: paceit made ") and str(isolated_db) in note and "readable by you only" in note
    assert ok("history").stderr == ""  # said once: the files are private now


def test_an_empty_file_open_to_others_becomes_an_owner_only_diary(isolated_db: Path) -> None:
    isolated_db.parent.mkdir(mode=0o700)
    isolated_db.touch(mode=0o644)
    isolated_db.chmod(0o644)

    result = run("pain", "4")

    assert result.exit_code == 0 and "readable by you only" in result.stderr
    assert mode(isolated_db) == 0o600
    assert all(mode(p) == 0o600 for p in sidecars(isolated_db) if p.exists())


def test_a_diary_made_read_only_on_purpose_is_never_given_write_permission(isolated_db: Path) -> None:
    ok("pain", "4")
    isolated_db.chmod(0o444)
    run("history")  # root may still read and write it; the mode is what matters here
    assert mode(isolated_db) == 0o400  # group and others lose read; the owner gains nothing


def test_someone_elses_diary_and_another_programs_file_keep_their_mode(isolated_db: Path, tmp_path: Path) -> None:
    ok("pain", "4")
    os.chown(isolated_db, 12345, 12345)
    isolated_db.chmod(0o644)
    assert run("history").exit_code == 0  # run as root here: only ownership decides
    assert mode(isolated_db) == 0o644
    os.chown(isolated_db, os.getuid(), os.getgid())

    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    foreign.chmod(0o644)
    assert run("--db", str(foreign), "history").exit_code == 1
    assert mode(foreign) == 0o644


def sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")
