"""The body: indicator headings and facts, gaps, not-applicable notes, cards, merged documents."""

from __future__ import annotations

import re
from pathlib import Path

import docx

from civarchive.bind import bind
from tests.bind.conftest import (
    IND_11,
    VOLUME_1,
    VOLUME_2,
    Bundle,
    build_archive,
    docx_text,
    docx_xml,
)


def test_sections_gaps_and_not_applicable(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    first = docx.Document(out / VOLUME_1)
    headings = [p.text for p in first.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1.1 理想信念教育（4分）", "1.2 宣讲活动（1分）", "1.3 未成年人教育（1分）"]
    text = docx_text(first)
    assert "测评内容：深入学习贯彻党的创新理论" in text
    assert "责任人：宣传部" in text
    # Not applicable: a 情况说明 block (a framed box), not one inline line.
    block = next(t for t in first.tables if t.rows[0].cells[0].text.startswith("情况说明："))
    assert block.rows[0].cells[0].text == "情况说明：本指标不适用。本单位无此项职能"
    assert len(block.columns) == 1
    second = docx.Document(out / VOLUME_2)
    gaps = [p for p in second.paragraphs if p.text.startswith("缺：")]
    assert [g.text for g in gaps] == ["缺：志愿服务照片 2 张，现有 0 张"]  # in the section
    assert gaps[0].paragraph_format.keep_with_next
    # …and in the 备考表's 情况说明 box, under the counts.
    record = docx.Document(out / VOLUME_2).tables[-1]
    box = record.rows[0].cells[1]
    assert record.rows[0].cells[0].text == "情况说明"
    assert [p.text for p in box.paragraphs][1:2] == ["缺：志愿服务照片 2 张，现有 0 张"]
    assert box.paragraphs[1].style.name == "缺项"
    style = gaps[0].style
    assert style.font.bold is True
    assert str(style.font.color.rgb) == "C00000"


def test_entries_keep_with_what_follows(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    paragraphs = docx.Document(out / VOLUME_1).paragraphs
    by_text = {p.text: p for p in paragraphs}
    for text in (
        "测评内容：深入学习贯彻党的创新理论",
        "完成情况：完成",
        "1. 2023年学习计划",
    ):
        assert by_text[text].paragraph_format.keep_with_next, text
    details = next(p for p in paragraphs if p.text.startswith("档号：J012-1-0001"))
    assert details.paragraph_format.keep_with_next
    location = next(
        p for p in paragraphs if p.text.startswith("位置：") and "学习计划 市委" in p.text
    )
    assert not location.paragraph_format.keep_with_next  # the next entry may start a page
    styles = docx.Document(out / VOLUME_1).styles
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert styles[name].paragraph_format.keep_with_next, name


def test_embed_documents(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    result = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", embed_documents=True
    )
    text = docx_text(docx.Document(result.volumes[0]))
    assert "2023年理论学习计划（第1段）" in text
    assert text.index("2023年理论学习计划（第1段）") < text.index("学习计划（2022）\n")
    # A DOCX that cannot be composed becomes a note, not a crash.
    plan = next(bundle.root.rglob("*.docx"))
    plan.write_bytes(b"PK\x03\x04 broken")
    broken = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "p", embed_documents=True
    )
    assert "正文未能并入" in docx_text(docx.Document(broken.volumes[0]))


def test_embedding_real_office_documents(real_corpus: Path, tmp_path: Path) -> None:
    """Word, WPS, LibreOffice DOCX compose; truncated and encrypted ones become notes."""
    from civarchive.check.models import RequirementResult
    from civarchive.kinds import Kind
    from civarchive.scan.models import Evidence, Inventory

    bundle = build_archive(tmp_path / "archive", photos=0)
    names = [
        "docx-word-chinese-images.docx",
        "docx-wps-chinese.docx",
        "docx-libreoffice.docx",
        "docx-truncated.docx",
        "docx-encrypted-password-solrcell.docx",
    ]
    files = list(bundle.inventory.files)
    for name in names:
        target = bundle.root / IND_11 / name
        target.write_bytes((real_corpus / name).read_bytes())
        files.append(
            Evidence(
                path=f"{IND_11}/{name}",
                kind=Kind.DOCUMENT,
                format="docx",
                size=target.stat().st_size,
                mtime_ns=0,
                sha256="0" * 64,
            )
        )
    paths = [f"{IND_11}/{n}" for n in names]
    indicators = list(bundle.report.indicators)
    first = indicators[0]
    requirement = RequirementResult(
        kind="document", what="年度学习计划", min=1, count=len(paths), met=True, files=paths
    )
    indicators[0] = first.model_copy(update={"requirements": [requirement]})
    report = bundle.report.model_copy(update={"indicators": indicators})
    inventory = Inventory(root=bundle.inventory.root, files=files)
    result = bind(bundle.spec, inventory, report, tmp_path / "out", embed_documents=True)
    volume = docx.Document(result.volumes[0])
    text = docx_text(volume)
    assert text.count("正文未能并入") == 2  # truncated, encrypted
    assert len(volume.inline_shapes) >= 1  # the Word document's own pictures came along
    ids = re.findall(r'<wp:docPr id="(\d+)"', docx_xml(result.volumes[0], "word/document.xml"))
    assert len(ids) == len(set(ids))
