"""催办单 reopened with python-docx: one page per owner, overdue first, Chinese fonts, same bytes."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from civarchive.check.todo import todo
from civarchive.report.todo import TodoFormat, render_todo
from tests.report.conftest import build_report, build_tiny_report


def _document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_one_notice_per_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "en")  # the notice is Chinese whatever the locale
    report = build_report()
    document = _document(render_todo(report, todo(report), TodoFormat.DOCX))
    titles = [p for p in document.paragraphs if p.text == "催办单"]
    assert len(titles) == 2
    assert [p.paragraph_format.page_break_before for p in titles] == [False, True]
    texts = [p.text for p in document.paragraphs]
    assert "部门：办公室（bgs）" in texts
    assert "部门：宣传部（xcb）" in texts
    assert "联系人：张三" in texts
    assert "截至：2023年7月1日\u3000\u3000共 2 项未齐，其中逾期 2 项" in texts
    assert texts.index("部门：办公室（bgs）") < texts.index("部门：宣传部（xcb）")
    office, publicity = document.tables
    assert [[c.text for c in row.cells] for row in office.rows] == [
        ["序号", "指标", "缺什么", "截止日期", "状态"],
        ["1", "2.1 领导班子建设", "缺：班子会议纪要 4 份，现有 0 份", "2023-03-31", "已逾期"],
    ]
    assert [row.cells[2].text for row in publicity.rows[1:]] == [
        "缺：2023年度学习计划 1 份，现有 0 份",
        "缺：学习活动照片 4 张，现有 2 张",
    ]
    header = office.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None
    status = office.rows[1].cells[4].paragraphs[0].runs[0]
    assert status.font.bold is True
    assert str(status.font.color.rgb) == "C00000"


def test_chinese_fonts_are_set() -> None:
    report = build_report()
    document = _document(render_todo(report, todo(report), TodoFormat.DOCX))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"
    assert normal.get(qn("w:asciiTheme")) is None
    title_run = next(p for p in document.paragraphs if p.text == "催办单").runs[0]
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert title_run._element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_same_report_same_bytes_and_properties() -> None:
    report = build_report()
    items = todo(report)
    first = render_todo(report, items, TodoFormat.DOCX)
    assert first == render_todo(report, items, TodoFormat.DOCX)
    props = _document(first).core_properties
    assert props.title == "第七届全国文明单位创建资料 催办单"
    assert props.author == "civarchive"


def test_nothing_outstanding_is_one_page() -> None:
    document = _document(render_todo(build_tiny_report(), [], TodoFormat.DOCX))
    assert [p.text for p in document.paragraphs] == [
        "催办单",
        "Demo",
        "没有待办事项：所有要求均已满足。",
    ]
    assert document.tables == []
