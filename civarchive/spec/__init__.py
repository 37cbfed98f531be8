"""The spec stage: find and load civarchive.yaml into validated models (design §3)."""

from __future__ import annotations

from civarchive.spec.loader import SPEC_FILE_NAME, find_spec, load_spec
from civarchive.spec.models import (
    CaptionPolicy,
    Category,
    Defaults,
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

__all__ = [
    "SPEC_FILE_NAME",
    "CaptionPolicy",
    "Category",
    "Defaults",
    "Indicator",
    "KindDefaults",
    "Owner",
    "Period",
    "Requirement",
    "RequirementKind",
    "Retention",
    "Spec",
    "Waiver",
    "find_spec",
    "load_spec",
]
