"""File-name rules: copy names, machine-made names, GBK mojibake, Windows-safe names."""

from __future__ import annotations

import pytest

from civarchive.names import (
    gbk_reading,
    is_copy_name,
    is_machine_name,
    name_key,
    numbered,
    strip_copy_marks,
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
