"""情况说明 blocks: the written explanation that stands where evidence would (waivers, 不适用)."""

from __future__ import annotations

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm
from docx.table import _Cell

from civarchive.bind.docx import TEXT_WIDTH_CM, Column, DocumentBuilder

MIN_HEIGHT_CM = 2.0


def write_explanation(builder: DocumentBuilder, text: str, *, title: str = "情况说明") -> _Cell:
    """A framed block the width of the text: ``title`` in bold, then ``text`` (one paragraph
    per line), at least 2 cm high, never split over pages; returns its cell."""
    table = builder.table([Column("", TEXT_WIDTH_CM)], header=False)
    row, [cell] = builder.row(table, [""], [TEXT_WIDTH_CM], [builder.styles.item])
    row.height = Cm(MIN_HEIGHT_CM)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    heading = cell.paragraphs[0]
    heading.add_run(f"{title}：").bold = True
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        heading.add_run(lines[0])
    for line in lines[1:]:
        builder.cell_paragraph(cell, line, builder.styles.item)
    return cell
