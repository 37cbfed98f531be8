"""The to-do list: gaps per owner, overdue first, then by due date, in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.check import check
from civarchive.check.todo import todo, todo_text
from tests.check.builders import category, ev, indicator, inventory, req, spec

SPEC = spec(
    category(
        "1",
        indicator(
            "1.1", req("document", "年度学习计划", per_year=True), owner="xcb", due="2023-06-30"
        ),
        indicator("1.2", req("photo", "学习活动照片", min=4), owner="bgs", due="2022-03-31"),
        indicator("1.3", req("video", "宣讲视频"), owner="xcb"),
        indicator("1.4", req("photo", "照片"), owner="xcb", due="2021-12-31"),
        indicator("1.5", req("photo", "照片"), applicable=False, note="无"),
        indicator("1.6", req("photo", "照片"), due="2023-01-31"),
    )
)
FILES = [ev("1.1/p.docx", "document", "2022-01-05"), ev("1.2/a.jpg"), ev("1.4/a.jpg")]
AS_OF = dt.date(2023, 1, 1)


def _report():
    return check(SPEC, inventory(*FILES), as_of=AS_OF, git=False)


def test_items_sorted_overdue_first_then_by_due_date() -> None:
    items = todo(_report())
    assert [(i.indicator, i.year, i.need, i.have, i.overdue) for i in items] == [
        ("1.2", None, 3, 1, True),
        ("1.6", None, 1, 0, False),
        ("1.1", 2021, 1, 0, False),
        ("1.1", 2023, 1, 0, False),
        ("1.3", None, 1, 0, False),  # no due date: last
    ]


def test_owner_filter() -> None:
    assert [i.indicator for i in todo(_report(), owner="xcb")] == ["1.1", "1.1", "1.3"]


def test_text_in_english() -> None:
    assert todo_text(todo(_report())) == (
        "办公室 (bgs)\n"
        "  due 2022-03-31 (overdue)  1.2 指标1.2  missing: 学习活动照片 — 1 of 4 photos\n"
        "\n"
        "no owner\n"
        "  due 2023-01-31  1.6 指标1.6  missing: 照片 — 0 of 1 photo\n"
        "\n"
        "宣传部 (xcb, contact 张三)\n"
        "  due 2023-06-30  1.1 指标1.1  missing: 年度学习计划 (2021) — 0 of 1 document\n"
        "  due 2023-06-30  1.1 指标1.1  missing: 年度学习计划 (2023) — 0 of 1 document\n"
        "  no due date  1.3 指标1.3  missing: 宣讲视频 — 0 of 1 video\n"
    )


def test_text_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    text = todo_text(todo(_report(), owner="xcb"))
    assert text == (
        "宣传部（xcb，联系人 张三）\n"
        "  截止 2023-06-30  1.1 指标1.1  缺：2021年度学习计划 1 份，现有 0 份\n"
        "  截止 2023-06-30  1.1 指标1.1  缺：2023年度学习计划 1 份，现有 0 份\n"
        "  无截止日期  1.3 指标1.3  缺：宣讲视频 1 个，现有 0 个\n"
    )


def test_nothing_outstanding() -> None:
    report = check(
        spec(category("1", indicator("1.1", req()))),
        inventory(ev("1.1/a.jpg")),
        as_of=AS_OF,
        git=False,
    )
    assert todo(report) == []
    assert todo_text([]) == "Nothing outstanding: every requirement is met.\n"


def test_owner_filter_by_name() -> None:
    assert todo(_report(), owner="宣传部") == todo(_report(), owner="xcb")


def test_summary() -> None:
    from civarchive.check.todo import todo_summary

    assert todo_summary(todo(_report())) == "5 gaps, 1 overdue, for 3 owners"
    assert todo_summary([]) == "0 gaps, 0 overdue, for 0 owners"
