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
    values = {row.cells[0].text: row.cells[1].text for row in register.rows}
    assert list(values) == [
        "立档单位",
        "案卷题名",
        "起止日期",
        "保管期限",
        "密级",
        "档号",
        "件数",
        "页数",
        "册次",
        "立卷日期",
    ]
    assert values["案卷题名"] == "第七届全国文明单位创建资料（思想道德建设）"
    # The dates of the contents, not the spec's period (2021-01-01 – 2023-12-31).
    assert values["起止日期"] == "2022年至2023年5月2日"
    assert values["档号"] == "J012-1-0001 — J012-1-0008"
    assert values["件数"] == "8 件"
    assert values["密级"] == ""
    assert values["立卷日期"] == "2023年11月14日"
    for row in register.rows:
        assert row.height.cm == pytest.approx(1.0, abs=0.01)
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.DISTRIBUTE
        runs = row.cells[1].paragraphs[0].runs
        assert all(run.font.size.pt == 14 for run in runs)
        # 密级, and 页数 and 册次 before bind plans the pages, may stay empty.
        assert runs or row.cells[0].text in ("密级", "页数", "册次")


@pytest.mark.slow
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


def test_cover_dates_range_and_secrecy_come_from_the_contents(bundle: Bundle) -> None:
    from civarchive.bind.volume.cover import cover_layout

    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    # 档号 in the volume's order …-0010, …-0009, …-0002: the range is min–max in natural
    # order, not first row – last row; the highest 密级 stands for the volume.
    codes = ["J012-1-0010", "J012-1-0009", "J012-1-0002"]
    marks = ["内部", "秘密★10年", ""]
    dates = ["20230512", "", "20200301"]
    items = [
        replace(item, code=code, secrecy=mark, date=date)
        for item, code, mark, date in zip(volume.items, codes, marks, dates, strict=False)
    ]
    block = replace(volume.sections[0].requirements[0], items=tuple(items))
    section = replace(volume.sections[0], requirements=(block,))
    volume = replace(volume, categories=(replace(volume.categories[0], sections=(section,)),))
    rows = dict(cover_layout(volume).rows)
    assert rows["档号"] == "J012-1-0002 — J012-1-0010"
    assert rows["密级"] == "秘密★10年"
    assert rows["起止日期"] == "2020年3月1日至2023年5月12日"


def test_cover_of_an_undated_volume_leaves_the_dates_empty(bundle: Bundle) -> None:
    from civarchive.bind.volume.cover import dates_text

    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[1]
    assert volume.items == ()
    assert dates_text(volume) == ""


def test_cover_prints_the_page_facts_bind_planned(bundle: Bundle) -> None:
    from civarchive.bind.paging import PageSpan, VolumePages
    from civarchive.bind.volume.cover import cover_layout

    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    assert dict(cover_layout(volume).rows)["页数"] == ""  # not planned yet: room left
    paging = VolumePages(number=2, count=10, total=37, items={1: PageSpan(1, 3)})
    rows = dict(cover_layout(replace(volume, paging=paging)).rows)
    assert (rows["页数"], rows["册次"]) == ("37 页", "第2册 共10册")


def test_a_long_code_range_breaks_after_the_dash_not_inside_a_code(bundle: Bundle) -> None:
    from civarchive.bind.volume.cover import cover_layout

    spec = bundle.spec.model_copy(
        update={"archive_code": "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}"}
    )
    volume = build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    value = dict(cover_layout(volume).rows)["档号"]
    assert value == "J012-WS·2022-Y-xcb-0001 —\nJ012-WS·2023-Y-xcb-0005"
    short = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    assert dict(cover_layout(short).rows)["档号"] == "J012-1-0001 — J012-1-0008"
