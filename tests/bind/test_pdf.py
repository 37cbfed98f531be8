"""--pdf through LibreOffice: Chinese text survives (fonts mapped), pages and links exist."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from civarchive.bind import bind
from civarchive.bind.pdf import FONTS_CONF, PDF_FILTER
from tests.bind.conftest import Bundle


@pytest.fixture
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui fonts-noto-cjk"
        )
    return found


@pytest.mark.soffice
@pytest.mark.slow
def test_volume_converts_to_pdf_with_chinese_text(
    soffice: str, bundle: Bundle, tmp_path: Path
) -> None:
    result = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "out", pdf=True)
    assert [p.name for p in result.pdfs] == [
        "1 思想道德建设.pdf",
        "2 精神文明建设.pdf",
        "总目录.pdf",
    ]
    assert not list((tmp_path / "out").glob("*.part"))
    reader = PdfReader(result.pdfs[0])
    text = "\n".join(page.extract_text() for page in reader.pages)
    compact = text.replace(" ", "")
    assert "X市人大常委会机关" in compact
    assert "卷内目录" in compact
    # The cover (title block and register table) fits on its page.
    cover = reader.pages[0].extract_text().replace(" ", "")
    assert "思想道德建设" in cover
    assert "立卷日期" in cover
    # The 目录 lists every heading with its page in the numbered body (LibreOffice prints
    # the TOC field's result as it is, so bind gives it a copy with that field unwrapped).
    toc = reader.pages[1].extract_text().replace(" ", "")
    assert toc.startswith("目录")
    pages = dict(re.findall(r"^(.+?)\.{3,}(\d+)$", toc, re.MULTILINE))
    assert pages == {
        "1思想道德建设": "1",
        "1.1理想信念教育（4分）": "1",
        "1.2宣讲活动（1分）": "8",
        "1.3未成年人教育（1分）": "11",
    }, toc
    # Body page 1 follows 封面, 目录 and 卷内目录; its footer says 「— 1 —」.
    assert reader.pages[3].extract_text().replace(" ", "").rstrip().endswith("—1—")
    assert len(reader.pages) == 3 + 11 + 1  # 封面, 目录, 卷内目录; the body; 备考表
    # PAGEREF fields are computed: the catalog's 备注 gives real pages, not the placeholder.
    assert "第6页" in compact
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("NotoSerifCJK" in f for f in fonts), fonts
    assert any("NotoSansCJK" in f for f in fonts), fonts  # 黑体 headings
    # Internal hyperlinks of the catalog became PDF links.
    links = [
        a
        for page in reader.pages
        for a in (page.get("/Annots") or [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert len(links) >= 8
    # Bookmarks: the category, its indicators, and under them their 件.
    outline = [
        (item.title, reader.get_destination_page_number(item) - 2) for item in _flat(reader.outline)
    ]
    assert outline[:4] == [
        ("1 思想道德建设", 1),
        ("1.1 理想信念教育（4分）", 1),
        ("1. 2023年学习计划", 2),
        ("2. 学习计划（2022）", 3),
    ]
    assert ("（二）学习活动照片", 6) in outline
    # Every picture 件 has its own entry, under its requirement's, at its page.
    group = next(
        i
        for i, e in enumerate(reader.outline[1][1])
        if not isinstance(e, list) and e.title == "（二）学习活动照片"
    )
    pictures = [
        (entry.title, reader.get_destination_page_number(entry) - 2)
        for entry in reader.outline[1][1][group + 1]
    ]
    assert pictures == [
        ("3. 学习活动1", 6),
        ("4. 学习活动2", 6),
        ("5. 学习活动3", 7),
        ("6. 手机", 7),
    ]
    assert ("7. 宣讲", 9) in outline  # a video's key frame too
    # 总目录 converted too.
    assert "总目录" in PdfReader(result.pdfs[-1]).pages[0].extract_text().replace(" ", "")


def _flat(outline: list[object]) -> list:  # type: ignore[type-arg]
    items = []
    for entry in outline:
        items += _flat(entry) if isinstance(entry, list) else [entry]
    return items


def test_fonts_conf_maps_chinese_families() -> None:
    conf = FONTS_CONF.read_text(encoding="utf-8")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf
    for family in ("宋体", "SimSun", "仿宋", "FangSong", "楷体", "KaiTi"):
        assert f"<family>{family}</family><prefer><family>Noto Serif CJK SC</family>" in conf
    for family in ("黑体", "SimHei", "微软雅黑"):
        assert f"<family>{family}</family><prefer><family>Noto Sans CJK SC</family>" in conf
    # A double dash inside an XML comment makes fontconfig reject the whole file.
    assert all("--" not in comment for comment in re.findall(r"<!--(.*?)-->", conf, re.DOTALL))
    assert PDF_FILTER.startswith("pdf:writer_pdf_Export:{")
