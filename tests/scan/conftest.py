"""Helpers for the scan tests: scan a folder without the cache and look files up by name."""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from civarchive.formats import ScanFormat
from civarchive.scan import scan, write_scan
from civarchive.scan.cache import CACHE_NAME
from civarchive.scan.models import Evidence, Inventory


def scan_nocache(root: Path, **kwargs: object) -> Inventory:
    return scan(root, use_cache=False, jobs=1, progress=False, **kwargs)  # type: ignore[arg-type]


def scan_output(root: Path, output_format: ScanFormat = ScanFormat.JSON, **kwargs: object) -> bytes:
    """What ``scan --format output_format`` prints for ``root`` (``write_scan`` to memory)."""
    out = io.BytesIO()
    write_scan(root, out, output_format, **{"jobs": 1, "progress": False, **kwargs})  # type: ignore[arg-type]
    return out.getvalue()


def disguise(path: Path) -> None:
    """Change a file's bytes but not its size or mtime: what a scan that trusts its cache
    cannot see, and one that reads the file again cannot miss (another SHA-256)."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def cached_rows(root: Path) -> int:
    """How many extractions the archive's per-file cache holds."""
    with sqlite3.connect(root / ".civarchive" / CACHE_NAME) as db:
        count: int = db.execute("SELECT count(*) FROM files").fetchone()[0]
    return count


def by_name(inventory: Inventory) -> dict[str, Evidence]:
    return {e.path: e for e in inventory.files}


def day(evidence: Evidence) -> str | None:
    """The evidence date as the inventory writes it, or None."""
    return str(evidence.date) if evidence.date is not None else None


def codes(evidence: Evidence) -> list[str]:
    return [f.code.value for f in evidence.findings]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    return root
