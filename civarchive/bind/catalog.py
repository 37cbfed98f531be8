"""归档文件目录.xlsx: the DA/T 22-2015 catalog, one row per 件, deterministic bytes."""

from __future__ import annotations

import datetime as dt

from civarchive.bind.models import Item, Volume
from civarchive.display import xml_safe
from civarchive.kinds import KIND_LABELS_ZH, Kind
from civarchive.ooxml import save_workbook

# The contract's columns (design §6) and their widths in characters.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("档号", 22),
    ("文号", 16),
    ("责任者", 18),
    ("题名", 48),
    ("日期", 10),
    ("密级", 6),
    ("页数", 6),
    ("备注", 12),
    ("保管期限", 9),
    ("路径", 60),
)
DATE_COLUMN = 6


def render_catalog(
    volumes: list[Volume], *, when: dt.datetime, title: str = "归档文件目录"
) -> bytes:
    """The catalog workbook as bytes; 序号 runs across all volumes."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "归档文件目录"
    sheet.append([name for name, _ in COLUMNS])
    bold = Font(name="宋体", bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    number = 0
    # Each row's cells are made whole before they are appended: reading a row back
    # (sheet[n]) scans every cell of the sheet, which made the catalog quadratic.
    for volume in volumes:
        for item in volume.items:
            number += 1
            row = []
            for index, value in enumerate(_row(number, item), start=1):
                # Names from the archive may hold control characters XML cannot carry: escaped.
                cell = Cell(sheet, value=xml_safe(value) if isinstance(value, str) else value)
                # openpyxl takes text starting with "=" for a formula; a file name is never one.
                if cell.data_type == "f":
                    cell.data_type = "s"
                # 日期 must stay text (YYYYMMDD): a number would lose leading structure in imports.
                if index == DATE_COLUMN:
                    cell.number_format = "@"
                row.append(cell)
            sheet.append(row)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if number:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{number + 1}"
    props = workbook.properties
    props.title = title
    props.creator = "civarchive"
    props.lastModifiedBy = "civarchive"
    props.created = when
    props.modified = when
    return save_workbook(workbook)


def _row(number: int, item: Item) -> list[object]:
    return [
        number,
        item.code,
        item.doc_number,
        item.responsible,
        item.title,
        item.date,
        "",
        item.pages,
        "" if item.kind == Kind.DOCUMENT else KIND_LABELS_ZH.get(item.kind, ""),
        item.retention,
        item.path,
    ]
