"""The Git LFS probe: photos/videos committed without LFS are reported; no git, no noise."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from civarchive.check import check
from civarchive.check.git import files_without_lfs
from civarchive.findings import Code
from tests.check.builders import ev, inventory, one, req

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def _repo(tmp_path: Path) -> Path:
    archive = tmp_path / "repo" / "档案"
    (archive / "1.1 理想").mkdir(parents=True)
    (archive / "1.1 理想" / "大照片.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    (archive / "1.1 理想" / "lfs.jpg").write_bytes(b"\xff\xd8" + b"y" * 5000)
    (archive / "1.1 理想" / "未提交.jpg").write_bytes(b"\xff\xd8" + b"z" * 5000)
    (archive / "1.1 理想" / "plan.docx").write_bytes(b"d" * 5000)
    _git(tmp_path / "repo", "init", "-q")
    # Commit an LFS pointer blob for lfs.jpg, as git-lfs would, then restore the real content.
    real = (archive / "1.1 理想" / "lfs.jpg").read_bytes()
    pointer = (
        b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"0" * 64 + b"\nsize 5002\n"
    )
    (archive / "1.1 理想" / "lfs.jpg").write_bytes(pointer)
    _git(
        tmp_path / "repo",
        "add",
        "档案/1.1 理想/大照片.jpg",
        "档案/1.1 理想/lfs.jpg",
        "档案/1.1 理想/plan.docx",
    )
    _git(tmp_path / "repo", "commit", "-q", "-m", "evidence")
    (archive / "1.1 理想" / "lfs.jpg").write_bytes(real)
    return archive


def _inventory(root: Path):
    files = [
        ev("1.1 理想/大照片.jpg", size=5002),
        ev("1.1 理想/lfs.jpg", size=5002),
        ev("1.1 理想/未提交.jpg", size=5002),
        ev("1.1 理想/plan.docx", "document", size=5000),
    ]
    return inventory(*files, root=str(root))


def test_photos_committed_without_lfs(tmp_path: Path) -> None:
    archive = _repo(tmp_path)
    assert files_without_lfs(_inventory(archive)) == ["1.1 理想/大照片.jpg"]
    report = check(one(req(min=3)), _inventory(archive), as_of=dt.date(2023, 1, 1))
    found = [
        (f.code, f.path, f.indicator, f.severity.value)
        for f in report.findings
        if f.code is Code.LARGE_FILE_NOT_LFS
    ]
    assert found == [(Code.LARGE_FILE_NOT_LFS, "1.1 理想/大照片.jpg", "1.1", "info")]


def test_silent_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "1.1 理想").mkdir()
    assert files_without_lfs(_inventory(tmp_path)) == []


def test_silent_when_the_root_is_missing(tmp_path: Path) -> None:
    assert files_without_lfs(_inventory(tmp_path / "gone")) == []


def test_check_can_skip_the_probe(tmp_path: Path) -> None:
    archive = _repo(tmp_path)
    report = check(one(req()), _inventory(archive), as_of=dt.date(2023, 1, 1), git=False)
    assert not any(f.code is Code.LARGE_FILE_NOT_LFS for f in report.findings)
