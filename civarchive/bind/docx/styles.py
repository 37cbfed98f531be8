"""A new DOCX from python-docx's template: A4 page set-up, Chinese styles and fonts (design §6)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

import docx
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle

from civarchive.bind.docx import elements
from civarchive.bind.docx.fast import accelerate
from civarchive.bind.docx.package import set_app_properties
from civarchive.bind.docx.sections import PageNumbers, set_page_numbers

# 字号 in points: 二号 22, 小二 18, 三号 16, 四号 14, 小四 12, 五号 10.5.
ERHAO, XIAOER, SANHAO, SIHAO, XIAOSI, WUHAO = 22.0, 18.0, 16.0, 14.0, 12.0, 10.5
SONG, FANGSONG, HEI = "宋体", "仿宋", "黑体"
BLACK = RGBColor(0, 0, 0)
GAP_RED = RGBColor(0xC0, 0x00, 0x00)
TEXT_WIDTH = Cm(21.0 - 2.8 - 2.6)  # A4 minus the left and right margins: 15.6 cm
TEXT_WIDTH_CM = 15.6
"""The text area's width in cm, as layouts compute with it."""
TEXT_HEIGHT_PT = (29.7 - 3.7 - 3.5) / 2.54 * 72
"""The text area's height in points: A4 29.7 cm minus the top and bottom margins."""


@dataclass(frozen=True, slots=True)
class Styles:
    """Style objects, looked up once: setting a style by name is a linear scan per paragraph."""

    normal: ParagraphStyle
    """三号仿宋, exact 25 pt lines: body text."""
    title: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    heading3: ParagraphStyle
    table_head: ParagraphStyle
    table_text: ParagraphStyle
    caption: ParagraphStyle
    """照片说明: 五号宋体, single spacing."""
    item: ParagraphStyle
    """证据条目: 四号仿宋, exact 22 pt."""
    gap: ParagraphStyle
    """缺项: 四号黑体 bold, dark red."""
    toc_heading: ParagraphStyle
    table_grid: BaseStyle
    toc: dict[int, ParagraphStyle]
    """TOC 1 and TOC 2, by level."""
    table_center: ParagraphStyle
    """Table text centred (序号, dates, page numbers)."""
    picture: ParagraphStyle
    """页面图片: a paragraph holding only a picture — centred, single spacing, no space
    around (the body's exact 25 pt lines would clip a picture to a 25 pt strip)."""


def new_document(
    *, title: str, author: str, when: dt.datetime, subject: str = "", company: str = ""
) -> tuple[DocumentObject, Styles]:
    """A blank A4 document with GB/T 9704 margins, Chinese styles, footer page numbers, and
    properties of its own (no leftovers of python-docx's template)."""
    document = accelerate(docx.Document())
    _page_setup(document)
    styles = _styles(document)
    set_page_numbers(document, styles.normal, PageNumbers.CENTER)
    elements.set_update_fields(document.settings.element)
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.subject = subject
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when
    set_app_properties(document, company=company or author)
    return document, styles


def _page_setup(document: DocumentObject) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.footer_distance = Cm(2.5)


def _paragraph_style(
    document: DocumentObject, name: str, *, font: str, size: float, bold: bool = False
) -> ParagraphStyle:
    styles = document.styles
    try:
        style = cast(ParagraphStyle, styles[name])
    except KeyError:
        style = cast(ParagraphStyle, styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
        style.base_style = styles["Normal"]
    _font(style, font=font, size=size, bold=bold)
    return style


def _font(style: ParagraphStyle, *, font: str, size: float, bold: bool) -> None:
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    elements.set_fonts(style.element, east_asia=font)


def _spacing(
    style: ParagraphStyle, *, exact: float | None, before: float = 0, after: float = 0
) -> None:
    fmt = style.paragraph_format
    if exact is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)


def _styles(document: DocumentObject) -> Styles:
    elements.strip_theme_fonts(document.styles.element)
    normal = _paragraph_style(document, "Normal", font=FANGSONG, size=SANHAO)
    _spacing(normal, exact=25)
    title = _paragraph_style(document, "Title", font=SONG, size=ERHAO, bold=True)
    _spacing(title, exact=None, before=12, after=12)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The default Title style draws a blue rule under the text; an archive cover has none.
    elements.drop_paragraph_borders(title.element)
    heading1 = _paragraph_style(document, "Heading 1", font=SONG, size=XIAOER, bold=True)
    _spacing(heading1, exact=None, before=12, after=6)
    heading2 = _paragraph_style(document, "Heading 2", font=HEI, size=SANHAO, bold=False)
    _spacing(heading2, exact=25, before=12, after=0)
    heading3 = _paragraph_style(document, "Heading 3", font=HEI, size=SIHAO, bold=False)
    _spacing(heading3, exact=25, before=6, after=0)
    toc_heading = _paragraph_style(document, "TOC Heading", font=SONG, size=ERHAO, bold=True)
    _spacing(toc_heading, exact=None, before=12, after=12)
    toc_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc = {level: _toc_style(document, level) for level in (1, 2, 3)}
    table_head = _paragraph_style(document, "表头", font=SONG, size=WUHAO, bold=True)
    _spacing(table_head, exact=None)
    table_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_text = _paragraph_style(document, "表格文字", font=SONG, size=WUHAO)
    _spacing(table_text, exact=None)
    table_center = _paragraph_style(document, "表格文字居中", font=SONG, size=WUHAO)
    _spacing(table_center, exact=None)
    table_center.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = _paragraph_style(document, "照片说明", font=SONG, size=WUHAO)
    _spacing(caption, exact=None)
    item = _paragraph_style(document, "证据条目", font=FANGSONG, size=SIHAO)
    _spacing(item, exact=22)
    gap = _paragraph_style(document, "缺项", font=HEI, size=SIHAO, bold=True)
    gap.font.color.rgb = GAP_RED
    _spacing(gap, exact=25)
    picture = _paragraph_style(document, "页面图片", font=SONG, size=WUHAO)
    _spacing(picture, exact=None)
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    grid = document.styles["Table Grid"]
    elements.set_fonts(grid.element, east_asia=SONG)
    return Styles(
        normal,
        title,
        heading1,
        heading2,
        heading3,
        table_head,
        table_text,
        caption,
        item,
        gap,
        toc_heading,
        grid,
        toc,
        table_center,
        picture,
    )


def resized_style(document: DocumentObject, base: ParagraphStyle, size: float) -> ParagraphStyle:
    """A paragraph style like ``base`` but in ``size`` pt (made once per document and size)."""
    name = f"{base.name} {size:g}pt"
    styles = document.styles
    try:
        return cast(ParagraphStyle, styles[name])
    except KeyError:
        pass
    style = cast(ParagraphStyle, styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    style.base_style = base
    style.font.size = Pt(size)
    return style


def _toc_style(document: DocumentObject, level: int) -> ParagraphStyle:
    """TOC n: 四号 (level 1 黑体, others 仿宋), indented by level, page numbers right-aligned after a dot leader."""
    font = HEI if level == 1 else FANGSONG
    style = _paragraph_style(document, f"toc {level}", font=font, size=SIHAO)
    # Word knows "toc 1".."toc 9" as built-in styles and uses them when it regenerates the
    # TOC; python-docx marks added styles custom, which would make Word add its own copy.
    elements.mark_builtin(style.element)
    _spacing(style, exact=25)
    fmt = style.paragraph_format
    fmt.left_indent = Pt(SIHAO * 2 * (level - 1))
    fmt.tab_stops.clear_all()
    fmt.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    return style
