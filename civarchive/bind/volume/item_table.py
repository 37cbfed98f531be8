"""The volume's 卷内目录: the nine DA/T 22-2015 columns, one row per 件, linked to the item."""

from __future__ import annotations

from dataclasses import dataclass

from civarchive.bind.docx import TEXT_WIDTH_CM, Column, DocumentBuilder
from civarchive.bind.models import Item, Volume
from civarchive.bind.paging import PageSpan
from civarchive.bind.volume.contents import Marks, outline_title
from civarchive.bind.volume.text import text_width_em

HEADS: tuple[str, ...] = ("序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注")
"""DA/T 22-2015's 卷内目录 columns; 备注 holds the 件's page in the volume (页号)."""

# Table text sizes tried, largest first: 五号, 小五, 六号, 小六. The first at which every 档号 and
# 文号 fits its column on one line while 题名 keeps TITLE_MIN_EM wins.
TEXT_SIZES: tuple[float, ...] = (10.5, 9.0, 7.5, 6.5)
TITLE_MIN_EM = 10.0  # 题名 keeps ten characters a line, or the text gets smaller
RESPONSIBLE_MAX_EM = 6.0  # wider 责任者 wrap; 题名 needs the room more
CELL_MARGINS_CM = 0.2  # 0.1 cm each side (docx.elements.CELL_MARGIN_TWIPS)
SAFETY = 1.03  # widths are DejaVu Serif's (wider than Times New Roman), plus 3 %
PAGE_NOTE = "第123页"  # the widest 备注 planned for
_CENTERED = frozenset({0, 5, 6, 7, 8})


@dataclass(frozen=True, slots=True)
class ItemTableLayout:
    """The 卷内目录's columns (widths in cm, summing to the text width) and its text size."""

    columns: tuple[Column, ...]
    size_pt: float


def item_table_layout(items: tuple[Item, ...]) -> ItemTableLayout:
    """Widths that keep every 档号, 文号, 日期 and 密级 of ``items`` whole on one line, at the
    largest text size that still leaves 题名 ten characters a line; the rest goes to 责任者 (up to six
    characters) and then to 题名. Tokens too long even in 小六 get their width all the same
    and 题名 what remains (at least 1.5 cm)."""
    for size in TEXT_SIZES:
        widths = _needed(items, size)
        spare = TEXT_WIDTH_CM - sum(widths.values())
        title_min = _cm(TITLE_MIN_EM, size)
        if spare >= title_min:
            break
    responsible = max(
        (_cm(min(text_width_em(i.responsible), RESPONSIBLE_MAX_EM), size) for i in items),
        default=0.0,
    )
    grow = max(0.0, min(responsible - widths["责任者"], spare - title_min))
    widths["责任者"] += grow
    widths["题名"] = max(1.5, spare - grow)
    excess = sum(widths.values()) - TEXT_WIDTH_CM
    if excess > 0:  # tokens longer than any column can hold: they must wrap; stay on the page
        others = sum(widths.values()) - widths["题名"]
        widths = {
            head: w if head == "题名" else w - excess * w / others for head, w in widths.items()
        }
    return ItemTableLayout(tuple(Column(head, round(widths[head], 2)) for head in HEADS), size)


def _needed(items: tuple[Item, ...], size: float) -> dict[str, float]:
    """The width each column but 题名 needs at ``size`` (题名 gets 0 here)."""

    def widest(texts: list[str], minimum: str) -> float:
        return _cm(max([text_width_em(t) for t in texts] + [text_width_em(minimum)]), size)

    return {
        "序号": widest([str(len(items))], "序号"),
        "档号": widest([i.code for i in items], "档号"),
        "文号": widest([i.doc_number for i in items], "文号"),
        "责任者": widest([], "责任者"),
        "题名": 0.0,
        "日期": widest([i.date for i in items], "日期"),
        "页数": widest([str(i.pages or "") for i in items], "页数"),
        "密级": widest([i.secrecy for i in items], "密级"),
        "备注": widest([PAGE_NOTE], "备注"),
    }


def _cm(em: float, size: float) -> float:
    return em * size * SAFETY / 72 * 2.54 + CELL_MARGINS_CM


def write_item_table(builder: DocumentBuilder, volume: Volume, marks: Marks) -> None:
    """卷内目录: 序号 links to the item, 备注 gives its page (a PAGEREF to its bookmark)."""
    outline_title(builder, "卷内目录", marks, "catalog")
    layout = item_table_layout(volume.items)
    styles = builder.styles
    head = builder.resized(styles.table_head, layout.size_pt)
    text = builder.resized(styles.table_text, layout.size_pt)
    centred = builder.resized(styles.table_center, layout.size_pt)
    table = builder.table(layout.columns, head_style=head)
    widths = [w for _, w in layout.columns]
    cell_styles = [centred if i in _CENTERED else text for i in range(len(HEADS))]
    paging = volume.paging
    for item in volume.items:
        span = paging.item(item) if paging is not None else None
        _, cells = builder.row(table, _values(item, span), widths, cell_styles)
        for cell in cells:
            builder.center_vertically(cell)
        builder.internal_link(cells[0].paragraphs[0], item.bookmark, str(item.number))
        # 备注: the item's page in this volume (页号, 第6页): a PAGEREF field that Word, WPS
        # and LibreOffice compute, showing the page bind planned until they do (the same
        # number, since every page is planned). The kind (照片, 视频) is in the workbook's
        # 备注 and on the item's own page.
        note = cells[8].paragraphs[0]
        note.add_run("第")
        builder.page_ref(note, item.bookmark, str(span.start) if span is not None else "1")
        note.add_run("页")
    if not volume.items:
        builder.paragraph("（本卷暂无归档材料）")


def _values(item: Item, span: PageSpan | None) -> list[str]:
    pages = span.pages if span is not None else item.pages
    return [
        "",
        item.code,
        item.doc_number,
        item.responsible,
        item.title,
        item.date,
        str(pages) if pages else "",
        item.secrecy,
        "",
    ]
