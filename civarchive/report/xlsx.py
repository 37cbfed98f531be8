"""The `xlsx` format: the materials group's 台账 (indicators, findings, one sheet per owner)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from rich.cells import cell_len

from civarchive.check.models import IndicatorResult, Report, Status
from civarchive.findings import Severity
from civarchive.i18n import Lang
from civarchive.ooxml import fixed_datetime, normalize_zip
from civarchive.report import presentation as p

# The ledger is a Chinese office document (like the dossier), whatever the user's locale.
ZH: Lang = "zh"
INDICATOR_SHEET = "指标"
FINDING_SHEET = "问题"
UNOWNED_SHEET = "未指定责任人"
INDICATOR_HEADERS = [
    "编号",
    "测评项目",
    "指标名称",
    "分值",
    "责任人",
    "截止日期",
    "状态",
    "已有/应有",
    "缺什么",
]
OWNER_HEADERS = ["编号", "测评项目", "指标名称", "分值", "截止日期", "状态", "已有/应有", "缺什么"]
FINDING_HEADERS = ["级别", "代码", "指标", "路径", "说明", "已豁免", "豁免理由"]

STATUS_FILLS: dict[Status, str] = {
    Status.COMPLETE: "C6EFCE",
    Status.PARTIAL: "FFEB9C",
    Status.MISSING: "FFC7CE",
    Status.NOT_APPLICABLE: "D9D9D9",
}
SEVERITY_FILLS: dict[Severity, str] = {
    Severity.ERROR: "FFC7CE",
    Severity.WARNING: "FFEB9C",
    Severity.INFO: "DDEBF7",
}
HEADER_FILL = "D9E1F2"
MAX_COLUMN_WIDTH = 60
DATE_FORMAT = "yyyy-mm-dd"
# Excel refuses these in sheet names, and names longer than 31 characters.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_TITLE = 31


def render(report: Report, *, color: bool = False) -> bytes:
    """The 台账 workbook; the same report gives the same bytes (fixed dates and zip times)."""
    del color
    workbook = Workbook()
    indicator_sheet = workbook.active
    assert indicator_sheet is not None  # a new Workbook always has one sheet
    indicator_sheet.title = INDICATOR_SHEET
    _fill_indicators(indicator_sheet, report)
    _fill_findings(workbook.create_sheet(FINDING_SHEET), report)
    used = {INDICATOR_SHEET, FINDING_SHEET}
    for title, indicators in _owner_groups(report):
        sheet = workbook.create_sheet(sheet_title(title, used))
        _fill_owner(sheet, report, indicators)
    stamp = fixed_datetime(report.as_of)
    workbook.properties.creator = "civarchive"
    workbook.properties.title = report.spec.title
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    return _save(workbook)


def sheet_title(wanted: str, used: set[str]) -> str:
    """A valid, unused sheet title: no []:*?/\\, at most 31 characters, unique ignoring case."""
    base = _BAD_SHEET_CHARS.sub("_", p.xml_safe(wanted)).strip("'").strip() or UNOWNED_SHEET
    base = base[:MAX_SHEET_TITLE]
    title, n = base, 1
    taken = {name.casefold() for name in used}
    while title.casefold() in taken or title.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
    used.add(title)
    return title


def _save(workbook: Workbook) -> bytes:
    # openpyxl's save_workbook stamps "modified" with the current time; the writer itself does not.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalize_zip(buffer.getvalue())


def _fill_indicators(sheet: Worksheet, report: Report) -> None:
    _header(sheet, INDICATOR_HEADERS)
    for indicator in report.indicators:
        _indicator_row(sheet, report, indicator, with_owner=True)
    _finish(sheet, len(INDICATOR_HEADERS), wrap_last=True)


def _fill_owner(sheet: Worksheet, report: Report, indicators: Sequence[IndicatorResult]) -> None:
    _header(sheet, OWNER_HEADERS)
    for indicator in indicators:
        _indicator_row(sheet, report, indicator, with_owner=False)
    _finish(sheet, len(OWNER_HEADERS), wrap_last=True)


def _indicator_row(
    sheet: Worksheet, report: Report, indicator: IndicatorResult, *, with_owner: bool
) -> None:
    category = next(
        (c.title for c in report.categories if c.id == indicator.category), indicator.category
    )
    if indicator.status is Status.NOT_APPLICABLE:
        missing = f"不适用：{indicator.note}" if indicator.note else "不适用"
    else:
        missing = "\n".join(p.gaps(indicator, ZH))
    values: list[object] = [indicator.id, category, indicator.title, indicator.points]
    if with_owner:
        values.append(p.owner_name(report, indicator.owner))
    values += [
        indicator.due,
        p.status_label(indicator.status, ZH),
        p.counts_text(indicator),
        missing,
    ]
    row = _append(sheet, values)
    status_cell = sheet.cell(row=row, column=len(values) - 2)
    status_cell.fill = _fill(STATUS_FILLS[indicator.status])
    due_cell = sheet.cell(row=row, column=len(values) - 3)
    due_cell.number_format = DATE_FORMAT


def _fill_findings(sheet: Worksheet, report: Report) -> None:
    _header(sheet, FINDING_HEADERS)
    for finding in report.findings:
        row = _append(
            sheet,
            [
                p.severity_label(finding.severity, ZH),
                finding.code.value,
                finding.indicator or "",
                finding.path or "",
                finding.message,
                "是" if finding.waived else "",
                finding.reason or "",
            ],
        )
        sheet.cell(row=row, column=1).fill = _fill(SEVERITY_FILLS[finding.severity])
    _finish(sheet, len(FINDING_HEADERS), wrap_last=False)


def _owner_groups(report: Report) -> list[tuple[str, list[IndicatorResult]]]:
    """(sheet title, indicators) per owner with indicators: report.owners order, then others."""
    by_owner: dict[str | None, list[IndicatorResult]] = {}
    for indicator in report.indicators:
        by_owner.setdefault(indicator.owner, []).append(indicator)
    order: list[str | None] = [o.id for o in report.owners if o.id in by_owner]
    order += [o for o in by_owner if o is not None and o not in order]
    groups = [(p.owner_name(report, owner), by_owner[owner]) for owner in order]
    if None in by_owner:
        groups.append((UNOWNED_SHEET, by_owner[None]))
    return groups


def _header(sheet: Worksheet, headers: list[str]) -> None:
    _append(sheet, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _fill(HEADER_FILL)
        cell.alignment = Alignment(vertical="center")


def _finish(sheet: Worksheet, columns: int, *, wrap_last: bool) -> None:
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(sheet.max_row, 1)}"
    for index in range(1, columns + 1):
        letter = get_column_letter(index)
        widest = max((_width(cell) for cell in sheet[letter]), default=8)
        sheet.column_dimensions[letter].width = min(MAX_COLUMN_WIDTH, widest + 2)
    if wrap_last:
        for cell in sheet[get_column_letter(columns)][1:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(cell: Cell) -> int:
    if isinstance(cell.value, dt.date):
        return 10
    # Chinese characters take two columns; a wrapped cell is as wide as its longest line.
    return max((cell_len(line) for line in str(cell.value or "").splitlines()), default=0)


def _cell_value(value: object) -> object:
    return p.xml_safe(value) if isinstance(value, str) else value


def _append(sheet: Worksheet, values: list[object]) -> int:
    """Append a row of plain values; returns its row number."""
    sheet.append([_cell_value(v) for v in values])
    row: int = sheet.max_row
    for cell in sheet[row]:
        # openpyxl turns text starting with "=" into a formula; a file name is never one.
        if cell.data_type == "f":
            cell.data_type = "s"
    return row


def _fill(rgb: str) -> PatternFill:
    return PatternFill(start_color=rgb, end_color=rgb, fill_type="solid")
