"""How a volume writes dates, durations and the requirement ordinals."""

from __future__ import annotations

import pytest

from civarchive.bind.volume.text import (
    chinese_numeral,
    date_text,
    duration_text,
    media_format_text,
    size_text,
    text_width_em,
)


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
        (None, ""),
        (0.4, "00:00:00"),
        (3.0, "00:00:03"),
        (59.6, "00:01:00"),
        (3599, "00:59:59"),
        (3725, "01:02:05"),
        (36000 * 3, "30:00:00"),
    ],
)
def test_duration_text_is_hh_mm_ss(seconds: float | None, text: str) -> None:
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("fmt", "codec", "text"),
    [
        ("mp4", "h264", "MP4（H.264）"),
        ("mov", "hevc", "MOV（H.265）"),
        ("amr", "amrnb", "AMR"),
        ("wav", "pcm_s16le", "WAV（PCM）"),
        (None, None, ""),
        ("3gp", None, "3GP"),
    ],
)
def test_media_format_text(fmt: str | None, codec: str | None, text: str) -> None:
    assert media_format_text(fmt, codec) == text


def test_size_text() -> None:
    assert [size_text(n) for n in (10, 850 * 1024, 12_900_000, 3 * 1024**3)] == [
        "1 KB",
        "850 KB",
        "12.3 MB",
        "3.0 GB",
    ]


def test_token_widths_err_wide() -> None:
    # CJK and full-width brackets one em; digits as wide as DejaVu Serif's (LibreOffice's
    # stand-in for Times New Roman); "·" as the full-width dot 宋体 may draw.
    assert text_width_em("市委发〔2023〕12号") == pytest.approx(6 + 6 * 0.64)
    assert text_width_em("WS·") == pytest.approx(1.03 + 0.72 + 1.0)


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
    assert chinese_numeral(n) == text
