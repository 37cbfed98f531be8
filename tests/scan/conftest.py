"""Helpers for the scan tests: scan a folder without the cache and look files up by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.scan import scan
from civarchive.scan.models import Evidence, Inventory


def scan_nocache(root: Path, **kwargs: object) -> Inventory:
    return scan(root, use_cache=False, jobs=1, progress=False, **kwargs)  # type: ignore[arg-type]


def by_name(inventory: Inventory) -> dict[str, Evidence]:
    return {e.path: e for e in inventory.files}


def codes(evidence: Evidence) -> list[str]:
    return [f.code.value for f in evidence.findings]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    return root
