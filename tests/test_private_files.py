"""The one writer of private files (issue 20, item 7): reports, exports, backups and restores
all go through `private_files.writing`, so what it promises is tested here once, on real
files: owner-only whatever the umask, the old file kept and no part left when a write fails,
never over an existing file unless asked."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from paceit import copies, private_files
from paceit.render import export_files


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """umask 000: without care a new file would be 0666, readable by everyone."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(private_files.SUFFIX))


@pytest.mark.usefixtures("permissive_umask")
def test_a_new_file_is_owner_only_even_under_a_permissive_umask(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    private_files.write(target, b"<p>pain 3</p>\n")
    assert target.read_bytes() == b"<p>pain 3</p>\n"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("permissive_umask")
def test_a_replaced_file_is_owner_only_though_the_old_one_was_open_to_others(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")
    os.chmod(target, 0o644)
    private_files.write(target, b"new", replace=True)
    assert target.read_text() == "new"
    assert mode(target) == 0o600


def test_the_part_is_owner_only_while_it_is_written(tmp_path: Path, permissive_umask: None) -> None:
    with private_files.writing(tmp_path / "copy.db") as part:
        assert part.parent == tmp_path  # same folder: the rename is one step on one filesystem
        assert mode(part) == 0o600
        part.write_bytes(b"half")


def test_an_existing_file_is_never_replaced_without_being_asked(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("kept")
    with pytest.raises(FileExistsError):
        private_files.write(target, b"new")
    assert target.read_text() == "kept"
    assert leftovers(tmp_path) == []


def test_a_failure_mid_write_leaves_the_old_file_and_no_part(tmp_path: Path) -> None:
    target = tmp_path / "diary.db"
    target.write_bytes(b"the old diary")
    with pytest.raises(OSError, match="disk full"), private_files.writing(target, replace=True) as part:
        part.write_bytes(b"half of the new")
        raise OSError(errno.ENOSPC, "disk full")
    assert target.read_bytes() == b"the old diary"
    assert leftovers(tmp_path) == []


def test_a_failed_sync_leaves_the_old_file_and_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        private_files.write(target, b"new", replace=True)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_filesystem_without_hard_links_gets_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "report.txt"
    private_files.write(target, b"text")
    assert target.read_bytes() == b"text"
    assert leftovers(tmp_path) == []
    with pytest.raises(FileExistsError):  # the last look still refuses to clobber
        private_files.write(target, b"other")
    assert target.read_bytes() == b"text"


@pytest.mark.usefixtures("permissive_umask")
def test_the_three_callers_write_through_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report, an export and a restored diary: each is one part renamed into place, 0600."""
    from paceit.cli.report import write_private

    named: list[str] = []
    real = private_files.part_for

    def watched(target: Path) -> object:
        named.append(target.name)
        return real(target)

    monkeypatch.setattr(private_files, "part_for", watched)
    write_private(tmp_path / "r.md", "# report\n", force=False)
    export_files.write_file(tmp_path / "e.json", b"{}\n", force=False)
    source = tmp_path / "backup.db"
    source.write_bytes(b"SQLite format 3\x00copy")
    diary = tmp_path / "paceit.db"
    diary.write_bytes(b"damaged")
    copies.replace_file(diary, source)
    assert named == ["r.md", "e.json", "paceit.db"]
    assert [mode(tmp_path / n) for n in named] == [0o600, 0o600, 0o600]
    assert diary.read_bytes() == source.read_bytes()
    assert leftovers(tmp_path) == []
