"""Pick the user's language (zh or en) and translate short messages."""

from __future__ import annotations

import functools
import os
import sys
from typing import Literal

Lang = Literal["zh", "en"]

# Windows LANGIDs: the primary language is the low 10 bits; 0x04 is Chinese (zh-CN 0x0804,
# zh-TW 0x0404, zh-HK 0x0C04, zh-SG 0x1004, zh-MO 0x1404).
_LANG_CHINESE = 0x04


def language() -> Lang:
    """Chinese when CIVARCHIVE_LANG=zh, or the locale is zh_*, or (with no locale set) the
    Windows UI language is Chinese; English otherwise."""
    forced = os.environ.get("CIVARCHIVE_LANG", "").strip().lower()
    if forced.startswith("zh"):
        return "zh"
    if forced.startswith("en"):
        return "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return _windows_language()


def windows_language(langid: int | None) -> Lang:
    """The language of a Windows UI language id (``GetUserDefaultUILanguage``)."""
    if langid is not None and langid & 0x3FF == _LANG_CHINESE:
        return "zh"
    return "en"


@functools.cache
def _windows_language() -> Lang:
    # Windows sets no LANG: its UI language is what the clerk reads every day. Asked once:
    # it does not change while civarchive runs.
    if sys.platform != "win32":
        return "en"
    try:
        import ctypes

        windll = getattr(ctypes, "windll", None)
        langid = int(windll.kernel32.GetUserDefaultUILanguage()) if windll else None
    except (OSError, AttributeError, ValueError):
        langid = None
    return windows_language(langid)


def tr(zh: str, en: str, /, **params: object) -> str:
    """Return the zh or en text for the current language, formatted with params."""
    text = zh if language() == "zh" else en
    return text.format(**params) if params else text
