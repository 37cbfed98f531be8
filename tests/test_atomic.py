"""Outputs appear whole under their final name or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from civarchive.atomic import atomic_path, write_bytes_atomic, write_new


def test_write_bytes_atomic_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "报告.json"
    write_bytes_atomic(target, b"one")
    write_bytes_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["报告.json"]
    # Ordinary permissions, not mkstemp's private 0600.
    assert stat.S_IMODE(target.stat().st_mode) & 0o044


def _write_then_fail(target: Path, error: BaseException) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"half-written")
        raise error


def test_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "volume.docx"
    with pytest.raises(RuntimeError):
        _write_then_fail(target, RuntimeError("crash while writing"))
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "catalog.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        _write_then_fail(target, KeyboardInterrupt())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.xlsx"]


def test_write_new_creates_but_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "新" / "civarchive.yaml"
    write_new(target, b"first")
    with pytest.raises(FileExistsError):
        write_new(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["civarchive.yaml"]
    assert stat.S_IMODE(target.stat().st_mode) & 0o044
