"""caption: sheets written for uncaptioned photos, read back by check; existing rows untouched."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from civarchive.organize.caption import caption_title
from tests.acceptance.helpers import cli
from tests.factories import make_caption_csv, make_jpeg, write_spec
from tests.organize.conftest import ENV, D

FOLDER = "1 思想道德建设/1.1 理想信念教育"


def _missing_captions(root: Path) -> set[str]:
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    return {f["path"] for f in run.json()["findings"] if f["code"] == "missing_caption"}


def _archive(tmp_path: Path) -> Path:
    root = tmp_path / "a"
    write_spec(root, defaults={"photo": {"caption": "required"}})
    make_jpeg(root / FOLDER / "IMG_20220301_090000.jpg", taken=D(2022, 3, 1, 9))
    make_jpeg(root / FOLDER / "学习现场.jpg", taken=D(2022, 3, 2, 9), color=(1, 2, 3))
    return root


def test_caption_sheet_round_trip(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    assert len(_missing_captions(root)) == 2
    run = cli("caption", root, "--jobs", "1", env=ENV)
    assert run.exit_code == 0, run.output
    assert "新增 2 行" in run.stdout
    sheet = root / FOLDER / "说明.xlsx"
    book = openpyxl.load_workbook(sheet)
    ws = book.worksheets[0]
    assert [c.value for c in ws[1]] == ["文件名", "题名", "时间", "地点", "人物", "背景", "摄影者"]
    assert ws.freeze_panes == "A2"
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["学习现场.jpg"][1:3] == ("学习现场", "2022-03-02")
    assert rows["IMG_20220301_090000.jpg"][1] is None  # a machine-made name is no 题名
    # the clerk fills in the missing title, as in Excel
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "IMG_20220301_090000.jpg":
            row[1].value = "理论学习中心组集中学习"
    book.save(sheet)
    assert _missing_captions(root) == set()


def test_existing_rows_are_never_changed(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    make_jpeg(root / FOLDER / "新照片.jpg", taken=D(2022, 3, 3, 9), color=(5, 5, 5))
    sheet = make_caption_csv(
        root / FOLDER / "说明.csv",
        [["学习现场.jpg", "", "", "会议室", "", "", ""]],
        encoding="gbk",
    )
    old = sheet.read_bytes()
    run = cli("caption", root, "--jobs", "1", env=ENV)
    assert run.exit_code == 0, run.output
    new = sheet.read_bytes()
    assert new.startswith(old)
    added = new[len(old) :].decode("gbk")
    assert "IMG_20220301_090000.jpg" in added
    assert "新照片.jpg" in added
    assert "学习现场.jpg" not in added  # it has a row already, even with an empty 题名
    assert not (root / FOLDER / "说明.xlsx").exists()


def test_csv_on_request_has_a_bom_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    assert cli("caption", root, "--csv", "--jobs", "1", env=ENV).exit_code == 0
    sheet = root / FOLDER / "说明.csv"
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    again = cli("caption", root, "--csv", "--jobs", "1", env=ENV)
    assert sheet.read_bytes() == data
    assert "无法读取" not in again.stdout


def test_artist_fills_the_photographer(tmp_path: Path) -> None:
    from PIL import Image

    root = _archive(tmp_path)
    path = root / FOLDER / "学习现场.jpg"
    image = Image.open(path)
    exif = image.getexif()
    exif[0x013B] = "张三".encode()
    image.save(path, exif=exif.tobytes())
    assert cli("caption", root, "--jobs", "1", env=ENV).exit_code == 0
    ws = openpyxl.load_workbook(root / FOLDER / "说明.xlsx").worksheets[0]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["学习现场.jpg"][6] == "张三"


def test_unknown_indicator_is_a_usage_error(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    run = cli("caption", root, "--indicator", "9.9", env=ENV)
    assert run.exit_code == 2
    assert "9.9" in run.stderr


def test_caption_title() -> None:
    assert caption_title("志愿服务 - 副本.jpg") == "志愿服务"
    assert caption_title("mmexport1699999999999.jpg") == ""
    assert caption_title("微信图片_20230512093012.jpg") == ""
