"""The to-do list in Markdown: a section per owner, overdue in bold."""

from __future__ import annotations

import pytest

from civarchive.check.todo import todo
from civarchive.report.todo import TodoFormat, render_todo
from tests.report.conftest import build_report, build_tiny_report


def test_markdown_in_english() -> None:
    report = build_report()
    text = render_todo(report, todo(report), TodoFormat.MARKDOWN).decode("utf-8")
    assert text == (
        "# To do: 第七届全国文明单位创建资料\n"
        "\n"
        "X市人大常委会机关 · as of 2023-07-01 · 3 gaps, 3 overdue\n"
        "\n"
        "## 办公室 (bgs)\n"
        "\n"
        "| Due | Indicator | Missing |\n"
        "| --- | --- | --- |\n"
        "| **due 2023-03-31 (overdue)** | 2.1 领导班子建设 | missing: 班子会议纪要 — 0 of 4 documents |\n"
        "\n"
        "## 宣传部 (xcb, contact 张三)\n"
        "\n"
        "| Due | Indicator | Missing |\n"
        "| --- | --- | --- |\n"
        "| **due 2023-06-30 (overdue)** | 1.1 理想信念教育 | missing: 年度学习计划 (2023) — 0 of 1 document |\n"
        "| **due 2023-06-30 (overdue)** | 1.1 理想信念教育 | missing: 学习活动照片 — 2 of 4 photos |\n"
    )


def test_markdown_in_chinese_and_nothing_outstanding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = build_report()
    lines = render_todo(report, todo(report, "宣传部"), TodoFormat.MARKDOWN).decode().splitlines()
    assert lines[:3] == [
        "# 待办清单：第七届全国文明单位创建资料",
        "",
        "X市人大常委会机关 · 截至 2023-07-01 · 共 2 项，其中逾期 2 项",
    ]
    assert (
        lines[-1]
        == "| **截止 2023-06-30（已逾期）** | 1.1 理想信念教育 | 缺：学习活动照片 4 张，现有 2 张 |"
    )
    tiny = build_tiny_report()
    empty = render_todo(tiny, [], TodoFormat.MARKDOWN).decode()
    assert empty.endswith("共 0 项，其中逾期 0 项\n\n没有待办事项：所有要求均已满足。\n")
