"""归档文件目录.xlsx: the contract's columns, one row per 件, text kept text, in linear time."""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from civarchive.bind import CATALOG_NAME
from civarchive.bind.catalog import render_catalog
from civarchive.bind.models import CategoryPart, Item, RequirementBlock, Section, Volume
from civarchive.kinds import Kind
from civarchive.scan.models import Evidence
from tests.bind.conftest import IND_11, Bundle

# Design §6, in this order; then 卷 and where 题名 and 责任者 came from.
CONTRACT_COLUMNS = [
    "序号",
    "档号",
    "全宗号",
    "年度",
    "保管期限",
    "机构(问题)",
    "件号",
    "文号",
    "责任者",
    "题名",
    "日期",
    "页数",
    "页号",
    "密级",
    "指标",
    "照片号",
    "摄影者",
    "时长",
    "备注",
    "路径",
]
EXTRA_COLUMNS = ["卷", "题名来源", "责任者来源"]
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
    book = openpyxl.load_workbook(out / CATALOG_NAME)
    assert book.sheetnames == ["归档文件目录", "1 思想道德建设", "2 精神文明建设"]
    sheet = book["归档文件目录"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == CONTRACT_COLUMNS + EXTRA_COLUMNS
    assert len(rows) == 9
    head = list(rows[0])
    plan = dict(zip(head, rows[1], strict=True))
    assert plan == {
        "序号": 1,
        "档号": "J012-1-0001",
        "全宗号": "J012",
        "年度": "2023",
        "保管期限": "永久",
        "机构(问题)": "xcb",
        "件号": 1,
        "文号": "市委发〔2023〕12号",
        "责任者": "宣传部",
        "题名": "2023年学习计划",
        "日期": "20230105",
        "页数": 1,  # its pages in the volume
        "页号": 2,  # where it starts in the volume's numbered body
        "密级": None,
        "指标": "1.1 理想信念教育",
        "照片号": None,
        "摄影者": None,
        "时长": None,
        "备注": None,
        "路径": f"{IND_11}/2023年学习计划 市委发〔2023〕12号.docx",
        "卷": "1 思想道德建设",
        "题名来源": "文件名",
        "责任者来源": "责任部门",
    }
    photo = dict(zip(head, rows[3], strict=True))
    assert (photo["备注"], photo["页数"], photo["摄影者"]) == ("照片", 1, "李四")
    assert photo["题名来源"] == "说明表"
    video = next(dict(zip(head, r, strict=True)) for r in rows if r[18] == "视频")
    assert video["时长"] == "00:00:03"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["J"].width == 44
    assert sheet.auto_filter.ref == "A1:W9"
    # One sheet per volume: the same rows, 序号 as in that volume's 卷内目录.
    first = list(book["1 思想道德建设"].iter_rows(values_only=True))
    assert first[1:] == rows[1:]
    assert list(book["2 精神文明建设"].iter_rows(values_only=True)) == [rows[0]]


def test_rows_are_in_archive_code_order_with_numbers_in_natural_order() -> None:
    volume = _volume(12)
    # 档号 in the volume's order 12, 11, …: the catalog sorts them as numbers, not text.
    items = [replace(i, code=f"J012-1-{13 - i.number}") for i in volume.items]
    block = replace(volume.sections[0].requirements[0], items=tuple(items))
    section = replace(volume.sections[0], requirements=(block,))
    volume = replace(volume, categories=(replace(volume.categories[0], sections=(section,)),))
    sheet = openpyxl.load_workbook(io.BytesIO(render_catalog([volume], when=WHEN))).active
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [f"J012-1-{n}" for n in range(1, 13)]
    numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == list(range(12, 0, -1))  # 序号 stays the 卷内目录's


def test_text_stays_text() -> None:
    """A title that looks like a formula is text; dates are text-formatted; control characters
    from file names are escaped."""
    sheet = openpyxl.load_workbook(
        io.BytesIO(render_catalog([_volume(2, title="=HYPERLINK(A1)\x07")], when=WHEN))
    ).active
    first = list(sheet[2])
    assert first[9].value == "=HYPERLINK(A1)\\x07"
    assert first[9].data_type == "s"
    assert first[10].value == "20230105"
    assert first[10].number_format == "@"
    assert sheet["K3"].number_format == "@"
    assert sheet["B3"].number_format == "@"
    assert sheet["A3"].value == 2


def test_same_volumes_same_bytes() -> None:
    assert render_catalog([_volume(30)], when=WHEN) == render_catalog([_volume(30)], when=WHEN)


def _cpu_seconds(count: int) -> float:
    volumes = [_volume(count)]
    start = time.process_time()
    render_catalog(volumes, when=WHEN)
    return time.process_time() - start


@pytest.mark.slow
def test_catalog_time_grows_linearly() -> None:
    _cpu_seconds(200)  # warm imports
    small = min(_cpu_seconds(1000) for _ in range(2))
    large = min(_cpu_seconds(4000) for _ in range(2))
    # Linear: ~4x. Reading each row back through sheet[n] made it ~16x (19 s of a 9,000-item bind).
    assert large / small < 7, (small, large)
