"""The scan stage: inventory an archive folder (type, date, pixels, duration, pages, captions, hash)."""

from __future__ import annotations

from typing import Any

from civarchive.scan.engine import scan, scan_json
from civarchive.scan.extract import EXTRACTOR_VERSION
from civarchive.scan.models import Caption, DateSource, Evidence, Inventory

__all__ = [
    "scan_json",
    "EXTRACTOR_VERSION",
    "Caption",
    "DateSource",
    "Evidence",
    "Inventory",
    "inventory_schema",
    "scan",
]


def inventory_schema() -> dict[str, Any]:
    """The JSON Schema of ``scan --format json`` (checked in as schemas/inventory.schema.json)."""
    schema = Inventory.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://civarchive.invalid/schemas/inventory.schema.json"
    return schema
