"""Caption sheets (DA/T 50): read captions.csv|xlsx / 说明.csv|xlsx and match rows to files."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from civarchive.csvcell import FORMULA_STARTS
from civarchive.scan.dates import date_from_caption
from civarchive.scan.models import Caption
from civarchive.secrecy import normalise_secrecy, secrecy_rank

# A caption sheet is a few hundred rows; anything far larger is not one.
MAX_SHEET_BYTES = 32 << 20
MAX_ROWS = 200_000
# A caption cell longer than this is cut (a 背景 paragraph is a few hundred characters): one
# pasted-in megabyte must neither make the whole sheet unreadable nor fill every volume.
MAX_CELL_CHARS = 2000
# Problems reported per sheet; the rest are summed up in one more.
MAX_SHEET_PROBLEMS = 50

# The column a caption field is read from, as the clerk knows it (for problem details).
_COLUMN_NAMES = {
    "file": "文件名",
    "title": "题名",
    "date": "时间",
    "place": "地点",
    "people": "人物",
    "background": "背景",
    "photographer": "摄影者",
    "number": "照片号",
    "responsible": "责任者",
    "doc_number": "文号",
    "secrecy": "密级",
    "pages": "页数",
}

# Header cell (normalised: NFKC, lower case, no spaces) → Caption field ("file" for the name).
HEADERS: dict[str, str] = {
    "文件名": "file",
    "文件": "file",
    "文件名称": "file",
    "file": "file",
    "filename": "file",
    "name": "file",
    "题名": "title",
    "事由": "title",
    "题名/事由": "title",
    "标题": "title",
    "title": "title",
    "时间": "date",
    "日期": "date",
    "拍摄时间": "date",
    "date": "date",
    "地点": "place",
    "place": "place",
    "location": "place",
    "人物": "people",
    "people": "people",
    "persons": "people",
    "背景": "background",
    "background": "background",
    # DA/T 78: a video's or recording's 内容 is what a photo's 背景 is.
    "内容": "background",
    "内容摘要": "background",
    "摄影者": "photographer",
    "摄影": "photographer",
    "拍摄者": "photographer",
    "摄制者": "photographer",
    "录制者": "photographer",
    "录音者": "photographer",
    "photographer": "photographer",
    "照片号": "number",
    "编号": "number",
    "number": "number",
    "责任者": "responsible",
    "责任人": "responsible",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "密级": "secrecy",
    "页数": "pages",
}


class SheetError(Exception):
    """A caption sheet that cannot be read or has no file-name column."""


@dataclass(slots=True)
class SheetRows:
    """The captions of one sheet, keyed by the file name as written in the sheet."""

    sheet: str
    rows: list[tuple[str, Caption, str | None]] = field(
        default_factory=list
    )  # (name, caption, date)
    # Cells that could not be used as written ("row 3: 时间 '9999-99-99' is not a date"),
    # in English like every detail scan records; the row is kept without them.
    problems: list[str] = field(default_factory=list)

    def problem(self, detail: str) -> None:
        self.problems.append(detail)


def rows_to_json(rows: SheetRows) -> str:
    """The parsed rows of a sheet, for the scan cache."""
    data = [
        [name, caption.model_dump(exclude={"sheet"}, exclude_none=True), day]
        for name, caption, day in rows.rows
    ]
    return json.dumps(
        {"rows": data, "problems": rows.problems}, ensure_ascii=False, separators=(",", ":")
    )


def rows_from_json(sheet: str, text: str) -> SheetRows:
    """Rebuild a sheet's rows from the scan cache."""
    data = json.loads(text)
    result = SheetRows(sheet=sheet, problems=list(data["problems"]))
    for name, values, day in data["rows"]:
        result.rows.append((name, Caption(sheet=sheet, **values), day))
    return result


def sheet_problems(rows: SheetRows) -> list[str]:
    """The problem details of a sheet to report: the first ones, then how many more."""
    shown = rows.problems[:MAX_SHEET_PROBLEMS]
    more = len(rows.problems) - len(shown)
    if more > 0:
        shown.append(f"{more} more rows with such problems")
    return shown


def normalise_name(name: str) -> str:
    """How names are compared: NFKC (full-width letters become ASCII) and case-folded."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


def read_sheet(os_path: str, sheet: str) -> SheetRows:
    """Read the caption rows of a sheet; raise SheetError when it is malformed.

    A cell that cannot be used as written (a 时间 that is no date, an endless cell) does
    not spoil the sheet: the row is kept without it (or cut) and ``problems`` says so.
    """
    if sheet.lower().endswith(".xlsx"):
        return _captions(_xlsx_rows(os_path), sheet)
    table = _csv_rows(os_path)
    # The csv module refuses a field over 128 KB, which would make the whole sheet
    # unreadable; the sheet's own size limit bounds it instead (restored after: the limit
    # is the interpreter's, not ours).
    previous = csv.field_size_limit(MAX_SHEET_BYTES)
    try:
        return _captions(table, sheet)
    finally:
        csv.field_size_limit(previous)


def _csv_rows(os_path: str) -> Iterable[list[Any]]:
    with open(os_path, "rb") as handle:
        data = handle.read(MAX_SHEET_BYTES + 1)
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError(f"larger than {MAX_SHEET_BYTES >> 20} MB")
    text = _decode(data)
    if "\x00" in text:
        raise SheetError("not a text CSV file (NUL bytes)")
    # Excel writes commas, or semicolons where the comma is the decimal mark, or tabs for
    # "Unicode text": the separator that occurs most in the header line wins. (csv.Sniffer
    # does the same far more slowly: 1.4 ms a sheet.)
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _decode(data: bytes) -> str:
    # Excel writes UTF-8 with a BOM when asked, and GB18030/GBK on Chinese Windows otherwise.
    # Strict UTF-8 practically never accepts GBK text, so this order is safe.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SheetError("text encoding not recognised (save it as UTF-8 or GBK CSV)")
    return str(best)


def _xlsx_rows(os_path: str) -> Iterable[tuple[Any, ...]]:
    import openpyxl

    from civarchive.scan.sniff import zip_bomb_reason

    try:
        with zipfile.ZipFile(os_path) as archive:
            bomb = zip_bomb_reason(archive)
        if bomb:
            raise SheetError(bomb)
        book = openpyxl.load_workbook(os_path, read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types on damaged files
        raise SheetError(f"not a readable XLSX workbook: {type(error).__name__}: {error}") from None
    try:
        sheet = book.worksheets[0]
        rows = [
            tuple(row)
            for _, row in zip(range(MAX_ROWS), sheet.iter_rows(values_only=True), strict=False)
        ]
    except Exception as error:  # noqa: BLE001
        raise SheetError(f"damaged worksheet: {type(error).__name__}: {error}") from None
    finally:
        book.close()
    return rows


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "").strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]  # the quote civarchive's own CSV puts before formula-like text
    return text or None


def _header(row: list[Any] | tuple[Any, ...]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, value in enumerate(row):
        key = unicodedata.normalize("NFKC", str(value or "")).lstrip("\ufeff").strip().lower()
        key = key.replace(" ", "").replace("_", "")
        target = HEADERS.get(key)
        if target and target not in columns.values():
            columns[index] = target
    return columns


def _captions(table: Iterable[list[Any] | tuple[Any, ...]], sheet: str) -> SheetRows:
    result = SheetRows(sheet=sheet)
    columns: dict[int, str] | None = None
    try:
        for count, row in enumerate(table):
            if count > MAX_ROWS:
                break
            if columns is None:
                if not any(_cell(v) for v in row):
                    continue  # blank lines before the header
                columns = _header(row)
                if "file" not in columns.values():
                    raise SheetError("no 文件名 (file) column in the header row")
                continue
            _add_row(result, columns, row, count + 1)
    except csv.Error as error:
        raise SheetError(f"malformed CSV: {error}") from None
    if columns is None:
        raise SheetError("empty sheet: no header row")
    return result


def _add_row(
    result: SheetRows, columns: dict[int, str], row: list[Any] | tuple[Any, ...], number: int
) -> None:
    values: dict[str, Any] = {}
    raw_date: Any = None
    for index, target in columns.items():
        if index >= len(row):
            continue
        if target == "date":
            raw_date = row[index]
        text = _cell(row[index])
        if text is not None and len(text) > MAX_CELL_CHARS:
            result.problem(
                f"row {number}: {_COLUMN_NAMES[target]} cut to {MAX_CELL_CHARS} characters"
            )
            text = text[:MAX_CELL_CHARS]
        values[target] = text
    name = values.pop("file", None)
    if not name:
        return
    day = date_from_caption(raw_date)
    if values.get("date") and day is None:
        # Printed as written it would put "9999-99-99" into the dossier: left out, reported.
        shown = values["date"][:40]
        result.problem(
            f"row {number}: {_COLUMN_NAMES['date']} '{shown}' is not a date"
            " (write 2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日 or 20231015, or a year)"
        )
        values["date"] = None
    elif raw_date is not None and not isinstance(raw_date, str) and values.get("date"):
        # A date cell may be a real date (XLSX): keep its ISO form as the written text.
        values["date"] = day or values["date"]
    _check_secrecy(result, values, number)
    _check_pages(result, values, number)
    caption = Caption(sheet=result.sheet, **values)
    result.rows.append((name, caption, day))


def _check_secrecy(result: SheetRows, values: dict[str, Any], number: int) -> None:
    """A 密级 that is none of 公开/内部/秘密/机密/绝密 is left out and reported: a typo must
    not print as a secrecy mark."""
    text = values.get("secrecy")
    if text is None:
        return
    if secrecy_rank(text) is None:
        shown = text[:40]
        result.problem(f"row {number}: {_COLUMN_NAMES['secrecy']} '{shown}' is not a 密级")
        values["secrecy"] = None
    else:
        values["secrecy"] = normalise_secrecy(text) or None


def _check_pages(result: SheetRows, values: dict[str, Any], number: int) -> None:
    text = values.get("pages")
    if text is None:
        return
    digits = unicodedata.normalize("NFKC", text).strip().removesuffix("页").strip()
    if digits.isdigit() and len(digits) <= 6:
        values["pages"] = int(digits)
        return
    result.problem(f"row {number}: {_COLUMN_NAMES['pages']} '{text[:40]}' is not a page count")
    values["pages"] = None
