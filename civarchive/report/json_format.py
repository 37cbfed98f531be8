"""The `json` format: the report contract of design §4, keys in the contract's order."""

from __future__ import annotations

import json
from typing import Any

from civarchive.check.models import Report

# Design §4 lists these top-level keys in this order; the model's extra fields follow.
CONTRACT_KEYS = ("schema_version", "tool", "spec", "as_of", "summary", "indicators", "findings")


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data, contract keys first."""
    data = report.model_dump(mode="json")
    ordered = {key: data[key] for key in CONTRACT_KEYS}
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


def render(report: Report, *, color: bool = False) -> bytes:
    """The report as UTF-8 JSON (Chinese kept readable, two-space indent, final newline)."""
    del color  # JSON is never coloured
    text = json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
    # "replace": a lone surrogate from an undecodable file name must not crash the render.
    return text.encode("utf-8", errors="replace")
