"""Every todo format has a renderer; the plain table is todo's text; formats come from -o."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.check.todo import todo, todo_text
from civarchive.errors import UsageError
from civarchive.report.todo import RENDERERS, SUFFIXES, TodoFormat, render_todo, todo_format
from tests.report.conftest import build_report


def test_every_format_has_a_renderer_and_an_extension() -> None:
    assert set(RENDERERS) == set(TodoFormat)
    assert set(SUFFIXES.values()) == set(TodoFormat)


def test_table_is_the_plain_text() -> None:
    report = build_report()
    items = todo(report)
    assert render_todo(report, items, TodoFormat.TABLE) == todo_text(items).encode("utf-8")


@pytest.mark.parametrize(
    ("fmt", "output", "wanted"),
    [
        (None, None, TodoFormat.TABLE),
        ("markdown", None, TodoFormat.MARKDOWN),
        (None, "催办单.docx", TodoFormat.DOCX),
        (None, "待办.XLSX", TodoFormat.XLSX),
        (None, "待办.md", TodoFormat.MARKDOWN),
        (None, "待办", TodoFormat.TABLE),
        ("docx", "催办", TodoFormat.DOCX),
        ("xlsx", "-", TodoFormat.XLSX),
    ],
)
def test_todo_format(fmt: str | None, output: str | None, wanted: TodoFormat) -> None:
    assert todo_format(fmt, Path(output) if output else None) is wanted


def test_binary_formats_refuse_a_terminal() -> None:
    with pytest.raises(UsageError) as raised:
        todo_format("docx", None, terminal=True)
    assert raised.value.message == "docx is binary and cannot be shown in a terminal"
    assert raised.value.hint == "add -o FILE.docx"
    assert todo_format("markdown", None, terminal=True) is TodoFormat.MARKDOWN
