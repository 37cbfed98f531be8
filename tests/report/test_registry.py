"""The renderer registry: every format has a renderer, and every renderer behaves the same way."""

from __future__ import annotations

import pytest

from civarchive.check.models import Report
from civarchive.report import RENDERERS, ReportFormat, render


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(ReportFormat)
    assert [str(fmt) for fmt in ReportFormat] == ["table", "json", "junit", "markdown", "xlsx"]


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_render_dispatches_and_is_deterministic(report: Report, fmt: ReportFormat) -> None:
    first = render(report, fmt)
    assert isinstance(first, bytes)
    assert first
    assert render(report, fmt) == first
    assert render(report, ReportFormat(str(fmt))) == first  # the CLI passes the parsed enum


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_empty_report_renders(tiny_report: Report, fmt: ReportFormat) -> None:
    empty = tiny_report.model_copy(
        update={"indicators": [], "findings": [], "categories": [], "owners": []}
    )
    assert render(empty, fmt)


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_chinese_locale_renders(
    report: Report, fmt: ReportFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert render(report, fmt)


@pytest.mark.parametrize("fmt", [f for f in ReportFormat if f is not ReportFormat.TABLE])
def test_color_changes_only_the_table(report: Report, fmt: ReportFormat) -> None:
    assert render(report, fmt, color=True) == render(report, fmt)


def test_unknown_format_is_refused(report: Report) -> None:
    with pytest.raises(ValueError, match="pdf"):
        render(report, "pdf")  # type: ignore[arg-type]


def test_found_needed_counts_cap_each_requirement(report: Report) -> None:
    from civarchive.report.presentation import counts_text, indicator_counts, requirement_counts

    per_year, photos = report.indicators[0].requirements
    assert requirement_counts(per_year) == (2, 3)  # 1 a year over 2021-2023, 2023 short
    assert requirement_counts(photos) == (2, 4)
    assert indicator_counts(report.indicators[0]) == (4, 7)
    surplus = report.indicators[1].requirements[0]  # 3 photos where 2 are needed
    assert requirement_counts(surplus) == (2, 2)
    assert counts_text(report.indicators[3]) == ""  # not applicable
