"""A volume's parts in order: 封面, 目录, 卷内目录, each category's indicators, 备考表, each from a
new page; an empty category says so."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import docx

from civarchive.bind.build import build_volumes
from civarchive.bind.models import CategoryPart
from civarchive.bind.volume import EvidenceOptions, write_volume
from tests.bind.conftest import Bundle

WHEN = dt.datetime(2023, 11, 14)


def _page_starts(document: docx.document.Document) -> list[str]:
    """The text of the first non-empty paragraph after each page break."""
    starts, after_break = [], True
    for paragraph in document.paragraphs:
        if after_break and paragraph.text.strip():
            starts.append(paragraph.text)
            after_break = False
        if '<w:br w:type="page"/>' in paragraph._p.xml:
            after_break = True
    return starts


def test_parts_in_order_each_from_a_new_page(bundle: Bundle, tmp_path: Path) -> None:
    volume = build_volumes(
        bundle.spec, bundle.inventory, bundle.report, per="all", bind_date=WHEN.date()
    )[0]
    empty = CategoryPart("3", "空类别", ())
    volume = dataclasses.replace(volume, categories=(*volume.categories, empty))
    options = EvidenceOptions(root=bundle.root, pictures=lambda item: None)
    write_volume(volume, tmp_path / "卷.docx", options=options, when=WHEN)
    document = docx.Document(tmp_path / "卷.docx")
    assert _page_starts(document) == [
        "X市人大常委会机关",  # 封面
        "目录",
        "卷内目录",
        "1 思想道德建设",
        "2 精神文明建设",
        "3 空类别",
        "备考表",
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("3 空类别") + 1] == "（本测评项目无指标）"
    assert document.core_properties.title == "第七届全国文明单位创建资料"  # named once
    assert not list(tmp_path.glob("*.part"))
