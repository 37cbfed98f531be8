"""The one wording of a gap and the overdue rule, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.check.gaps import count_gap_text, gap_text, is_overdue, overdue_text
from civarchive.check.models import RequirementResult
from civarchive.kinds import RequirementKind

PHOTOS = RequirementResult(
    kind=RequirementKind.PHOTO, what="学习活动照片", min=4, count=2, met=False
)
PER_YEAR = RequirementResult(
    kind=RequirementKind.DOCUMENT,
    what="年度学习计划",
    min=1,
    count=1,
    per_year=True,
    met=False,
    years={"2021": 1, "2022": 0, "2023": 0},
    missing_years=[2023, 2022],
)
WINDOW_OUTSIDE = PER_YEAR.model_copy(update={"missing_years": [], "years": {}})
# Short years grouped by what they hold, so a clerk knows how many to bring for which year.
UNEVEN_YEARS = PHOTOS.model_copy(
    update={
        "min": 2,
        "per_year": True,
        "years": {"2021": 0, "2023": 1},
        "missing_years": [2021, 2022, 2023],
    }
)


@pytest.mark.parametrize(
    ("requirement", "zh", "en"),
    [
        (PHOTOS, "缺：学习活动照片 4 张，现有 2 张", "missing: 学习活动照片 — 2 of 4 photos"),
        (
            PER_YEAR,
            "缺：年度学习计划 每年 1 份，2022、2023 年各现有 0 份",
            "missing: 年度学习计划 — 1 document per year, short in 2022 (0), 2023 (0)",
        ),
        (
            UNEVEN_YEARS,
            "缺：学习活动照片 每年 2 张，2021、2022 年各现有 0 张，2023 年现有 1 张",
            "missing: 学习活动照片 — 2 photos per year, short in 2021 (0), 2022 (0), 2023 (1)",
        ),
        (
            WINDOW_OUTSIDE,
            "缺：年度学习计划 每年 1 份，时间窗口不在期限内",
            "missing: 年度学习计划 — 1 document per year, but its window lies outside the period",
        ),
    ],
)
def test_gap_text(requirement: RequirementResult, zh: str, en: str) -> None:
    assert gap_text(requirement, "zh") == zh
    assert gap_text(requirement, "en") == en


def test_the_language_follows_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert gap_text(PHOTOS) == "缺：学习活动照片 4 张，现有 2 张"


def test_overdue_text() -> None:
    due = dt.date(2023, 6, 30)
    assert (
        overdue_text(PHOTOS, due, "zh") == "已逾期：学习活动照片 4 张，现有 2 张（截止 2023-06-30）"
    )
    assert (
        overdue_text(PHOTOS, due, "en") == "overdue: 学习活动照片 — 2 of 4 photos (due 2023-06-30)"
    )


def test_count_gap_text_is_the_gap_sentence() -> None:
    assert count_gap_text("学习活动照片", "photo", 4, 2, lang="zh") == gap_text(PHOTOS, "zh")
    assert count_gap_text("学习活动照片", "photo", 4, 2, lang="en") == gap_text(PHOTOS, "en")
    assert count_gap_text("年度学习计划", "document", 1, 0, year=2023, lang="zh") == (
        "缺：2023年度学习计划 1 份，现有 0 份"
    )
    assert count_gap_text("活动照片", "photo", 2, 1, year=2022, lang="zh") == (
        "缺：2022年活动照片 2 张，现有 1 张"
    )
    assert count_gap_text("年度学习计划", "document", 1, 0, year=2023, lang="en") == (
        "missing: 年度学习计划 (2023) — 0 of 1 document"
    )


def test_overdue_only_after_the_due_date() -> None:
    due = dt.date(2023, 6, 30)
    assert not is_overdue(None, dt.date(2030, 1, 1))
    assert not is_overdue(due, due)
    assert is_overdue(due, due + dt.timedelta(days=1))
