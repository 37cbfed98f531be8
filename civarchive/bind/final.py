"""The 迎检版 (``bind --final``): a copy for the inspectors has every gap explained first."""

from __future__ import annotations

import json

from civarchive.check.models import Report
from civarchive.check.todo import TodoItem, gap_line, todo
from civarchive.codes import Code
from civarchive.errors import UnexplainedGaps
from civarchive.i18n import tr

# How many gaps the message lists before it says "and N more".
SHOWN = 20


def check_final(report: Report) -> None:
    """Raise UnexplainedGaps listing every unmet requirement no spec waiver accepts, with
    the ``waivers:`` lines that would accept them (each needs its reason written in)."""
    # In the volumes' order (the spec's), not the to-do list's (due dates): the clerk goes
    # through the volumes with this list.
    order = {indicator.id: index for index, indicator in enumerate(report.indicators)}
    gaps = sorted(todo(report), key=lambda item: order.get(item.indicator, len(order)))
    if not gaps:
        return
    colon = tr("：", ": ")
    lines = [f"  {item.indicator} {item.indicator_title}{colon}{gap_line(item)}" for item in gaps]
    if len(lines) > SHOWN:
        lines = [
            *lines[:SHOWN],
            tr("  ……另有 {n} 处", "  … and {n} more", n=len(lines) - SHOWN),
        ]
    raise UnexplainedGaps(
        tr(
            "迎检版不能有未说明的缺项；以下 {n} 处缺项没有豁免：\n{lines}",
            "the final copy cannot have unexplained gaps; {n} gap(s) have no waiver:\n{lines}",
            n=len(gaps),
            lines="\n".join(lines),
        ),
        hint=tr(
            "补齐材料；或在 civarchive.yaml 中写明原因豁免它们（reason 必填）：\n{s}\n"
            "或用 --final --allow-gaps 装订，在每处缺项下留空白「情况说明」手写",
            "add the evidence; or waive them in civarchive.yaml with a reason (required):\n{s}\n"
            "or bind with --final --allow-gaps to leave a blank 情况说明 under each gap",
            s=waiver_snippet(gaps),
        ),
    )


def waiver_snippet(gaps: list[TodoItem]) -> str:
    """The spec ``waivers:`` lines accepting ``gaps``: one per indicator and finding code."""
    seen: set[tuple[str, Code]] = set()
    lines = ["waivers:"]
    for item in gaps:
        code = Code.OVERDUE if item.overdue else Code.MISSING_EVIDENCE
        if (item.indicator, code) in seen:
            continue
        seen.add((item.indicator, code))
        # JSON strings are valid YAML flow scalars: any indicator id stays one value.
        indicator = json.dumps(item.indicator, ensure_ascii=False)
        lines.append(
            f"  - {{code: {code.value}, indicator: {indicator}, reason: "
            + tr('"（写明原因）"}', '"(the reason)"}')
        )
    return "\n".join(lines)
