"""密级: the levels a 件 may carry (公开 … 绝密), how a written value is read, which is higher."""

from __future__ import annotations

import unicodedata

# Lowest to highest. 公开 and 内部 are the unit's own marks; 秘密, 机密, 绝密 the state secret
# levels (保密法), written as GB/T 9704 prints them, optionally with a term: 秘密★1年.
LEVELS: tuple[str, ...] = ("公开", "内部", "秘密", "机密", "绝密")


def secrecy_rank(text: str | None) -> int | None:
    """The level of a written 密级 (0 = none written, 1 = 公开 … 5 = 绝密); None when the text
    is no 密级 at all."""
    value = normalise_secrecy(text)
    if not value:
        return 0
    for rank, level in enumerate(LEVELS, start=1):
        if value.startswith(level):
            rest = value[len(level) :]
            if not rest or rest[0] in "★*☆（(" or rest in ("级", "资料", "文件"):
                return rank
    return None


def normalise_secrecy(text: str | None) -> str:
    """The value as printed: NFKC, no spaces around it (「 秘密 ★ 1年」 → 「秘密★1年」)."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def highest_secrecy(values: list[str]) -> str:
    """The highest 密级 among ``values`` as written (first of equals), or "" when none is set."""
    best, best_rank = "", 0
    for value in values:
        rank = secrecy_rank(value) or 0
        if rank > best_rank:
            best, best_rank = normalise_secrecy(value), rank
    return best
