"""Tests for the shared folder-name rules (design §3, folder resolution)."""

from __future__ import annotations

import pytest

from civarchive.folders import (
    chinese_numeral_prefix,
    matches_category,
    matches_id,
    normalize_name,
    safe_folder_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１．１理想", "1.1理想"),
        ("ＡＢ－１", "AB-1"),
        ("1—1 标题", "1-1 标题"),
        ("1–1", "1-1"),
        ("1－1", "1-1"),
        ("  1.1 x  ", "1.1 x"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "name",
    ["1.1 理想信念教育", "1.1、理想信念教育", "1.1_理想", "１．１理想", "1.1", "1.1.理想", "1.1-a"],
)
def test_folder_belongs_to_indicator(name: str) -> None:
    assert matches_id(name, "1.1")


@pytest.mark.parametrize(
    "name", ["1.10 志愿服务", "1.1.2 子项", "1.1-2", "1.12", "2.1 道德讲堂", "11 x", ""]
)
def test_folder_does_not_belong_to_indicator(name: str) -> None:
    assert not matches_id(name, "1.1")


def test_dashed_and_lettered_ids() -> None:
    assert matches_id("1—1 学习", "1-1")
    assert matches_id("1－1学习", "1-1")
    assert not matches_id("1-10 学习", "1-1")
    assert matches_id("Ⅲ-12 制度", "Ⅲ-12")
    assert matches_id("xlf-1 材料", "XLF-1")
    assert not matches_id("XLF-12", "XLF-1")


def test_empty_id_matches_nothing() -> None:
    assert not matches_id("1.1 x", "")


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("一、思想道德建设", 1),
        ("（一）思想道德建设", 1),
        ("(三)文化", 3),
        ("十、其他", 10),
        ("十二、其他", 12),
        ("二十、其他", 20),
        ("一百零五、其他", 105),
        ("一．思想", 1),
        ("思想道德建设", None),
        ("一二、错", None),
        ("一思想", None),
        ("1、思想", None),
    ],
)
def test_chinese_numeral_prefix(name: str, number: int | None) -> None:
    assert chinese_numeral_prefix(name) == number


def test_category_matching() -> None:
    assert matches_category("一、思想道德建设", "1")
    assert matches_category("（二）精神文明", "2")
    assert matches_category("1 思想道德建设", "1")
    assert not matches_category("二、精神文明", "1")
    assert not matches_category("1.1 理想", "1")
    assert not matches_category("一、思想", "A")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("1.1 理想信念教育", "1.1 理想信念教育"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("结尾点...", "结尾点"),
        ("结尾空格  ", "结尾空格"),
        ("CON", "_CON"),
        ("...", "_"),
    ],
)
def test_safe_folder_name(title: str, expected: str) -> None:
    assert safe_folder_name(title) == expected


def test_safe_folder_name_cuts_long_titles_and_joins_lines() -> None:
    title = "1.1 " + "深入学习贯彻习近平新时代中国特色社会主义思想" * 5
    assert safe_folder_name(title) == title[:60]
    assert safe_folder_name("1.1 第一行\n第二行\t") == "1.1 第一行 第二行"
    assert safe_folder_name("1.1 abc. def", max_length=8) == "1.1 abc"
