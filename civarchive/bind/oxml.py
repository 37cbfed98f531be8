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


def _fld_char(kind: str, *, dirty: bool = False) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def _run(*children: Any, text: str | None = None) -> Any:
    """A bare w:r holding ``children`` or a w:t with ``text``."""
    run = OxmlElement("w:r")
    for child in children:
        run.append(child)
    if text is not None:
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")
        run.append(t)
    return run


def _instr_run(instruction: str) -> Any:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    return _run(instr)


def field_begin_runs(instruction: str, *, dirty: bool = False) -> list[Any]:
    """The runs that open a complex field up to its result: begin, instrText, separate."""
    return [
        _run(_fld_char("begin", dirty=dirty)),
        _instr_run(instruction),
        _run(_fld_char("separate")),
    ]


def field_end_run() -> Any:
    return _run(_fld_char("end"))


def field_runs(instruction: str, result: str, *, dirty: bool = False) -> list[Any]:
    """A whole complex field (begin / instrText / separate / result / end) as w:r elements."""
    return [*field_begin_runs(instruction, dirty=dirty), _run(text=result), field_end_run()]


def add_field(paragraph: Any, instruction: str, placeholder: str, *, dirty: bool = False) -> Any:
    """Append a complex field (begin / instrText / separate / result / end) to a paragraph.

    Returns the run holding the result text so callers can format it.
    """
    from docx.text.run import Run

    runs = field_runs(instruction, placeholder, dirty=dirty)
    for run in runs:
        paragraph._p.append(run)
    return Run(runs[3], paragraph)


TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
"""Levels 1–2 (categories and indicators), hyperlinked, no page numbers in web view."""


def add_toc(paragraph: Any, placeholder: str = "右键更新目录") -> Any:
    """A TOC field with only a placeholder result; Word/WPS fill it on open (w:updateFields)."""
    return add_field(paragraph, TOC_INSTRUCTION, placeholder, dirty=True)


def open_toc(paragraph: Any) -> None:
    """Start a TOC field in ``paragraph`` whose result (the entries) follows; see close_toc.

    The field is marked dirty so Word and WPS regenerate it on open; LibreOffice's PDF
    export does not regenerate a TOC, so the result we pre-fill is what it prints.
    """
    for run in field_begin_runs(TOC_INSTRUCTION, dirty=True):
        paragraph._p.append(run)


def close_toc(paragraph: Any) -> None:
    paragraph._p.append(field_end_run())


def add_toc_entry(paragraph: Any, text: str, bookmark: str, page: str = "") -> None:
    """One TOC line as Word writes it: a link to ``bookmark`` holding the text, a tab (the
    style's dot leader) and a PAGEREF field, which LibreOffice computes when it exports PDF.
    """
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    link.append(_run(text=text))
    link.append(_run(OxmlElement("w:tab")))
    for run in field_runs(f"PAGEREF {bookmark} \\h", page):
        link.append(run)
    paragraph._p.append(link)


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


def center_vertically(cell: Any) -> None:
    """w:vAlign center, appended directly: the cell's w:tcPr holds only w:tcW at this point,
    and python-docx's ordered insert costs more than the rest of a catalog row."""
    tcpr = cell._tc.get_or_add_tcPr()
    if tcpr.find(qn("w:vAlign")) is None:
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        tcpr.append(valign)


def allow_row_split(row: Any) -> None:
    """Undo ``set_row_flags``' cantSplit: a row taller than a page must be allowed to break."""
    trpr = row._tr.trPr
    if trpr is not None:
        for element in trpr.findall(qn("w:cantSplit")):
            trpr.remove(element)


CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right


def set_cell_margins(table: Any, *, twips: int = CELL_MARGIN_TWIPS) -> None:
    """Narrow left/right cell margins so dense catalog columns keep their text on one line."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_outline_level(paragraph: Any, level: int) -> None:
    """Give one paragraph an outline level (0 = level 1): TOC ``\\u`` and the PDF outline list it."""
    ppr = paragraph._p.get_or_add_pPr()
    outline = ppr.find(qn("w:outlineLvl"))
    if outline is None:
        outline = OxmlElement("w:outlineLvl")
        ppr.insert_element_before(
            outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
        )
    outline.set(qn("w:val"), str(level))


def set_table_width(table: Any, width_twips: int) -> None:
    """A fixed preferred table width (python-docx leaves ``w:tblW w:type="auto"``)."""
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        table._tbl.tblPr.insert_element_before(
            tblw,
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        )
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(width_twips))


def unwrap_toc(document_xml: bytes) -> bytes:
    """document.xml without the TOC field's own begin/instrText/separate/end runs.

    LibreOffice imports a TOC field as an index whose entries are plain text: the PAGEREF
    fields we pre-fill inside it print as their placeholders, and ``--convert-to`` never
    regenerates the index (measured, LibreOffice 7.4). Outside a TOC field the same
    entries are ordinary paragraphs with links and PAGEREF fields, which it computes. The
    PDF is therefore made from a copy unwrapped by this function; the DOCX keeps its field
    so Word and WPS rebuild the TOC on open. Returns the input unchanged without a TOC.
    """
    from lxml import etree

    root = etree.fromstring(document_xml)
    runs = [run for run in root.iter(qn("w:r")) if _field_part(run) is not None]
    for index, run in enumerate(runs):
        if _field_part(run) != "instr" or not _is_toc(run):
            continue
        begin, separate = runs[index - 1], runs[index + 1] if index + 1 < len(runs) else None
        end = _matching_end(runs, index + 2)
        if (
            _field_part(begin) != "begin"
            or separate is None
            or _field_part(separate) != "separate"
            or end is None
        ):
            return document_xml  # not a field we wrote: leave it to LibreOffice
        for element in (begin, run, separate, end):
            element.getparent().remove(element)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return document_xml


def _field_part(run: Any) -> str | None:
    for child in run:
        if child.tag == qn("w:fldChar"):
            return str(child.get(qn("w:fldCharType")))
        if child.tag == qn("w:instrText"):
            return "instr"
    return None


def _is_toc(run: Any) -> bool:
    text = "".join(t.text or "" for t in run.iter(qn("w:instrText")))
    return text.strip().startswith("TOC ")


def _matching_end(runs: list[Any], start: int) -> Any | None:
    # Fields nest (each TOC line holds a PAGEREF): count begins until the TOC's own end.
    depth = 1
    for run in runs[start:]:
        part = _field_part(run)
        if part == "begin":
            depth += 1
        elif part == "end":
            depth -= 1
            if depth == 0:
                return run
    return None
