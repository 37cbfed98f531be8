"""File-name rules: copy names, machine-made names, GBK mojibake, Windows-safe names."""

from __future__ import annotations

import pytest

from civarchive.names import (
    gbk_reading,
    is_copy_name,
    is_machine_name,
    name_key,
    numbered,
    plausible_title,
    strip_copy_marks,
    title_from_name,
    undo_cp437_mojibake,
    windows_safe_name,
)


@pytest.mark.parametrize(
    "name",
    [
        "志愿服务1 - 副本.jpg",
        "志愿服务1 - 副本 (2).jpg",
        "副本 志愿服务1.jpg",
        "志愿服务1副本.jpg",
        "志愿服务1(1).jpg",
        "志愿服务1（1）.jpg",
        "志愿服务1 copy.jpg",
        "志愿服务1 - Copy.jpg",
        "志愿服务1的副本.jpg",
        "复件 志愿服务1.jpg",
    ],
)
def test_copy_names(name: str) -> None:
    assert is_copy_name(name)
    assert strip_copy_marks(name.rsplit(".", 1)[0]) == "志愿服务1"


@pytest.mark.parametrize("name", ["志愿服务1.jpg", "2023-1.jpg", "copyright.pdf", "学习现场01.jpg"])
def test_originals_are_not_copy_names(name: str) -> None:
    assert not is_copy_name(name)


@pytest.mark.parametrize(
    ("stem", "machine"),
    [
        ("IMG_20230305_091533", True),
        ("mmexport1699999999999", True),
        ("微信图片_20230512093012", True),
        ("QQ图片20230601101010", True),
        ("Screenshot_2023-05-12-09-30-12", True),
        ("DSC01234", True),
        ("VID_20230412_143020", True),
        ("新建 Microsoft Word 文档", True),
        ("新建 DOCX 文档 (2)", True),
        ("新建文本文档", True),
        ("扫描全能王 2023-05-12 10.23", True),
        ("CamScanner 05-12-2023 10.23", True),
        ("Scan_20230512", True),
        ("Doc1", True),
        ("文档1", True),
        ("20230512103045", True),
        ("Snipaste_2023-05-12_10-23-45", True),
        ("学雷锋活动", False),
        ("2022端午包粽子", False),
    ],
)
def test_machine_names(stem: str, machine: bool) -> None:
    assert is_machine_name(stem) is machine


def test_gbk_and_cp437_mojibake_read_back() -> None:
    raw = "志愿服务.jpg".encode("gbk")
    assert gbk_reading(raw) == "志愿服务.jpg"
    assert undo_cp437_mojibake(raw.decode("cp437")) == "志愿服务.jpg"
    assert undo_cp437_mojibake("Résumé.docx") is None  # real accents stay
    assert undo_cp437_mojibake("志愿服务.jpg") is None


def test_windows_safe_names() -> None:
    assert windows_safe_name("a:b*c?.jpg") == "a_b_c_.jpg"
    assert windows_safe_name("CON.txt") == "_CON.txt"
    assert windows_safe_name("名称. ") == "名称"
    long = windows_safe_name("长" * 300 + ".jpg")
    assert len(long) == 120
    assert long.endswith(".jpg")
    assert numbered("志愿服务.jpg", 2) == "志愿服务 (2).jpg"
    assert name_key("ABC.JPG") == name_key("abc.jpg")


@pytest.mark.parametrize(
    ("stem", "title"),
    [
        ("20230512-学雷锋活动", "学雷锋活动"),
        ("2023-05-12 党课", "党课"),
        ("2023.5.12党课", "党课"),
        ("2023年5月12日-党课", "党课"),
        ("01_学习计划", "学习计划"),
        ("3、志愿服务", "志愿服务"),
        ("（3）道德讲堂", "道德讲堂"),
        ("【2】道德讲堂", "道德讲堂"),
        ("20230512-01_学雷锋活动 - 副本", "学雷锋活动"),
        ("学雷锋活动(1)", "学雷锋活动"),
        ("道德讲堂宣讲视频 20230412", "道德讲堂宣讲视频"),
        ("道德讲堂_2023-4-12", "道德讲堂"),
        ("第2023期", "第2023期"),
        # a bare year, a number that is part of the words, an id: all stay
        ("2023年学习计划", "2023年学习计划"),
        ("100周年纪念", "100周年纪念"),
        ("5.12党课", "5.12党课"),
        ("1.1 理想信念教育", "1.1 理想信念教育"),
        # nothing would be left: the stem itself
        ("20230512", "20230512"),
    ],
)
def test_title_from_name(stem: str, title: str) -> None:
    assert title_from_name(stem) == title


@pytest.mark.parametrize(
    "title",
    [
        "This is a simple file created with Word 97-SR2",  # real: doc-word97.doc
        "°ú DOCX ⁄c (2).docx",  # real: pdf-chinese-print-to-pdf.pdf, GBK bytes read as Latin-1
        "Microsoft Word - 通知.doc",
        "Microsoft PowerPoint - 汇报",
        "新建 Microsoft Word 文档",
        "Title",
        "标题",
        "PowerPoint 演示文稿",
        "SlideShow Sample",
        "IMG_0001",
        "学习计划.docx",
        "D:\\文件\\计划",
        "ÐÂ½¨ÎÄ¼þ",
        "x",
        "   ",
        "2023",
        None,
    ],
)
def test_implausible_metadata_titles(title: str | None) -> None:
    assert not plausible_title(title)


@pytest.mark.parametrize(
    "title", ["2022年学习计划", "11.4 字型变换", "Squirrel at berkely", "关于开展学雷锋活动的通知"]
)
def test_plausible_metadata_titles(title: str) -> None:
    assert plausible_title(title)
