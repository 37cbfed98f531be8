"""The to-do list as Markdown: one section per owner, one table row per gap, overdue first."""

from __future__ import annotations

from civarchive.check.models import Report
from civarchive.check.todo import (
    TodoItem,
    by_owner,
    gap_line,
    nothing_outstanding,
    owner_heading,
    when_text,
)
from civarchive.i18n import tr
from civarchive.report.markdown import cell


def render(report: Report, items: list[TodoItem]) -> bytes:
    """GitHub-flavoured Markdown (UTF-8) in the user's language."""
    overdue = sum(1 for i in items if i.overdue)
    lines = [
        tr("# 待办清单：{t}", "# To do: {t}", t=cell(report.spec.title)),
        "",
        tr(
            "{u} · 截至 {d} · 共 {n} 项，其中逾期 {o} 项",
            "{u} · as of {d} · {n} gaps, {o} overdue",
            u=cell(report.spec.unit),
            d=report.as_of.isoformat(),
            n=len(items),
            o=overdue,
        ),
    ]
    if not items:
        lines += ["", nothing_outstanding()]
    for owner_items in by_owner(items):
        lines += [
            "",
            f"## {cell(owner_heading(owner_items[0]))}",
            "",
            f"| {tr('截止', 'Due')} | {tr('指标', 'Indicator')} | {tr('缺什么', 'Missing')} |",
            "| --- | --- | --- |",
        ]
        for item in owner_items:
            when = cell(when_text(item))
            lines.append(
                f"| {f'**{when}**' if item.overdue else when} "
                f"| {cell(f'{item.indicator} {item.indicator_title}')} "
                f"| {cell(gap_line(item))} |"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")
