"""The Git LFS probe: photos/videos committed without LFS are reported; no git, no noise."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from civarchive.check import check
from civarchive.check.git import files_without_lfs, lfs_detail
from civarchive.findings import Code
from tests.check.builders import category, ev, indicator, inventory, one, req, spec

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


def test_large_files_committed_without_lfs(tmp_path: Path) -> None:
    archive = _repo(tmp_path)
    # Any kind above the threshold; the LFS pointer and the file not committed are not.
    assert files_without_lfs(_inventory(archive), 1000) == [
        "1.1 理想/plan.docx",
        "1.1 理想/大照片.jpg",
    ]
    assert files_without_lfs(_inventory(archive), 5001) == ["1.1 理想/大照片.jpg"]
    assert files_without_lfs(_inventory(archive), 1_000_000) == []


def test_one_finding_for_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _repo(tmp_path)
    s = spec(category("1", indicator("1.1", req(min=3))), lfs_threshold="1KB")
    report = check(s, _inventory(archive), as_of=dt.date(2023, 1, 1))
    found = [
        (f.code, f.path, f.indicator, f.severity.value, f.message)
        for f in report.findings
        if f.code is Code.LARGE_FILE_NOT_LFS
    ]
    assert found == [
        (
            Code.LARGE_FILE_NOT_LFS,
            None,
            None,
            "info",
            "large files committed without Git LFS: 2 over 1 KB: 1.1 理想/plan.docx, 1.1 理想/大照片.jpg",
        )
    ]
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = check(s, _inventory(archive), as_of=dt.date(2023, 1, 1))
    (finding,) = [f for f in report.findings if f.code is Code.LARGE_FILE_NOT_LFS]
    assert finding.message == (
        "未用 Git LFS 提交的大文件：2 个超过 1 KB 的文件，如 1.1 理想/plan.docx、1.1 理想/大照片.jpg"
    )


def test_the_default_threshold_is_one_megabyte(tmp_path: Path) -> None:
    archive = _repo(tmp_path)
    report = check(one(req(min=3)), _inventory(archive), as_of=dt.date(2023, 1, 1))
    assert not any(f.code is Code.LARGE_FILE_NOT_LFS for f in report.findings)


def test_many_files_are_counted_and_a_few_named() -> None:
    paths = [f"照片/{n:02d}.jpg" for n in range(30)]
    assert lfs_detail(paths, 2 << 20) == "30 over 2 MiB: 照片/00.jpg, 照片/01.jpg, 照片/02.jpg, …"


def test_silent_outside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "1.1 理想").mkdir()
    assert files_without_lfs(_inventory(tmp_path), 0) == []


def test_silent_when_the_root_is_missing(tmp_path: Path) -> None:
    assert files_without_lfs(_inventory(tmp_path / "gone"), 0) == []


def test_check_can_skip_the_probe(tmp_path: Path) -> None:
    archive = _repo(tmp_path)
    report = check(one(req()), _inventory(archive), as_of=dt.date(2023, 1, 1), git=False)
    assert not any(f.code is Code.LARGE_FILE_NOT_LFS for f in report.findings)
