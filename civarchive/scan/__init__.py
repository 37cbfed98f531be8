"""The scan stage: inventory an archive folder (type, date, pixels, duration, pages, captions, hash).

The models are in ``civarchive.scan.models``; this package's own import stays light, since
it is all an unchanged archive's re-scan loads (see engine.py).
"""

from __future__ import annotations

from typing import Any

from civarchive.scan.engine import WalkedArchive, inventory_of, scan, walk_archive, write_scan

__all__ = [
    "WalkedArchive",
    "inventory_of",
    "inventory_schema",
    "scan",
    "walk_archive",
    "write_scan",
]


def inventory_schema() -> dict[str, Any]:
    """The JSON Schema of ``scan --format json`` (checked in as schemas/inventory.schema.json)."""
    from civarchive.scan.models import Inventory

    schema = Inventory.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://civarchive.invalid/schemas/inventory.schema.json"
    return schema
