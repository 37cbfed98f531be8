"""Render the to-do list (挂账销号): plain text, Markdown, an XLSX workbook, DOCX notices (催办单)."""

from __future__ import annotations

from collections.abc import Callable

from civarchive.check.models import Report
from civarchive.check.todo import TodoItem, todo_text
from civarchive.formats import TodoFormat

__all__ = ["RENDERERS", "TodoFormat", "render_todo"]


TodoRenderer = Callable[[Report, list[TodoItem]], bytes]


def _table(report: Report, items: list[TodoItem]) -> bytes:
    del report
    return todo_text(items).encode("utf-8")


def _markdown(report: Report, items: list[TodoItem]) -> bytes:
    from civarchive.report.todo import markdown

    return markdown.render(report, items)


def _xlsx(report: Report, items: list[TodoItem]) -> bytes:
    # openpyxl and python-docx take a while to import: only for the formats that need them.
    from civarchive.report.todo import xlsx

    return xlsx.render(report, items)


def _docx(report: Report, items: list[TodoItem]) -> bytes:
    from civarchive.report.todo import notices

    return notices.render(report, items)


RENDERERS: dict[TodoFormat, TodoRenderer] = {
    TodoFormat.TABLE: _table,
    TodoFormat.MARKDOWN: _markdown,
    TodoFormat.XLSX: _xlsx,
    TodoFormat.DOCX: _docx,
}


def render_todo(report: Report, items: list[TodoItem], fmt: TodoFormat) -> bytes:
    """The to-do ``items`` of ``report`` in format ``fmt``, fully rendered."""
    return RENDERERS[TodoFormat(fmt)](report, items)
