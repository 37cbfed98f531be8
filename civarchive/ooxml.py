"""Make Office Open XML packages (XLSX, DOCX) byte-reproducible: fixed zip metadata."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

# The earliest date a zip entry can carry; reproducible-builds tools use it too.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, permissions and compression, entries in order.

    Office writers (openpyxl, python-docx) stamp each entry with the current time, so two
    builds of the same content differ; after this they are byte-identical (design §6).
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same on every platform (ZipInfo picks by OS)
            info.external_attr = 0
            target.writestr(info, source.read(entry), compresslevel=6)
    return out.getvalue()


def fixed_datetime(fallback: dt.date | None = None) -> dt.datetime:
    """The timestamp to write into document properties: SOURCE_DATE_EPOCH, else ``fallback``.

    Naive UTC (what openpyxl and python-docx expect); 2000-01-01 when neither is given.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC).replace(tzinfo=None)
    if fallback is not None:
        return dt.datetime(fallback.year, fallback.month, fallback.day)
    return dt.datetime(2000, 1, 1)
