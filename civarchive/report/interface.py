"""The report stage's interface: the output formats and the one signature every renderer has."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from civarchive.check.models import Report


class ReportFormat(StrEnum):
    """Output formats of `check` and `report` (design §5)."""

    TABLE = "table"
    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


class Renderer(Protocol):
    """Turn a report into the bytes of one format; ``color`` only matters for the table."""

    def __call__(self, report: Report, *, color: bool = False) -> bytes: ...
