"""The spec JSON Schema: checked in fresh, bilingual descriptions everywhere, and it accepts valid specs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from civarchive.spec.schema import spec_schema, spec_schema_json
from tests.spec.helpers import ASSETS

CHECKED_IN = Path(__file__).resolve().parents[2] / "schemas" / "spec.schema.json"


def test_checked_in_schema_is_fresh() -> None:
    # If this fails, run: civarchive spec schema -o schemas/spec.schema.json
    assert json.loads(CHECKED_IN.read_text(encoding="utf-8")) == spec_schema()
    assert CHECKED_IN.read_text(encoding="utf-8") == spec_schema_json()


def test_schema_output_is_stable_and_readable() -> None:
    text = spec_schema_json()
    assert text == spec_schema_json()
    assert text.endswith("}\n")
    assert "测评项目" in text  # ensure_ascii=False keeps Chinese readable
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"]
    assert " / " in schema["description"]
    jsonschema.Draft202012Validator.check_schema(schema)


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(f"#/{name}", prop) for name, prop in schema.get("properties", {}).items()]
    for model, definition in schema.get("$defs", {}).items():
        found += [
            (f"{model}.{name}", prop) for name, prop in definition.get("properties", {}).items()
        ]
    return found


def test_every_property_has_a_chinese_and_english_description() -> None:
    properties = _properties(spec_schema())
    assert len(properties) > 50
    for where, prop in properties:
        description = prop.get("description", "")
        zh, _, en = description.partition(" / ")
        assert zh, f"{where} lacks a 'zh / en' description: {description!r}"
        assert en, f"{where} lacks the English half: {description!r}"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), (
            f"{where}: no Chinese in {description!r}"
        )


def test_nested_fields_are_described() -> None:
    defs = spec_schema()["$defs"]
    assert defs["Period"]["properties"]["start"]["description"].startswith("开始日期")
    assert defs["KindDefaults"]["properties"]["caption"]["description"]


def test_kind_accepts_chinese_aliases() -> None:
    kind = spec_schema()["$defs"]["Requirement"]["properties"]["kind"]
    assert {
        "document",
        "photo",
        "video",
        "audio",
        "any",
        "文件",
        "文档",
        "照片",
        "视频",
        "音频",
        "录音",
        "任意",
    } <= set(kind["enum"])


def _as_json(value: Any) -> Any:
    # YAML reads unquoted dates as date objects; JSON (and editors) see them as strings.
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("asset", ["design_example.yaml"])
def test_schema_accepts_the_design_example(asset: str) -> None:
    data = _as_json(yaml.safe_load((ASSETS / asset).read_text(encoding="utf-8")))
    jsonschema.validate(data, spec_schema())


def test_schema_accepts_numeric_ids_and_rejects_unknown_keys() -> None:
    schema = spec_schema()
    spec = {
        "civarchive": 1,
        "title": "t",
        "unit": "u",
        "period": {"start": "2021-01-01", "end": "2023-12-31"},
        "categories": [
            {
                "id": 1,
                "title": "c",
                "indicators": [
                    {"id": 1.1, "title": "i", "requires": [{"kind": "照片", "what": "w"}]}
                ],
            }
        ],
    }
    jsonschema.validate(spec, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**spec, "tilte": "x"}, schema)
