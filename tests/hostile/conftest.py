"""The hostile-input suite: run civarchive as a clerk or CI would, against archives and
places built to break it, and check that nothing is written outside, nothing crashes, and
every refusal is a message (exit 2), never a bug (exit 3)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_jpeg, write_spec

REPO = Path(__file__).resolve().parents[2]


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``civarchive ARGS`` in a fresh interpreter (real pipes, real signals, real limits)."""
    return subprocess.run(
        [sys.executable, "-m", "civarchive", *args],
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"CIVARCHIVE_LANG": "en", "NO_COLOR": "1", "PYTHONPATH": str(REPO)})
    env.update(extra or {})
    return env


def assert_clean_exit(result: subprocess.CompletedProcess[str], code: int) -> None:
    """The exit code wanted, and neither a traceback nor a 'bug' line."""
    output = result.stdout[-2000:] + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in result.stderr, output
    assert "internal error" not in result.stderr, output


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A small archive with a spec, a document and two photos."""
    root = tmp_path / "archive"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_jpeg(folder / "20220301 学习.jpg")
    make_jpeg(folder / "20220302 学习.jpg", size=(640, 480))
    (folder / "2022年学习计划.txt").write_text("学习计划", encoding="utf-8")
    return root


@contextlib.contextmanager
def tmpfs(size: str, *, read_only: bool = False) -> Iterator[Path]:
    """A small, real file system of its own (needs root and the right to mount)."""
    where = Path("/tmp") / f"civarchive-test-{uuid.uuid4().hex[:8]}"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        with contextlib.suppress(OSError):
            where.rmdir()


def remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a file system needs root"
)
needs_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux-only mechanism (mount, /proc)"
)
