"""Exit 3 means a bug and nothing else: a full disk, a read-only place, a closed pipe, a path
that is not a folder give a message naming the path and exit 2, or civarchive carries on
without what it cannot have (a cache) and says so."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    assert_clean_exit,
    cli_env,
    needs_linux,
    needs_root,
    remount_read_only,
    run_cli,
    tmpfs,
)


def _fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as fh:
        for chunk in (65536, 1):
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * chunk)


@needs_root
@needs_linux
@pytest.mark.parametrize("command", ["check", "scan"])
def test_output_on_a_full_disk_is_a_message(archive: Path, command: str) -> None:
    with tmpfs("256k") as disk:
        _fill(disk)
        target = disk / "report.json"
        result = run_cli(command, str(archive), "-f", "json", "-o", str(target), "-q")
        assert_clean_exit(result, 2)
        assert "the disk is full" in result.stderr
        assert str(target) in result.stderr
        assert not target.exists()
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


@needs_root
@needs_linux
@pytest.mark.slow
def test_bind_on_a_full_disk_is_a_message(archive: Path) -> None:
    with tmpfs("256k") as disk:
        _fill(disk)
        result = run_cli("bind", str(archive), "-o", str(disk / "卷宗"), "-q", "-j", "1")
        assert_clean_exit(result, 2)
        assert "the disk is full" in result.stderr or "quota" in result.stderr


@needs_root
@needs_linux
@pytest.mark.slow
def test_archive_and_cache_on_a_full_disk(tmp_path: Path) -> None:
    with tmpfs("2m") as disk:
        from tests.factories import make_jpeg, write_spec

        write_spec(disk)
        make_jpeg(disk / "1.1 学习" / "20220301.jpg")
        _fill(disk)
        scanned = run_cli("scan", str(disk), "-q")
        assert_clean_exit(scanned, 0)
        bound = run_cli("bind", str(disk), "-o", str(tmp_path / "卷宗"), "-q", "-j", "1")
        # Thumbnails cannot be cached on a full disk: a message, or bound without them.
        assert bound.returncode in (0, 2), bound.stderr
        assert_clean_exit(bound, bound.returncode)


@needs_root
@needs_linux
@pytest.mark.slow
def test_read_only_archive_uses_the_user_cache(tmp_path: Path) -> None:
    with tmpfs("2m") as disk:
        from tests.factories import make_jpeg, write_spec

        write_spec(disk)
        make_jpeg(disk / "1.1 学习" / "20220301.jpg")
        remount_read_only(disk)
        env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
        for args in (["scan", "-q"], ["check", "-q", "-f", "json"]):
            result = run_cli(*args[:1], str(disk), *args[1:], env=env)
            assert result.returncode in (0, 1), result.stderr
            assert_clean_exit(result, result.returncode)
        bound = run_cli("bind", str(disk), "-o", str(tmp_path / "卷宗"), "-q", "-j", "1", env=env)
        assert_clean_exit(bound, 0)
        assert not (disk / ".civarchive").exists()


@needs_root
@needs_linux
def test_no_cache_anywhere_runs_without_one_and_says_so(tmp_path: Path) -> None:
    with tmpfs("2m") as disk, tmpfs("64k") as cache:
        from tests.factories import make_jpeg, write_spec

        write_spec(disk)
        make_jpeg(disk / "1.1 学习" / "20220301.jpg")
        remount_read_only(disk)
        remount_read_only(cache)
        env = {"XDG_CACHE_HOME": str(cache)}
        result = run_cli("check", str(disk), "-q", "-f", "json", env=env)
        assert result.returncode in (0, 1), result.stderr
        assert_clean_exit(result, result.returncode)
        assert result.stderr.count("running without a cache") == 1
        json.loads(result.stdout)


@needs_linux
def test_file_size_limit_is_a_message(archive: Path, tmp_path: Path) -> None:
    # RLIMIT_FSIZE makes the write itself fail (EFBIG), as a full disk or a quota would.
    target = tmp_path / "report.json"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = subprocess.run(
        [sys.executable, "-m", "civarchive", "check", str(archive), "-f", "json"]
        + ["-o", str(target), "-q", "--no-cache"],
        env=cli_env(),
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
        timeout=300,
    )
    assert_clean_exit(result, 2)
    assert str(target) in result.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    for n in range(400):  # a JSON inventory far larger than a pipe's buffer
        (root / f"记录{n:04d}.txt").write_text(f"第 {n} 份记录", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "civarchive", "scan", str(root), "-f", "json", "-j", "1"],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    head = process.stdout.read(100)  # `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8", "replace")
    code = process.wait(timeout=300)
    assert len(head) == 100
    assert code == 141, stderr
    assert stderr == ""


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc")
@pytest.mark.parametrize("command", [pytest.param("bind", marks=pytest.mark.slow), "scan", "check"])
def test_output_in_proc_is_a_message(archive: Path, command: str) -> None:
    result = run_cli(command, str(archive), "-o", "/proc/self", "-q", "-j", "1")
    assert_clean_exit(result, 2)


@pytest.mark.parametrize("command", ["bind", "scan", "check", "spec schema"])
def test_empty_output_path_is_refused(archive: Path, command: str) -> None:
    where = [] if command == "spec schema" else [str(archive)]
    result = run_cli(*command.split(), *where, "-o", "", cwd=archive.parent)
    assert_clean_exit(result, 2)
    assert "the output path is empty" in result.stderr
    assert sorted(p.name for p in archive.parent.iterdir()) == ["archive"]


@pytest.mark.slow
def test_output_folder_holding_a_folder_named_like_a_volume(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "卷宗"
    assert_clean_exit(run_cli("bind", str(archive), "-o", str(out), "-q", "-j", "1"), 0)
    volume = next(out.glob("*.docx"))
    volume.unlink()
    volume.mkdir()
    result = run_cli("bind", str(archive), "-o", str(out), "-q", "-j", "1")
    assert_clean_exit(result, 2)
    assert volume.name in result.stderr


def test_cache_folder_that_is_a_file_inside_a_read_only_place(archive: Path) -> None:
    (archive / ".civarchive").write_text("not a folder", encoding="utf-8")
    result = run_cli("scan", str(archive), "-q")
    assert_clean_exit(result, 0)
    assert (archive / ".civarchive").read_text(encoding="utf-8") == "not a folder"


def test_report_with_an_endless_number_is_a_message(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"schema_version": 1, "summary": {"files": ' + "9" * 5000 + "}}")
    result = run_cli("report", str(report))
    assert_clean_exit(result, 2)
    assert "far too many digits" in result.stderr


def test_output_folder_is_not_a_folder(archive: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("check", str(archive), "-f", "json", "-o", str(blocker / "r.json"), "-q")
    assert_clean_exit(result, 2)
    assert str(blocker) in result.stderr
