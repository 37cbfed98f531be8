"""Reproducible outputs: the fixed timestamp (SOURCE_DATE_EPOCH) and deterministic Office zip packages (DOCX, XLSX)."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from typing import Any

# The earliest time a zip entry can carry; used when SOURCE_DATE_EPOCH is not set.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_datetime(default: dt.date | None = None) -> dt.datetime:
    """The timestamp reproducible outputs carry (UTC, naive).

    ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org), else midnight of ``default``,
    else 1980-01-01.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    if default is not None:
        return dt.datetime(default.year, default.month, default.day)
    return dt.datetime(*_ZIP_EPOCH)


def _zip_time() -> tuple[int, int, int, int, int, int]:
    stamp = fixed_datetime()
    if stamp.year < 1980:
        return _ZIP_EPOCH
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


# Already-compressed media: deflating them again costs seconds per 100 MB and saves nothing.
_STORED_SUFFIXES = (
    ".jpeg",
    ".jpg",
    ".png",
    ".gif",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".mp4",
    ".wdp",
)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A ZipInfo with the fixed timestamp and attributes reproducible packages use.

    Media that is already compressed (JPEG, PNG…) is stored; everything else is deflated.
    """
    entry = zipfile.ZipInfo(name, date_time=_zip_time())
    entry.compress_type = (
        zipfile.ZIP_STORED if name.lower().endswith(_STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
    )
    entry.external_attr = 0o644 << 16
    entry.create_system = 0
    return entry


def normalize_zip(data: bytes, *, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite the zip ``data`` so that equal content gives equal bytes.

    Entries keep their order; each gets the same timestamp (SOURCE_DATE_EPOCH or 1980-01-01)
    and regular-file attributes (see ``zip_entry``). ``replace`` swaps the content of named
    entries (e.g. a core-properties part carrying a save time).
    """
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(
                zip_entry(info.filename), replace.get(info.filename, src.read(info.filename))
            )
    return out.getvalue()


def save_workbook(workbook: Any) -> bytes:
    """An openpyxl workbook as reproducible XLSX bytes.

    ``Workbook.save`` stamps the "modified" property with the wall clock; openpyxl's
    ExcelWriter does not, so the properties the caller set (from SOURCE_DATE_EPOCH or the
    report date) are what the file carries.
    """
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return normalize_zip(buffer.getvalue())
