"""总目录: the 自评表 (scores by the check's rule, pages from the volumes), the 分册目录 with
the volumes' own page totals, each volume's indicators, the spec's front documents."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from civarchive.bind import INDEX_NAME, bind
from tests.bind.conftest import Bundle, W, build_archive
from tests.factories import make_docx, make_image_pdf


def test_index_lists_scores_volumes_and_indicators(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    index = docx.Document(out / INDEX_NAME)
    assert [p.text for p in index.paragraphs[:4]] == [
        "X市人大常委会机关",
        "第七届全国文明单位创建资料",
        "总目录",
        "测评体系对照表（自评表）",
    ]
    assessment = index.tables[0]
    assert [[c.text for c in row.cells] for row in assessment.rows] == [
        ["编号", "测评指标", "分值", "自评分", "卷册", "页码"],
        ["1.1", "理想信念教育", "4", "4", "第1册", "第1–7页"],
        ["1.2", "宣讲活动", "1", "1", "第1册", "第8–10页"],
        ["1.3", "未成年人教育", "1", "不适用", "第1册", "第11页"],
        ["2.1", "志愿服务", "1", "0", "第2册", "第1页"],
        ["", "合计（不含不适用指标）", "6", "5", "", ""],
    ]
    volumes = index.tables[1]
    assert [c.text for c in volumes.rows[0].cells] == [
        "册次",
        "卷名",
        "档号起止",
        "件数",
        "页数",
        "照片",
        "视频",
        "缺项",
    ]
    # 页数 is the volume's own total, the one its cover and 备考表 state.
    assert [c.text for c in volumes.rows[1].cells] == [
        "第1册 共2册",
        "1 思想道德建设",
        "J012-1-0001 — J012-1-0008",
        "8",
        "11",
        "4",
        "1",
        "0",
    ]
    assert [c.text for c in volumes.rows[2].cells][:5] == [
        "第2册 共2册",
        "2 精神文明建设",
        "",
        "0",
        "1",
    ]
    assert [p.text for p in index.paragraphs if p.style.name == "Heading 2"] == [
        "1 思想道德建设",
        "2 精神文明建设",
    ]
    status = index.tables[3]
    assert [c.text for c in status.rows[1].cells] == [
        "2.1",
        "2.1 志愿服务（1分）",
        "缺失",
        "0",
        "缺：志愿服务照片 2 张，现有 0 张",
    ]
    assert index.core_properties.title == "第七届全国文明单位创建资料（总目录）"


@pytest.mark.slow
def test_front_documents_follow_the_index_and_lead_a_single_volume(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    make_image_pdf(bundle.root / "工作汇报.pdf", 2)
    make_docx(bundle.root / "单位概况.docx", text="单位概况")
    from civarchive.scan import scan

    spec = bundle.spec.model_copy(update={"front": ["工作汇报.pdf", "单位概况.docx"]})
    inventory = scan(bundle.root, spec=spec, use_cache=False, progress=False)
    report = bundle.report
    result = bind(spec, inventory, report, tmp_path / "out", per="all", final=True, allow_gaps=True)
    for path in (result.index, result.volumes[0]):
        assert path is not None
        document = docx.Document(path)
        headings = [p for p in document.paragraphs if p.text in ("工作汇报", "单位概况")]
        assert [p.text for p in headings] == ["工作汇报", "单位概况"]
        assert all(p.paragraph_format.page_break_before for p in headings)
        pictures = document.element.body.xpath(".//w:drawing")
        assert len(pictures) >= 2  # the report's two pages (and, rendered, the profile's)
    index = docx.Document(result.index)
    # The final copy: no gap column, no per-volume status tables.
    assert [c.text for c in index.tables[1].rows[0].cells][-1] == "视频"
    assert len(index.tables) == 2
    volume = docx.Document(result.volumes[0])
    # In the single volume the 自评表 and front documents stand before the numbered body.
    body_start = next(
        i for i, p in enumerate(volume.paragraphs) if p._p.find(f"{W}pPr/{W}sectPr") is not None
    )
    texts = [p.text for p in volume.paragraphs[:body_start]]
    assert "测评体系对照表（自评表）" in texts
    assert "工作汇报" in texts
