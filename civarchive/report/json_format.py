"""The `json` format: the report contract of design §4, keys in the contract's order."""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic_core import PydanticSerializationError

from civarchive.check.models import Report

# Design §4 lists these top-level keys in this order; the model's extra fields follow.
CONTRACT_KEYS = ("schema_version", "tool", "spec", "as_of", "summary", "indicators", "findings")


def to_dict(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data, contract keys first."""
    data = report.model_dump(mode="json")
    ordered = {key: data[key] for key in CONTRACT_KEYS}
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


def render(
    report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> bytes:
    """The report as UTF-8 JSON (Chinese kept readable, two-space indent, final newline).

    The bytes are those of ``json.dumps(to_dict(report), ensure_ascii=False, indent=2)``;
    pydantic's serializer writes them (its indenting is native code, ``json.dumps``'s is
    Python: a third of a 100,000-file check), field by field in the contract's order. A
    report holding what the two write differently — a float Python writes with an exponent,
    or a lone surrogate from an undecodable file name — takes ``json.dumps`` itself.
    """
    del color, verbose, width  # JSON is never coloured or wrapped, and lists everything
    if _same_either_way(report):
        try:
            return _native(report)
        except (PydanticSerializationError, UnicodeError):
            pass
    text = json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
    # "replace": a lone surrogate from an undecodable file name must not crash the render.
    return text.encode("utf-8", errors="replace")


def _native(report: Report) -> bytes:
    to_json = report.__pydantic_serializer__.to_json
    keys = [*CONTRACT_KEYS, *(k for k in type(report).model_fields if k not in CONTRACT_KEYS)]
    members = []
    for key in keys:
        # {"key": value} indented two spaces: the member is what lies between the braces.
        member = to_json(report, indent=2, include={key})
        members.append(member[2:-2])
    return b"{\n" + b",\n".join(members) + b"\n}\n"


def _same_either_way(report: Report) -> bool:
    """Whether every float of the report is written alike by Python and by pydantic (both
    write 97.5 and 0.9767; they differ on exponents: 1e-05 against 1e-5)."""
    s = report.summary
    floats = [s.points_total, s.points_complete, s.completeness]
    floats += [indicator.points for indicator in report.indicators]
    return all(math.isfinite(value) and "e" not in repr(value) for value in floats)
