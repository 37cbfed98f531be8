"""The `markdown` format: a summary for a pull request or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from civarchive.check.models import IndicatorResult, Report, Status
from civarchive.check.outcome import summary_parts
from civarchive.display import printable
from civarchive.findings import Finding, code_label, severity_label
from civarchive.i18n import tr
from civarchive.report import presentation as p

STATUS_EMOJI: dict[Status, str] = {
    Status.COMPLETE: "✅",
    Status.PARTIAL: "🟡",
    Status.MISSING: "❌",
    Status.NOT_APPLICABLE: "➖",
}
# GitHub caps a job summary at 1 MiB; a few hundred rows keep the page useful and under it.
MAX_FINDINGS = 500


def render(
    report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> bytes:
    """GitHub-flavoured Markdown (UTF-8): summary, a table per category, gaps, findings."""
    del color, verbose, width  # only the table reads them
    lines = [f"# {_inline(report.spec.title)}", ""]
    lines += _summary(report)
    for group in p.category_groups(report):
        lines += ["", f"### {_inline(group.label)}", ""]
        lines += _indicator_table(report, group)
    lines += _gaps(report)
    lines += _findings(report)
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text.encode("utf-8", errors="replace")


def cell(text: str) -> str:
    """``text`` safe inside a table cell: pipes escaped, line breaks and HTML tags defused."""
    return _inline(text).replace("|", "\\|")


def _inline(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("<", "&lt;").strip()


def _summary(report: Report) -> list[str]:
    head = f"{_inline(report.spec.unit)} · {tr('截至', 'as of')} {report.as_of.isoformat()}"
    return [head, "", *(f"- {part}" for part in summary_parts(report))]


def _indicator_table(report: Report, group: p.CategoryGroup) -> list[str]:
    header = [
        tr("编号", "ID"),
        tr("指标", "Indicator"),
        tr("分值", "Points"),
        tr("责任人", "Owner"),
        tr("截止", "Due"),
        tr("状态", "Status"),
        tr("已有/应有", "Found"),
    ]
    lines = [_row(header), "| --- | --- | ---: | --- | --- | --- | ---: |"]
    for indicator in group.indicators:
        lines.append(
            _row(
                [
                    indicator.id,
                    _title(indicator),
                    p.points_text(indicator.points),
                    p.owner_name(report, indicator.owner),
                    indicator.due.isoformat() if indicator.due else "",
                    f"{STATUS_EMOJI[indicator.status]} {p.status_label(indicator.status)}",
                    p.counts_text(indicator),
                ]
            )
        )
    return lines


def _title(indicator: IndicatorResult) -> str:
    # A not-applicable indicator shows its 情况说明, which is what an inspector will ask for.
    if indicator.status is Status.NOT_APPLICABLE and indicator.note:
        return f"{indicator.title}{tr('（{n}）', ' ({n})', n=indicator.note)}"
    return indicator.title


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell(text) for text in cells) + " |"


def _gaps(report: Report) -> list[str]:
    lines: list[str] = []
    for indicator in report.indicators:
        missing = p.gaps(indicator)
        if not missing:
            continue
        who = [p.owner_name(report, indicator.owner)]
        if indicator.due:
            who.append(tr("截止 {d}", "due {d}", d=indicator.due.isoformat()))
        context = tr("，", ", ").join(w for w in who if w)
        label = f"**{_inline(p.indicator_label(indicator))}**"
        if context:
            label += tr("（{c}）", " ({c})", c=_inline(context))
        lines.append(f"- {label}{tr('：', ': ')}{_inline(tr('；', '; ').join(missing))}")
    if not lines:
        return []
    return ["", f"## {tr('缺什么', 'Gaps')}", "", *lines]


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return []
    shown = report.findings[:MAX_FINDINGS]
    lines = [
        "",
        "<details>",
        f"<summary>{tr('问题（{n} 个）', 'Findings ({n})', n=len(report.findings))}</summary>",
        "",
        _row(
            [
                tr("级别", "Severity"),
                tr("代码", "Code"),
                tr("指标", "Indicator"),
                tr("路径", "Path"),
                tr("说明", "Message"),
            ]
        ),
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [_finding_row(finding) for finding in shown]
    if len(report.findings) > MAX_FINDINGS:
        lines += [
            "",
            tr(
                "……另有 {n} 个问题未列出，完整内容见 JSON 或 XLSX 报告。",
                "… and {n} more; the JSON or XLSX report lists them all.",
                n=len(report.findings) - MAX_FINDINGS,
            ),
        ]
    lines += ["", "</details>"]
    return lines


def _code_cell(finding: Finding) -> str:
    """`low_resolution`, with the Chinese label before it in a Chinese report (design §4)."""
    label = code_label(finding.code)
    code = f"`{finding.code.value}`"
    return code if label == finding.code.value else f"{label} {code}"


def _finding_row(finding: Finding) -> str:
    message = finding.message
    if finding.waived:
        message += tr("（已豁免：{r}）", " (waived: {r})", r=finding.reason or "")
    shown = printable(finding.path or "")
    path = f"`{shown}`" if shown and "`" not in shown else shown
    return _row(
        [
            severity_label(finding.severity),
            _code_cell(finding),
            finding.indicator or "",
            path,
            message,
        ]
    )
