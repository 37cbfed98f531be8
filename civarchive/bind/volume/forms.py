"""The two-column register of printed archive forms (封面, 备考表)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from civarchive.bind.docx import Column, DocumentBuilder

FORM_PT = 14.0  # 四号, the register's text


def write_form(
    builder: DocumentBuilder,
    rows: Sequence[tuple[str, str]],
    *,
    widths: tuple[float, float],
    row_height: float,
) -> Table:
    """A register of (label, value) rows: labels spread over their cell (分散对齐) as on
    printed archive forms, 四号 text, rows at least ``row_height`` cm, centred vertically."""
    table = builder.table([Column("", w) for w in widths], header=False)
    for label, value in rows:
        row, _ = builder.row(table, [label, value], list(widths))
        row.height = Cm(row_height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(FORM_PT)
        head = row.cells[0].paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
        head.paragraph_format.left_indent = Cm(0.25)
        head.paragraph_format.right_indent = Cm(0.25)
    return table
