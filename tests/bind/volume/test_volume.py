"""A volume's parts in order: 封面, 目录, 卷内目录 (unnumbered), the body from page 1 (each
indicator and each 件 from a new page), 备考表 (unnumbered); an empty category says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import docx

from civarchive.bind.build import build_volumes
from civarchive.bind.models import CategoryPart
from civarchive.bind.volume import EvidenceOptions, plan_body, write_volume
from tests.bind.conftest import Bundle, W

WHEN = dt.datetime(2023, 11, 14)


def page_starts(document: docx.document.Document) -> list[str]:
    """The text of the first non-empty paragraph of each page: after a page-break run, a
    section break, or on a paragraph that starts a page itself (pageBreakBefore)."""
    starts, after_break = [], True
    for paragraph in document.paragraphs:
        xml = paragraph._p.xml
        if paragraph.paragraph_format.page_break_before:
            after_break = True
        if after_break and (paragraph.text.strip() or "<w:drawing" in xml):
            starts.append(paragraph.text or "<picture>")
            after_break = False
        if '<w:br w:type="page"/>' in xml or paragraph._p.find(f"{W}pPr/{W}sectPr") is not None:
            after_break = True
    return starts


def test_parts_in_order_each_from_a_new_page(bundle: Bundle, tmp_path: Path) -> None:
    volume = build_volumes(
        bundle.spec, bundle.inventory, bundle.report, per="all", bind_date=WHEN.date()
    )[0]
    empty = CategoryPart("3", "空类别", ())
    volume = dataclasses.replace(volume, categories=(*volume.categories, empty))
    options = EvidenceOptions(root=bundle.root, pictures=lambda item: None, documents="list")
    plan = plan_body(volume, options)
    write_volume(volume, plan, tmp_path / "卷.docx", when=WHEN)
    document = docx.Document(tmp_path / "卷.docx")
    starts = page_starts(document)
    assert starts == [
        "X市人大常委会机关",  # 封面
        "目录",
        "卷内目录",
        "1 思想道德建设",  # body page 1: the category with its first indicator
        "1. 2023年学习计划",  # the cards of 1.1's documents
        "3. 学习活动1",  # photos without pictures are cards too
        "1.2 宣讲活动（1分）",
        "7. 宣讲",
        "8. 录音",  # each requirement's evidence from a new page
        "1.3 未成年人教育（1分）",
        "2 精神文明建设",
        "3 空类别",
        "备考表",
    ]
    assert len(starts) - 4 == len(plan.pages)  # 封面, 目录, 卷内目录 and 备考表 besides
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("3 空类别") + 1] == "（本测评项目无指标）"
    assert document.core_properties.title == "第七届全国文明单位创建资料"  # named once
    assert not list(tmp_path.glob("*.part"))


def test_three_sections_only_the_body_numbered_from_one(bundle: Bundle, tmp_path: Path) -> None:
    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=WHEN.date())[0]
    options = EvidenceOptions(root=bundle.root, pictures=lambda item: None, documents="list")
    write_volume(volume, plan_body(volume, options), tmp_path / "卷.docx", when=WHEN)
    document = docx.Document(tmp_path / "卷.docx")
    front, body, record = document.sections
    assert document.settings.odd_and_even_pages_header_footer
    for section in (front, record):
        assert "PAGE" not in section.footer._element.xml
        assert "PAGE" not in section.even_page_footer._element.xml
    start = body._sectPr.find(f"{W}pgNumType")
    assert start is not None
    assert start.get(f"{W}start") == "1"
    odd, even = body.footer.paragraphs[0], body.even_page_footer.paragraphs[0]
    assert "PAGE" in body.footer._element.xml
    assert (str(odd.alignment), str(even.alignment)) == ("RIGHT (2)", "LEFT (0)")
    assert odd.text.startswith("— ")
    assert odd.text.endswith(" —")
    assert odd.runs[0].font.size.pt == 14.0  # 四号
