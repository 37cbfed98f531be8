"""The plan, an apply, an undo and the journal list, as text for a clerk (zh/en) and as JSON for scripts."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from civarchive.display import output_width, printable
from civarchive.i18n import tr
from civarchive.organize.apply import ApplyResult, UndoResult
from civarchive.organize.caption import SheetSkipped, SheetWritten
from civarchive.organize.intake import ImportResult
from civarchive.organize.journal import JournalState
from civarchive.organize.models import Action, Candidate, Plan

ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.PLACE: ("归档", "file"),
    Action.REFILE: ("改放", "refile"),
    Action.RENAME: ("改名", "rename"),
    Action.FIX_EXTENSION: ("改扩展名", "fix extension"),
    Action.DECODE_NAME: ("修复乱码名", "decode name"),
}
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "applied": ("已执行", "applied"),
    "interrupted": ("中途停止", "interrupted"),
    "undone": ("已撤销", "undone"),
    "partly undone": ("部分撤销", "partly undone"),
    "nothing done": ("未执行", "nothing done"),
}


def _label(pair: tuple[str, str]) -> str:
    return tr(pair[0], pair[1])


def _console(buffer: StringIO, width: int | None) -> Console:
    return Console(
        file=buffer,
        width=width or output_width(terminal=False),
        color_system=None,
        no_color=True,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def plan_summary(plan: Plan) -> str:
    """整理计划：移动 5 个文件，改名 2 个；需人工确认 3 个。"""
    moves = sum(1 for s in plan.steps if {Action.PLACE, Action.REFILE} & set(s.actions))
    renames = len(plan.steps) - moves
    return tr(
        "整理计划：移动 {m} 个文件，改名 {r} 个；需人工确认 {n} 个",
        "plan: move {m} files, rename {r}; {n} need a person to decide",
        m=moves,
        r=renames,
        n=len(plan.reviews),
    )


def candidate_text(candidate: Candidate) -> str:
    """``2.4 学雷锋活动（含关键词“雷锋”…）``: a candidate as a clerk reads it."""
    reasons = "；".join(candidate.reasons) if candidate.reasons else ""
    return f"{candidate.indicator} {candidate.title}" + (f"（{reasons}）" if reasons else "")


def render_plan_text(plan: Plan, *, width: int | None = None) -> str:
    """The plan as a table: from → to, why, confidence; then the files a person must decide
    on. Laid out in ``width`` columns (a terminal's), or unwrapped for a file or pipe (None)."""
    buffer = StringIO()
    console = _console(buffer, width)
    if plan.steps:
        table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column(tr("原位置 → 新位置", "from → to"))
        table.add_column(tr("操作", "action"), no_wrap=True)
        table.add_column(tr("依据", "why"))
        table.add_column(tr("把握", "confidence"), justify="right", no_wrap=True)
        for number, step in enumerate(plan.steps, 1):
            table.add_row(
                str(number),
                f"{printable(step.source)}\n→ {printable(step.target)}",
                "、".join(_label(ACTION_LABELS[a]) for a in step.actions),
                "；".join(step.reasons),
                "" if step.confidence is None else f"{step.confidence:.0%}",
            )
        console.print(table)
    if plan.reviews:
        console.print(tr("需人工确认：", "needs a person to decide:"))
        for review in plan.reviews:
            console.print(f"  {printable(review.path)}：{review.note}")
            for candidate in review.candidates:
                console.print(tr("    候选 ", "    candidate ") + candidate_text(candidate))
    console.print(plan_summary(plan))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan as plain data (``organize --format json``)."""
    return {
        "schema_version": 1,
        "root": plan.root,
        "learned": plan.learned,
        "steps": [
            {
                "source": s.source,
                "target": s.target,
                "actions": [a.value for a in s.actions],
                "indicator": s.indicator,
                "confidence": s.confidence,
                "reasons": list(s.reasons),
            }
            for s in plan.steps
        ],
        "reviews": [
            {
                "path": r.path,
                "note": r.note,
                "candidates": [
                    {
                        "indicator": c.indicator,
                        "title": c.title,
                        "score": c.score,
                        "reasons": list(c.reasons),
                    }
                    for c in r.candidates
                ],
            }
            for r in plan.reviews
        ],
    }


def render_plan_json(plan: Plan) -> str:
    return json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n"


def apply_text(result: ApplyResult) -> str:
    """已移动 5 个文件（整理记录 20240501T101500-3fa2；civarchive undo 可撤销）。"""
    if result.plan_id is None:
        return tr("没有需要执行的步骤", "nothing to do")
    lines = [
        f"{tr('跳过', 'skipped')} {printable(path)}：{reason}" for path, reason in result.skipped
    ]
    lines.append(
        tr(
            "已移动或改名 {n} 个文件（整理记录 {p}；civarchive undo 可撤销）",
            "moved or renamed {n} files (journal {p}; civarchive undo reverses it)",
            n=result.moved,
            p=result.plan_id,
        )
    )
    return "\n".join(lines) + "\n"


def undo_text(result: UndoResult) -> str:
    lines = [
        f"{tr('未撤销', 'refused')} {printable(path)}：{reason}" for path, reason in result.refused
    ]
    lines.append(
        tr(
            "已撤销整理 {p}：{n} 个文件放回原处",
            "undid plan {p}: {n} files put back",
            p=result.plan_id,
            n=result.restored,
        )
    )
    if result.refused:
        lines.append(
            tr(
                "{n} 个文件未放回；处理后可再次运行 civarchive undo",
                "{n} files were not put back; fix them and run civarchive undo again",
                n=len(result.refused),
            )
        )
    return "\n".join(lines) + "\n"


def journals_text(states: list[JournalState], *, width: int | None = None) -> str:
    """``undo --list``: every applied plan, newest first (``width`` as ``render_plan_text``)."""
    if not states:
        return tr("还没有执行过整理\n", "no plan has been applied yet\n")
    buffer = StringIO()
    console = _console(buffer, width)
    table = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    table.add_column(tr("整理记录", "plan"), no_wrap=True)
    table.add_column(tr("时间", "time"), no_wrap=True)
    table.add_column(tr("步骤", "steps"), justify="right")
    table.add_column(tr("已完成", "done"), justify="right")
    table.add_column(tr("状态", "status"))
    for state in reversed(states):
        table.add_row(
            state.plan_id,
            state.created[:19].replace("T", " "),
            str(state.total),
            str(len(state.done)),
            _label(STATUS_LABELS.get(state.status, (state.status, state.status))),
        )
    console.print(table)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def import_text(result: ImportResult) -> str:
    """What an import did, per source: landed where, known bytes skipped, dropped, refused."""
    lines: list[str] = []
    for source in result.sources:
        lines.append(f"{printable(source.source)} → {printable(source.folder)}/")
        lines.append(tr("  新增 {n} 个文件", "  {n} new files", n=len(source.landed)))
        if source.known:
            lines.append(
                tr(
                    "  跳过 {n} 个（档案中已有相同内容）：",
                    "  skipped {n} (the archive already holds the same bytes):",
                    n=len(source.known),
                )
            )
            lines += [f"    {printable(k.label)} = {printable(k.existing)}" for k in source.known]
        if source.dropped:
            lines.append(
                tr(
                    "  丢弃 {n} 个（__MACOSX、._*、Thumbs.db 之类）",
                    "  dropped {n} (__MACOSX, ._*, Thumbs.db and the like)",
                    n=len(source.dropped),
                )
            )
        if source.refused:
            lines.append(tr("  拒绝 {n} 个：", "  refused {n}:", n=len(source.refused)))
            lines += [f"    {printable(r.label)}：{r.reason}" for r in source.refused]
    landed = len(result.landed_paths)
    lines.append(
        tr(
            "共新增 {n} 个文件，放在待整理文件夹（check 列为“待整理”）；civarchive organize 给出归档建议",
            "{n} new files in the inbox (check lists them as 'to be sorted'); civarchive organize suggests where they belong",
            n=landed,
        )
    )
    return "\n".join(lines) + "\n"


def caption_text(results: list[SheetWritten | SheetSkipped]) -> str:
    """One line per caption sheet written (or left alone), then what to do next."""
    lines = []
    for result in results:
        if isinstance(result, SheetSkipped):
            lines.append(
                tr(
                    "未改动 {p}：无法读取（{r}）",
                    "left {p} alone: cannot be read ({r})",
                    p=printable(result.path),
                    r=result.reason,
                )
            )
            continue
        lines.append(
            tr(
                "{v} {p}：新增 {n} 行（{t} 行已填题名）",
                "{v} {p}: {n} rows added ({t} with a title)",
                v=tr("新建", "created") if result.created else tr("续写", "extended"),
                p=printable(result.path),
                n=result.added,
                t=result.titled,
            )
        )
    written = [r for r in results if isinstance(r, SheetWritten)]
    if not written:
        lines.append(tr("所有照片和视频都已有说明", "every photo and video has a caption"))
    else:
        lines.append(
            tr(
                "请在 Excel 或 WPS 中填写题名等各列，保存后运行 civarchive check",
                "fill in 题名 and the other columns in Excel or WPS, then run civarchive check",
            )
        )
    return "\n".join(lines) + "\n"
