"""Acceptance (issue 10): a volume an archivist signs off. An archive whose documents carry
junk metadata, with waivers, a not-applicable indicator, files that count toward nothing,
a fade-in video, an undated document and a DA/T 22 archive code, bound by `civarchive bind`:
titles come from names, no user name is a 责任者, every exception is written in the volume,
the cover's dates are the contents', no bound picture is black, the catalog has the new
columns."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from factories import make_docx, make_jpeg, make_mp4, make_pdf, write_spec
from PIL import Image, ImageStat

from civarchive.bind.thumbs import frame_detail
from civarchive.bind.volume.text import date_text
from tests.acceptance.archives import ENV
from tests.acceptance.helpers import assert_clean, cli

D = dt.datetime
I11 = "一、组织领导/1.1 领导体制"
I21 = "二、思想道德建设/2.1 道德讲堂"
I22 = "二、思想道德建设/2.2 宣讲活动"
WAIVED_GAP = "2023年宣讲因场馆改造暂停，见2023年第3次馆务会纪要"
WAIVED_PHOTO = "2021年翻拍的历史照片"
NOT_APPLICABLE = "本馆不承担未成年人校外教育职能"
JUNK_TITLES = (
    "This is a simple file created with Word 97-SR2",
    "Microsoft Word - 新建 DOCX 文档 (2).docx",
)
USER_NAMES = ("pc", "luo", "Administrator")

SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "第七届全国文明单位创建资料",
    "unit": "X市文化馆",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "fonds": "J045",
    "retention": "永久",
    "archive_code": "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}",
    "owners": [{"id": "bgs", "name": "办公室"}, {"id": "xcb", "name": "宣传部"}],
    "defaults": {"photo": {"min_megapixels": 0.2}, "video": {"min_seconds": 1}},
    "waivers": [
        {"code": "missing_evidence", "indicator": "2.2", "reason": WAIVED_GAP},
        {"code": "low_resolution", "path": f"{I11}/老照片.jpg", "reason": WAIVED_PHOTO},
    ],
    "categories": [
        {
            "id": "1",
            "title": "组织领导",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "领导体制",
                    "owner": "bgs",
                    "requires": [
                        {"kind": "document", "what": "领导小组文件", "min": 2},
                        {"kind": "photo", "what": "会议照片", "min": 3},
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
                    "owner": "xcb",
                    "requires": [
                        {"kind": "video", "what": "讲堂视频"},
                        {"kind": "document", "what": "讲稿"},
                    ],
                },
                {
                    "id": "2.2",
                    "title": "宣讲活动",
                    "owner": "xcb",
                    "requires": [{"kind": "photo", "what": "宣讲照片", "min": 3}],
                },
                {
                    "id": "2.3",
                    "title": "未成年人教育",
                    "applicable": False,
                    "note": NOT_APPLICABLE,
                },
            ],
        },
    ],
}


def build(root: Path) -> Path:
    write_spec(root, data=SPEC)
    i11, i21, i22 = root / I11, root / I21, root / I22
    make_docx(
        i11 / "2022-03-01 关于成立创建工作领导小组的通知.docx",
        text="关于成立创建工作领导小组的通知",
        title=JUNK_TITLES[0],
        author="pc",
        created=D(2022, 3, 1),
    )
    # No date anywhere (no creation date, none in the name): undated, its 档号 has no year.
    make_pdf(i11 / "领导小组成员名单.pdf", pages=1)
    make_docx(
        i11 / "2022年领导小组工作规则.docx",
        text="领导小组工作规则",
        author="Administrator",
        created=D(2022, 3, 2),
    )
    make_jpeg(i11 / "20220305-01_领导小组会议.jpg", taken=D(2022, 3, 5, 9))
    make_jpeg(i11 / "领导小组会议2.jpg", taken=D(2022, 3, 5, 10), color=(20, 160, 60))
    (i11 / "领导小组会议2 - 副本.jpg").write_bytes((i11 / "领导小组会议2.jpg").read_bytes())
    make_jpeg(i11 / "老照片.jpg", size=(320, 240), taken=D(2021, 6, 1, 9), color=(90, 90, 200))
    make_jpeg(i11 / "小图.jpg", size=(200, 150), taken=D(2022, 3, 6, 9))
    (i11 / "损坏.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    make_mp4(
        i21 / "道德讲堂.mp4", seconds=4, size=(320, 240), fade_in=0.6, created=D(2023, 4, 12, 2)
    )
    make_docx(
        i21 / "讲稿.docx",
        text="道德讲堂讲稿",
        title=JUNK_TITLES[1],
        author="luo",
        created=D(2023, 4, 10),
    )
    make_pdf(i21 / "2023年讲堂活动记录.pdf", pages=2, title="Title")
    make_jpeg(i22 / "宣讲.jpg", taken=D(2023, 5, 20, 9))
    return root


@pytest.fixture(scope="module")
def bound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("signoff")
    root = build(base / "档案")
    out = base / "卷宗"
    run = cli("bind", root, "-o", out, "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code in (0, 1), run.output
    return out


def _volume(out: Path, word: str) -> docx.document.Document:
    return docx.Document(next(p for p in out.glob("*.docx") if word in p.name))


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _catalog(out: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(out / "归档文件目录.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_titles_come_from_names_and_no_user_is_a_responsible(bound: Path) -> None:
    rows = _catalog(bound)
    titles = {row["题名"] for row in rows}
    assert {
        "关于成立创建工作领导小组的通知",
        "领导小组成员名单",
        "讲稿",
        "2023年讲堂活动记录",
    } <= titles
    assert not titles & set(JUNK_TITLES)
    assert {row["责任者"] for row in rows} == {"办公室", "宣传部"}
    for word in ("组织领导", "思想道德"):
        text = _text(_volume(bound, word))
        assert not any(re.search(rf"责任者：{name}\b", text) for name in USER_NAMES)
        assert not any(title in text for title in JUNK_TITLES)


def test_every_waiver_and_note_is_in_the_volume(bound: Path) -> None:
    second = _text(_volume(bound, "思想道德"))
    assert f"情况说明：{WAIVED_GAP}" in second  # where the 宣讲照片 would stand
    assert f"情况说明：本指标不适用。{NOT_APPLICABLE}" in second
    assert "缺：宣讲照片" not in second  # explained, not an open gap
    record = _volume(bound, "思想道德").tables[-1].rows[0].cells[1].text
    assert WAIVED_GAP in record
    assert NOT_APPLICABLE in record


def test_files_that_count_toward_nothing_are_in_the_record(bound: Path) -> None:
    first = _volume(bound, "组织领导")
    record = first.tables[-1].rows[0].cells[1].text
    for name in ("领导小组会议2 - 副本.jpg", "损坏.jpg", "小图.jpg"):
        assert name in record, record
    for label in ("重复文件", "文件损坏", "分辨率过低"):
        assert label in record
    assert "尚无日期的件" in record
    assert "领导小组成员名单" in record
    # The photo a waiver let count is bound, not listed as left out.
    assert "老照片.jpg" not in record
    assert "另有 3 个文件未计入" in _text(first)


def test_archive_codes_follow_da_t_22_without_invented_years(bound: Path) -> None:
    rows = _catalog(bound)
    codes = [row["档号"] for row in rows]
    assert all(code.startswith("J045-WS·") for code in codes)
    undated = next(row for row in rows if row["题名"] == "领导小组成员名单")
    assert (undated["日期"], undated["年度"]) == (None, None)
    assert undated["档号"] == "J045-WS·Y-bgs-0001"
    dated = [row for row in rows if row["日期"]]
    assert all(f"WS·{row['日期'][:4]}-" in row["档号"] for row in dated)
    for head in (
        "全宗号",
        "年度",
        "保管期限",
        "机构(问题)",
        "件号",
        "密级",
        "指标",
        "照片号",
        "摄影者",
        "时长",
    ):
        assert head in rows[0], head
    video = next(row for row in rows if row["备注"] == "视频")
    assert video["时长"] == "00:00:04"


def test_cover_dates_are_the_contents_dates(bound: Path) -> None:
    rows = _catalog(bound)
    for word, volume_name in (("组织领导", "1 组织领导"), ("思想道德", "2 思想道德建设")):
        dates = sorted(row["日期"] for row in rows if row["卷"] == volume_name and row["日期"])
        register = _volume(bound, word).tables[0]
        values = {row.cells[0].text: row.cells[1].text for row in register.rows}
        # The earliest 件 starts the range; the latest ends it, a 件 dated only to a year
        # (2022年…, 20220000) counting as the whole year, so every 件 lies inside.
        last = max(dates, key=lambda d: d[:4] + (d[4:] if d[4:6] != "00" else "9999"))
        start, end = date_text(dates[0]), date_text(last)
        assert values["起止日期"] == (start if start == end else f"{start}至{end}"), dates
        assert "2021-01-01" not in values["起止日期"]


def _grid_media(document: Any) -> set[str]:
    """The media parts of the pictures in tables: photos and key frames, not the pages of
    documents (a page of a notice is mostly white paper: little detail, never black)."""
    ids = set(document.element.body.xpath(".//w:tbl//a:blip/@r:embed"))
    return {document.part.related_parts[i].partname.lstrip("/") for i in ids}


def test_no_bound_picture_is_black(bound: Path) -> None:
    for volume in bound.glob("*.docx"):
        grid = _grid_media(docx.Document(volume))
        with zipfile.ZipFile(volume) as package:
            media = [n for n in package.namelist() if n.startswith("word/media/")]
            for name in media:
                with Image.open(io.BytesIO(package.read(name))) as picture:
                    if name in grid:
                        assert frame_detail(picture) > 20, (volume.name, name)
                    else:  # a document's page: paper, mostly light
                        assert ImageStat.Stat(picture.convert("L")).mean[0] > 128, name
    # the fade-in video's key frame is among them
    assert len(_volume(bound, "思想道德").inline_shapes) >= 1
