"""What a check run means for the caller: the exit code and the one-line summary."""

from __future__ import annotations

from civarchive.check.models import Report, Summary
from civarchive.findings import Severity
from civarchive.i18n import Lang, language


def _summary(outcome: Report | Summary) -> Summary:
    return outcome.summary if isinstance(outcome, Report) else outcome


def exit_code(outcome: Report | Summary, fail_under: float | None = None) -> int:
    """1 when a finding that is not waived is an error, or completeness × 100 < ``fail_under``;
    else 0 (design §5). Given a summary alone (a saved report's), its error count stands for
    the findings: check counts exactly the errors not waived."""
    s = _summary(outcome)
    if isinstance(outcome, Report):
        errors = any(f.severity is Severity.ERROR and not f.waived for f in outcome.findings)
    else:
        errors = s.errors > 0
    if errors:
        return 1
    if fail_under is not None and s.completeness * 100 < fail_under:
        return 1
    return 0


def summary_parts(outcome: Report | Summary, lang: Lang | None = None) -> tuple[str, str, str]:
    """The summary's three clauses: completeness and points, indicators by status, findings.

    ``完成度 87.0%（81/100 分），待补 19 分`` · ``指标 40 项：完成 30，部分 6，缺失 4，不适用 0`` ·
    ``错误 2 个，警告 17 个``; every output that summarises a report says these words.
    """
    s = _summary(outcome)
    at_risk = round(max(s.points_total - s.points_complete, 0.0), 2)
    done, total = round(s.points_complete, 2), round(s.points_total, 2)
    if (lang or language()) == "zh":
        return (
            f"完成度 {s.completeness * 100:.1f}%（{done:g}/{total:g} 分），待补 {at_risk:g} 分",
            f"指标 {s.indicators} 项：完成 {s.complete}，部分 {s.partial}，缺失 {s.missing}，"
            f"不适用 {s.not_applicable}",
            f"错误 {s.errors} 个，警告 {s.warnings} 个",
        )
    return (
        f"completeness {s.completeness * 100:.1f}% ({done:g}/{total:g} points), "
        f"{_count(at_risk, 'point')} at risk",
        f"{_count(s.indicators, 'indicator')}: {s.complete} complete, {s.partial} partial, "
        f"{s.missing} missing, {s.not_applicable} not applicable",
        f"{_count(s.errors, 'error')}, {_count(s.warnings, 'warning')}",
    )


def summary_line(outcome: Report | Summary, lang: Lang | None = None) -> str:
    """The summary in one line: the clauses of ``summary_parts`` joined (stderr, the table)."""
    separator = "；" if (lang or language()) == "zh" else "; "
    return separator.join(summary_parts(outcome, lang))


def _count(n: float, noun: str) -> str:
    return f"{n:g} {noun}{'' if n == 1 else 's'}"
