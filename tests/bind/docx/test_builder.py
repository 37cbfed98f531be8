"""DocumentBuilder: tables, pictures (inline, full-page), bookmarks, TOC, floating stamp tables,
text area; checked by reopening the file and, where layout matters, in LibreOffice's PDF."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Cm, Emu

from civarchive.bind.docx import Column, DocumentBuilder, TocLine
from tests.bind.docx.pdf_words import page_words, to_pdf
from tests.factories import make_jpeg, make_png

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2023, 11, 14)
PT_PER_CM = 72 / 2.54
PAGE_HEIGHT_PT = 29.7 * PT_PER_CM
TEXT_TOP_PT = PAGE_HEIGHT_PT - 3.7 * PT_PER_CM  # PDF y of the text area's top edge


def _builder() -> DocumentBuilder:
    return DocumentBuilder.create(title="卷", author="机关", when=WHEN)


def test_table_has_fixed_widths_and_a_repeating_head(tmp_path: Path) -> None:
    builder = _builder()
    table = builder.table([Column("序号", 1.0), Column("题名", 14.6)])
    row, cells = builder.row(table, ["1", "学习计划"], [1.0, 14.6])
    builder.center_vertically(cells[0])
    builder.save(tmp_path / "t.docx")
    reopened = docx.Document(tmp_path / "t.docx").tables[0]
    assert [c.text for c in reopened.rows[0].cells] == ["序号", "题名"]
    assert [c.text for c in reopened.rows[1].cells] == ["1", "学习计划"]
    assert [round(c.width.cm, 2) for c in reopened.columns] == [1.0, 14.6]
    head, body = (r._tr.trPr for r in reopened.rows)
    assert head.find(f"{W}tblHeader") is not None
    assert body.find(f"{W}cantSplit") is not None
    assert reopened.rows[0].cells[0].paragraphs[0].style.name == "表头"
    assert reopened.rows[1].cells[1].paragraphs[0].style.name == "表格文字"


def test_text_area_is_a4_inside_the_margins() -> None:
    width, height = _builder().text_area()
    assert round(width.cm, 2) == 15.6
    assert round(height.cm, 2) == 22.5


def test_pictures_from_files_are_stored_once_and_not_kept_in_memory(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "a.jpg", size=(400, 300))
    scan = make_png(tmp_path / "b.png")
    builder = _builder()
    for path in (photo, scan, photo):
        builder.picture(builder.paragraph(), path, Cm(4), Cm(3))
    builder.picture_paragraph(scan, Cm(8), Cm(6))
    parts = list(builder.document.part.package.image_parts)
    assert len(parts) == 2
    assert all(part._blob == b"" for part in parts)  # read again on save, not held
    builder.save(tmp_path / "p.docx")
    with zipfile.ZipFile(tmp_path / "p.docx") as package:
        assert package.read("word/media/image1.jpg") == photo.read_bytes()
        assert package.read("word/media/image2.png") == scan.read_bytes()
    shapes = docx.Document(tmp_path / "p.docx").inline_shapes
    assert len(shapes) == 4
    assert [round(s.width.cm) for s in shapes] == [4, 4, 4, 8]


def test_picture_paragraph_has_single_spacing(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "a.jpg")
    paragraph = _builder().picture_paragraph(photo, Cm(8), Cm(6))
    # Its style overrides Normal's exact 25 pt lines (set once, not on every paragraph).
    assert paragraph.style.name == "页面图片"
    fmt = paragraph.style.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert (fmt.space_before, fmt.space_after) == (0, 0)
    assert str(fmt.alignment) == "CENTER (1)"


def test_toc_lines_link_to_their_bookmarks(tmp_path: Path) -> None:
    builder = _builder()
    builder.toc([TocLine("一 总则", "_Toc_a", 1), TocLine("1.1 目的", "_Toc_b", 2)])
    heading = builder.paragraph("一 总则", builder.styles.heading1)
    builder.bookmark(heading, "_Toc_a", 1)
    builder.save(tmp_path / "toc.docx")
    with zipfile.ZipFile(tmp_path / "toc.docx") as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert body.count("TOC \\o") == 1
    assert re.findall(r"PAGEREF (\S+) \\h", body) == ["_Toc_a", "_Toc_b"]
    assert builder.toc([]) == []


def test_spacer_below_a_point_adds_nothing() -> None:
    builder = _builder()
    before = len(builder.document.paragraphs)
    builder.spacer(0.5)
    assert len(builder.document.paragraphs) == before
    builder.spacer(30)
    assert builder.document.paragraphs[-1].paragraph_format.line_spacing.pt == 30


@pytest.mark.soffice
@pytest.mark.slow
def test_full_page_picture_and_stamp_in_libreoffice(tmp_path: Path) -> None:
    """A picture paragraph is shown whole (not clipped to the body's 25 pt lines), and a
    floating stamp sits top right in the margin without moving the page's content."""
    photo = make_jpeg(tmp_path / "page.jpg", size=(300, 400))
    builder = _builder()
    builder.paragraph("封面")
    builder.page_break()
    width, height = builder.text_area()
    shown = Emu(int(height * 0.6))
    page = builder.picture_paragraph(photo, Emu(int(shown * 0.75)), shown)
    stamp = builder.floating_table([Column("", 1.5)] * 3, after=page, top=Cm(1.2))
    builder.row(stamp, ["J012", "2023", "0001"], [1.5] * 3)
    builder.paragraph("图后文字")
    builder.save(tmp_path / "pages.docx")

    pages = page_words(to_pdf(tmp_path / "pages.docx"))
    assert len(pages) == 2
    words = {text: (x, y) for text, x, y in pages[1]}
    # The stamp: top right, inside the top margin (1.2 cm from the edge).
    x, y = words["J012"]
    assert x > 595.3 / 2
    assert y > TEXT_TOP_PT
    # The text after the picture comes below the picture's whole height.
    _, after = words["图后文字"]
    assert TEXT_TOP_PT - after > shown.pt
