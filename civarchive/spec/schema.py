"""The spec's JSON Schema, for editors (yaml-language-server) and `civarchive spec schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civarchive.spec.models import Spec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "civarchive spec (civarchive.yaml)"
SCHEMA_FILE_NAME = "spec.schema.json"
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


def write_schema_beside(spec_path: Path) -> Path | None:
    """Write the schema to ``.civarchive/spec.schema.json`` beside a new spec, where its
    ``# yaml-language-server: $schema=`` line points; None when that folder is not writable
    (the editor then simply offers no completion)."""
    from civarchive.atomic import write_bytes_atomic
    from civarchive.workdir import WORKDIR_NAME, work_dir

    root = spec_path.parent
    if work_dir(root) != (root / WORKDIR_NAME).resolve():
        return None
    target = root / WORKDIR_NAME / SCHEMA_FILE_NAME
    try:
        write_bytes_atomic(target, spec_schema_json().encode("utf-8"))
    except OSError:
        return None
    return target
