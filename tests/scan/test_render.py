"""The scan table: the files with kind, date and its source, pixels/pages/length and problems,
limited to a screenful with a count of the rest, then a summary by kind and the problems."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from civarchive.formats import ScanFormat
from civarchive.scan.render import SCREENFUL
from tests.factories import make_caption_csv, make_jpeg, make_mp4, make_pdf, make_png, make_tree
from tests.scan.conftest import scan_output


def _archive(root: Path) -> Path:
    make_jpeg(root / "1.1 学习/合影.jpg", size=(1200, 900), taken=dt.datetime(2022, 7, 14, 9))
    make_jpeg(root / "1.1 学习/20220801 座谈.jpg", size=(640, 480))
    make_caption_csv(root / "1.1 学习/说明.csv", [["20220801 座谈.jpg", "座谈会", "2022/8/2"]])
    make_pdf(root / "1.2 制度/2021年制度汇编.pdf", pages=3)
    make_mp4(root / "1.3 宣讲/宣讲.mp4", seconds=2.0, created=dt.datetime(2022, 3, 3, 8))
    make_png(root / "1.1 学习/错名.jpg")
    return root


def _rows(table: str) -> dict[str, list[str]]:
    """The files table's cells by the file's name (the last part of its path); columns are
    two spaces apart, so a row with empty cells in the middle is only read at its ends."""
    rows = {}
    listing = table.split("─\n", 1)[1].split("\n\n", 1)[0]  # under the rule, to a blank line
    for line in listing.splitlines():
        cells = re.split(r" {2,}", line.strip())
        if "/" in cells[0]:
            rows[cells[0].rsplit("/", 1)[-1]] = cells[1:]
    return rows


def test_the_table_lists_every_file_with_what_it_is(tmp_path: Path) -> None:
    table = scan_output(_archive(tmp_path), ScanFormat.TABLE).decode("utf-8")
    assert table.splitlines()[0].strip() == "files (5)"
    rows = _rows(table)
    assert rows["合影.jpg"] == ["photo", "2022-07-14", "EXIF", "1200×900 (1.1 MP)"]
    assert rows["20220801 座谈.jpg"][:3] == ["photo", "2022-08-02", "caption"]
    assert rows["2021年制度汇编.pdf"] == ["document", "2021", "file name", "3 pages"]
    assert rows["宣讲.mp4"] == ["video", "2022-03-03", "media", "0:02, 320×240"]
    assert rows["错名.jpg"][-1] == "wrong_extension"
    assert "说明.csv" not in rows  # a caption sheet describes files; it is none itself
    # Then the summary by kind and the problems, as before.
    assert "scan of" in table
    assert "problems found (1)" in table


def test_the_table_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    table = scan_output(_archive(tmp_path), ScanFormat.TABLE).decode("utf-8")
    assert table.splitlines()[0].strip() == "文件（5 个）"
    rows = _rows(table)
    assert rows["合影.jpg"] == ["照片", "2022-07-14", "拍摄信息", "1200×900（108 万像素）"]
    assert rows["20220801 座谈.jpg"][2] == "说明表"
    assert rows["2021年制度汇编.pdf"] == ["文件", "2021", "文件名", "3 页"]
    assert rows["宣讲.mp4"][:3] == ["视频", "2022-03-03", "媒体信息"]
    assert rows["错名.jpg"][-1] == "扩展名不符"


def _many(root: Path, count: int) -> Path:
    return make_tree(root, {f"杂项/{n:03d} 材料.txt": f"第 {n} 份" for n in range(count)})


def test_a_long_list_shows_a_screenful_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _many(tmp_path, SCREENFUL + 3)
    table = scan_output(root, ScanFormat.TABLE).decode("utf-8")
    assert len(_rows(table)) == SCREENFUL
    assert "049 材料.txt" in table
    assert "050 材料.txt" not in table
    assert "3 more files; --format csv lists all (or --verbose)" in table
    every = scan_output(root, ScanFormat.TABLE, verbose=True).decode("utf-8")
    assert len(_rows(every)) == SCREENFUL + 3
    assert "more files" not in every
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    chinese = scan_output(root, ScanFormat.TABLE).decode("utf-8")
    assert "还有 3 个文件，用 --format csv 查看全部（或加 --verbose 全部列出）" in chinese


def test_a_terminal_width_folds_long_paths_and_a_file_never_does(tmp_path: Path) -> None:
    long_name = "关于" + "精神文明建设" * 12 + "的通知.txt"
    make_tree(tmp_path, {f"1.1 学习/{long_name}": "通知"})
    narrow = scan_output(tmp_path, ScanFormat.TABLE, width=60).decode("utf-8")
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert long_name not in narrow  # folded across lines
    whole = scan_output(tmp_path, ScanFormat.TABLE).decode("utf-8")
    assert f"1.1 学习/{long_name}" in whole
    assert all(line == line.rstrip() for line in whole.splitlines())
