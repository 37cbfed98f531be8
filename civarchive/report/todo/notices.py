"""催办单: the to-do list as a Word document, one page per owner, ready to print or send.

A small self-contained document (python-docx's default template, Chinese fonts set here),
independent of the dossier's styles; same report, same bytes.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document as DocumentObject
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from civarchive.check.models import Report
from civarchive.check.todo import TodoItem, by_owner, due_state, gap_line, nothing_outstanding
from civarchive.display import xml_safe
from civarchive.i18n import Lang
from civarchive.reproducible import fixed_datetime, normalize_zip

ZH: Lang = "zh"
SONG, HEI, FANGSONG = "宋体", "黑体", "仿宋"
RED = RGBColor(0xC0, 0x00, 0x00)
TITLE = "催办单"
# Widths in cm: together the A4 text width (21 cm less two 2.5 cm margins).
COLUMNS = (("序号", 1.3), ("指标", 3.8), ("缺什么", 6.1), ("截止日期", 2.8), ("状态", 2.0))
TABLE_SIZE = 10.5  # 五号
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def render(report: Report, items: list[TodoItem]) -> bytes:
    """One 催办单 per owner (in the order of their most urgent gap), each on its own page."""
    document = _new_document(report)
    groups = by_owner(items)
    if not groups:
        _heading(document, report, first=True)
        _line(document, nothing_outstanding(ZH))
    for index, owner_items in enumerate(groups):
        _notice(document, report, owner_items, first=index == 0)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


def _new_document(report: Report) -> DocumentObject:
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.5)
    # Theme fonts override w:eastAsia in Word: drop them so 宋体/黑体/仿宋 apply.
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
    normal = document.styles["Normal"]
    normal.font.size = Pt(14)
    _fonts(normal.element, FANGSONG)
    _fonts(document.styles["Table Grid"].element, SONG)
    when = fixed_datetime(report.as_of)
    props = document.core_properties
    props.title = f"{xml_safe(report.spec.title)} {TITLE}"
    props.author = props.last_modified_by = "civarchive"
    props.comments = props.keywords = props.subject = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = when
    return document


def _fonts(element: Any, east_asia: str) -> None:
    """Latin Times New Roman, East Asian ``east_asia``, simplified-Chinese glyph forms."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _cell_paragraph(cell: Any, width: float, *, center: bool) -> Any:
    cell.width = Cm(width)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _run(paragraph: Any, text: str, *, font: str, size: float, bold: bool = False) -> Any:
    run = paragraph.add_run(xml_safe(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    _fonts(run._element, font)
    return run


def _line(document: DocumentObject, text: str, *, indent: bool = False) -> Any:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(6)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)
    _run(paragraph, text, font=FANGSONG, size=14)
    return paragraph


def _heading(document: DocumentObject, report: Report, *, first: bool) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = not first
    title.paragraph_format.space_after = Pt(6)
    _run(title, TITLE, font=HEI, size=22, bold=True)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(18)
    _run(subtitle, report.spec.title, font=SONG, size=14)


def _date(report: Report) -> str:
    day = report.as_of
    return f"{day.year}年{day.month}月{day.day}日"


def _notice(
    document: DocumentObject, report: Report, items: list[TodoItem], *, first: bool
) -> None:
    head = items[0]
    overdue = sum(1 for i in items if i.overdue)
    _heading(document, report, first=first)
    department = head.owner_name or head.owner or "未指定责任人"
    if head.owner and head.owner_name:
        department += f"（{head.owner}）"
    _line(document, f"部门：{department}")
    if head.owner_contact:
        _line(document, f"联系人：{head.owner_contact}")
    _line(document, f"截至：{_date(report)}　　共 {len(items)} 项未齐，其中逾期 {overdue} 项")
    _line(
        document,
        f"根据《{report.spec.title}》材料收集要求，贵部门负责的下列材料尚未齐全，"
        "请于截止日期前报送材料组；已逾期的请尽快补齐。",
        indent=True,
    )
    _table(document, items)
    _line(document, "")
    _line(document, "材料组（签章）：______________　　日期：__________")
    _line(document, "部门签收：______________　　　　日期：__________")


def _table(document: DocumentObject, items: list[TodoItem]) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed widths in the grid as well as in each cell: Word reads the cells, LibreOffice the grid.
    table.autofit = False
    for column, (_, width) in zip(table.columns, COLUMNS, strict=True):
        column.width = Cm(width)
    _repeat_header(table.rows[0])
    for cell, (name, width) in zip(table.rows[0].cells, COLUMNS, strict=True):
        paragraph = _cell_paragraph(cell, width, center=True)
        _run(paragraph, name, font=HEI, size=TABLE_SIZE)
    for number, item in enumerate(items, start=1):
        values = (
            str(number),
            f"{item.indicator} {item.indicator_title}",
            gap_line(item, ZH),
            item.due.isoformat() if item.due else "—",
            due_state(item, ZH),
        )
        cells = table.add_row().cells
        for index, (cell, value, (_, width)) in enumerate(zip(cells, values, COLUMNS, strict=True)):
            paragraph = _cell_paragraph(cell, width, center=index in (0, 3, 4))
            run = _run(
                paragraph, value, font=SONG, size=TABLE_SIZE, bold=index == 4 and item.overdue
            )
            if index == 4 and item.overdue:
                run.font.color.rgb = RED


def _repeat_header(row: Any) -> None:
    """The header row is printed again at the top of each page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
