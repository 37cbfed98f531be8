"""Sections and page-number footers: unnumbered front matter, a body numbered from 1, odd pages
right and even pages left (GB/T 9704)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest

from civarchive.bind.docx import DocumentBuilder, PageNumbers
from tests.bind.docx.pdf_words import page_words, to_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2023, 11, 14)
A4_WIDTH_PT = 595.3
LEFT_MARGIN_PT = 2.8 / 2.54 * 72
RIGHT_EDGE_PT = A4_WIDTH_PT - 2.6 / 2.54 * 72


def _volume_like(tmp_path: Path, body: PageNumbers = PageNumbers.OUTSIDE) -> Path:
    """封面 and 目录 unnumbered, then a body of three pages numbered from 1."""
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)
    builder.page_numbers(PageNumbers.NONE)
    cover = builder.paragraph("封面共")
    builder.field(cover, "NUMPAGES")
    cover.add_run("页")
    builder.page_break()
    builder.paragraph("目录")
    builder.new_section(body, restart_at=1)
    for page in ("正文甲", "正文乙", "正文丙"):
        builder.paragraph(page)
        if page != "正文丙":
            builder.page_break()
    target = tmp_path / "volume.docx"
    builder.save(target)
    return target


def _footer_texts(section: docx.section.Section) -> tuple[str, str]:
    odd = "".join(p.text for p in section.footer.paragraphs)
    even = "".join(p.text for p in section.even_page_footer.paragraphs)
    return odd, even


def test_front_matter_unnumbered_body_from_one_odd_right_even_left(tmp_path: Path) -> None:
    document = docx.Document(_volume_like(tmp_path))
    assert document.settings.odd_and_even_pages_header_footer
    front, body = document.sections
    assert _footer_texts(front) == ("", "")
    assert not front.footer.is_linked_to_previous
    assert not front.even_page_footer.is_linked_to_previous
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (
        docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT,
        docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT,
    )
    for paragraph in (odd, even):
        assert " PAGE " in paragraph._p.xml
        assert paragraph.text.startswith("— ")
        assert all(run.font.size.pt == 14 for run in paragraph.runs)
    numbering = body._sectPr.find(f"{W}pgNumType")
    assert numbering.get(f"{W}start") == "1"
    assert front._sectPr.find(f"{W}pgNumType") is None


def test_a_new_section_without_numbers_continues_the_previous_footer(tmp_path: Path) -> None:
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)
    builder.paragraph("一")
    builder.new_section()
    builder.paragraph("二")
    builder.save(tmp_path / "two.docx")
    document = docx.Document(tmp_path / "two.docx")
    assert len(document.sections) == 2
    assert document.sections[1].footer.is_linked_to_previous
    assert not document.settings.odd_and_even_pages_header_footer
    with zipfile.ZipFile(tmp_path / "two.docx") as package:
        assert sum(n.startswith("word/footer") for n in package.namelist()) == 1


def test_turning_on_odd_even_keeps_earlier_centred_numbers_on_even_pages(tmp_path: Path) -> None:
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)  # centred numbers
    builder.paragraph("前言")
    builder.new_section(PageNumbers.OUTSIDE, restart_at=1)
    builder.paragraph("正文")
    builder.save(tmp_path / "doc.docx")
    first = docx.Document(tmp_path / "doc.docx").sections[0]
    odd, even = first.footer.paragraphs[0], first.even_page_footer.paragraphs[0]
    assert odd.alignment == even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert " PAGE " in even._p.xml


@pytest.mark.soffice
@pytest.mark.slow
def test_libreoffice_prints_the_numbers_where_gb_t_9704_puts_them(tmp_path: Path) -> None:
    pages = page_words(to_pdf(_volume_like(tmp_path)))
    assert len(pages) == 5
    numbers = [[w for w in page if w[2] < 150] for page in pages]  # the footer band
    assert numbers[0] == numbers[1] == []  # 封面, 目录
    assert "".join(text for text, _, _ in pages[0]) == "封面共5页"  # NUMPAGES: the whole file
    shown = ["".join(text for text, _, _ in page) for page in numbers[2:]]
    assert shown == ["—1—", "—2—", "—3—"]
    odd_first, even_first = numbers[2][0][1], numbers[3][0][1]
    assert abs(even_first - LEFT_MARGIN_PT) < 2  # even page: flush left
    odd_last = numbers[2][-1]
    assert odd_last[1] > RIGHT_EDGE_PT - 30  # odd page: flush right
    assert odd_first > A4_WIDTH_PT / 2
