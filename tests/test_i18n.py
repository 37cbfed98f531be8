"""Language selection follows CIVARCHIVE_LANG, then the locale."""

from __future__ import annotations

import sys

import pytest

from civarchive.i18n import language, tr, windows_language


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CIVARCHIVE_LANG": "zh"}, "zh"),
        ({"CIVARCHIVE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for var in ("CIVARCHIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert language() == expected


def test_tr_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    assert tr("共 {n} 个", "{n} in all", n=3) == "3 in all"
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert tr("共 {n} 个", "{n} in all", n=3) == "共 3 个"


@pytest.mark.parametrize(
    ("langid", "expected"),
    [
        (0x0804, "zh"),  # zh-CN
        (0x0404, "zh"),  # zh-TW
        (0x0C04, "zh"),  # zh-HK
        (0x1004, "zh"),  # zh-SG
        (0x0409, "en"),  # en-US
        (0x0411, "en"),  # ja-JP
        (None, "en"),  # the call failed
    ],
)
def test_windows_ui_language(langid: int | None, expected: str) -> None:
    # What GetUserDefaultUILanguage returns on Windows, where no LANG is set.
    assert windows_language(langid) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="Windows answers with its UI language")
def test_no_locale_off_windows_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("CIVARCHIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    # Off Windows the UI-language probe answers English without touching ctypes.
    assert language() == "en"
