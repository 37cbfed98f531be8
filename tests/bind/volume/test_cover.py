"""封面: title block and register table on one page, long titles included."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from civarchive.bind import bind
from civarchive.bind.build import build_volumes
from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
)

DAY = dt.date(2023, 7, 1)


def test_cover_title_block_and_register(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    titles = [
        (p.text, p.runs[0].font.size.pt) for p in volume.paragraphs[:8] if p.style.name == "Title"
    ]
    assert titles == [
        ("X市人大常委会机关", 18),
        ("第七届全国文明单位创建资料", 22),
        ("思想道德建设", 26),
    ]
    register = volume.tables[0]
    assert [row.cells[0].text for row in register.rows] == [
        "立档单位",
        "案卷题名",
        "起止日期",
        "保管期限",
        "档号",
        "件数",
        "立卷日期",
    ]
    assert register.rows[1].cells[1].text == "第七届全国文明单位创建资料（思想道德建设）"
    for row in register.rows:
        assert row.height.cm == pytest.approx(1.0, abs=0.01)
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.DISTRIBUTE
        assert row.cells[1].paragraphs[0].runs[0].font.size.pt == 14


def test_single_volume_cover_names_the_spec_once(bundle: Bundle, tmp_path: Path) -> None:
    result = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", per="all")
    volume = docx.Document(result.volumes[0])
    titles = [p.text for p in volume.paragraphs[:8] if p.style.name == "Title"]
    assert titles == ["X市人大常委会机关", "第七届全国文明单位创建资料"]
    assert volume.tables[0].rows[1].cells[1].text == "第七届全国文明单位创建资料"


def test_cover_spaces_shrink_for_long_titles(bundle: Bundle) -> None:
    from civarchive.bind.volume.cover import COVER_GAP_PT, COVER_TOP_PT, cover_layout

    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    normal = cover_layout(volume)
    assert (normal.top_pt, normal.gap_pt) == (COVER_TOP_PT, COVER_GAP_PT)
    long_unit = "某某省某某市某某区人民代表大会常务委员会办公厅机关党委"
    long_title = "思想道德建设与社会主义核心价值观培育践行及未成年人思想道德建设"
    crowded = cover_layout(replace(volume, unit=long_unit, title=long_title))
    # Checked in LibreOffice: these titles fit one page with the spaces cover_layout leaves.
    assert crowded.gap_pt < COVER_GAP_PT
    assert crowded.top_pt <= COVER_TOP_PT
    assert crowded.titles[0] == (long_unit, 18.0)
    assert crowded.rows[1] == ("案卷题名", f"第七届全国文明单位创建资料（{long_title}）")
