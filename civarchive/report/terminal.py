"""The default `table` format: a rich table per category, the findings, and a summary line."""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from civarchive.check.models import IndicatorResult, Report, Status
from civarchive.check.outcome import summary_line
from civarchive.display import output_width
from civarchive.findings import Finding, Severity, code_label, severity_label
from civarchive.i18n import tr
from civarchive.report import presentation as p

STATUS_STYLES: dict[Status, str] = {
    Status.COMPLETE: "green",
    Status.PARTIAL: "yellow",
    Status.MISSING: "red",
    Status.NOT_APPLICABLE: "dim",
}
SEVERITY_STYLES: dict[Severity, str] = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "dim",
}
# More findings than fit on a screen are grouped by code (count and the first few of each),
# unless ``verbose``: a clerk cannot read 38,000 lines, and printing them took seconds.
SCREENFUL = 50
EXAMPLES = 3


def render(
    report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> bytes:
    """The report as terminal text (UTF-8); ANSI colours only when ``color`` is true; laid
    out in ``width`` columns (a terminal's), or for a file or pipe (None) wrapping nothing.

    Findings are listed per indicator; beyond a screenful (``SCREENFUL``) they are grouped
    by code, with each code's count and its first few, unless ``verbose`` lists them all.
    """
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width or output_width(terminal=False),
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    for group in p.category_groups(report):
        console.print(_category_table(report, group))
        console.print()
    if verbose or len(report.findings) <= SCREENFUL:
        _print_findings(console, report)
    else:
        _print_findings_by_code(console, report)
    _print_summary(console, report)
    text = buffer.getvalue()
    if not color:
        # rich pads titles and cells to the full width; trailing blanks only bloat logs and diffs.
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    # "replace": a lone surrogate from an undecodable file name must not crash the render.
    return text.encode("utf-8", errors="replace")


def _category_table(report: Report, group: p.CategoryGroup) -> Table:
    # box.SIMPLE draws only ─ lines, which legacy Windows code pages (cp936, cp437) can show.
    table = Table(
        title=group.label, title_justify="left", box=box.SIMPLE, show_edge=False, pad_edge=False
    )
    table.add_column(tr("编号", "ID"), no_wrap=True)
    table.add_column(tr("指标", "Indicator"))
    table.add_column(tr("分值", "Points"), justify="right", no_wrap=True)
    table.add_column(tr("责任人", "Owner"))
    table.add_column(tr("截止", "Due"), no_wrap=True)
    table.add_column(tr("状态", "Status"), no_wrap=True)
    table.add_column(tr("已有/应有", "Found"), justify="right", no_wrap=True)
    for indicator in group.indicators:
        title = Text(indicator.title)
        if indicator.status is Status.NOT_APPLICABLE and indicator.note:
            title.append(tr("（{n}）", " ({n})", n=indicator.note), style="dim")
        table.add_row(
            indicator.id,
            title,
            p.points_text(indicator.points),
            p.owner_name(report, indicator.owner),
            indicator.due.isoformat() if indicator.due else "",
            Text(p.status_label(indicator.status), style=STATUS_STYLES[indicator.status]),
            p.counts_text(indicator),
        )
    return table


def _print_findings(console: Console, report: Report) -> None:
    if not report.findings:
        return
    grouped, other = p.findings_by_indicator(report)
    console.print(Text(tr("问题", "Findings"), style="bold"))
    for indicator in report.indicators:
        if indicator.id in grouped:
            _print_group(console, p.indicator_label(indicator), grouped[indicator.id], indicator)
    if other:
        _print_group(console, p.pick(p.UNASSIGNED_TITLE), other, None)
    console.print()


def _print_group(
    console: Console, label: str, findings: list[Finding], indicator: IndicatorResult | None
) -> None:
    heading = Text(f"  {label}", style="bold")
    if indicator is not None and indicator.status is Status.NOT_APPLICABLE and indicator.note:
        heading.append(f"  ({indicator.note})", style="dim")
    console.print(heading)
    # One Text for the whole group: printing line by line cost ~0.4 ms a finding.
    lines = Text()
    for finding in findings:
        style = "dim" if finding.waived else SEVERITY_STYLES[finding.severity]
        lines.append("    ")
        lines.append(_pad(severity_label(finding.severity), 8), style=style)
        lines.append(_pad(code_label(finding.code), 19), style=style)
        lines.append(p.finding_text(finding), style="dim" if finding.waived else "")
        lines.append("\n")
    lines.rstrip()
    console.print(lines)


def _print_findings_by_code(console: Console, report: Report) -> None:
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code.value, []).append(finding)
    severity_rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    codes = sorted(
        by_code, key=lambda c: (severity_rank[by_code[c][0].severity], -len(by_code[c]), c)
    )
    console.print(
        Text(
            tr(
                "问题（{n} 个，按代码归并；--verbose 全部列出）",
                "Findings ({n}, grouped by code; --verbose lists them all)",
                n=f"{len(report.findings):,}",
            ),
            style="bold",
        )
    )
    lines = Text()
    for code in codes:
        findings = by_code[code]
        style = SEVERITY_STYLES[findings[0].severity]
        lines.append("  ")
        lines.append(_pad(severity_label(findings[0].severity), 8), style=style)
        lines.append(_pad(code_label(findings[0].code), 19), style=style)
        lines.append(tr("{n} 个", "{n}", n=f"{len(findings):,}") + "\n", style="bold")
        for finding in findings[:EXAMPLES]:
            lines.append(f"    {_example(finding)}\n", style="dim" if finding.waived else "")
        if len(findings) > EXAMPLES:
            rest = f"{len(findings) - EXAMPLES:,}"
            lines.append(f"    {tr('……另有 {n} 个', '… and {n} more', n=rest)}\n", style="dim")
    lines.rstrip()
    console.print(lines)
    console.print()


def _example(finding: Finding) -> str:
    # A finding without a path (a gap) is named by its indicator.
    text = p.finding_text(finding)
    return text if finding.path or not finding.indicator else f"{finding.indicator} {text}"


def _pad(text: str, cells: int) -> str:
    # Pad by terminal cells, not characters: 警告 is two characters but four cells wide.
    return text + " " * max(1, cells - cell_len(text))


def _print_summary(console: Console, report: Report) -> None:
    s = report.summary
    style = "bold red" if s.errors else ("yellow" if s.warnings else "green")
    # Not wrapped: a log or a saved file keeps the sentence whole, a terminal wraps it itself.
    console.print(Text(summary_line(report), style=style), soft_wrap=True)
