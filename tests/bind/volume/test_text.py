"""How a volume writes dates, durations and the requirement ordinals."""

from __future__ import annotations

import pytest

from civarchive.bind.volume.text import chinese_number, date_text, duration_text


@pytest.mark.parametrize(
    ("date", "text"),
    [
        ("20230512", "2023年5月12日"),
        ("20230500", "2023年5月"),
        ("20230000", "2023年"),
        ("", ""),
        ("2023-05", "2023-05"),  # not YYYYMMDD: as it is
    ],
)
def test_date_text(date: str, text: str) -> None:
    assert date_text(date) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "未知"),
        (0.4, "0:00"),
        (3.0, "0:03"),
        (59.6, "1:00"),
        (3599, "59:59"),
        (3725, "1:02:05"),
    ],
)
def test_duration_text(seconds: float | None, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (35, "三十五"),
        (99, "九十九"),
        (100, "100"),
    ],
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text
