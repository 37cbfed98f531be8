"""归档文件目录.xlsx: the DA/T 22-2015 catalog, one row per 件 in 档号 order, deterministic bytes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from civarchive.bind.describe import SOURCE_LABELS_ZH
from civarchive.bind.models import Item, Volume
from civarchive.bind.numbering import code_key
from civarchive.bind.volume.text import duration_text
from civarchive.display import xml_safe
from civarchive.kinds import KIND_LABELS_ZH, Kind
from civarchive.reproducible import save_workbook

# The contract's columns (design §6) and their widths in characters; then the volume each 件
# is bound in and where its 题名 and 责任者 came from (design §6 rules, issue 10).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("档号", 24),
    ("全宗号", 8),
    ("年度", 6),
    ("保管期限", 9),
    ("机构(问题)", 10),
    ("件号", 6),
    ("文号", 16),
    ("责任者", 16),
    ("题名", 44),
    ("日期", 10),
    ("页数", 6),
    ("页号", 6),
    ("密级", 8),
    ("指标", 22),
    ("照片号", 10),
    ("摄影者", 10),
    ("时长", 9),
    ("备注", 10),
    ("路径", 60),
    ("卷", 20),
    ("题名来源", 9),
    ("责任者来源", 10),
)
TEXT_COLUMNS = frozenset({"档号", "全宗号", "年度", "日期", "照片号", "时长"})
"""Kept as text: 20230512 or 0001 as numbers would lose their form in an archive system."""
ALL_SHEET = "归档文件目录"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def render_catalog(
    volumes: list[Volume], *, when: dt.datetime, title: str = "归档文件目录"
) -> bytes:
    """The catalog workbook as bytes: a sheet of every 件 in 档号 order (natural order of
    numbers), then one sheet per volume, also in 档号 order. 序号 is the 件's number in its
    volume's 卷内目录, so a row leads to the printed page; 卷 names the volume."""
    from openpyxl import Workbook

    workbook = Workbook()
    rows = [(item, volume) for volume in volumes for item in volume.items]
    _fill(workbook.active, ALL_SHEET, rows)
    used = {ALL_SHEET}
    for volume in volumes:
        sheet = workbook.create_sheet()
        name = _sheet_title(volume.file_stem, used)
        _fill(sheet, name, [(item, volume) for item in volume.items])
    props = workbook.properties
    props.title = title
    props.creator = "civarchive"
    props.lastModifiedBy = "civarchive"
    props.created = when
    props.modified = when
    return save_workbook(workbook)


def _fill(sheet: Any, name: str, rows: list[tuple[Item, Volume]]) -> None:
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.title = name
    sheet.append([head for head, _ in COLUMNS])
    bold = Font(name="宋体", bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    text_columns = {n for n, (head, _) in enumerate(COLUMNS) if head in TEXT_COLUMNS}
    rows = sorted(rows, key=lambda row: (code_key(row[0].code), row[0].number))
    # Each row's cells are made whole before they are appended: reading a row back
    # (sheet[n]) scans every cell of the sheet, which made the catalog quadratic.
    for item, volume in rows:
        cells: list[Any] = []
        for index, value in enumerate(_row(item, volume)):
            if value == "" or value is None:
                # An empty cell is left out of the XML (a third of a row is often empty).
                cells.append(None)
                continue
            # Names from the archive may hold control characters XML cannot carry: escaped.
            cell = Cell(sheet, value=xml_safe(value) if isinstance(value, str) else value)
            # openpyxl takes text starting with "=" for a formula; a file name is never one.
            if cell.data_type == "f":
                cell.data_type = "s"
            if index in text_columns:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"


def _row(item: Item, volume: Volume) -> list[object]:
    media = item.kind in (Kind.VIDEO, Kind.AUDIO)
    parts = item.code_parts
    span = volume.paging.item(item) if volume.paging is not None else None
    return [
        item.number,
        item.code,
        parts.fonds if parts else "",
        str(parts.year) if parts and parts.year is not None else "",
        item.retention,
        parts.org if parts else "",
        parts.item if parts else None,
        item.doc_number,
        item.responsible,
        item.title,
        item.date,
        # 页数 and 页号: the 件's pages in its volume once planned, else its own page count.
        span.pages if span is not None else item.pages,
        span.start if span is not None else None,
        item.secrecy,
        item.indicator_title,
        item.photo_number,
        item.photographer,
        duration_text(item.evidence.duration_seconds) if media else "",
        "" if item.kind == Kind.DOCUMENT else KIND_LABELS_ZH.get(item.kind, ""),
        item.path,
        volume.file_stem,
        SOURCE_LABELS_ZH.get(item.title_source, ""),
        SOURCE_LABELS_ZH.get(item.responsible_source, ""),
    ]


def _sheet_title(stem: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = _SHEET_BAD.sub("_", stem).strip("'") or "卷"
    name, number = base[:31], 1
    while name.casefold() in {u.casefold() for u in used}:
        number += 1
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name)
    return name
