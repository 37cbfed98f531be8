"""The `xlsx` format: the materials group's 台账 (indicators, findings, one sheet per owner)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from civarchive.check.models import IndicatorResult, Report, Status
from civarchive.display import xml_safe
from civarchive.findings import Severity, code_label, severity_label
from civarchive.i18n import Lang
from civarchive.report import presentation as p
from civarchive.reproducible import fixed_datetime, save_workbook

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
FINDING_HEADERS = ["级别", "问题类型", "代码", "指标", "路径", "说明", "已豁免", "豁免理由"]

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


def render(
    report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> bytes:
    """The 台账 workbook; the same report gives the same bytes (fixed dates and zip times)."""
    del color, verbose, width  # only the table reads them
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
    return save_workbook(workbook)


def sheet_title(wanted: str, used: set[str]) -> str:
    """A valid, unused sheet title: no []:*?/\\, at most 31 characters, unique ignoring case."""
    base = _BAD_SHEET_CHARS.sub("_", xml_safe(wanted)).strip("'").strip() or UNOWNED_SHEET
    base = base[:MAX_SHEET_TITLE]
    title, n = base, 1
    taken = {name.casefold() for name in used}
    while title.casefold() in taken or title.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        title = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
    used.add(title)
    return title


@dataclass(slots=True)
class _Table:
    """One sheet written row by row: a bold header, then data; widths tracked as it goes.

    Rows are counted here because openpyxl's ``max_row`` and column access scan every
    cell, which made a 10,000-finding ledger quadratic.
    """

    sheet: Worksheet
    headers: list[str]
    wrap_last: bool = False
    rows: int = 0
    widths: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.widths = [0] * len(self.headers)
        for cell in self.write(list(self.headers)):
            cell.font = Font(bold=True)
            cell.fill = _fill(HEADER_FILL)
            cell.alignment = _HEADER_ALIGNMENT

    def write(self, values: list[object]) -> list[Cell]:
        """Write the next row of plain values and return its cells."""
        self.rows += 1
        cells = []
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.rows, column=column, value=_cell_value(value))
            # openpyxl turns text starting with "=" into a formula; a file name is never one.
            if cell.data_type == "f":
                cell.data_type = "s"
            self.widths[column - 1] = max(self.widths[column - 1], _width(cell.value))
            cells.append(cell)
        if self.wrap_last and self.rows > 1:
            cells[-1].alignment = _WRAP_ALIGNMENT
        return cells

    def finish(self) -> None:
        """Freeze the header row, filter every column, size the columns to their text."""
        self.sheet.freeze_panes = "A2"
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.headers))}{self.rows}"
        for index, widest in enumerate(self.widths, start=1):
            width = min(MAX_COLUMN_WIDTH, max(widest, 6) + 2)
            self.sheet.column_dimensions[get_column_letter(index)].width = width


def _fill_indicators(sheet: Worksheet, report: Report) -> None:
    table = _Table(sheet, INDICATOR_HEADERS, wrap_last=True)
    for indicator in report.indicators:
        _indicator_row(table, report, indicator, with_owner=True)
    table.finish()


def _fill_owner(sheet: Worksheet, report: Report, indicators: Sequence[IndicatorResult]) -> None:
    table = _Table(sheet, OWNER_HEADERS, wrap_last=True)
    for indicator in indicators:
        _indicator_row(table, report, indicator, with_owner=False)
    table.finish()


def _indicator_row(
    table: _Table, report: Report, indicator: IndicatorResult, *, with_owner: bool
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
    cells = table.write(values)
    cells[-3].fill = _fill(STATUS_FILLS[indicator.status])
    cells[-4].number_format = DATE_FORMAT


def _fill_findings(sheet: Worksheet, report: Report) -> None:
    table = _Table(sheet, FINDING_HEADERS)
    for finding in report.findings:
        cells = table.write(
            [
                severity_label(finding.severity, ZH),
                code_label(finding.code, ZH),
                finding.code.value,
                finding.indicator or "",
                finding.path or "",
                finding.message,
                "是" if finding.waived else "",
                finding.reason or "",
            ]
        )
        cells[0].fill = _fill(SEVERITY_FILLS[finding.severity])
    table.finish()


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


def _width(value: object) -> int:
    if isinstance(value, dt.date):
        return 10
    # Chinese characters take two columns; a wrapped cell is as wide as its longest line.
    return max((cell_len(line) for line in str(value or "").splitlines()), default=0)


def _cell_value(value: object) -> object:
    return xml_safe(value) if isinstance(value, str) else value


@functools.cache
def _fill(rgb: str) -> PatternFill:
    # One object per colour: building and hashing a new fill per cell was a third of the time.
    return PatternFill(start_color=rgb, end_color=rgb, fill_type="solid")


_HEADER_ALIGNMENT = Alignment(vertical="center")
_WRAP_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
