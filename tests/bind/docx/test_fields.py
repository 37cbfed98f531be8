"""Complex fields: the TOC field unwrapped for LibreOffice, other fields left alone."""

from __future__ import annotations

import docx

from civarchive.bind.docx import fields


def _document_xml(build: object) -> bytes:
    document = docx.Document()
    build(document)  # type: ignore[operator]
    return document.element.xml.encode("utf-8")


def _toc_document(document: docx.document.Document) -> None:
    first, second = document.add_paragraph(), document.add_paragraph()
    fields.open_toc(first)
    fields.add_toc_entry(first, "1 思想道德建设", "_Toc_cat_1")
    fields.add_toc_entry(second, "1.1 理想信念教育", "_Toc_ind_1_1")
    fields.close_toc(second)
    after = document.add_paragraph("正文")
    fields.add_pageref_field(after, "item_0001")


def test_unwrap_toc_removes_only_the_toc_fields_own_runs() -> None:
    body = _document_xml(_toc_document)
    unwrapped = fields.unwrap_toc(body).decode("utf-8")
    original = body.decode("utf-8")
    assert "TOC \\o" in original
    assert "TOC \\o" not in unwrapped
    for kind in ("begin", "separate", "end"):
        assert unwrapped.count(f'w:fldCharType="{kind}"') == 3  # two TOC lines + the body's
        assert original.count(f'w:fldCharType="{kind}"') == 4
    assert unwrapped.count("PAGEREF") == 3
    assert unwrapped.count("<w:hyperlink") == 2
    assert unwrapped.startswith("<?xml")


def test_unwrap_toc_leaves_other_documents_alone() -> None:
    plain = _document_xml(lambda d: fields.add_pageref_field(d.add_paragraph(), "item_0001"))
    assert fields.unwrap_toc(plain) == plain

    def unterminated(document: docx.document.Document) -> None:
        fields.open_toc(document.add_paragraph())

    broken = _document_xml(unterminated)
    assert fields.unwrap_toc(broken) == broken
