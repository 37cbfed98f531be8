"""Acceptance: `civarchive bind` (design §6): volumes, catalog, links, images, fonts, determinism, PDF."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.acceptance.archives import ENV
from tests.acceptance.helpers import assert_clean, cli, cli_process, fingerprint, sha256_tree
from tests.factories import make_caption_csv, make_docx, make_jpeg, make_mp4, make_pdf, write_spec

D = dt.datetime
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BIND_SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "装订验收资料",
    "unit": "验收单位",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "fonds": "Z109",
    "retention": "永久",
    "defaults": {
        "photo": {"min_megapixels": 0.1, "caption": "optional"},
        "video": {"min_seconds": 1},
    },
    "categories": [
        {
            "id": "1",
            "title": "组织领导",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "领导体制",
                    "points": 4,
                    "content": "成立精神文明建设领导小组",
                    "method": "查阅资料",
                    "requires": [
                        {"kind": "document", "what": "领导小组文件"},
                        {"kind": "photo", "what": "会议照片", "min": 4},
                    ],
                }
            ],
        },
        {
            "id": "2",
            "title": "思想道德建设",
            "indicators": [
                {
                    "id": "2.1",
                    "title": "道德讲堂",
                    "requires": [
                        {"kind": "video", "what": "讲堂视频"},
                        {"kind": "document", "what": "讲稿"},
                    ],
                },
                {
                    "id": "2.2",
                    "title": "服务窗口",
                    "applicable": False,
                    "note": "本单位无对外服务窗口",
                    "requires": [{"kind": "photo", "what": "窗口照片"}],
                },
            ],
        },
        {
            "id": "3",
            "title": "文明风尚",
            "indicators": [
                {
                    "id": "3.1",
                    "title": "文明礼仪",
                    "requires": [{"kind": "document", "what": "礼仪制度"}],
                }
            ],
        },
    ],
}

PHOTOS = 2  # in 1.1
VIDEOS = 1  # in 2.1


def build_bind_archive(root: Path) -> Path:
    write_spec(root, data=BIND_SPEC)
    i11 = root / "一、组织领导" / "1.1 领导体制"
    make_docx(
        i11 / "20220301关于成立领导小组的通知.docx",
        text="关于成立领导小组的通知",
        created=D(2022, 3, 1),
    )
    make_jpeg(i11 / "会议一.jpg", taken=D(2022, 3, 2, 9), orientation=6)
    make_jpeg(i11 / "会议二.jpg", taken=D(2022, 3, 3, 9), color=(20, 200, 20))
    make_caption_csv(
        i11 / "说明.csv",
        [["会议一.jpg", "领导小组第一次会议", "2022-03-02", "三楼会议室", "全体成员", "", "张三"]],
    )
    i21 = root / "二、思想道德建设" / "2.1 道德讲堂"
    make_mp4(i21 / "讲堂.mp4", seconds=2, created=D(2022, 5, 1, 1))
    make_pdf(i21 / "20220501讲稿.pdf", pages=3, title="道德讲堂讲稿")
    make_docx(root / "三、文明风尚" / "3.1 文明礼仪" / "2022年礼仪制度.docx", text="文明礼仪制度")
    return root


@pytest.fixture(scope="module")
def bound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[bytes, Any]]:
    base = tmp_path_factory.mktemp("bind")
    root = build_bind_archive(base / "档案")
    before = fingerprint(root)
    first, second = base / "out1", base / "out2"
    for out in (first, second):
        run = cli("bind", root, "-o", out, "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
        assert_clean(run)
        assert run.exit_code == 0, run.output
    return root, first, second, before


def _volumes(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("*.docx") if p.name != "总目录.docx")


def _grid_pictures(volume: Path) -> int:
    """Pictures in the photo grids (tables): photos and key frames, not the documents' pages
    (which the volume holds too, design §6)."""
    import docx

    body = docx.Document(str(volume)).element.body
    return len(body.xpath(".//w:tbl//w:drawing"))


def _xml(docx: Path, part: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(part).decode("utf-8")


def test_outputs_present(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    assert len(_volumes(out)) == 3, sorted(p.name for p in out.iterdir())
    assert (out / "归档文件目录.xlsx").is_file()
    assert (out / "总目录.docx").is_file()
    assert not list(out.glob("*.tmp"))
    assert not list(out.glob(".*"))


def test_second_run_is_byte_identical(bound: tuple[Path, ...]) -> None:
    _, first, second, _ = bound
    assert sha256_tree(first) == sha256_tree(second)


def test_archive_unchanged(bound: tuple[Path, ...]) -> None:
    root, _, _, before = bound
    assert fingerprint(root) == before


def test_catalog_rows_link_to_bookmarks(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    import docx

    volume = next(v for v in _volumes(out) if "组织领导" in v.name)
    document = docx.Document(str(volume))
    headers = [[c.text.strip() for c in t.rows[0].cells] for t in document.tables]
    catalog = next(h for h in headers if "序号" in h and "题名" in h)
    for column in ("序号", "档号", "文号", "责任者", "题名", "日期", "页数", "备注"):
        assert column in catalog, catalog
    body = _xml(volume, "word/document.xml")
    anchors = set(re.findall(r'<w:hyperlink[^>]*w:anchor="([^"]+)"', body))
    bookmarks = set(re.findall(r'<w:bookmarkStart[^>]*w:name="([^"]+)"', body))
    assert len(anchors) >= 3  # one document and two photos in 1.1
    assert anchors <= bookmarks


def test_photos_and_key_frames_are_images(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound

    counts = {v.name: _grid_pictures(v) for v in _volumes(out)}
    by_category = {
        next(c for c in ("组织领导", "思想道德建设", "文明风尚") if c in name): n
        for name, n in counts.items()
    }
    assert by_category == {"组织领导": PHOTOS, "思想道德建设": VIDEOS, "文明风尚": 0}


def test_fonts_toc_and_gaps(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    for volume in _volumes(out):
        styles = _xml(volume, "word/styles.xml")
        assert re.search(r"<w:rFonts[^>]*w:eastAsia=", styles), volume.name
        body = _xml(volume, "word/document.xml")
        assert re.search(r"<w:instrText[^>]*>[^<]*TOC", body), volume.name
    text = _xml(next(v for v in _volumes(out) if "组织领导" in v.name), "word/document.xml")
    assert "缺" in text
    assert "会议照片" in text
    assert "1.1 领导体制（4分）" in re.sub(r"<[^>]+>", "", text)
    na = re.sub(
        r"<[^>]+>",
        "",
        _xml(next(v for v in _volumes(out) if "思想道德" in v.name), "word/document.xml"),
    )
    assert "本单位无对外服务窗口" in na


def test_catalog_xlsx_columns_and_rows(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    sheet = openpyxl.load_workbook(out / "归档文件目录.xlsx", read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    header_index = next(i for i, r in enumerate(rows) if "序号" in r)
    header = [str(v).strip() if v is not None else "" for v in rows[header_index]]
    # Design §6 (issue 10): the DA/T 22 parts of the 档号 beside it, then the rest.
    expected = [
        "序号",
        "档号",
        "全宗号",
        "年度",
        "保管期限",
        "机构(问题)",
        "件号",
        "文号",
        "责任者",
        "题名",
        "日期",
        "页数",
        "页号",
        "密级",
        "指标",
        "照片号",
        "摄影者",
        "时长",
        "备注",
        "路径",
    ]
    assert header[: len(expected)] == expected, header
    items = rows[header_index + 1 :]
    assert len(items) == 6  # notice, 2 photos, video, speech, etiquette rules
    date_col = header.index("日期")
    dates = {str(r[date_col]) for r in items}
    assert "20220301" in dates
    assert all(re.fullmatch(r"\d{8}|\d{4}|None|", d) for d in dates), dates
    code_col = header.index("档号")
    assert all(str(r[code_col]).startswith("Z109-") for r in items)
    retention_col = header.index("保管期限")
    assert {r[retention_col] for r in items} == {"永久"}


def test_per_all_makes_one_volume(bound: tuple[Path, ...], tmp_path: Path) -> None:
    root = bound[0]
    run = cli(
        "bind",
        root,
        "-o",
        tmp_path / "all",
        "--per",
        "all",
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    assert len(_volumes(tmp_path / "all")) == 1


def test_output_inside_archive_or_bad_option_is_usage_error(
    bound: tuple[Path, ...], tmp_path: Path
) -> None:
    root = bound[0]
    inside = cli("bind", root, "-o", root / "卷宗", "--jobs", "1", env=ENV)
    assert_clean(inside)
    assert inside.exit_code == 2, inside.output
    assert not (root / "卷宗").exists()
    bad = cli("bind", root, "-o", tmp_path / "x", "--photos-per-page", "3", "--jobs", "1", env=ENV)
    assert_clean(bad)
    assert bad.exit_code == 2, bad.output


@pytest.mark.slow
@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_pdf_has_chinese_text(bound: tuple[Path, ...], tmp_path: Path) -> None:
    root = bound[0]
    out = tmp_path / "pdf"
    run = cli_process(
        "bind", root, "-o", out, "--pdf", "--per", "all", "--as-of", "2023-07-01", env=ENV
    )
    assert_clean(run)
    assert run.exit_code == 0, run.output
    from pypdf import PdfReader

    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs, sorted(p.name for p in out.iterdir())
    text = "".join(page.extract_text() or "" for page in PdfReader(pdfs[0]).pages)
    assert "领导体制" in text
    assert "验收单位" in text


def test_rebind_into_the_same_folder_is_identical(bound: tuple[Path, ...]) -> None:
    root, first, _, before = bound
    again = first.parent / "again"
    shutil.copytree(first, again)
    run = cli("bind", root, "-o", again, "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
    assert sha256_tree(again) == sha256_tree(first)
    assert fingerprint(root) == before


def test_cover_and_record_sheet(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    import docx

    volume = next(v for v in _volumes(out) if "组织领导" in v.name)
    cells = [c.text for t in docx.Document(str(volume)).tables for r in t.rows for c in r.cells]
    text = "\n".join(cells)
    for needed in (
        "验收单位",
        "装订验收资料",
        "组织领导",
        "2022年3月1日至2022年3月3日",  # 起止日期 of the contents, not the spec's period
        "永久",
        "Z109-1-0001",
        "情况说明",
        "整理人",
        "检查人",
    ):
        assert needed in text, needed
    assert "2023年11月14日" in text  # 立卷日期 from SOURCE_DATE_EPOCH=1700000000, one date form
    core = _xml(volume, "docProps/core.xml")
    assert "2023-11-14T22:13:20Z" in core
    assert 'w:w="11906"' in _xml(volume, "word/document.xml")  # A4


def test_photo_caption_fields(bound: tuple[Path, ...]) -> None:
    _, out, _, _ = bound
    text = re.sub(
        r"<[^>]+>",
        "",
        _xml(next(v for v in _volumes(out) if "组织领导" in v.name), "word/document.xml"),
    )
    for needed in ("领导小组第一次会议", "三楼会议室", "全体成员", "张三"):
        assert needed in text, needed


def test_pdf_without_libreoffice_exits_2(bound: tuple[Path, ...], tmp_path: Path) -> None:
    root = bound[0]
    run = cli_process(
        "bind", root, "-o", tmp_path / "p", "--pdf", env={"PATH": str(tmp_path / "empty-bin")}
    )
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert "LibreOffice" in run.output
    assert not (tmp_path / "p").exists()


def test_photos_are_rotated_and_downscaled(tmp_path: Path) -> None:
    import io

    from PIL import Image

    root = tmp_path / "a"
    write_spec(root, defaults={"photo": {"min_megapixels": 0.1, "caption": "optional"}})
    make_jpeg(
        root / "1.1 理想信念教育" / "竖拍.jpg", size=(640, 480), taken=D(2022, 1, 1), orientation=6
    )
    make_jpeg(
        root / "1.1 理想信念教育" / "大图.jpg",
        size=(6000, 4000),
        taken=D(2022, 1, 2),
        color=(9, 90, 9),
        quality=95,
    )
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    volume = _volumes(tmp_path / "out")[0]
    with zipfile.ZipFile(volume) as z:
        sizes = sorted(
            Image.open(io.BytesIO(z.read(n))).size
            for n in z.namelist()
            if n.startswith("word/media/")
        )
    assert (480, 640) in sizes  # EXIF orientation 6 applied
    assert max(w for w, _ in sizes) <= 2400  # the 6000 px photo was shrunk
    assert volume.stat().st_size < 2_000_000


@pytest.mark.slow
def test_dat22_archive_code_is_unique(tmp_path: Path) -> None:
    import copy

    data = copy.deepcopy(BIND_SPEC)
    data["archive_code"] = "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}"
    data["owners"] = [{"id": "BGS", "name": "办公室"}]
    for category in data["categories"]:
        for ind in category["indicators"]:
            ind["owner"] = "BGS"
    root = build_bind_archive(tmp_path / "a")
    write_spec(root, data=data)
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
    sheet = openpyxl.load_workbook(
        tmp_path / "out" / "归档文件目录.xlsx", read_only=True
    ).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    col = list(rows[0]).index("档号")
    codes = [r[col] for r in rows[1:] if r[col]]
    assert all(c.startswith("Z109-WS·20") and "-Y-BGS-" in c for c in codes), codes
    assert len(codes) == len(set(codes)), codes


@pytest.mark.parametrize("per_page", ["1", "4"])
def test_photos_per_page(bound: tuple[Path, ...], tmp_path: Path, per_page: str) -> None:

    root = bound[0]
    out = tmp_path / per_page
    run = cli(
        "bind",
        root,
        "-o",
        out,
        "--photos-per-page",
        per_page,
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    assert run.exit_code == 0, run.output
    volume = next(v for v in _volumes(out) if "组织领导" in v.name)
    assert _grid_pictures(volume) == PHOTOS


@pytest.mark.slow
def test_catalog_never_writes_formulas(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_docx(folder / "=1+1 学习计划2022年.docx", text="a")
    make_jpeg(folder / '=HYPERLINK("x","点我").jpg', taken=D(2022, 1, 1))
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "归档文件目录.xlsx").worksheets[0]
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    titles = {c.value for row in sheet.iter_rows() for c in row}
    assert "=1+1 学习计划2022年" in titles


def test_bind_with_control_character_names(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_jpeg(folder / "控制\x01字符.jpg", taken=D(2022, 1, 1))
    make_jpeg(folder / "正常.jpg", taken=D(2022, 1, 2), color=(5, 5, 5))
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output

    assert _grid_pictures(_volumes(tmp_path / "out")[0]) == 2


def test_bind_with_gbk_named_photo(tmp_path: Path) -> None:
    import os

    root = tmp_path / "a"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_jpeg(folder / "正常.jpg", taken=D(2022, 1, 2), color=(5, 5, 5))
    make_jpeg(folder / "tmp.jpg", taken=D(2022, 1, 3), color=(6, 6, 6))
    os.rename(
        os.fsencode(folder / "tmp.jpg"), os.fsencode(folder) + b"/" + "照片".encode("gbk") + b".jpg"
    )
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("source", ["pdf_title", "xp_title", "caption_cell"])
def test_bind_with_control_characters_in_metadata(tmp_path: Path, source: str) -> None:
    root = tmp_path / "a"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_jpeg(
        folder / "a.jpg",
        taken=D(2022, 1, 3),
        color=(5, 5, 5),
        title="标题\x02" if source == "xp_title" else None,
    )
    make_jpeg(folder / "b.jpg", taken=D(2022, 1, 4), color=(6, 6, 6))
    if source == "pdf_title":
        make_pdf(folder / "2022年学习计划.pdf", title="学习\x07计划\x01", created=D(2022, 1, 1))
    if source == "caption_cell":
        make_caption_csv(
            folder / "说明.csv", [["a.jpg", "活动\x0b照片", "2022-01-03", "地点\x1b[31m"]]
        )
    run = cli("bind", root, "-o", tmp_path / "out", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
