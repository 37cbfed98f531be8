"""The cache folder lives in the archive when it can, with its own .gitignore."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.workdir import WORKDIR_NAME, work_dir


def test_work_dir_inside_archive(tmp_path: Path) -> None:
    folder = work_dir(tmp_path)
    assert folder == tmp_path.resolve() / WORKDIR_NAME
    assert (folder / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert work_dir(tmp_path) == folder


def test_work_dir_falls_back_when_archive_cannot_hold_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plain file where the cache folder would go makes the archive unusable for the cache,
    # as a read-only medium does; the user cache directory is used instead.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / WORKDIR_NAME).write_text("not a folder", encoding="utf-8")
    folder = work_dir(archive)
    assert folder.is_dir()
    assert (tmp_path / "user-cache") in folder.parents
    assert (archive / WORKDIR_NAME).read_text(encoding="utf-8") == "not a folder"
