"""Unmet requirements: when one is overdue, and the one sentence every output words it with.

缺：学习活动照片 4 张，现有 2 张 — the check's finding, the report's 缺什么 (table, markdown,
xlsx, JUnit), the to-do list and the bound volume all say a gap with ``gap_text``.
"""

from __future__ import annotations

import datetime as dt

from civarchive.check.models import RequirementResult
from civarchive.codes import MESSAGES, Code
from civarchive.i18n import Lang, language
from civarchive.kinds import count_noun, measure_word


def is_overdue(due: dt.date | None, as_of: dt.date) -> bool:
    """Whether evidence due on ``due`` is late on ``as_of`` (design §4 ``overdue``)."""
    return due is not None and due < as_of


def gap_text(requirement: RequirementResult, lang: Lang | None = None) -> str:
    """``缺：学习活动照片 4 张，现有 2 张`` / ``missing: 学习活动照片 — 2 of 4 photos``.

    A per-year requirement names its short years and what each holds (``缺：年度学习计划
    每年 1 份，2022、2023 年各现有 0 份``).
    """
    return _with(Code.MISSING_EVIDENCE, gap_detail(requirement, lang), lang)


def overdue_text(requirement: RequirementResult, due: dt.date, lang: Lang | None = None) -> str:
    """``已逾期：学习活动照片 4 张，现有 2 张（截止 2023-06-30）``: the gap, late."""
    zh = (lang or language()) == "zh"
    when = f"（截止 {due.isoformat()}）" if zh else f" (due {due.isoformat()})"
    return _with(Code.OVERDUE, gap_detail(requirement, lang) + when, lang)


def count_gap_text(
    what: str,
    kind: str,
    required: int,
    present: int,
    *,
    year: int | None = None,
    lang: Lang | None = None,
) -> str:
    """A gap told by its counts, for one year of a per-year requirement when ``year`` is given:
    ``缺：2023年度学习计划 1 份，现有 0 份`` / ``missing: 年度学习计划 (2023) — 0 of 1 document``."""
    zh = (lang or language()) == "zh"
    if year is not None and zh:
        # 2023 + 年度学习计划 reads 2023年度学习计划; other names get 年: 2023年学习活动照片.
        what = f"{year}{what}" if what.startswith("年") else f"{year}年{what}"
    elif year is not None:
        what = f"{what} ({year})"
    return _with(Code.MISSING_EVIDENCE, _counted(what, kind, required, present, zh, lang), lang)


def gap_detail(requirement: RequirementResult, lang: Lang | None = None) -> str:
    """The gap without its leading word: what the finding's message carries as its detail."""
    zh = (lang or language()) == "zh"
    what, kind, need = requirement.what, str(requirement.kind), requirement.min
    if not requirement.per_year:
        return _counted(what, kind, need, requirement.count, zh, lang)
    unit = measure_word(kind)
    if not requirement.missing_years:  # the requirement's window lies outside the period
        if zh:
            return f"{what} 每年 {need} {unit}，时间窗口不在期限内"
        return f"{what} — {count_noun(kind, need, lang)} per year, but its window lies outside the period"
    have = requirement.years or {}
    short = [(year, have.get(str(year), 0)) for year in sorted(requirement.missing_years)]
    if zh:
        return f"{what} 每年 {need} {unit}，{_years_zh(short, unit)}"
    listed = ", ".join(f"{year} ({count})" for year, count in short)
    return f"{what} — {count_noun(kind, need, lang)} per year, short in {listed}"


def _years_zh(short: list[tuple[int, int]], unit: str) -> str:
    """``2021、2022 年各现有 0 份，2023 年现有 1 份``: the short years grouped by what they hold."""
    groups: dict[int, list[int]] = {}
    for year, count in short:
        groups.setdefault(count, []).append(year)
    parts = []
    for count, years in groups.items():
        each = "各" if len(years) > 1 else ""
        parts.append(f"{'、'.join(map(str, years))} 年{each}现有 {count} {unit}")
    return "，".join(parts)


def _counted(what: str, kind: str, required: int, present: int, zh: bool, lang: Lang | None) -> str:
    if zh:
        unit = measure_word(kind)
        return f"{what} {required} {unit}，现有 {present} {unit}"
    return f"{what} — {present} of {count_noun(kind, required, lang)}"


def _with(code: Code, detail: str, lang: Lang | None) -> str:
    zh, en = MESSAGES[code]
    return (zh if (lang or language()) == "zh" else en).format(detail=detail)
