"""Shared test set-up: a fixed, plain, English console unless a test asks otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

REAL_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "en")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def real_corpus() -> Path:
    """The shared corpus of real camera/phone/office files; skipped where it is absent."""
    if not REAL_CORPUS.is_dir():
        pytest.skip(
            f"real-file corpus not found at {REAL_CORPUS} (only present on the project's machines)"
        )
    return REAL_CORPUS
