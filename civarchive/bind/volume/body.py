"""The volume's body written from its plan: each planned page starts with a page break."""

from __future__ import annotations

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph

from civarchive.bind.docx import Column, DocumentBuilder
from civarchive.bind.models import Item
from civarchive.bind.volume.contents import Marks, mark
from civarchive.bind.volume.explain import write_explanation
from civarchive.bind.volume.measure import Role
from civarchive.bind.volume.photos import write_picture_grid
from civarchive.bind.volume.plan import (
    RULED_LINE_PT,
    Block,
    BodyPlan,
    DocumentPage,
    Explanation,
    Merged,
    PhotoGrid,
    Stamp,
    Text,
)

# The 归档章 (DA/T 22-2015 §8.2): 45 mm × 16 mm, three 15 mm columns, two 8 mm rows, against
# the right margin under the 件's heading line, above its first page: an ordinary table,
# which every word processor places alike (a floating one in the top margin was set inline
# by LibreOffice 7.4 on a full page, pushing the page image onto the next page).
STAMP_COLUMN_CM = 1.5
STAMP_ROW_CM = 0.8
STAMP_PT = 9.0  # 小五
STAMP_GAP_PT = 4.0
STAMP_COLOUR = "C00000"
# Outline levels (0 = top): categories 0, indicators 1, and under an indicator its 件 (a
# document's heading line, the first page of a requirement's photos) at 2, so the PDF
# outline leads from an indicator straight to its evidence. Requirement headings stand
# together on the indicator's page: they stay out of the outline (9 = body text).
ITEM_OUTLINE_LEVEL = 2
BODY_TEXT_LEVEL = 9


def write_body(builder: DocumentBuilder, plan: BodyPlan, marks: Marks) -> None:
    """Write every page of ``plan``; the first follows the section break that opens the body."""
    for number, page in enumerate(plan.pages):
        previous: Paragraph | None = None
        for index, block in enumerate(page.blocks):
            starts = index == 0 and number > 0
            if starts and not isinstance(block, (Text, DocumentPage)):
                # A table cannot start a page itself: a one-point paragraph does it.
                anchor = builder.paragraph()
                anchor.paragraph_format.line_spacing = Pt(1)
                anchor.paragraph_format.page_break_before = True
                starts = False
            paragraph = _write(builder, block, marks, previous)
            if starts and paragraph is not None:
                paragraph.paragraph_format.page_break_before = True
            previous = paragraph or previous


def _write(
    builder: DocumentBuilder, block: Block, marks: Marks, previous: Paragraph | None
) -> Paragraph | None:
    """Write one block; returns its (first) paragraph, None for what has none."""
    if isinstance(block, Text):
        return _text(builder, block, marks)
    if isinstance(block, Explanation):
        _explanation(builder, block)
        return None
    if isinstance(block, Stamp):
        _stamp(builder, block)
        return None
    if isinstance(block, DocumentPage):
        picture = builder.picture_paragraph(
            block.image.path, Emu(int(Pt(block.width))), Emu(int(Pt(block.height_pt)))
        )
        if block.offset == 0:  # clear of the 归档章's lower border
            picture.paragraph_format.space_before = Pt(STAMP_GAP_PT)
        return picture
    if isinstance(block, Merged):
        _merge(builder, block)
        return None
    if isinstance(block, PhotoGrid):
        write_picture_grid(builder, block.cells, block.columns, block.box)
        return None
    raise TypeError(block)  # pragma: no cover - the Block union is closed


def _text(builder: DocumentBuilder, block: Text, marks: Marks) -> Paragraph:
    styles = builder.styles
    style = {
        Role.CATEGORY: styles.heading1,
        Role.INDICATOR: styles.heading2,
        Role.REQUIREMENT: styles.heading3,
        Role.GAP: styles.gap,
        Role.PLAIN: styles.normal,
    }.get(block.role, styles.item)
    paragraph = builder.paragraph(style=style)
    if block.label:
        paragraph.add_run(block.label).bold = True
    run = paragraph.add_run(block.text)
    if block.role in (Role.ITEM, Role.RUNNING):
        run.bold = True
    if block.mark is not None:
        mark(builder, paragraph, marks, block.mark)
    if block.item is not None:
        builder.bookmark(paragraph, block.item.bookmark, block.item.number)
    if block.outline:
        builder.outline_level(paragraph, ITEM_OUTLINE_LEVEL)
    elif block.role is Role.REQUIREMENT:
        builder.outline_level(paragraph, BODY_TEXT_LEVEL)
    return paragraph


def _explanation(builder: DocumentBuilder, block: Explanation) -> None:
    cell = write_explanation(builder, block.text)
    for _ in range(block.ruled):
        line = builder.cell_paragraph(cell, style=builder.styles.item)
        builder.rule_below(line, Pt(RULED_LINE_PT))


def _stamp(builder: DocumentBuilder, block: Stamp) -> None:
    """The 归档章 of a 件, under its heading line, against the right margin."""
    values = stamp_values(block.item, block.pages)
    columns = [Column("", STAMP_COLUMN_CM)] * 3
    table = builder.table(columns, header=False, right=True, colour=STAMP_COLOUR)
    widths = [STAMP_COLUMN_CM] * 3
    style = builder.styles.table_center
    for row_values in (values[:3], values[3:]):
        row, cells = builder.row(table, row_values, widths, [style] * 3)
        row.height = Cm(STAMP_ROW_CM)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        for cell in cells:
            builder.center_vertically(cell)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(STAMP_PT)
                run.font.color.rgb = RGBColor.from_string(STAMP_COLOUR)


def stamp_values(item: Item, pages: int) -> list[str]:
    """The 归档章's six cells: 全宗号, 年度, 件号 over 机构（问题）, 保管期限, 页数."""
    parts = item.code_parts
    if parts is None:
        return ["", "", str(item.number), "", item.retention, str(pages)]
    return [
        parts.fonds,
        str(parts.year) if parts.year else "",
        str(parts.item),
        parts.org,
        parts.retention,
        str(pages),
    ]


def _merge(builder: DocumentBuilder, block: Merged) -> None:
    try:
        builder.merge(block.source)
    except Exception as error:  # noqa: BLE001 - a broken or hostile DOCX is a note, not a crash
        builder.paragraph(
            f"（正文未能并入：{type(error).__name__}，请查阅原件）", builder.styles.gap
        )
