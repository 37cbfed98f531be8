"""Raw WordprocessingML the builder needs beyond python-docx: fonts, bookmarks, links, table flags."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

CELL_MARGIN_TWIPS = 57
"""Left and right cell margin of every table: 0.1 cm."""

# Schema order of w:pPr's and w:tblPr's children (ECMA-376 CT_PPr, CT_TblPr): Word refuses
# a file whose children are out of order, so every insertion goes through ``child_in_order``.
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
    "w:tblDescription",
)  # fmt: skip


def child_in_order(parent: Any, name: str, order: tuple[str, ...], *, fresh: bool = False) -> Any:
    """``parent``'s child ``name`` (e.g. "w:spacing"), added at its schema place when missing.

    ``fresh`` replaces an existing child with an empty one.
    """
    existing = parent.find(qn(name))
    if existing is not None and not fresh:
        return existing
    if existing is not None:
        parent.remove(existing)
    child = OxmlElement(name)
    parent.insert_element_before(child, *order[order.index(name) + 1 :])
    return child


def set_fonts(rpr_owner: Any, *, east_asia: str, latin: str = "Times New Roman") -> None:
    """Set Latin and East Asian fonts on a style or run and drop theme fonts that override them.

    Word applies w:asciiTheme/w:eastAsiaTheme before w:ascii/w:eastAsia, so a style that keeps
    them ignores 宋体/黑体 (notes-tech: DOCX).
    """
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    _set_lang_zh(rpr)


def _set_lang_zh(rpr: Any) -> None:
    """w:lang w:eastAsia="zh-CN" so simplified-Chinese glyph forms are chosen."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        # Schema order matters to Word: w:lang comes before these three only.
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "zh-CN")


def strip_theme_fonts(styles_element: Any) -> None:
    """Remove theme font attributes everywhere in styles.xml (docDefaults, every style)."""
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def drop_paragraph_borders(style_element: Any) -> None:
    """Remove w:pBdr from a style's paragraph properties."""
    ppr = style_element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def mark_builtin(style_element: Any) -> None:
    """Drop w:customStyle: python-docx marks added styles custom, even Word's built-in names."""
    style_element.attrib.pop(qn("w:customStyle"), None)


def set_update_fields(settings_element: Any) -> None:
    """w:updateFields in settings.xml: Word and WPS refresh the TOC and PAGEREFs on open."""
    existing = settings_element.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings_element.append(existing)
    existing.set(qn("w:val"), "true")


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Put a zero-width bookmark at the start of ``paragraph``."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    ppr = p.pPr
    index = 1 if ppr is not None else 0
    p.insert(index, start)
    p.insert(index + 1, end)


def add_internal_link(paragraph: Paragraph, anchor: str, text: str) -> Run:
    """A hyperlink to a bookmark in the same document; returns the run inside it."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = paragraph.add_run(text)
    # Move the run (created at the paragraph's end) into the hyperlink element.
    paragraph._p.remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)
    return run


def set_outline_level(paragraph: Paragraph, level: int) -> None:
    """Give one paragraph an outline level (0 = level 1): TOC ``\\u`` and the PDF outline list it."""
    ppr = paragraph._p.get_or_add_pPr()
    outline = child_in_order(ppr, "w:outlineLvl", PPR_ORDER)
    outline.set(qn("w:val"), str(level))


def set_row_flags(row: _Row, *, header: bool = False, cant_split: bool = True) -> None:
    """Repeat a header row on every page; keep a row (a photo and its caption) on one page."""
    trpr = row._tr.get_or_add_trPr()
    if cant_split and trpr.find(qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))
    if header and trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def allow_row_split(row: _Row) -> None:
    """Undo ``set_row_flags``' cantSplit: a row taller than a page must be allowed to break."""
    trpr = row._tr.trPr
    if trpr is not None:
        for element in trpr.findall(qn("w:cantSplit")):
            trpr.remove(element)


def center_vertically(cell: _Cell) -> None:
    """w:vAlign center, appended directly: the cell's w:tcPr holds only w:tcW at this point,
    and python-docx's ordered insert costs more than the rest of a catalog row."""
    tcpr = cell._tc.get_or_add_tcPr()
    if tcpr.find(qn("w:vAlign")) is None:
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        tcpr.append(valign)


def set_cell_margins(table: Table, *, twips: int = CELL_MARGIN_TWIPS) -> None:
    """Narrow left/right cell margins so dense catalog columns keep their text on one line."""
    tblpr = table._tbl.tblPr
    margins = child_in_order(tblpr, "w:tblCellMar", TBLPR_ORDER, fresh=True)
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)


def set_table_width(table: Table, width_twips: int) -> None:
    """A fixed preferred table width (python-docx leaves ``w:tblW w:type="auto"``)."""
    tblpr = table._tbl.tblPr
    tblw = child_in_order(tblpr, "w:tblW", TBLPR_ORDER)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(width_twips))


def float_table(table: Table, *, top_twips: int) -> None:
    """Take ``table`` out of the text flow: its right edge on the right margin, its top
    ``top_twips`` below the page's top edge (w:tblpPr, ECMA-376 §17.4.58).

    Text wraps around a floating table only where they overlap: a table placed in the top
    margin leaves the body where it was.
    """
    tblpr = table._tbl.tblPr
    position = OxmlElement("w:tblpPr")
    position.set(qn("w:vertAnchor"), "page")
    position.set(qn("w:horzAnchor"), "margin")
    position.set(qn("w:tblpXSpec"), "right")
    position.set(qn("w:tblpY"), str(top_twips))
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    # Schema order: w:tblStyle, w:tblpPr, w:tblOverlap, w:bidiVisual, …
    style = tblpr.find(qn("w:tblStyle"))
    index = 1 if style is not None else 0
    tblpr.insert(index, position)
    tblpr.insert(index + 1, overlap)


def move_after(table: Table, paragraph: Paragraph) -> None:
    """Move ``table`` in the body to right after ``paragraph``."""
    paragraph._p.addnext(table._tbl)


def set_table_borders(table: Table, colour: str, *, size: int = 8) -> None:
    """Every border of ``table`` single, ``size`` eighths of a point, in ``colour`` (hex RGB)."""
    tblpr = table._tbl.tblPr
    borders = child_in_order(tblpr, "w:tblBorders", TBLPR_ORDER, fresh=True)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), str(size))
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), colour)
        borders.append(border)


def rule_below(paragraph: Paragraph) -> None:
    """A thin line along the foot of ``paragraph`` (w:pBdr/w:bottom): a line to write on."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = child_in_order(ppr, "w:pBdr", PPR_ORDER, fresh=True)
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "4")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "auto")
    borders.append(bottom)
