"""Raw WordprocessingML helpers: table widths, row flags, vertical centring, bookmarks, links,
outline levels, floating tables."""

from __future__ import annotations

import docx

from civarchive.bind.docx import elements


def test_cell_helpers() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    elements.set_table_width(table, 8844)
    elements.set_row_flags(table.rows[0])
    elements.allow_row_split(table.rows[0])
    elements.center_vertically(table.rows[0].cells[0])
    elements.center_vertically(table.rows[0].cells[0])  # idempotent
    xml = table._tbl.xml
    assert '<w:tblW w:type="dxa" w:w="8844"/>' in xml
    assert "cantSplit" not in xml
    assert xml.count('<w:vAlign w:val="center"/>') == 1
    assert str(table.rows[0].cells[0].vertical_alignment) == "CENTER (1)"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_bookmark_goes_after_the_paragraph_properties() -> None:
    document = docx.Document()
    styled = document.add_paragraph("标题", style="Heading 1")
    plain = document.add_paragraph("正文")
    elements.add_bookmark(styled, "_Toc_a", 7)
    elements.add_bookmark(plain, "item_0001", 1)
    assert [child.tag for child in styled._p][:3] == [
        f"{W}pPr",
        f"{W}bookmarkStart",
        f"{W}bookmarkEnd",
    ]
    assert plain._p[0].get(f"{W}name") == "item_0001"
    assert plain._p[0].get(f"{W}id") == plain._p[1].get(f"{W}id") == "1"
    assert styled.text == "标题"


def test_internal_link_holds_its_run() -> None:
    paragraph = docx.Document().add_paragraph("见")
    run = elements.add_internal_link(paragraph, "item_0003", "3")
    run.bold = True
    link = paragraph._p[-1]
    assert link.tag == f"{W}hyperlink"
    assert link.get(f"{W}anchor") == "item_0003"
    assert link[0] is run._r
    assert "".join(t.text for t in link.iter(f"{W}t")) == "3"


def test_outline_level_sits_before_run_properties() -> None:
    paragraph = docx.Document().add_paragraph("备考表")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.runs[0].bold = True
    elements.set_outline_level(paragraph, 0)
    elements.set_outline_level(paragraph, 1)  # set again: one element, new value
    ppr = paragraph._p.pPr
    outline = ppr.findall(f"{W}outlineLvl")
    assert len(outline) == 1
    assert outline[0].get(f"{W}val") == "1"
    tags = [child.tag for child in ppr]
    assert tags.index(f"{W}keepNext") < tags.index(f"{W}outlineLvl")


def test_floating_table_properties_in_schema_order() -> None:
    document = docx.Document()
    anchor = document.add_paragraph("第一页")
    document.add_paragraph("之后")
    table = document.add_table(rows=1, cols=3, style="Table Grid")
    elements.float_table(table, top_twips=680)
    elements.move_after(table, anchor)
    tblpr = table._tbl.tblPr
    assert [child.tag for child in tblpr][:3] == [f"{W}tblStyle", f"{W}tblpPr", f"{W}tblOverlap"]
    position = tblpr.find(f"{W}tblpPr")
    assert position.get(f"{W}tblpY") == "680"
    assert position.get(f"{W}tblpXSpec") == "right"
    assert position.get(f"{W}vertAnchor") == "page"
    body = list(document.element.body)
    assert body.index(table._tbl) == body.index(anchor._p) + 1
    assert len(document.tables) == 1
