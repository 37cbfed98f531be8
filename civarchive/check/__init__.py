"""The check stage: match evidence to indicators; statuses, completeness, findings, exit code, to-do."""

from __future__ import annotations

from civarchive.check.evaluate import check, gap_text
from civarchive.check.models import (
    CategoryInfo,
    IndicatorResult,
    OwnerInfo,
    Report,
    RequirementResult,
    SpecInfo,
    Status,
    Summary,
    ToolInfo,
)
from civarchive.check.outcome import exit_code, summary_line
from civarchive.check.resolve import Resolution, resolve_folders
from civarchive.check.todo import TodoItem, todo, todo_text

__all__ = [
    "CategoryInfo",
    "IndicatorResult",
    "OwnerInfo",
    "Report",
    "RequirementResult",
    "Resolution",
    "SpecInfo",
    "Status",
    "Summary",
    "TodoItem",
    "ToolInfo",
    "check",
    "exit_code",
    "gap_text",
    "resolve_folders",
    "summary_line",
    "todo",
    "todo_text",
]
