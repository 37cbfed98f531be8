"""Caption sheets: encodings, XLSX, header names, matching by name or stem, orphans, damage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.factories import make_caption_csv, make_jpeg, make_mp4, make_xlsx
from tests.scan.conftest import by_name, scan_nocache

ROW = ["a.jpg", "道德讲堂开讲", "2022年7月14日", "三楼会议室", "张三、李四", "第七届创建", "王五"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(archive: Path, encoding: str) -> None:
    make_jpeg(archive / "1.1/a.jpg")
    make_caption_csv(archive / "1.1/captions.csv", [ROW], encoding=encoding)
    caption = by_name(scan_nocache(archive))["1.1/a.jpg"].caption
    assert caption is not None
    assert caption.model_dump() == {
        "title": "道德讲堂开讲",
        "date": "2022年7月14日",
        "place": "三楼会议室",
        "people": "张三、李四",
        "background": "第七届创建",
        "photographer": "王五",
        "number": None,
        "responsible": None,
        "doc_number": None,
        "secrecy": None,
        "pages": None,
        "sheet": "1.1/captions.csv",
    }


def test_caption_date_becomes_the_evidence_date(archive: Path) -> None:
    make_jpeg(archive / "a.jpg", taken=dt.datetime(2020, 1, 1))
    make_caption_csv(archive / "说明.csv", [ROW], encoding="gbk")
    evidence = by_name(scan_nocache(archive))["a.jpg"]
    assert (str(evidence.date), evidence.date_source) == ("2022-07-14", "caption")


def test_xlsx_sheet_with_english_headers_and_real_dates(archive: Path) -> None:
    make_jpeg(archive / "p/IMG_0001.JPG")
    make_mp4(archive / "p/宣讲.mp4", seconds=1)
    make_xlsx(
        archive / "p/captions.xlsx",
        [
            ["File", "Title", "Date", "Place"],
            ["img_0001", "升旗仪式", dt.datetime(2021, 10, 1, 8, 0), "广场"],
            ["宣讲.mp4", "宣讲视频", "2021年", None],
        ],
    )
    files = by_name(scan_nocache(archive))
    photo, video = files["p/IMG_0001.JPG"], files["p/宣讲.mp4"]
    assert photo.caption is not None
    assert (photo.caption.title, photo.caption.date, photo.caption.place) == (
        "升旗仪式",
        "2021-10-01",
        "广场",
    )
    assert (str(photo.date), photo.date_source) == ("2021-10-01", "caption")
    assert video.caption is not None
    assert (video.caption.title, str(video.date)) == ("宣讲视频", "2021")


def test_事由_column_and_number_column(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_caption_csv(
        archive / "captions.csv", [["a.jpg", "植树", "A-001"]], header=["文件名", "事由", "照片号"]
    )
    caption = by_name(scan_nocache(archive))["a.jpg"].caption
    assert caption is not None
    assert (caption.title, caption.number) == ("植树", "A-001")


def test_archive_columns_责任者_文号_密级_页数(archive: Path) -> None:
    # Design §3: read when present, for documents as for photos.
    make_jpeg(archive / "a.jpg")
    make_jpeg(archive / "b.jpg")
    make_caption_csv(
        archive / "captions.csv",
        [
            ["a.jpg", "通知", "A-001", "办公室", "市委发〔2023〕12号", " 秘密 ★ 1年", "3页"],
            ["b.jpg", "照片", "", "", "", "保密", "三"],
        ],
        header=["文件名", "题名", "照片号", "责任者", "文号", "密级", "页数"],
    )
    inventory = scan_nocache(archive)
    files = by_name(inventory)
    a, b = files["a.jpg"].caption, files["b.jpg"].caption
    assert a is not None
    assert b is not None
    assert (a.number, a.responsible, a.doc_number, a.secrecy, a.pages) == (
        "A-001",
        "办公室",
        "市委发〔2023〕12号",
        "秘密★1年",
        3,
    )
    # A typo is no secrecy mark and no page count: left out, and the clerk is told.
    assert (b.secrecy, b.pages) == (None, None)
    problems = [f.message for f in inventory.findings if f.code.value == "bad_caption"]
    assert any("'保密' is not a 密级" in m for m in problems), problems
    assert any("'三' is not a page count" in m for m in problems), problems


def test_video_columns_摄制者_and_内容(archive: Path) -> None:
    make_mp4(archive / "宣讲.mp4", seconds=1)
    make_caption_csv(
        archive / "captions.csv",
        [["宣讲.mp4", "宣讲视频", "李四", "党史宣讲全程"]],
        header=["文件名", "题名", "摄制者", "内容"],
    )
    caption = by_name(scan_nocache(archive))["宣讲.mp4"].caption
    assert caption is not None
    assert (caption.photographer, caption.background) == ("李四", "党史宣讲全程")


def test_full_width_and_case_differences_match(archive: Path) -> None:
    make_jpeg(archive / "IMG_0001.jpg")
    make_caption_csv(
        archive / "captions.csv", [["ＩＭＧ＿０００１.JPG", "题名一", "", "", "", "", ""]]
    )
    caption = by_name(scan_nocache(archive))["IMG_0001.jpg"].caption
    assert caption is not None
    assert caption.title == "题名一"


def test_ambiguous_stem_does_not_match(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_jpeg(archive / "a.jpeg")
    make_caption_csv(archive / "captions.csv", [["a", "题名", "", "", "", "", ""]])
    inventory = scan_nocache(archive)
    assert all(e.caption is None for e in inventory.files)
    assert [(f.code.value, f.path) for f in inventory.findings] == [
        ("caption_orphan", "captions.csv")
    ]


def test_sheet_only_captions_its_own_folder_and_orphans_are_reported(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_jpeg(archive / "sub/b.jpg")
    make_caption_csv(
        archive / "captions.csv",
        [
            ["a.jpg", "甲", "", "", "", "", ""],
            ["b.jpg", "乙", "", "", "", "", ""],
            ["", "空行", "", "", "", "", ""],
        ],
    )
    inventory = scan_nocache(archive)
    files = by_name(inventory)
    assert files["a.jpg"].caption is not None
    assert files["sub/b.jpg"].caption is None
    [orphan] = inventory.findings
    assert (orphan.code.value, orphan.path, orphan.severity.value) == (
        "caption_orphan",
        "captions.csv",
        "warning",
    )
    assert "b.jpg" in orphan.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("captions.csv", "题名,时间\r\n甲,2022\r\n".encode()),  # no 文件名 column
        ("captions.csv", b""),  # empty
        ("captions.csv", b"\x00\x01\x02binary"),
        ("captions.xlsx", b"PK\x03\x04 not really a workbook"),
    ],
)
def test_malformed_sheet_is_a_finding(archive: Path, name: str, content: bytes) -> None:
    make_jpeg(archive / "a.jpg")
    (archive / name).write_bytes(content)
    inventory = scan_nocache(archive)
    assert [(f.code.value, f.path) for f in inventory.findings] == [("corrupt", name)]
    assert inventory.files[0].caption is None


def test_editing_the_sheet_updates_captions_although_photos_are_cached(archive: Path) -> None:
    from civarchive.scan import scan

    make_jpeg(archive / "a.jpg")
    sheet = make_caption_csv(archive / "captions.csv", [["a.jpg", "旧题名", "", "", "", "", ""]])
    first = scan(archive, jobs=1, progress=False)
    assert first.files[0].caption is not None
    assert first.files[0].caption.title == "旧题名"
    make_caption_csv(sheet, [["a.jpg", "新题名", "2022-01-02", "", "", "", ""]])
    second = scan(archive, jobs=1, progress=False)
    assert second.files[0].caption is not None
    assert (second.files[0].caption.title, str(second.files[0].date)) == ("新题名", "2022-01-02")
    sheet.unlink()
    third = scan(archive, jobs=1, progress=False)
    assert (third.files[0].caption, third.files[0].date) == (None, None)


def test_a_bad_date_names_the_forms_in_both_languages(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_jpeg(archive / "a.jpg")
    make_caption_csv(archive / "captions.csv", [["a.jpg", "题名", "2023/9/31"]])
    [english] = [f.message for f in scan_nocache(archive).findings if f.code.value == "bad_caption"]
    assert "'2023/9/31' is not a date" in english
    assert "2023/10/15, 2023.10.15, 2023年10月15日 or 20231015" in english
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    [chinese] = [f.message for f in scan_nocache(archive).findings if f.code.value == "bad_caption"]
    assert "第 2 行：时间“2023/9/31”不是日期，已忽略（日期可写成 2023-10-15、2023/10/15" in chinese
