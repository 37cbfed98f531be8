"""The to-do list as an XLSX workbook: every gap on one sheet, then one sheet per owner."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from civarchive.check.models import Report
from civarchive.check.todo import TodoItem, by_owner, due_state, gap_line
from civarchive.display import xml_safe
from civarchive.i18n import Lang
from civarchive.report.xlsx import UNOWNED_SHEET, sheet_title
from civarchive.reproducible import fixed_datetime, save_workbook

# An office document, Chinese whatever the user's locale (like the 台账 and the dossier).
ZH: Lang = "zh"
ALL_SHEET = "待办"
ALL_HEADERS = [
    "责任人",
    "联系人",
    "截止日期",
    "状态",
    "指标编号",
    "指标名称",
    "缺什么",
    "还差",
    "已有",
]
OWNER_HEADERS = ALL_HEADERS[2:]
OVERDUE_FILL = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
HEADER_FILL = PatternFill(start_color="D9E1F2", end_color="D9E1F2", fill_type="solid")
MAX_WIDTH = 60


def render(report: Report, items: list[TodoItem]) -> bytes:
    """The workbook; the same report gives the same bytes."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None  # a new Workbook always has one sheet
    first.title = ALL_SHEET
    _fill(first, items, with_owner=True)
    used = {ALL_SHEET}
    for owner_items in by_owner(items):
        head = owner_items[0]
        name = head.owner_name or head.owner or UNOWNED_SHEET
        _fill(workbook.create_sheet(sheet_title(name, used)), owner_items, with_owner=False)
    stamp = fixed_datetime(report.as_of)
    workbook.properties.creator = "civarchive"
    workbook.properties.title = f"{report.spec.title} 待办清单"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    return save_workbook(workbook)


def _fill(sheet: Worksheet, items: list[TodoItem], *, with_owner: bool) -> None:
    headers = ALL_HEADERS if with_owner else OWNER_HEADERS
    widths = [_width(h) for h in headers]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for item in items:
        values: list[object] = []
        if with_owner:
            values += [item.owner_name or item.owner or "未指定", item.owner_contact or ""]
        values += [
            item.due,
            due_state(item, ZH),
            item.indicator,
            item.indicator_title,
            gap_line(item, ZH),
            item.need,
            item.have,
        ]
        sheet.append([xml_safe(v) if isinstance(v, str) else v for v in values])
        row = sheet.max_row
        for column, value in enumerate(values, start=1):
            widths[column - 1] = max(widths[column - 1], _width(value))
            cell = sheet.cell(row=row, column=column)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if item.overdue:
                cell.fill = OVERDUE_FILL
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{sheet.max_row}"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 2)


def _width(value: object) -> int:
    if isinstance(value, dt.date):
        return 10
    return max(6, cell_len(str(value or "")))
