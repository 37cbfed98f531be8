"""卷内目录: rows linked to the items, their pages as PAGEREF fields, fixed column widths."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx

from civarchive.bind.build import build_volumes
from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
    W,
    docx_xml,
)

DAY = dt.date(2023, 7, 1)


def test_catalog_table_rows_link_to_item_bookmarks(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    catalog = next(t for t in volume.tables if t.rows[0].cells[0].text == "序号")
    assert [c.text for c in catalog.rows[0].cells] == [
        "序号",
        "档号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "页数",
        "备注",
    ]
    rows = catalog.rows[1:]
    assert len(rows) == 8
    assert [c.text for c in rows[0].cells[:7]] == [
        "1",
        "J012-1-0001",
        "市委发〔2023〕12号",
        "办公室",
        "2023年学习计划 市委发〔2023〕12号",
        "20230105",
        "",
    ]
    assert rows[1].cells[6].text == "3"
    body = docx_xml(out / VOLUME_1, "word/document.xml")
    anchors = [
        a for a in re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body) if a.startswith("item_")
    ]
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    assert anchors == [f"item_{n:04d}" for n in range(1, 9)]
    assert set(anchors) <= bookmarks
    # 备注 carries the item's page in the volume through a PAGEREF field.
    assert len(re.findall(r"PAGEREF item_\d{4} \\h", body)) == 8


def test_catalog_widths_are_fixed_on_every_cell(bound: tuple[Bundle, Path]) -> None:
    from civarchive.bind.volume.item_table import CATALOG_COLUMNS, catalog_columns

    assert round(sum(w for _, w in CATALOG_COLUMNS), 2) == 15.6
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    catalog = next(t for t in volume.tables if t.rows[0].cells[0].text == "序号")
    expected = [round(w, 2) for _, w in CATALOG_COLUMNS]  # this volume has a 文号
    assert [round(c.width.cm, 2) for c in catalog.columns] == expected
    for row in catalog.rows:
        assert [round(cell.width.cm, 2) for cell in row.cells] == expected
    tblpr = catalog._tbl.tblPr
    assert tblpr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert tblpr.find(f"{W}tblW").get(f"{W}type") == "dxa"
    assert int(tblpr.find(f"{W}tblW").get(f"{W}w")) == sum(
        int(c.get(f"{W}w")) for c in catalog._tbl.tblGrid.findall(f"{W}gridCol")
    )
    # 备注 is the page in the volume only (第N页), photos included.
    notes = [row.cells[7].text for row in catalog.rows[1:]]
    assert all(re.fullmatch(r"第\d+页", note) for note in notes), notes
    # Without any 文号 that column shrinks and 题名 gets its room.
    bundle, _ = bound
    volume_items = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    items = tuple(i for i in volume_items.items if not i.doc_number)
    narrow = dict(catalog_columns(items))
    assert narrow["文号"] == 1.0
    assert round(narrow["题名"], 2) == 5.2
    assert round(sum(narrow.values()), 2) == 15.6
