"""The xlsx 台账: reopened with openpyxl; sheets, headers, panes, filters, fills, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from civarchive.check.models import OwnerInfo, Report
from civarchive.findings import Code, Finding, Severity
from civarchive.report import xlsx


def _open(report: Report) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))


def test_byte_identical_renders(report: Report) -> None:
    first = xlsx.render(report)
    assert xlsx.render(report) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        # every entry carries SOURCE_DATE_EPOCH (pinned by conftest), never the current time
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_document_dates_follow_source_date_epoch(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _open(report)  # conftest pins SOURCE_DATE_EPOCH=1700000000
    assert book.properties.created == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert book.properties.modified == book.properties.created
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert _open(report).properties.created == dt.datetime(2023, 7, 1)  # the report's as-of date


def test_sheets(report: Report) -> None:
    assert _open(report).sheetnames == ["指标", "问题", "宣传部", "办公室", "未指定责任人"]


def test_indicator_sheet(report: Report) -> None:
    sheet = _open(report)["指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "编号",
        "测评项目",
        "指标名称",
        "分值",
        "责任人",
        "截止日期",
        "状态",
        "已有/应有",
        "缺什么",
    )
    assert rows[1] == (
        "1.1",
        "思想道德建设",
        "理想信念教育",
        4,
        "宣传部",
        dt.datetime(2023, 6, 30),
        "部分",
        "4/7",
        "缺：年度学习计划 每年 1 份，2023 年现有 0 份\n缺：学习活动照片 4 张，现有 2 张",
    )
    assert rows[4][6:] == ("不适用", None, "不适用：本单位无行政执法职能")
    assert len(rows) == 6
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I6"
    assert sheet["F2"].number_format == "yyyy-mm-dd"
    fills = {sheet[f"G{row}"].value: sheet[f"G{row}"].fill.fgColor.rgb for row in range(2, 7)}
    assert fills == {
        "部分": "00FFEB9C",
        "完成": "00C6EFCE",
        "缺失": "00FFC7CE",
        "不适用": "00D9D9D9",
    }
    assert sheet["A1"].font.bold
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCI"}
    assert all(width and width >= 6 for width in widths.values())
    assert widths["I"] > widths["A"]


def test_finding_sheet(report: Report) -> None:
    sheet = _open(report)["问题"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("级别", "问题类型", "代码", "指标", "路径", "说明", "已豁免", "豁免理由")
    assert len(rows) == 1 + len(report.findings)
    waived = next(row for row in rows if row[2] == "low_resolution")
    assert waived[1] == "分辨率过低"
    assert waived[6:] == ("是", "2021年翻拍的历史照片")
    # The Chinese label beside the code (design §4): the code stays for filters and waivers.
    assert rows[1][:4] == ("错误", "逾期未交", "overdue", "2.1")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H8"
    assert sheet["A2"].fill.fgColor.rgb == "00FFC7CE"


def test_owner_sheets_hold_their_indicators(report: Report) -> None:
    book = _open(report)
    office = list(book["办公室"].iter_rows(values_only=True))
    assert office[0] == (
        "编号",
        "测评项目",
        "指标名称",
        "分值",
        "截止日期",
        "状态",
        "已有/应有",
        "缺什么",
    )
    assert [row[0] for row in office[1:]] == ["2.1", "2.2"]
    assert office[1][-1] == "缺：班子会议纪要 4 份，现有 0 份"
    assert [row[0] for row in book["未指定责任人"].iter_rows(min_row=2, values_only=True)] == [
        "3.1"
    ]
    assert book["宣传部"].freeze_panes == "A2"
    assert book["宣传部"].auto_filter.ref == "A1:H3"


def test_owner_names_become_valid_unique_sheet_titles(report: Report) -> None:
    owners = [
        OwnerInfo(id="xcb", name="宣传部/[精神文明]办公室:*?\\ 创建工作领导小组办公室"),
        OwnerInfo(id="bgs", name="指标"),
    ]
    book = _open(report.model_copy(update={"owners": owners}))
    titles = book.sheetnames
    assert titles[:2] == ["指标", "问题"]
    assert all(len(title) <= 31 and not set("[]:*?/\\") & set(title) for title in titles)
    assert len({title.casefold() for title in titles}) == len(titles)
    assert titles[3] == "指标 (2)"


def test_sheet_title_helper() -> None:
    used: set[str] = {"指标"}
    assert xlsx.sheet_title("'办公室'", used) == "办公室"
    assert xlsx.sheet_title("办公室", used) == "办公室 (2)"
    assert xlsx.sheet_title("History", used) == "History (2)"
    assert xlsx.sheet_title("a" * 40, used) == "a" * 31
    assert xlsx.sheet_title("a" * 40, used) == "a" * 27 + " (2)"
    assert xlsx.sheet_title("///", used) == "___"


def test_hostile_cell_text(tiny_report: Report) -> None:
    hostile = Finding(
        code=Code.BAD_NAME,
        severity=Severity.WARNING,
        path='=HYPERLINK("http://x")\x01\udcff.jpg',
        message="bad\x07name",
    )
    sheet = _open(tiny_report.model_copy(update={"findings": [hostile]}))["问题"]
    assert sheet["E2"].value == '=HYPERLINK("http://x")\\x01\\xdcff.jpg'
    assert sheet["E2"].data_type == "s"  # text, never a formula
    assert sheet["F2"].value == "bad\\x07name"
