"""Complex fields (PAGE, PAGEREF, TOC) as WordprocessingML runs, and the TOC unwrapped for PDF."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
"""Levels 1–2 (categories and indicators), hyperlinked, no page numbers in web view."""


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


def _begin_runs(instruction: str, *, dirty: bool = False) -> list[Any]:
    """The runs that open a complex field up to its result: begin, instrText, separate."""
    return [
        _run(_fld_char("begin", dirty=dirty)),
        _instr_run(instruction),
        _run(_fld_char("separate")),
    ]


def _end_run() -> Any:
    return _run(_fld_char("end"))


def _field_runs(instruction: str, result: str, *, dirty: bool = False) -> list[Any]:
    """A whole complex field (begin / instrText / separate / result / end) as w:r elements."""
    return [*_begin_runs(instruction, dirty=dirty), _run(text=result), _end_run()]


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> Run:
    """Append a complex field to ``paragraph``; returns the run holding its result text."""
    runs = _field_runs(instruction, placeholder)
    for run in runs:
        paragraph._p.append(run)
    return Run(runs[3], paragraph)


def add_page_field(paragraph: Paragraph) -> Run:
    """The current page number."""
    return add_field(paragraph, "PAGE", "1")


def add_pageref_field(paragraph: Paragraph, bookmark: str, placeholder: str = "1") -> Run:
    """The page number of ``bookmark`` (LibreOffice computes it on PDF export too)."""
    return add_field(paragraph, f"PAGEREF {bookmark} \\h", placeholder)


def open_toc(paragraph: Paragraph) -> None:
    """Start a TOC field in ``paragraph`` whose result (the entries) follows; see close_toc.

    The field is marked dirty so Word and WPS regenerate it on open; LibreOffice's PDF
    export does not regenerate a TOC, so the result we pre-fill is what it prints.
    """
    for run in _begin_runs(TOC_INSTRUCTION, dirty=True):
        paragraph._p.append(run)


def close_toc(paragraph: Paragraph) -> None:
    paragraph._p.append(_end_run())


def add_toc_entry(paragraph: Paragraph, text: str, bookmark: str, page: str = "") -> None:
    """One TOC line as Word writes it: a link to ``bookmark`` holding the text, a tab (the
    style's dot leader) and a PAGEREF field, which LibreOffice computes when it exports PDF.
    """
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    link.append(_run(text=text))
    link.append(_run(OxmlElement("w:tab")))
    for run in _field_runs(f"PAGEREF {bookmark} \\h", page):
        link.append(run)
    paragraph._p.append(link)


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
