"""Untrusted names are shown with visible escapes instead of raw control characters."""

from __future__ import annotations

from civarchive.display import printable


def test_control_characters_become_visible() -> None:
    assert printable("a\nb\x1b[31m\x01\x7f\x85.jpg") == "a\\x0ab\\x1b[31m\\x01\\x7f\\x85.jpg"


def test_surrogate_escapes_from_undecodable_names_become_visible() -> None:
    assert printable("照片\udcb2\udce2.jpg") == "照片\\xdcb2\\xdce2.jpg"


def test_ordinary_chinese_names_are_untouched() -> None:
    name = "一、思想道德建设/1.1 理想信念教育/2022年“七一”活动 (1).jpg"
    assert printable(name) == name
