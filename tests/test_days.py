"""The one date grammar a person types (options, spec dates, caption sheets, 完成时限 cells)."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.days import day_hint, find_day, leading_day, parse_day, read_day

OCTOBER_15 = dt.date(2023, 10, 15)
SEPTEMBER_2 = dt.date(2023, 9, 2)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2023-10-15", OCTOBER_15),
        ("2023/10/15", OCTOBER_15),
        ("2023.10.15", OCTOBER_15),
        ("2023年10月15日", OCTOBER_15),
        ("20231015", OCTOBER_15),
        ("2023/9/2", SEPTEMBER_2),
        ("2023-9-2", SEPTEMBER_2),
        ("2023.09.02", SEPTEMBER_2),
        ("2023年9月2日", SEPTEMBER_2),
        ("2023年9月2号", SEPTEMBER_2),
        ("2023年9月2", SEPTEMBER_2),
        ("2023 年 9 月 2 日", SEPTEMBER_2),
        ("  2023/10/15 ", OCTOBER_15),
        # A Chinese input method's full-width digits and separators.
        ("２０２３／１０／１５", OCTOBER_15),
        ("２０２３年１０月１５日", OCTOBER_15),
        ("２０２３．１０．１５", OCTOBER_15),
    ],
)
def test_every_form_reads_the_same_day(text: str, day: dt.date) -> None:
    assert read_day(text) == day
    assert parse_day(text) == day
    assert leading_day(text) == day
    assert find_day(f"于{text}前完成") == day


@pytest.mark.parametrize(
    "text",
    [
        "",
        "昨天",
        "2023-02-30",  # no such day
        "2023/13/01",
        "2023-10/15",  # two separators
        "2023_10_15",
        "2023-10",  # a month is not a day
        "2023",
        "2023101",
        "202310150",
        "23-10-15",
        "2023-10-15 10:30",  # a time is for caption cells, not for a typed day
        "0000-01-01",
    ],
)
def test_anything_else_is_not_a_day(text: str) -> None:
    assert read_day(text) is None
    with pytest.raises(ValueError, match="not a date"):
        parse_day(text)


def test_a_caption_cell_may_carry_a_time_or_a_remark() -> None:
    assert leading_day("2023-10-15 10:30") == OCTOBER_15
    assert leading_day("2023年10月15日上午") == OCTOBER_15
    assert leading_day("20231015103000") is None  # a longer digit run is no day
    assert leading_day("约2023-10-15") is None


def test_a_cell_names_the_first_real_day() -> None:
    assert find_day("2023-02-30 或 2023/3/1") == dt.date(2023, 3, 1)
    assert find_day("长期坚持") is None


def test_the_hint_lists_the_forms_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "en")
    assert day_hint() == (
        "write a date as 2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日 or 20231015"
    )
    with pytest.raises(ValueError, match=r"^not a date: 2023/02/30$"):
        parse_day("2023/02/30")
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert day_hint() == "日期可写成 2023-10-15、2023/10/15、2023.10.15、2023年10月15日 或 20231015"
    with pytest.raises(ValueError, match=r"^不是日期：2023/02/30$"):
        parse_day("2023/02/30")
