"""卷内目录: the nine DA/T 22 columns, rows linked to the items, widths that keep tokens whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from civarchive.bind.build import build_volumes
from civarchive.bind.docx import TEXT_WIDTH_CM
from civarchive.bind.models import Item, Volume
from civarchive.bind.volume import EvidenceOptions, plan_body, write_volume
from civarchive.bind.volume.item_table import HEADS, item_table_layout
from civarchive.bind.volume.text import text_width_em
from tests.bind.conftest import VOLUME_1, Bundle, W, docx_xml
from tests.bind.docx.pdf_words import Word, page_words, to_pdf

DAY = dt.date(2023, 7, 1)
DA_T_22 = "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}"
LONG_NUMBERS = ("市委办公室发〔2023〕128号", "人大常委会办〔2022〕7号", "")


def _catalog(document: docx.document.Document) -> docx.table.Table:
    return next(t for t in document.tables if t.rows[0].cells[0].text == "序号")


def test_nine_columns_rows_link_to_item_bookmarks(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    catalog = _catalog(docx.Document(out / VOLUME_1))
    assert tuple(c.text for c in catalog.rows[0].cells) == HEADS
    assert HEADS == ("序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注")
    rows = catalog.rows[1:]
    assert len(rows) == 8
    assert [c.text for c in rows[0].cells[:8]] == [
        "1",
        "J012-1-0001",
        "市委发〔2023〕12号",
        "宣传部",
        "2023年学习计划",  # the 文号 is not repeated in the 题名
        "20230105",
        "1",  # 页数: its pages in the volume
        "",
    ]
    assert rows[1].cells[6].text == "3"
    body = docx_xml(out / VOLUME_1, "word/document.xml")
    anchors = [
        a for a in re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body) if a.startswith("item_")
    ]
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    assert anchors == [f"item_{n:04d}" for n in range(1, 9)]
    assert set(anchors) <= bookmarks
    # 备注 carries the item's page in the volume (页号) through a PAGEREF field.
    assert len(re.findall(r"PAGEREF item_\d{4} \\h", body)) == 8
    notes = [row.cells[8].text for row in rows]
    assert notes == ["第2页", "第3页", "第6页", "第6页", "第7页", "第7页", "第9页", "第10页"]


def test_widths_are_fixed_on_every_cell_and_fill_the_text_width(
    bound: tuple[Bundle, Path],
) -> None:
    bundle, out = bound
    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    layout = item_table_layout(volume.items)
    expected = [round(w, 2) for _, w in layout.columns]
    assert sum(expected) == pytest.approx(TEXT_WIDTH_CM, abs=0.03)
    catalog = _catalog(docx.Document(out / VOLUME_1))
    assert [round(c.width.cm, 2) for c in catalog.columns] == expected
    for row in catalog.rows:
        assert [round(cell.width.cm, 2) for cell in row.cells] == expected
    tblpr = catalog._tbl.tblPr
    assert tblpr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert int(tblpr.find(f"{W}tblW").get(f"{W}w")) == sum(
        int(c.get(f"{W}w")) for c in catalog._tbl.tblGrid.findall(f"{W}gridCol")
    )
    # A smaller table text than the body's: the styles are made for this size.
    styles = {p.style.name for row in catalog.rows for cell in row.cells for p in cell.paragraphs}
    assert all(name.endswith(f"{layout.size_pt:g}pt") for name in styles), styles
    assert layout.size_pt < 10.5


def _da_t_22_volume(bundle: Bundle) -> Volume:
    """The bundle's first volume with DA/T 22 archive codes and long 文号."""
    spec = bundle.spec.model_copy(update={"archive_code": DA_T_22})
    volume = build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    items = [
        dataclasses.replace(item, doc_number=LONG_NUMBERS[n % 3])
        for n, item in enumerate(volume.items)
    ]
    return _with_items(volume, items)


def _with_items(volume: Volume, items: list[Item]) -> Volume:
    replaced = iter(items)
    sections = []
    for section in volume.categories[0].sections:
        blocks = tuple(
            dataclasses.replace(b, items=tuple(next(replaced) for _ in b.items))
            for b in section.requirements
        )
        sections.append(dataclasses.replace(section, requirements=blocks))
    part = dataclasses.replace(volume.categories[0], sections=tuple(sections))
    return dataclasses.replace(volume, categories=(part,))


def test_every_token_fits_its_column_in_the_chosen_size(bundle: Bundle) -> None:
    volume = _da_t_22_volume(bundle)
    layout = item_table_layout(volume.items)
    widths = dict(layout.columns)
    for head, texts in (
        ("档号", [i.code for i in volume.items]),
        ("文号", [i.doc_number for i in volume.items]),
        ("日期", [i.date for i in volume.items]),
    ):
        for text in texts:
            needed = text_width_em(text) * layout.size_pt / 72 * 2.54 + 0.2
            assert needed <= widths[head], (head, text, layout)
    assert widths["题名"] >= 2.5


@pytest.mark.slow
@pytest.mark.soffice
def test_no_token_breaks_in_libreoffice(bundle: Bundle, tmp_path: Path) -> None:
    """Issue 10: a DA/T 22 档号 wrapped over four lines and 〔 stood alone. Read back from the
    PDF, every line of the 档号 and 文号 columns is one whole token."""
    volume = _da_t_22_volume(bundle)
    target = tmp_path / "卷.docx"
    options = EvidenceOptions(bundle.root, lambda item: None, documents="list")
    write_volume(volume, plan_body(volume, options), target, when=WHEN)
    pdf = to_pdf(target)
    layout = item_table_layout(volume.items)
    codes = {i.code for i in volume.items}
    numbers = {i.doc_number for i in volume.items} - {""}
    page = next(words for words in page_words(pdf) if any(w[0] == "序号" for w in words))
    head_y = next(y for text, _, y in page if text == "序号")
    bottom = 3.5 / 2.54 * 72  # the footer's page number sits in the bottom margin
    table = [word for word in page if bottom < word[2] <= head_y + 1]
    lines = _column_lines(table, layout.columns)
    code_lines = [text for head, text in lines if head == "档号" and text != "档号"]
    number_lines = [text for head, text in lines if head == "文号" and text != "文号"]
    assert sorted(code_lines) == sorted(i.code for i in volume.items), code_lines
    assert set(number_lines) == numbers, number_lines
    assert codes
    assert all(not text.startswith(("〔", "·")) for _, text in lines)


WHEN = dt.datetime(2023, 11, 14)


def _column_lines(
    words: list[Word], columns: tuple[tuple[str, float], ...]
) -> list[tuple[str, str]]:
    """(column head, text) of every line of every cell: words on one baseline within one
    column's bounds, joined in x order. The table is centred on the text area."""
    left = 2.8 / 2.54 * 72  # the left margin; the table fills the text width
    bounds, x = [], left
    for head, width in columns:
        right = x + width / 2.54 * 72
        bounds.append((head, x, right))
        x = right
    by_line: dict[tuple[str, int], list[tuple[float, str]]] = {}
    for text, wx, wy in words:
        for head, start, end in bounds:
            if start - 1 <= wx < end:
                by_line.setdefault((head, round(wy)), []).append((wx, text))
                break
    return [
        (head, "".join(t for _, t in sorted(parts)))
        for (head, _), parts in sorted(by_line.items(), key=lambda kv: -kv[0][1])
    ]
