"""Read the tables of a 测评细则 (.xlsx workbook or .docx Word file) as grids of text, merged cells filled in."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civarchive.errors import UsageError
from civarchive.i18n import tr

# A 测评细则 has tens to a few hundred rows; a sheet far beyond that is another kind of file.
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_FILE_BYTES = 50 * 1024 * 1024
# Uncompressed size of every part together: a real 细则 is well under a megabyte of XML.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_CELL_CHARS = 4000
# Rows of a sheet looked at, blank ones included: beyond this nothing is read.
_SCAN_ROWS = 10 * MAX_ROWS
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Invisible characters a spec may not hold (civarchive.spec.values): controls, non-XML
# characters, direction marks and overrides; and zero-width spaces and BOMs pasted along.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position: its text, and the top-left position of the merged region it belongs to."""

    text: str
    origin: tuple[int, int]
    """(row, column) of the region's first cell, 0-based; the cell's own position when unmerged."""


@dataclass(frozen=True, slots=True)
class Grid:
    """One table of the file, every row as wide as the widest."""

    where: str
    """Where it is, for messages: 工作表「Sheet1」 or 第 2 个表格."""
    sheet: str | None
    """The worksheet's name (xlsx), else None."""
    number: int | None
    """The table's place among the document's tables, from 1 (docx), else None."""
    rows: tuple[tuple[Cell, ...], ...]
    line_numbers: tuple[int, ...]
    """1-based row number of each row in the sheet or table."""
    before: tuple[str, ...]
    """Paragraphs between the previous table and this one (docx), nearest last."""


@dataclass(frozen=True, slots=True)
class TableFile:
    """Every table of one file, in reading order, and the text above the first one."""

    path: Path
    kind: str
    """"xlsx" or "docx"."""
    grids: tuple[Grid, ...]


def clean_text(value: str) -> str:
    """Cell text as a person reads it: no control characters, single spaces, trimmed lines."""
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)[:MAX_CELL_CHARS]


def read_tables(path: Path) -> TableFile:
    """Read every table of ``path``, an .xlsx workbook or a .docx document (told apart by content).

    Raises UsageError (exit 2) with what to do when the file is missing, empty, too large,
    not a workbook or document (an old .xls/.doc, a password-protected file, anything else),
    damaged, or holds a table of more than MAX_ROWS rows.
    """
    kind = _sniff(path)
    try:
        grids = _read_xlsx(path) if kind == "xlsx" else _read_docx(path)
    except UsageError:
        raise
    except Exception as error:  # openpyxl and python-docx raise many kinds on damaged files
        raise UsageError(
            tr(
                "无法读取 {p}：文件已损坏或格式不对（{e}）",
                "cannot read {p}: the file is damaged or not what it claims ({e})",
                p=path,
                e=type(error).__name__,
            ),
            hint=_resave_hint(),
        ) from None
    return TableFile(path=path, kind=kind, grids=tuple(grids))


def _resave_hint() -> str:
    return tr(
        "请用 Excel/WPS 打开后另存为 .xlsx，或用 Word/WPS 另存为 .docx，再导入",
        "open it in Excel/WPS and save as .xlsx (or in Word/WPS as .docx), then import it again",
    )


def _refuse(path: Path, zh: str, en: str, hint: str | None = None) -> UsageError:
    return UsageError(tr(zh, en, p=path), hint=hint or _resave_hint())


def _sniff(path: Path) -> str:
    """ "xlsx" or "docx", from the file's bytes and parts (never from its extension)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UsageError(
            tr("找不到文件：{p}", "file not found: {p}", p=path),
            hint=tr("请检查路径", "check the path"),
        ) from None
    except IsADirectoryError:
        raise _refuse(
            path, "{p} 是文件夹，不是表格文件", "{p} is a folder, not a table file"
        ) from None
    except OSError as error:
        raise UsageError(
            tr("无法读取 {p}：{e}", "cannot read {p}: {e}", p=path, e=error.strerror or error)
        ) from None
    if size == 0:
        raise _refuse(path, "{p} 是空文件", "{p} is empty")
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path,
            "{p} 太大（超过 50 MB），不像测评细则表格",
            "{p} is too large (over 50 MB) for a 测评细则 table",
        )
    if head == _OLE_MAGIC:
        raise _ole_error(path)
    if head.startswith(b"PK\x03\x04") and not zipfile.is_zipfile(path):
        raise _refuse(
            path,
            "{p} 已损坏（文件不完整），无法打开",
            "{p} is damaged (the file is incomplete) and cannot be opened",
        )
    if not zipfile.is_zipfile(path):
        raise _refuse(
            path,
            "{p} 不是 Excel 工作簿（.xlsx）或 Word 文档（.docx）",
            "{p} is neither an Excel workbook (.xlsx) nor a Word document (.docx)",
        )
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, "{p} 已损坏，无法打开", "{p} is damaged and cannot be opened") from None
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise _refuse(
            path,
            "{p} 解压后过大，疑似恶意文件",
            "{p} expands to too much data (a zip bomb?)",
        )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise _refuse(
        path,
        "{p} 是压缩包，但不是 .xlsx 工作簿或 .docx 文档",
        "{p} is a zip archive but not an .xlsx workbook or a .docx document",
    )


def _ole_error(path: Path) -> UsageError:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except (OSError, ValueError):
        streams = set()
    if "encryptedpackage" in streams:
        return _refuse(
            path,
            "{p} 设有打开密码，无法读取",
            "{p} is password-protected and cannot be read",
            tr(
                "请在 Excel/Word 中取消密码后另存，再导入",
                "remove the password in Excel/Word, save, and import again",
            ),
        )
    return _refuse(
        path,
        "{p} 是旧版 Office 格式（.xls/.doc/.et/.wps），无法直接读取",
        "{p} is an old Office file (.xls/.doc/.et/.wps), which cannot be read directly",
    )


def _too_many_rows(where: str, count: int) -> UsageError:
    return UsageError(
        tr(
            "{w}有 {n} 行以上，超过 {m} 行的上限",
            "{w} has {n} rows or more, over the limit of {m}",
            w=where,
            n=count,
            m=MAX_ROWS,
        ),
        hint=tr(
            "测评细则通常只有几十到几百行：请确认选对了文件，或把表格拆成几份分别导入",
            "a 测评细则 has tens to a few hundred rows: check that this is the right file, or split it",
        ),
    )


# ---------------------------------------------------------------- xlsx


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _read_xlsx(path: Path) -> list[Grid]:
    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

    # Not read_only: merged ranges are known only to the full reader (a few seconds at most
    # for the sizes allowed above).
    workbook = openpyxl.load_workbook(path, data_only=True)
    try:
        sheets = [
            ws
            for ws in workbook.worksheets
            if isinstance(ws, Worksheet) and ws.sheet_state == "visible"
        ]
        return [grid for ws in sheets if (grid := _sheet_grid(ws)) is not None]
    finally:
        workbook.close()


def _sheet_grid(ws: Any) -> Grid | None:
    where = tr("工作表「{s}」", "worksheet '{s}'", s=ws.title)
    last_row = min(ws.max_row or 0, _SCAN_ROWS)
    last_col = min(ws.max_column or 0, MAX_COLUMNS)
    if last_row == 0 or last_col == 0:
        return None
    texts: list[list[str]] = []
    filled = 0
    for values in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col, values_only=True):
        row = [_value_text(v) for v in values]
        if any(row):
            filled += 1
            if filled > MAX_ROWS:
                raise _too_many_rows(where, filled)
        texts.append(row)
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in ws.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(top, min(merged.max_row, last_row)):
            for c in range(left, min(merged.max_col, last_col)):
                origins[(r, c)] = (top, left)
    rows = []
    for r, row in enumerate(texts):
        cells = []
        for c in range(len(row)):
            origin = origins.get((r, c), (r, c))
            text = texts[origin[0]][origin[1]] if origin[0] < len(texts) else ""
            cells.append(Cell(text, origin))
        rows.append(cells)
    return _trimmed(where, ws.title, None, rows, list(range(1, len(rows) + 1)), ())


def _trimmed(
    where: str,
    sheet: str | None,
    number: int | None,
    rows: list[list[Cell]],
    numbers: list[int],
    before: tuple[str, ...],
) -> Grid | None:
    """Drop trailing blank rows and columns, pad every row to one width; None when empty."""
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    if not rows:
        return None
    width = max((c + 1 for row in rows for c, cell in enumerate(row) if cell.text), default=0)
    padded = tuple(
        tuple(row[c] if c < len(row) else Cell("", (r, c)) for c in range(width))
        for r, row in enumerate(rows)
    )
    return Grid(where, sheet, number, padded, tuple(numbers[: len(padded)]), before)


# ---------------------------------------------------------------- docx


def _read_docx(path: Path) -> list[Grid]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    grids: list[Grid] = []
    pending: list[str] = []
    count = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean_text(block.text)
            if text:
                pending.append(text)
            continue
        if isinstance(block, Table):
            count += 1
            where = tr("第 {n} 个表格", "table {n}", n=count)
            grid = _table_grid(block, where, count, tuple(pending[-8:]))
            pending = []
            if grid is not None:
                grids.append(grid)
    return grids


def _table_grid(table: Any, where: str, number: int, before: tuple[str, ...]) -> Grid | None:
    """The table's layout grid, built in one pass over its rows.

    python-docx's own cell access walks up the table for every vertically merged cell
    (quadratic, and recursive: a merge over a thousand rows exceeds Python's stack).
    """
    from docx.text.paragraph import Paragraph

    tbl = table._tbl
    trs = tbl.tr_lst
    if len(trs) > MAX_ROWS:
        raise _too_many_rows(where, len(trs))
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for r, tr_ in enumerate(trs):
        row: list[Cell] = []
        column = int(tr_.grid_before or 0)
        row.extend(Cell("", (r, c)) for c in range(min(column, MAX_COLUMNS)))
        for tc in tr_.tc_lst:
            span = max(1, int(tc.grid_span or 1))
            if tc.vMerge == "continue":
                cells = [above.get(column + k, Cell("", (r, column + k))) for k in range(span)]
            else:
                text = clean_text("\n".join(Paragraph(p, table).text for p in tc.p_lst))
                cells = [Cell(text, (r, column))] * span
            for k, cell in enumerate(cells):
                if column + k < MAX_COLUMNS:
                    row.append(cell)
                    above[column + k] = cell
            column += span
        rows.append(row)
    return _trimmed(where, None, number, rows, list(range(1, len(rows) + 1)), before)
