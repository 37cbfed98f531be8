"""New documents: East Asian fonts without theme overrides, sizes, spacing, A4 margins, fields."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
    docx_xml,
)


def test_typography_fields_and_page_setup(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    path = out / VOLUME_1
    styles = docx_xml(path, "word/styles.xml")
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert theme not in styles
    document = docx.Document(path)
    for name, font in (
        ("Normal", "仿宋"),
        ("Heading 1", "宋体"),
        ("Heading 2", "黑体"),
        ("Title", "宋体"),
        ("表格文字", "宋体"),
    ):
        rpr = document.styles[name].element.rPr
        assert (
            rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
            == font
        ), name
    assert 'w:eastAsia="zh-CN"' in styles
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == 25
    assert document.styles["Title"].font.size.pt == 22
    assert document.styles["Title"].font.bold
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [
        round(m.cm, 1)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [3.7, 3.5, 2.8, 2.6]
    body = docx_xml(path, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert '<w:updateFields w:val="true"/>' in docx_xml(path, "word/settings.xml")
    footers = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/footer")]
    # The body's footers number the pages; the unnumbered sections' footers are empty.
    footer_xml = next(
        xml for xml in (docx_xml(path, n) for n in footers) if "> PAGE </w:instrText>" in xml
    )
    assert "— " in footer_xml
