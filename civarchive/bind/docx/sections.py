"""Sections and their page-number footers: none, centred, or odd right / even left (GB/T 9704)."""

from __future__ import annotations

import copy
import enum

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section, _Footer
from docx.shared import Pt
from docx.styles.style import ParagraphStyle

from civarchive.bind.docx.fields import add_page_field

PAGE_NUMBER_PT = 14.0  # 四号


class PageNumbers(enum.Enum):
    """How a section's footer numbers its pages: 「— 1 —」 in 四号."""

    NONE = "none"
    """No page number (封面, 目录, 卷内目录)."""
    CENTER = "center"
    """Centred on every page."""
    OUTSIDE = "outside"
    """Odd pages right, even pages left (GB/T 9704); turns on odd/even footers document-wide."""


def set_page_numbers(
    document: DocumentObject,
    style: ParagraphStyle,
    numbers: PageNumbers,
    *,
    restart_at: int | None = None,
) -> None:
    """Give the document's last section its own page-number footer.

    ``restart_at`` numbers the section's first page so (1 for a body after unnumbered front
    matter); None continues from the previous section. The first OUTSIDE section switches
    the whole document to odd/even footers: sections given footers before it get an even
    footer equal to their odd one, so they look as they did.
    """
    section = document.sections[-1]
    settings = document.settings
    if numbers is PageNumbers.OUTSIDE and not settings.odd_and_even_pages_header_footer:
        settings.odd_and_even_pages_header_footer = True
        for earlier in document.sections[:-1]:
            _copy_to_even(earlier)
    odd = WD_ALIGN_PARAGRAPH.RIGHT if numbers is PageNumbers.OUTSIDE else WD_ALIGN_PARAGRAPH.CENTER
    _fill(section.footer, style, numbers, odd)
    if settings.odd_and_even_pages_header_footer:
        even = WD_ALIGN_PARAGRAPH.LEFT if numbers is PageNumbers.OUTSIDE else odd
        _fill(section.even_page_footer, style, numbers, even)
    if restart_at is not None:
        _restart(section, restart_at)


def _fill(
    footer: _Footer, style: ParagraphStyle, numbers: PageNumbers, alignment: WD_ALIGN_PARAGRAPH
) -> None:
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs:
        paragraph = paragraphs[0]  # the template's empty footer paragraph
    else:
        for block in list(footer._element):
            footer._element.remove(block)
        paragraph = footer.add_paragraph()
    paragraph.style = style
    if numbers is PageNumbers.NONE:
        return
    paragraph.alignment = alignment
    paragraph.add_run("— ")
    add_page_field(paragraph)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(PAGE_NUMBER_PT)
        run.font.name = "Times New Roman"


def _copy_to_even(section: Section) -> None:
    odd, even = section.footer, section.even_page_footer
    if odd.is_linked_to_previous or not even.is_linked_to_previous:
        return
    even.is_linked_to_previous = False
    for block in list(even._element):
        even._element.remove(block)
    for block in odd._element:
        even._element.append(copy.deepcopy(block))


def _restart(section: Section, start: int) -> None:
    sectpr = section._sectPr
    numbering = sectpr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        sectpr.insert_element_before(
            numbering,
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        )
    numbering.set(qn("w:start"), str(start))
