"""The check report (design §4): per-indicator results, findings and a summary."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from civarchive.findings import Finding
from civarchive.kinds import RequirementKind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Status(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


class ToolInfo(_Frozen):
    name: str = "civarchive"
    version: str


class SpecInfo(_Frozen):
    title: str
    unit: str
    path: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class CategoryInfo(_Frozen):
    id: str
    title: str


class OwnerInfo(_Frozen):
    id: str
    name: str
    contact: str | None = None


class Summary(_Frozen):
    indicators: int
    complete: int
    partial: int
    missing: int
    not_applicable: int
    points_total: float
    points_complete: float
    completeness: float = Field(
        description="0..1: Σ points × met/requirements ÷ Σ points over applicable indicators"
    )
    files: int
    errors: int = Field(description="error findings not waived")
    warnings: int = Field(description="warning findings not waived")


class RequirementResult(_Frozen):
    kind: RequirementKind
    what: str
    min: int
    count: int = Field(description="qualifying files counted toward this requirement")
    per_year: bool = False
    met: bool
    files: list[str] = Field(default_factory=list, description="archive-relative paths counted")
    years: dict[str, int] | None = Field(
        default=None, description="per_year: qualifying count per calendar year"
    )
    missing_years: list[int] = Field(default_factory=list, description="per_year: years below min")


class IndicatorResult(_Frozen):
    id: str
    title: str
    category: str
    status: Status
    points: float
    owner: str | None = None
    due: dt.date | None = None
    folders: list[str] = Field(default_factory=list)
    requirements: list[RequirementResult] = Field(default_factory=list)
    note: str | None = Field(
        default=None, description="情况说明 (shown for not-applicable indicators)"
    )
    content: str | None = None
    method: str | None = None


class Report(_Frozen):
    """The JSON report `check --format json` writes; every renderer reads this."""

    schema_version: Literal[1] = 1
    tool: ToolInfo
    spec: SpecInfo
    as_of: dt.date
    strict: bool = False
    owner_filter: str | None = None
    summary: Summary
    categories: list[CategoryInfo] = Field(default_factory=list)
    owners: list[OwnerInfo] = Field(default_factory=list)
    indicators: list[IndicatorResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
