"""`civarchive caption`: write or extend the caption sheet (说明.xlsx) of each folder with uncaptioned photos.

A row per photo or video that has no caption yet, with the DA/T 50 columns and what the
file already tells: 文件名, 题名 (from a name a person chose, not IMG_…), 时间 (EXIF or the
name's date), 摄影者 (EXIF Artist). Rows already in a sheet are never changed: new rows are
appended, and the sheet is written whole to a temporary name, then renamed. The caption
sheet is the one file this command writes in the archive.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civarchive.atomic import write_bytes_atomic
from civarchive.check.match import has_caption
from civarchive.check.resolve import resolve_folders
from civarchive.csvcell import safe_row
from civarchive.display import xml_safe
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.kinds import Kind
from civarchive.names import has_cjk, is_machine_name, stem_and_extension, title_from_name
from civarchive.organize.journal import archive_lock
from civarchive.reproducible import fixed_datetime, save_workbook
from civarchive.scan.captions import SheetError, normalise_name, read_sheet
from civarchive.scan.models import DateSource, Evidence, Inventory
from civarchive.scan.walk import CAPTION_SHEETS
from civarchive.spec.models import Spec

COLUMNS = ("文件名", "题名", "时间", "地点", "人物", "背景", "摄影者")
_WIDTHS = (34, 40, 12, 18, 18, 30, 10)
_PREFERRED = ("说明.xlsx", "说明.csv", "captions.xlsx", "captions.csv")
_DATE_SOURCES = (DateSource.EXIF, DateSource.MEDIA, DateSource.FILENAME)


@dataclass(frozen=True, slots=True)
class SheetWritten:
    """One caption sheet written: where, how many rows added, how many with a 题名 filled in."""

    path: str
    added: int
    titled: int
    created: bool


@dataclass(frozen=True, slots=True)
class SheetSkipped:
    """A folder whose existing sheet cannot be read, so it is left as it is."""

    path: str
    reason: str


def write_captions(
    root: Path,
    spec: Spec,
    inventory: Inventory,
    *,
    indicator: str | None = None,
    csv_format: bool = False,
) -> list[SheetWritten | SheetSkipped]:
    """Add a row for every uncaptioned photo and video of each indicator folder (or only
    ``indicator``'s) to the folder's caption sheet, creating 说明.xlsx (说明.csv with
    ``csv_format``) where there is none. Returns the sheets written, in path order."""
    resolution = resolve_folders(spec, inventory)
    if indicator is not None and indicator not in resolution.members:
        known = ", ".join(resolution.members) or "-"
        raise UsageError(
            tr("规范中没有指标 {i}", "the spec has no indicator {i}", i=indicator),
            hint=tr("指标编号：{k}", "indicator ids: {k}", k=known),
        )
    by_folder: dict[str, list[Evidence]] = {}
    for indicator_id, files in resolution.members.items():
        if indicator is not None and indicator_id != indicator:
            continue
        for item in files:
            if item.kind in (Kind.PHOTO, Kind.VIDEO) and not has_caption(item):
                by_folder.setdefault(item.path.rpartition("/")[0], []).append(item)
    results: list[SheetWritten | SheetSkipped] = []
    with archive_lock(root):
        for folder in sorted(by_folder):
            result = _extend(root, folder, by_folder[folder], csv_format)
            if result is not None:
                results.append(result)
    return results


def caption_title(name: str) -> str:
    """A 题名 the file name gives: the stem without copy marks and leading dates, unless machine-made."""
    stem, _ = stem_and_extension(name)
    text = title_from_name(stem).strip()
    if is_machine_name(text) or not (has_cjk(text) or text.isalpha()):
        return ""
    return text


def _row(item: Evidence) -> list[str]:
    day = str(item.date) if item.date_source in _DATE_SOURCES and item.date else ""
    return [item.name, caption_title(item.name), day, "", "", "", item.artist or ""]


def _existing(root: Path, folder: str) -> list[str]:
    """The caption sheets already in ``folder``, in the order scan reads them (path order)."""
    try:
        names = os.listdir(root / folder if folder else root)
    except OSError:
        return []
    return sorted(n for n in names if n.lower() in CAPTION_SHEETS and (root / folder / n).is_file())


def _extend(
    root: Path, folder: str, files: list[Evidence], csv_format: bool
) -> SheetWritten | SheetSkipped | None:
    sheets = _existing(root, folder)
    named: set[str] = set()
    for sheet in sheets:
        rel = f"{folder}/{sheet}" if folder else sheet
        try:
            rows = read_sheet(os.fspath(root / rel), rel)
        except (SheetError, OSError) as error:
            return SheetSkipped(rel, str(error))
        named.update(normalise_name(name) for name, _, _ in rows.rows)
    new = [
        _row(item)
        for item in sorted(files, key=lambda e: e.path)
        if normalise_name(item.name) not in named
    ]
    if not new:
        return None
    target = sheets[0] if sheets else "说明.csv" if csv_format else "说明.xlsx"
    rel = f"{folder}/{target}" if folder else target
    path = root / rel
    if target.lower().endswith(".xlsx"):
        _write_xlsx(path, new, created=not sheets)
    else:
        _write_csv(path, new)
    return SheetWritten(rel, len(new), sum(1 for row in new if row[1]), created=not sheets)


def _write_xlsx(path: Path, rows: list[list[str]], *, created: bool) -> None:
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font

    if created:
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "说明"
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate(_WIDTHS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        stamp = fixed_datetime()
        workbook.properties.creator = "civarchive"
        workbook.properties.created = stamp
        workbook.properties.modified = stamp
    else:
        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        rows = _in_columns(sheet, rows)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([xml_safe(value) or None for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula in Excel or WPS
    write_bytes_atomic(path, save_workbook(workbook))


def _in_columns(sheet: Any, rows: list[list[str]]) -> list[list[str]]:
    """New rows laid out in the columns of an existing sheet's header (missing ones left out)."""
    header = [str(c.value or "").strip() for c in next(sheet.iter_rows(max_row=1))]
    positions = {name: header.index(name) for name in COLUMNS if name in header}
    if "文件名" not in positions:
        positions = {name: index for index, name in enumerate(COLUMNS)}
    width = max(positions.values()) + 1
    laid = []
    for row in rows:
        out = [""] * width
        for name, index in positions.items():
            out[index] = row[COLUMNS.index(name)]
        laid.append(out)
    return laid


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    """Append to a CSV in its own encoding (UTF-8 with BOM for a new one, so Excel reads it)."""
    old = path.read_bytes() if path.exists() else b""
    encoding = "utf-8-sig"
    if old and not old.startswith(b"\xef\xbb\xbf"):
        try:
            old.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if not old:
        writer.writerow(COLUMNS)
    # No cell may start a formula, the file name included: the caption reader drops the
    # quote again before matching the name (civarchive.csvcell).
    writer.writerows([safe_row(row) for row in rows])
    text = buffer.getvalue()
    separator = b"" if not old or old.endswith((b"\n", b"\r")) else b"\r\n"
    added = text.encode(encoding if old else "utf-8-sig", errors="replace")
    if old and encoding == "utf-8-sig":
        added = text.encode("utf-8")
    write_bytes_atomic(path, old + separator + added)
