"""The spec's JSON Schema, for editors (yaml-language-server) and `civarchive spec schema`."""

from __future__ import annotations

import json
from typing import Any

from civarchive.spec.models import Spec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "civarchive spec (civarchive.yaml)"
SCHEMA_DESCRIPTION = (
    "civarchive 测评体系规范：每个测评内容（指标）需要哪些证据 / "
    "civarchive spec: the evidence each indicator of an assessment system needs"
)


def spec_schema() -> dict[str, Any]:
    """The JSON Schema of a spec file: pydantic's schema of Spec with a dialect, title and description."""
    schema = Spec.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "title": SCHEMA_TITLE,
        "description": SCHEMA_DESCRIPTION,
        **{k: v for k, v in schema.items() if k not in {"title", "description"}},
    }


def spec_schema_json() -> str:
    """The schema as stable, readable JSON text ending with a newline (what `spec schema` prints)."""
    return json.dumps(spec_schema(), ensure_ascii=False, indent=2) + "\n"
