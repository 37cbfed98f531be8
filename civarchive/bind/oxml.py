"""The raw WordprocessingML bind needs beyond python-docx: East Asian fonts, fields, bookmarks, links."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = ["qn"]

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


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
    set_lang_zh(rpr)


def set_lang_zh(rpr: Any) -> None:
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


def _fld_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def add_field(paragraph: Any, instruction: str, placeholder: str, *, dirty: bool = False) -> Any:
    """Append a complex field (begin / instrText / separate / result / end) to a paragraph.

    Returns the run holding the result text so callers can format it.
    """
    begin = paragraph.add_run()
    begin._r.append(_fld_char("begin"))
    if dirty:
        begin._r[-1].set(qn("w:dirty"), "true")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._r.append(instr)
    separate = paragraph.add_run()
    separate._r.append(_fld_char("separate"))
    result = paragraph.add_run(placeholder)
    end = paragraph.add_run()
    end._r.append(_fld_char("end"))
    return result


def add_toc(paragraph: Any, placeholder: str = "右键更新目录") -> Any:
    """A TOC field over heading levels 1–3 with hyperlinks; Word/WPS fill it on open."""
    return add_field(paragraph, 'TOC \\o "1-3" \\h \\z \\u', placeholder, dirty=True)


def add_page_field(paragraph: Any) -> Any:
    return add_field(paragraph, "PAGE", "1")


def add_pageref_field(paragraph: Any, bookmark: str) -> Any:
    """The page number of ``bookmark`` (LibreOffice computes it on PDF export too)."""
    return add_field(paragraph, f"PAGEREF {bookmark} \\h", "1")


def add_bookmark(paragraph: Any, name: str, bookmark_id: int) -> None:
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


def add_internal_link(paragraph: Any, anchor: str, text: str) -> Any:
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


def set_update_fields(settings_element: Any) -> None:
    """w:updateFields in settings.xml: Word and WPS refresh the TOC and PAGEREFs on open."""
    existing = settings_element.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings_element.append(existing)
    existing.set(qn("w:val"), "true")


def set_row_flags(row: Any, *, header: bool = False, cant_split: bool = True) -> None:
    """Repeat a header row on every page; keep a row (a photo and its caption) on one page."""
    trpr = row._tr.get_or_add_trPr()
    if cant_split and trpr.find(qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))
    if header and trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def set_cell_margins(table: Any, *, twips: int = 57) -> None:
    """Narrow left/right cell margins so dense catalog columns keep their text on one line."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
