"""What a check run means for the caller: the exit code and the one-line summary."""

from __future__ import annotations

from civarchive.check.models import Report
from civarchive.findings import Severity
from civarchive.i18n import tr


def exit_code(report: Report, fail_under: float | None = None) -> int:
    """1 when a finding that is not waived is an error, or completeness × 100 < ``fail_under``; else 0 (design §5)."""
    if any(f.severity is Severity.ERROR and not f.waived for f in report.findings):
        return 1
    if fail_under is not None and report.summary.completeness * 100 < fail_under:
        return 1
    return 0


def summary_line(report: Report) -> str:
    """``完成度 87.0%（81/100 分），待补 19 分；错误 2 个，警告 17 个`` / the English equivalent."""
    s = report.summary
    at_risk = max(s.points_total - s.points_complete, 0.0)
    return tr(
        "完成度 {pct:.1f}%（{done:g}/{total:g} 分），待补 {risk:g} 分；指标 {n} 项：完整 {c}、部分 {p}、缺失 {m}；错误 {e} 个，警告 {w} 个",
        "completeness {pct:.1f}% ({done:g}/{total:g} points), {risk:g} points at risk; "
        "{n} indicators: {c} complete, {p} partial, {m} missing; {e} errors, {w} warnings",
        pct=s.completeness * 100,
        done=round(s.points_complete, 2),
        total=round(s.points_total, 2),
        risk=round(at_risk, 2),
        n=s.indicators,
        c=s.complete,
        p=s.partial,
        m=s.missing,
        e=s.errors,
        w=s.warnings,
    )
