"""The checked-in inventory JSON Schema is fresh and validates real scan output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from civarchive.scan import inventory_schema, scan
from civarchive.scan.render import render_json
from tests.factories import make_caption_csv, make_jpeg

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schemas" / "inventory.schema.json"


def test_checked_in_schema_is_fresh() -> None:
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == inventory_schema(), (
        "regenerate schemas/inventory.schema.json (see docs/scan.md)"
    )


def test_scan_output_validates(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_caption_csv(
        archive / "captions.csv",
        [["a.jpg", "题名", "2022", "", "", "", ""], ["x.jpg", "孤儿", "", "", "", "", ""]],
    )
    (archive / "empty.pdf").write_bytes(b"")
    data = json.loads(render_json(scan(archive, use_cache=False, progress=False)))
    jsonschema.validate(data, inventory_schema())
