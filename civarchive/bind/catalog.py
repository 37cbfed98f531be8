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


def render_catalog(
    volumes: list[Volume], *, when: dt.datetime, title: str = "归档文件目录"
) -> bytes:
    """The catalog workbook as bytes; 序号 runs across all volumes."""
    from openpyxl import Workbook
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
    for volume in volumes:
        for item in volume.items:
            number += 1
            # Names from the archive may hold control characters XML cannot carry: escaped.
            sheet.append([xml_safe(v) if isinstance(v, str) else v for v in _row(number, item)])
            # openpyxl takes text starting with "=" for a formula; a file name is never one.
            for cell in sheet[number + 1]:
                if cell.data_type == "f":
                    cell.data_type = "s"
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # 日期 must stay text (YYYYMMDD): a number would lose leading structure in imports.
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "@"
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
