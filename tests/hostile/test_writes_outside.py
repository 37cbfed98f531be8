"""Nothing is written or read outside the archive, its cache and the output folder: links
planted in the archive (a zip, a git checkout) never aim civarchive's writes elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from civarchive.scan import scan
from civarchive.workdir import WORKDIR_NAME
from tests.factories import write_spec
from tests.hostile.conftest import assert_clean_exit, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX links")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def test_linked_cache_folder_is_not_followed(
    archive: Path, elsewhere: Path, tmp_path: Path
) -> None:
    (archive / WORKDIR_NAME).symlink_to(elsewhere)
    result = run_cli("scan", str(archive), "-q", env={"XDG_CACHE_HOME": str(tmp_path / "uc")})
    assert_clean_exit(result, 0)
    assert list(elsewhere.iterdir()) == []
    assert (archive / WORKDIR_NAME).is_symlink()  # the archive's own link is left alone
    assert "is not a real folder" in result.stderr
    assert list((tmp_path / "uc" / "civarchive").iterdir())  # the user cache was used


def test_linked_cache_files_are_replaced_not_followed(archive: Path, elsewhere: Path) -> None:
    cache = archive / WORKDIR_NAME
    cache.mkdir()
    names = ["inventory.sqlite3", "inventory.sqlite3-wal", "inventory.sqlite3-shm"]
    names += ["inventory.snapshot.json", ".gitignore"]
    for name in names:
        (cache / name).symlink_to(elsewhere / name)  # dangling: SQLite would create it
    secret = elsewhere / "secret.txt"
    secret.write_text("do not read", encoding="utf-8")
    (cache / "inventory.table-80-plain").symlink_to(secret)
    first = scan(archive, spec=archive / "civarchive.yaml", jobs=1, progress=False)
    again = scan(archive, spec=archive / "civarchive.yaml", jobs=1, progress=False)
    assert [e.path for e in again.files] == [e.path for e in first.files]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["secret.txt"]
    assert secret.read_text(encoding="utf-8") == "do not read"
    assert (cache / "inventory.sqlite3").is_file()
    assert not (cache / "inventory.sqlite3").is_symlink()
    assert not (cache / "inventory.snapshot.json").is_symlink()


@pytest.mark.slow
def test_linked_thumbnail_folder_is_not_followed(
    archive: Path, elsewhere: Path, tmp_path: Path
) -> None:
    cache = archive / WORKDIR_NAME
    cache.mkdir()
    (cache / "thumbs").symlink_to(elsewhere)
    result = run_cli("bind", str(archive), "-o", str(tmp_path / "卷宗"), "-q", "-j", "1")
    assert_clean_exit(result, 0)
    assert list(elsewhere.iterdir()) == []
    assert (cache / "thumbs").is_dir()
    assert not (cache / "thumbs").is_symlink()
    assert any((cache / "thumbs").iterdir())


@pytest.mark.slow
def test_thumbnail_folder_that_is_a_file_is_made_anew(archive: Path, tmp_path: Path) -> None:
    cache = archive / WORKDIR_NAME
    cache.mkdir()
    (cache / "thumbs").write_text("junk", encoding="utf-8")
    result = run_cli("bind", str(archive), "-o", str(tmp_path / "卷宗"), "-q", "-j", "1")
    assert_clean_exit(result, 0)
    assert (cache / "thumbs").is_dir()


@pytest.mark.parametrize(
    "entry",
    ["/etc/hostname", "../outside.yaml", "linked.yaml", "sub/../../outside.yaml"],
)
def test_include_cannot_leave_the_spec_folder(tmp_path: Path, entry: str) -> None:
    archive = tmp_path / "archive"
    outside = tmp_path / "outside.yaml"
    outside.write_text("categories: []\n", encoding="utf-8")
    write_spec(archive, include=[entry])
    (archive / "linked.yaml").symlink_to(outside)
    result = run_cli("spec", "validate", str(archive / "civarchive.yaml"))
    assert_clean_exit(result, 2)
    assert "civarchive.yaml:" in result.stderr
    assert "include may only name files inside the spec's folder" in result.stderr


def test_include_inside_the_spec_folder_still_works(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write_spec(archive, include=["more/extra.yaml"])
    (archive / "more").mkdir()
    (archive / "more" / "extra.yaml").write_text(
        'categories: [{id: "9", title: 其他}]\n', encoding="utf-8"
    )
    result = run_cli("spec", "validate", str(archive / "civarchive.yaml"))
    assert_clean_exit(result, 0)


def test_bug_log_is_a_new_file_not_a_planted_link(tmp_path: Path) -> None:
    # The old fixed log name, planted as a link: nothing may be written through it.
    target = tmp_path / "target.txt"
    planted = tmp_path / "civarchive-error.log"
    planted.symlink_to(target)
    from civarchive.cli_errors import write_bug_log

    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError:
        log = write_bug_log()
    assert log is not None
    assert log.is_file()
    assert not log.is_symlink()
    assert log != planted
    assert not target.exists()
