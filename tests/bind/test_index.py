"""总目录: the volumes with their 档号 ranges and counts, then each volume's indicators."""

from __future__ import annotations

from pathlib import Path

import docx

from civarchive.bind import INDEX_NAME
from tests.bind.conftest import Bundle


def test_index_lists_volumes_and_indicators(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    index = docx.Document(out / INDEX_NAME)
    assert [p.text for p in index.paragraphs[:3]] == [
        "X市人大常委会机关",
        "第七届全国文明单位创建资料",
        "总目录",
    ]
    volumes = index.tables[0]
    assert [c.text for c in volumes.rows[0].cells] == [
        "序号",
        "卷名",
        "档号起止",
        "件数",
        "页数",
        "照片",
        "视频",
        "缺项",
    ]
    assert [c.text for c in volumes.rows[1].cells] == [
        "1",
        "1 思想道德建设",
        "J012-1-0001 — J012-1-0008",
        "8",
        "7",
        "4",
        "1",
        "0",
    ]
    assert [c.text for c in volumes.rows[2].cells][:4] == ["2", "2 精神文明建设", "", "0"]
    assert [p.text for p in index.paragraphs if p.style.name == "Heading 2"] == [
        "1 思想道德建设",
        "2 精神文明建设",
    ]
    first = index.tables[1]
    assert [row.cells[0].text for row in first.rows] == ["编号", "1.1", "1.2", "1.3"]
    status = index.tables[2]
    assert [c.text for c in status.rows[1].cells] == [
        "2.1",
        "2.1 志愿服务（1分）",
        "缺失",
        "0",
        "缺：志愿服务照片 2 张，现有 0 张",
    ]
    assert index.core_properties.title == "第七届全国文明单位创建资料（总目录）"
    assert index.core_properties.subject == "第七届全国文明单位创建资料"
