"""bind end to end on real files: reopen every output and check its structure."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from PIL import Image

from civarchive.bind import CATALOG_NAME, INDEX_NAME, bind
from civarchive.bind.build import build_volumes
from civarchive.bind.models import summary_line
from civarchive.errors import UsageError
from tests.bind.conftest import IND_11, Bundle, build_archive

CONTRACT_COLUMNS = [
    "序号",
    "档号",
    "文号",
    "责任者",
    "题名",
    "日期",
    "密级",
    "页数",
    "备注",
    "保管期限",
    "路径",
]
DAY = dt.date(2023, 7, 1)
VOLUME_1 = "1 思想道德建设.docx"
VOLUME_2 = "2 精神文明建设.docx"


def _xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def bound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, Path]:
    """One bind shared by the read-only structure tests below (it is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("bound")
    bundle = build_archive(tmp_path / "archive")
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.setenv("CIVARCHIVE_LANG", "en")
        result = bind(
            bundle.spec,
            bundle.inventory,
            bundle.report,
            out,
            compiler="王五",
            checker="赵六",
            jobs=1,
        )
    assert [p.name for p in result.written] == [VOLUME_1, VOLUME_2, INDEX_NAME, CATALOG_NAME]
    assert (
        result.items,
        result.photos,
        result.videos,
        result.documents,
        result.audio,
        result.gaps,
    ) == (8, 4, 1, 2, 1, 1)
    assert (
        summary_line(result)
        == "bound 2 volume(s), 8 item(s) (2 documents, 4 photos, 1 videos, 1 audio); 1 gap(s) marked."
    )
    return bundle, out


def test_catalog_table_rows_link_to_item_bookmarks(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    catalog = next(t for t in volume.tables if t.rows[0].cells[0].text == "序号")
    assert [c.text for c in catalog.rows[0].cells] == [
        "序号",
        "档号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "页数",
        "备注",
    ]
    rows = catalog.rows[1:]
    assert len(rows) == 8
    assert [c.text for c in rows[0].cells[:7]] == [
        "1",
        "J012-1-0001",
        "市委发〔2023〕12号",
        "办公室",
        "2023年学习计划 市委发〔2023〕12号",
        "20230105",
        "",
    ]
    assert rows[1].cells[6].text == "3"
    body = _xml(out / VOLUME_1, "word/document.xml")
    anchors = [
        a for a in re.findall(r'<w:hyperlink w:anchor="([^"]+)"', body) if a.startswith("item_")
    ]
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    assert anchors == [f"item_{n:04d}" for n in range(1, 9)]
    assert set(anchors) <= bookmarks
    # 备注 carries the item's page in the volume through a PAGEREF field.
    assert len(re.findall(r"PAGEREF item_\d{4} \\h", body)) == 8


def test_photos_and_key_frames_are_images_with_captions(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    assert len(volume.inline_shapes) == 5  # 4 photos + 1 video key frame
    text = _text(volume)
    for expected in (
        "照片号：J012-1-0003",
        "题名：学习活动1",
        "时间：2023-03-01　地点：机关会议室",
        "人物：全体干部",
        "摄影者：李四",
        "时长：0:03　分辨率：320×240",
        f"位置：{IND_11}/照片/手机.heic",
    ):
        assert expected in text
    # The photo with EXIF orientation 6 is embedded upright: the only portrait picture.
    with zipfile.ZipFile(out / VOLUME_1) as archive:
        sizes = [
            Image.open(io.BytesIO(archive.read(n))).size
            for n in archive.namelist()
            if n.startswith("word/media/")
        ]
    assert len(sizes) == 5
    assert sum(1 for w, h in sizes if h > w) == 1
    assert (
        max(
            len(zipfile.ZipFile(out / VOLUME_1).read(n))
            for n in zipfile.ZipFile(out / VOLUME_1).namelist()
            if n.startswith("word/media/")
        )
        < 250_000
    )


def test_sections_gaps_and_not_applicable(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    first = docx.Document(out / VOLUME_1)
    headings = [p.text for p in first.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1.1 理想信念教育（4分）", "1.2 宣讲活动（1分）", "1.3 未成年人教育（1分）"]
    text = _text(first)
    assert "测评内容：深入学习贯彻党的创新理论" in text
    assert "责任人：宣传部" in text
    assert "情况说明：本单位无此项职能" in text
    second = docx.Document(out / VOLUME_2)
    gaps = [p for p in second.paragraphs if p.text.startswith("缺：")]
    assert [g.text for g in gaps] == ["缺：志愿服务照片 2 张，现有 0 张"]  # in the section
    assert gaps[0].paragraph_format.keep_with_next
    # …and in the 备考表's 情况说明 box, under the counts.
    record = docx.Document(out / VOLUME_2).tables[-1]
    box = record.rows[0].cells[1]
    assert record.rows[0].cells[0].text == "情况说明"
    assert [p.text for p in box.paragraphs][1:] == ["缺：志愿服务照片 2 张，现有 0 张"]
    assert box.paragraphs[1].style.name == "缺项"
    style = gaps[0].style
    assert style.font.bold is True
    assert str(style.font.color.rgb) == "C00000"


def test_record_sheet(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    text = _text(docx.Document(out / VOLUME_1))
    assert "本卷共 8 件：文件 2 件（3 页），照片 4 张，视频 1 个，音频 1 个；缺项 0 处。" in text
    for label, value in (("整理人", "王五"), ("检查人", "赵六"), ("整理日期", "2023-11-14")):
        assert f"{label}\n{value}" in text


def test_typography_fields_and_page_setup(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    path = out / VOLUME_1
    styles = _xml(path, "word/styles.xml")
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert theme not in styles
    document = docx.Document(path)
    for name, font in (
        ("Normal", "仿宋"),
        ("Heading 1", "宋体"),
        ("Heading 2", "黑体"),
        ("Title", "宋体"),
        ("表格文字", "宋体"),
    ):
        rpr = document.styles[name].element.rPr
        assert (
            rpr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
            == font
        ), name
    assert 'w:eastAsia="zh-CN"' in styles
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == 25
    assert document.styles["Title"].font.size.pt == 22
    assert document.styles["Title"].font.bold
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [
        round(m.cm, 1)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [3.7, 3.5, 2.8, 2.6]
    body = _xml(path, "word/document.xml")
    assert 'TOC \\o "1-2" \\h \\z \\u' in body
    assert '<w:updateFields w:val="true"/>' in _xml(path, "word/settings.xml")
    footer = next(n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/footer"))
    footer_xml = _xml(path, footer)
    assert "> PAGE </w:instrText>" in footer_xml
    assert "— " in footer_xml


def test_core_properties_are_fixed(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    props = docx.Document(out / VOLUME_1).core_properties
    when = dt.datetime(2023, 11, 14, 22, 13, 20)  # SOURCE_DATE_EPOCH=1700000000 (conftest)
    assert props.created.replace(tzinfo=None) == when
    assert props.modified.replace(tzinfo=None) == when
    assert props.revision == 1
    assert props.author == "X市人大常委会机关"


def test_index_and_catalog_workbook(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    index = docx.Document(out / INDEX_NAME)
    volumes = index.tables[0]
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
    status = index.tables[2]
    assert [c.text for c in status.rows[1].cells] == [
        "2.1",
        "2.1 志愿服务（1分）",
        "缺失",
        "0",
        "缺：志愿服务照片 2 张，现有 0 张",
    ]
    sheet = openpyxl.load_workbook(out / CATALOG_NAME).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == CONTRACT_COLUMNS
    assert len(rows) == 9
    assert rows[1] == (
        1,
        "J012-1-0001",
        "市委发〔2023〕12号",
        "办公室",
        "2023年学习计划 市委发〔2023〕12号",
        "20230105",
        None,
        None,
        None,
        "永久",
        f"{IND_11}/2023年学习计划 市委发〔2023〕12号.docx",
    )
    assert rows[3][8] == "照片"
    assert rows[3][7] == 1
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 48


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".civarchive" not in p.relative_to(root).parts
    }


def test_deterministic_and_archive_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = build_archive(tmp_path / "archive")
    before = _digest(bundle.root)
    first = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "a", jobs=2
    )  # cold thumbnails
    second = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "b", jobs=1)  # warm
    third = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "c", use_cache=False)
    for a, b, c in zip(first.written, second.written, third.written, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name
    assert _digest(bundle.root) == before
    assert {p.name for p in bundle.root.iterdir()} == {"1 思想道德建设", ".civarchive"}
    # Without SOURCE_DATE_EPOCH the report's as-of date stamps the documents.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    fourth = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "d")
    props = docx.Document(fourth.volumes[0]).core_properties
    assert props.created.replace(tzinfo=None) == dt.datetime(2023, 7, 1)
    with zipfile.ZipFile(fourth.catalog) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not list((tmp_path / "d").glob("*.part"))


def test_output_inside_archive_is_refused(bundle: Bundle) -> None:
    with pytest.raises(UsageError, match="inside the archive"):
        bind(bundle.spec, bundle.inventory, bundle.report, bundle.root / "卷宗")
    assert not (bundle.root / "卷宗").exists()
    result = bind(
        bundle.spec, bundle.inventory, bundle.report, bundle.root / ".civarchive" / "卷宗"
    )
    assert result.volumes[0].is_file()


def test_bad_options(bundle: Bundle, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="photos-per-page"):
        bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", photos_per_page=3)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="--per"):
        bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", per="indicator")  # type: ignore[arg-type]


def test_per_all_and_four_photos_per_page(bundle: Bundle, tmp_path: Path) -> None:
    result = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", per="all", photos_per_page=4
    )
    assert [p.name for p in result.volumes] == ["第七届全国文明单位创建资料.docx"]
    volume = docx.Document(result.volumes[0])
    assert [p.text for p in volume.paragraphs if p.style.name == "Heading 1"] == [
        "1 思想道德建设",
        "2 精神文明建设",
    ]
    grids = [t for t in volume.tables if t._cells and t._cells[0]._tc.xpath(".//w:drawing")]
    assert grids
    assert all(len(t.columns) == 2 for t in grids)
    assert len(volume.inline_shapes) == 5


def test_undecodable_photo_is_listed_as_text(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    (bundle.root / IND_11 / "照片" / "IMG_002.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    result = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", use_cache=False)
    assert result.photo_failures == 1
    volume = docx.Document(result.volumes[0])
    assert len(volume.inline_shapes) == 4
    text = _text(volume)
    assert "学习活动2" in text
    assert "照片无法显示：无法解码" in text
    # Still in the catalog and linked.
    assert "item_0004" in _xml(result.volumes[0], "word/document.xml")


def test_embed_documents(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    result = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", embed_documents=True
    )
    text = _text(docx.Document(result.volumes[0]))
    assert "2023年理论学习计划（第1段）" in text
    assert text.index("2023年理论学习计划（第1段）") < text.index("2022年学习计划\n")
    # A DOCX that cannot be composed becomes a note, not a crash.
    plan = next(bundle.root.rglob("*.docx"))
    plan.write_bytes(b"PK\x03\x04 broken")
    broken = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "p", embed_documents=True
    )
    assert "正文未能并入" in _text(docx.Document(broken.volumes[0]))


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
    text = _text(volume)
    assert text.count("正文未能并入") == 2  # truncated, encrypted
    assert len(volume.inline_shapes) >= 1  # the Word document's own pictures came along
    ids = re.findall(r'<wp:docPr id="(\d+)"', _xml(result.volumes[0], "word/document.xml"))
    assert len(ids) == len(set(ids))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _toc_lines(body: bytes) -> list[tuple[str, str, str]]:
    """(style, link text, PAGEREF target) of the TOC paragraphs, from the one opening the field."""
    from lxml import etree

    lines = []
    opened = False
    for paragraph in etree.fromstring(body).iter(f"{W}p"):
        instr = "".join(t.text or "" for t in paragraph.iter(f"{W}instrText"))
        opened = opened or instr.strip().startswith("TOC ")
        style = paragraph.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        if not opened or not style.startswith("toc"):
            continue
        link = paragraph.find(f"{W}hyperlink")
        pageref = re.search(r"PAGEREF (\S+) \\h", instr)
        assert link is not None
        assert pageref is not None
        assert link.get(f"{W}anchor") == pageref.group(1)
        lines.append((style, "".join(t.text or "" for t in link.iter(f"{W}t")), pageref.group(1)))
    return lines


def test_toc_result_is_prefilled_with_linked_entries(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    path = out / VOLUME_1
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml")
    lines = _toc_lines(body)
    assert [(style, text) for style, text, _ in lines] == [
        ("toc1", "卷内目录"),
        ("toc1", "1 思想道德建设"),
        ("toc2", "1.1 理想信念教育（4分）"),
        ("toc2", "1.2 宣讲活动（1分）"),
        ("toc2", "1.3 未成年人教育（1分）"),
        ("toc1", "备考表"),
    ]
    assert [mark for _, _, mark in lines][1:5] == [
        "_Toc_cat_1",
        "_Toc_ind_1_1",
        "_Toc_ind_1_2",
        "_Toc_ind_1_3",
    ]
    # Every entry's bookmark sits on the heading it names, once.
    document = docx.Document(path)
    marked = {}
    for paragraph in document.paragraphs:
        for start in paragraph._p.findall(f"{W}bookmarkStart"):
            marked[start.get(f"{W}name")] = paragraph.text
    for _, text, mark in lines:
        assert marked[mark] == text
    ids = re.findall(r'<w:bookmarkStart w:id="(\d+)"', body.decode("utf-8"))
    assert len(ids) == len(set(ids))
    # Right-aligned page numbers after a dot leader, in the TOC styles.
    tab = document.styles["toc 2"].paragraph_format.tab_stops[0]
    assert (str(tab.alignment), str(tab.leader), round(tab.position.cm, 1)) == (
        "RIGHT (2)",
        "DOTS (1)",
        15.6,
    )
    assert document.styles["toc 1"].element.get(f"{W}customStyle") is None


def test_pdf_copy_has_the_toc_field_unwrapped(bound: tuple[Bundle, Path], tmp_path: Path) -> None:
    from civarchive.bind.pdf import stage_for_pdf

    _, out = bound
    staged = tmp_path / "staged.docx"
    stage_for_pdf(out / VOLUME_1, staged)
    original, copy = _xml(out / VOLUME_1, "word/document.xml"), _xml(staged, "word/document.xml")
    assert "TOC \\o" in original
    assert "TOC \\o" not in copy
    # Only the TOC's own four runs went: the entries, their links and PAGEREFs stay.
    assert copy.count("PAGEREF _Toc_") == original.count("PAGEREF _Toc_") == 6
    for kind in ("begin", "separate", "end"):
        assert (
            copy.count(f'w:fldCharType="{kind}"') == original.count(f'w:fldCharType="{kind}"') - 1
        )
    with zipfile.ZipFile(out / VOLUME_1) as a, zipfile.ZipFile(staged) as b:
        assert a.namelist() == b.namelist()
        assert a.read("word/styles.xml") == b.read("word/styles.xml")
    assert docx.Document(staged).paragraphs


def test_catalog_widths_are_fixed_on_every_cell(bound: tuple[Bundle, Path]) -> None:
    from civarchive.bind.volume.item_table import CATALOG_COLUMNS, catalog_columns

    assert round(sum(w for _, w in CATALOG_COLUMNS), 2) == 15.6
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    catalog = next(t for t in volume.tables if t.rows[0].cells[0].text == "序号")
    expected = [round(w, 2) for _, w in CATALOG_COLUMNS]  # this volume has a 文号
    assert [round(c.width.cm, 2) for c in catalog.columns] == expected
    for row in catalog.rows:
        assert [round(cell.width.cm, 2) for cell in row.cells] == expected
    tblpr = catalog._tbl.tblPr
    assert tblpr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert tblpr.find(f"{W}tblW").get(f"{W}type") == "dxa"
    assert int(tblpr.find(f"{W}tblW").get(f"{W}w")) == sum(
        int(c.get(f"{W}w")) for c in catalog._tbl.tblGrid.findall(f"{W}gridCol")
    )
    # 备注 is the page in the volume only (第N页), photos included.
    notes = [row.cells[7].text for row in catalog.rows[1:]]
    assert all(re.fullmatch(r"第\d+页", note) for note in notes), notes
    # Without any 文号 that column shrinks and 题名 gets its room.
    bundle, _ = bound
    volume_items = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    items = tuple(i for i in volume_items.items if not i.doc_number)
    narrow = dict(catalog_columns(items))
    assert narrow["文号"] == 1.0
    assert round(narrow["题名"], 2) == 5.2
    assert round(sum(narrow.values()), 2) == 15.6


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


def test_entries_keep_with_what_follows(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    paragraphs = docx.Document(out / VOLUME_1).paragraphs
    by_text = {p.text: p for p in paragraphs}
    for text in (
        "测评内容：深入学习贯彻党的创新理论",
        "完成情况：完成",
        "1. 2023年学习计划 市委发〔2023〕12号",
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


def test_photo_captions_align_with_the_picture(bound: tuple[Bundle, Path]) -> None:
    from civarchive.bind.docx import TEXT_WIDTH_CM

    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    grid = next(t for t in volume.tables if t._cells[0]._tc.xpath(".//w:drawing"))
    cell = grid.rows[0].cells[0]
    picture = volume.inline_shapes[0]
    caption = cell.paragraphs[1]
    assert caption.text.startswith("照片号：")
    content = TEXT_WIDTH_CM - 0.2  # the cell minus its 0.1 cm margins
    assert caption.paragraph_format.left_indent.cm == pytest.approx(
        (content - picture.width.cm) / 2, abs=0.02
    )


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
