"""Untrusted names are shown with visible escapes; output is wrapped on a terminal only."""

from __future__ import annotations

import pytest

from civarchive.display import (
    MIN_TERMINAL_WIDTH,
    UNWRAPPED,
    output_width,
    printable,
)


def test_control_characters_become_visible() -> None:
    assert printable("a\nb\x1b[31m\x01\x7f\x85.jpg") == "a\\x0ab\\x1b[31m\\x01\\x7f\\x85.jpg"


def test_surrogate_escapes_from_undecodable_names_become_visible() -> None:
    assert printable("照片\udcb2\udce2.jpg") == "照片\\xdcb2\\xdce2.jpg"


def test_ordinary_chinese_names_are_untouched() -> None:
    name = "一、思想道德建设/1.1 理想信念教育/2022年“七一”活动 (1).jpg"
    assert printable(name) == name


def test_a_file_or_a_pipe_is_never_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # a terminal's setting says nothing about a file
    assert output_width(terminal=False) == UNWRAPPED


def test_a_terminal_is_laid_out_at_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "132")
    assert output_width(terminal=True) == 132
    monkeypatch.setenv("COLUMNS", "20")  # too narrow for a table: the floor
    assert output_width(terminal=True) == MIN_TERMINAL_WIDTH
    monkeypatch.delenv("COLUMNS")
    assert output_width(terminal=True) >= MIN_TERMINAL_WIDTH
