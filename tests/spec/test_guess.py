"""Guesses from a 测评细则's wording: titles, numbers, methods, owners, deadlines, evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.spec.guess import (
    INITIAL_CHARS,
    Due,
    category_heading_title,
    explicit_id,
    methods_in,
    normalize_method,
    number_of,
    owner_id,
    owner_names,
    parse_chinese_number,
    parse_due,
    parse_points,
    points_in,
    short_title,
    strip_numbering,
    years_in,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一、组织领导", 1),
        ("（十二）网络文明", 12),
        ("二十三、特色", 23),
        ("3. 志愿服务", 3),
        ("第二部分 文明风尚", 2),
        ("组织领导", None),
    ],
)
def test_number_of(text: str, number: int | None) -> None:
    assert number_of(text) == number


def test_chinese_number() -> None:
    assert [parse_chinese_number(t) for t in ("一", "十", "十二", "九十九", "百", "一二")] == [
        1,
        10,
        12,
        99,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("1.1 领导体制", "1.1"),
        ("１．２工作机制", "1.2"),
        ("Ⅱ-1 学雷锋活动", "Ⅱ-1"),
        ("2－3、道德讲堂", "2-3"),
        ("A1.2 宣传", "A1.2"),
        ("1. 领导体制", None),
        ("2023年工作", None),
        ("领导体制", None),
    ],
)
def test_explicit_id(text: str, wanted: str | None) -> None:
    assert explicit_id(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("一、组织领导（10分）", "组织领导"),
        ("（一）思想道德建设", "思想道德建设"),
        ("1.1 领导体制", "领导体制"),
        ("１．领导体制，有领导小组。", "领导体制，有领导小组。"),
        ("⑴ 节日活动", "节日活动"),
        ("① 节日活动", "节日活动"),
        ("1", "1"),
    ],
)
def test_strip_numbering_keeps_the_original_characters(text: str, wanted: str) -> None:
    assert strip_numbering(text) == wanted


def test_titles() -> None:
    assert short_title("1.1 领导体制") == ("领导体制", False)
    assert short_title("1. 单位党组织重视精神文明建设，成立领导小组。") == (
        "单位党组织重视精神文明建设",
        True,
    )
    assert short_title("深入学习贯彻习近平新时代中国特色社会主义思想和党的二十大精神") == (
        "深入学习贯彻习近平新时代中国特色社会主义",
        True,
    )
    assert short_title("查阅资料、实地考察：有领导小组。") == ("有领导小组", True)
    assert category_heading_title("二、思想道德建设（12分）") == "思想道德建设"
    assert points_in("二、思想道德建设（１２分）") == 12
    assert points_in("思想道德建设") is None


def test_points_and_methods() -> None:
    assert [parse_points(t) for t in ("3", "3.5", "４分", "—", "另计")] == [3, 3.5, 4, None, None]
    assert normalize_method("查阅资料；实地考察\n查阅资料") == "查阅资料、实地考察"
    assert methods_in("查阅资料：查看方案。实地考察：看阵地") == "查阅资料、实地考察"
    assert methods_in("有领导小组") is None


def test_owner_names_and_ids() -> None:
    assert owner_names("办公室、宣传部（牵头）；机关党委\n团委") == [
        "办公室",
        "宣传部",
        "机关党委",
        "团委",
    ]
    assert owner_names("牵头单位：办公室 配合：人事处") == ["办公室", "人事处"]
    taken: set[str] = set()
    ids = [
        owner_id(n, taken, i)
        for i, n in enumerate(
            ["办公室", "宣传部", "机关党委", "新闻宣传处", "某某局", "宣传部", "IT 中心"], 1
        )
    ]
    assert ids == ["bgs", "xcb", "jgdw", "xwxcc", "o5", "xcb2", "itzx"]


def test_initials_table_gives_each_character_one_letter() -> None:
    seen: dict[str, str] = {}
    for letter, chars in INITIAL_CHARS.items():
        for char in chars:
            assert seen.setdefault(char, letter) == letter, char


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2023-10-15", Due(dt.date(2023, 10, 15), True)),
        ("2023/10/15", Due(dt.date(2023, 10, 15), True)),
        ("2023.10.15前", Due(dt.date(2023, 10, 15), True)),
        ("2023年10月15日", Due(dt.date(2023, 10, 15), True)),
        ("２０２３年１０月１５日前完成", Due(dt.date(2023, 10, 15), True)),
        ("20231015", Due(dt.date(2023, 10, 15), True)),
        ("2023年6月底", Due(dt.date(2023, 6, 30), False)),
        ("2024年2月", Due(dt.date(2024, 2, 29), False)),
        ("2023年上半年", Due(dt.date(2023, 6, 30), False)),
        ("2023年底前", Due(dt.date(2023, 12, 31), False)),
        ("6月30日前", Due(dt.date(2025, 6, 30), False)),
        ("9月底", Due(dt.date(2025, 9, 30), False)),
        ("长期坚持", None),
        ("每季度", None),
        ("2023年13月40日", None),
    ],
)
def test_parse_due(text: str, due: Due | None) -> None:
    assert parse_due(text, 2025) == due


def test_years_in() -> None:
    assert years_in("2021—2023年度全国文明单位测评细则") == [2021, 2023]
    assert years_in("第七届全国文明单位测评体系") == []
    assert years_in("２０２３年度") == [2023]
