"""The spec stage: find and load civarchive.yaml into validated models (design §3)."""

from __future__ import annotations

from civarchive.spec.init import REQUIREMENTS_FILE_NAME, init_archive
from civarchive.spec.loader import SPEC_FILE_NAME, describe_spec, find_spec, load_spec
from civarchive.spec.models import (
    CaptionPolicy,
    Category,
    Defaults,
    IncludeFile,
    Indicator,
    KindDefaults,
    Owner,
    Period,
    Requirement,
    RequirementKind,
    Retention,
    Spec,
    Waiver,
)
from civarchive.spec.schema import spec_schema, spec_schema_json

__all__ = [
    "REQUIREMENTS_FILE_NAME",
    "SPEC_FILE_NAME",
    "CaptionPolicy",
    "Category",
    "Defaults",
    "IncludeFile",
    "Indicator",
    "KindDefaults",
    "Owner",
    "Period",
    "Requirement",
    "RequirementKind",
    "Retention",
    "Spec",
    "Waiver",
    "describe_spec",
    "find_spec",
    "init_archive",
    "load_spec",
    "spec_schema",
    "spec_schema_json",
]
