"""The volume's 卷内目录: one row per 件, linked to the item, with its page in the volume."""

from __future__ import annotations

from civarchive.bind.docx import Column, DocumentBuilder
from civarchive.bind.models import Item, Volume
from civarchive.bind.volume.contents import Marks, outline_title

# 卷内目录 columns (DA/T 22-2015) and their widths in cm, summing to the text width. 题名 gets
# the most room; 日期 fits YYYYMMDD and 备注 "第123页" on one line in 五号; 档号 fits the
# default J012-10-0001. Heads are 五号 bold, so two-character heads fit 1.0 cm.
CATALOG_COLUMNS: tuple[Column, ...] = (
    Column("序号", 1.0),
    Column("档号", 2.3),
    Column("文号", 1.7),
    Column("责任者", 1.7),
    Column("题名", 4.5),
    Column("日期", 1.8),
    Column("页数", 1.0),
    Column("备注", 1.6),
)
# A volume without any 文号 gives that column's room to 题名.
NO_DOC_NUMBER_WIDTH = 1.0
_CENTERED_COLUMNS = frozenset({0, 5, 6, 7})


def catalog_columns(items: tuple[Item, ...]) -> tuple[Column, ...]:
    """The 卷内目录 columns and widths for these items (15.6 cm in all)."""
    if any(item.doc_number for item in items):
        return CATALOG_COLUMNS
    spare = dict(CATALOG_COLUMNS)["文号"] - NO_DOC_NUMBER_WIDTH
    return tuple(
        Column(
            name,
            NO_DOC_NUMBER_WIDTH if name == "文号" else width + spare if name == "题名" else width,
        )
        for name, width in CATALOG_COLUMNS
    )


def write_item_table(builder: DocumentBuilder, volume: Volume, marks: Marks) -> None:
    """卷内目录: 序号 links to the item, 备注 gives its page (a PAGEREF to its bookmark)."""
    outline_title(builder, "卷内目录", marks, "catalog")
    columns = catalog_columns(volume.items)
    table = builder.table(columns)
    widths = [w for _, w in columns]
    centred, text = builder.styles.table_center, builder.styles.table_text
    styles = [centred if i in _CENTERED_COLUMNS else text for i in range(len(columns))]
    for item in volume.items:
        _, cells = builder.row(
            table,
            [
                "",
                item.code,
                item.doc_number,
                item.responsible,
                item.title,
                item.date,
                _pages(item),
                "",
            ],
            widths,
            styles,
        )
        for cell in cells:
            builder.center_vertically(cell)
        builder.internal_link(cells[0].paragraphs[0], item.bookmark, str(item.number))
        # 备注: the item's page in this volume (第6页), short enough for one line; the kind
        # (照片, 视频) is in the catalog workbook's 备注 and on the item's own page.
        note = cells[7].paragraphs[0]
        note.add_run("第")
        builder.page_ref(note, item.bookmark)
        note.add_run("页")
    if not volume.items:
        builder.paragraph("（本卷暂无归档材料）")


def _pages(item: Item) -> str:
    return str(item.pages) if item.pages else ""
