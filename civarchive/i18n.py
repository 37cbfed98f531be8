"""Pick the user's language (zh or en) and translate short messages."""

from __future__ import annotations

import os
from typing import Literal

Lang = Literal["zh", "en"]


def language() -> Lang:
    """Chinese when CIVARCHIVE_LANG=zh or the locale is zh_*; English otherwise."""
    forced = os.environ.get("CIVARCHIVE_LANG", "").strip().lower()
    if forced.startswith("zh"):
        return "zh"
    if forced.startswith("en"):
        return "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def tr(zh: str, en: str, /, **params: object) -> str:
    """Return the zh or en text for the current language, formatted with params."""
    text = zh if language() == "zh" else en
    return text.format(**params) if params else text
