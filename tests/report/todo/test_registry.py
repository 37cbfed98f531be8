"""Every todo format has a renderer and an extension; the plain table is todo's text."""

from __future__ import annotations

from civarchive.check.todo import todo, todo_text
from civarchive.formats import RULES
from civarchive.report.todo import RENDERERS, TodoFormat, render_todo
from tests.report.conftest import build_report


def test_every_format_has_a_renderer_and_an_extension() -> None:
    assert set(RENDERERS) == set(TodoFormat)
    assert set(RULES[TodoFormat].suffixes.values()) == set(TodoFormat)


def test_table_is_the_plain_text() -> None:
    report = build_report()
    items = todo(report)
    assert render_todo(report, items, TodoFormat.TABLE) == todo_text(items).encode("utf-8")
