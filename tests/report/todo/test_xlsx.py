"""The to-do workbook, reopened with openpyxl: every gap, then a sheet per owner."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from civarchive.check.todo import todo
from civarchive.report.todo import TodoFormat, render_todo
from tests.report.conftest import build_report


def test_workbook_content() -> None:
    report = build_report()
    data = render_todo(report, todo(report), TodoFormat.XLSX)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["待办", "办公室", "宣传部"]
    rows = [list(r) for r in book["待办"].iter_rows(values_only=True)]
    assert rows == [
        ["责任人", "联系人", "截止日期", "状态", "指标编号", "指标名称", "缺什么", "还差", "已有"],
        [
            "办公室",
            None,
            dt.datetime(2023, 3, 31),
            "已逾期",
            "2.1",
            "领导班子建设",
            "缺：班子会议纪要 4 份，现有 0 份",
            4,
            0,
        ],
        [
            "宣传部",
            "张三",
            dt.datetime(2023, 6, 30),
            "已逾期",
            "1.1",
            "理想信念教育",
            "缺：2023年度学习计划 1 份，现有 0 份",
            1,
            0,
        ],
        [
            "宣传部",
            "张三",
            dt.datetime(2023, 6, 30),
            "已逾期",
            "1.1",
            "理想信念教育",
            "缺：学习活动照片 4 张，现有 2 张",
            2,
            2,
        ],
    ]
    owner = [list(r) for r in book["宣传部"].iter_rows(values_only=True)]
    assert owner[0] == ["截止日期", "状态", "指标编号", "指标名称", "缺什么", "还差", "已有"]
    assert len(owner) == 3
    sheet = book["待办"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    assert sheet["D2"].fill.start_color.rgb.endswith("FFC7CE")
    assert sheet["C2"].number_format == "yyyy-mm-dd"


def test_same_report_same_bytes() -> None:
    report = build_report()
    items = todo(report)
    assert render_todo(report, items, TodoFormat.XLSX) == render_todo(
        report, items, TodoFormat.XLSX
    )
