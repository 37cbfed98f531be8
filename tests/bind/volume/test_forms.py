"""The two-column register of the 封面 and 备考表: spread labels, 四号 values, row heights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH

from civarchive.bind.docx import DocumentBuilder
from civarchive.bind.volume.forms import write_form


def test_register_rows(tmp_path: Path) -> None:
    builder = DocumentBuilder.create(title="卷", author="机关", when=dt.datetime(2023, 1, 1))
    write_form(
        builder,
        [("立档单位", "X市人大常委会机关"), ("件数", "")],
        widths=(3.2, 10.8),
        row_height=1.0,
    )
    builder.save(tmp_path / "form.docx")
    table = docx.Document(tmp_path / "form.docx").tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["立档单位", "X市人大常委会机关"],
        ["件数", ""],
    ]
    for row in table.rows:
        assert row.height.cm == pytest.approx(1.0, abs=0.01)
        assert row.height_rule == WD_ROW_HEIGHT_RULE.AT_LEAST
        label, value = row.cells
        assert label.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.DISTRIBUTE
        assert (
            label.vertical_alignment
            == value.vertical_alignment
            == WD_CELL_VERTICAL_ALIGNMENT.CENTER
        )
        assert all(run.font.size.pt == 14 for run in row.cells[0].paragraphs[0].runs)
    assert [round(c.width.cm, 1) for c in table.columns] == [3.2, 10.8]
