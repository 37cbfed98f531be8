"""归档文件目录.xlsx: the contract's columns, one row per 件, text kept text, in linear time."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import openpyxl

from civarchive.bind import CATALOG_NAME
from civarchive.bind.catalog import render_catalog
from civarchive.bind.models import CategoryPart, Item, RequirementBlock, Section, Volume
from civarchive.kinds import Kind
from civarchive.scan.models import Evidence
from tests.bind.conftest import IND_11, Bundle

CONTRACT_COLUMNS = [
    "序号",
    "档号",
    "文号",
    "责任者",
    "题名",
    "日期",
    "密级",
    "页数",
    "备注",
    "保管期限",
    "路径",
]
WHEN = dt.datetime(2023, 11, 14)


def _volume(count: int, *, title: str = "学习活动") -> Volume:
    """One volume of ``count`` photos, as build_volumes would plan it."""
    items = []
    for number in range(1, count + 1):
        path = f"{IND_11}/照片/IMG_{number:05d}.jpg"
        evidence = Evidence(path=path, kind=Kind.PHOTO, size=1, mtime_ns=0, sha256="0" * 64)
        items.append(
            Item(
                number=number,
                code=f"J012-1-{number:04d}",
                doc_number="",
                responsible="办公室",
                title=f"{title}{number}" if number > 1 else title,
                date="20230105",
                pages=1,
                kind=Kind.PHOTO,
                path=path,
                indicator="1.1",
                requirement="学习活动照片",
                retention="永久",
                evidence=evidence,
            )
        )
    block = RequirementBlock("photo", "学习活动照片", 1, count, True, tuple(items), None)
    section = Section("1.1", "1", "1.1 理想信念教育", None, None, None, "完成", None, (block,))
    return Volume(
        file_stem="1 思想道德建设",
        title="思想道德建设",
        unit="X市人大常委会机关",
        spec_title="创建资料",
        period=(dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        retention="永久",
        bind_date=dt.date(2023, 7, 1),
        categories=(CategoryPart("1", "思想道德建设", (section,)),),
    )


def test_catalog_workbook_of_a_bind(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    sheet = openpyxl.load_workbook(out / CATALOG_NAME).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == CONTRACT_COLUMNS
    assert len(rows) == 9
    assert rows[1] == (
        1,
        "J012-1-0001",
        "市委发〔2023〕12号",
        "办公室",
        "2023年学习计划 市委发〔2023〕12号",
        "20230105",
        None,
        None,
        None,
        "永久",
        f"{IND_11}/2023年学习计划 市委发〔2023〕12号.docx",
    )
    assert rows[3][8] == "照片"
    assert rows[3][7] == 1
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 48
    assert sheet.auto_filter.ref == "A1:K9"


def test_text_stays_text() -> None:
    """A title that looks like a formula is text; dates are text-formatted; control characters
    from file names are escaped."""
    sheet = openpyxl.load_workbook(
        io.BytesIO(render_catalog([_volume(2, title="=HYPERLINK(A1)\x07")], when=WHEN))
    ).active
    first = list(sheet[2])
    assert first[4].value == "=HYPERLINK(A1)\\x07"
    assert first[4].data_type == "s"
    assert first[5].value == "20230105"
    assert first[5].number_format == "@"
    assert sheet["F3"].number_format == "@"
    assert sheet["A3"].value == 2


def test_same_volumes_same_bytes() -> None:
    assert render_catalog([_volume(30)], when=WHEN) == render_catalog([_volume(30)], when=WHEN)


def _cpu_seconds(count: int) -> float:
    volumes = [_volume(count)]
    start = time.process_time()
    render_catalog(volumes, when=WHEN)
    return time.process_time() - start


def test_catalog_time_grows_linearly() -> None:
    _cpu_seconds(200)  # warm imports
    small = min(_cpu_seconds(1000) for _ in range(2))
    large = min(_cpu_seconds(4000) for _ in range(2))
    # Linear: ~4x. Reading each row back through sheet[n] made it ~16x (19 s of a 9,000-item bind).
    assert large / small < 7, (small, large)
