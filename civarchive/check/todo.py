"""The to-do list: what each owner still owes, by due date (挂账销号)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from civarchive.check.gaps import count_gap_text, is_overdue
from civarchive.check.models import IndicatorResult, Report, RequirementResult, Status
from civarchive.findings import Code
from civarchive.i18n import Lang, language, tr
from civarchive.kinds import RequirementKind
from civarchive.spec.owners import resolve_owner


@dataclass(frozen=True, slots=True)
class TodoItem:
    """One gap: ``need`` more pieces of ``what`` (for ``year`` when per-year) for an indicator."""

    owner: str | None
    owner_name: str | None
    owner_contact: str | None
    indicator: str
    indicator_title: str
    what: str
    kind: RequirementKind
    need: int
    have: int
    year: int | None
    due: dt.date | None
    overdue: bool


def _items_for(
    result: IndicatorResult, requirement: RequirementResult, report: Report
) -> list[TodoItem]:
    owner = next((o for o in report.owners if o.id == result.owner), None)
    overdue = is_overdue(result.due, report.as_of)
    base = TodoItem(
        owner=result.owner,
        owner_name=owner.name if owner else None,
        owner_contact=owner.contact if owner else None,
        indicator=result.id,
        indicator_title=result.title,
        what=requirement.what,
        kind=requirement.kind,
        need=requirement.min - requirement.count,
        have=requirement.count,
        year=None,
        due=result.due,
        overdue=overdue,
    )
    if not requirement.per_year:
        return [base]
    years = requirement.years or {}
    return [
        replace(
            base, need=requirement.min - years.get(str(y), 0), have=years.get(str(y), 0), year=y
        )
        for y in requirement.missing_years
    ]


def todo(report: Report, owner: str | None = None) -> list[TodoItem]:
    """Every unmet, unwaived requirement of ``report`` (only ``owner``'s when given): overdue first, then by due date.

    ``owner`` is an owner's id or name (an unknown owner is a UsageError).

    Items without a due date come last; ties keep the spec's order of indicators and requirements.
    """
    if owner is not None:
        owner = resolve_owner(report.owners, owner)
    # A gap the spec waived (same code, same indicator) is accepted, not owed.
    waived = {(f.indicator, f.code) for f in report.findings if f.waived}
    items: list[tuple[tuple[int, dt.date, int, int, int], TodoItem]] = []
    for position, result in enumerate(report.indicators):
        if result.status is Status.NOT_APPLICABLE or (owner is not None and result.owner != owner):
            continue
        for index, requirement in enumerate(result.requirements):
            if requirement.met:
                continue
            for item in _items_for(result, requirement, report):
                code = Code.OVERDUE if item.overdue else Code.MISSING_EVIDENCE
                if (result.id, code) in waived:
                    continue
                key = (
                    0 if item.overdue else 1,
                    item.due or dt.date.max,
                    position,
                    index,
                    item.year or 0,
                )
                items.append((key, item))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _zh(lang: Lang | None) -> bool:
    return (lang or language()) == "zh"


def gap_line(item: TodoItem, lang: Lang | None = None) -> str:
    """``缺：2023年度学习计划 1 份，现有 0 份``: the gap as every output words it (check.gaps).

    In the user's language unless ``lang`` is given (office documents are Chinese).
    """
    return count_gap_text(
        item.what, item.kind, item.need + item.have, item.have, year=item.year, lang=lang
    )


def owner_heading(item: TodoItem, lang: Lang | None = None) -> str:
    """``宣传部（xcb，联系人 张三）`` / ``宣传部 (xcb, contact 张三)``, or 未指定责任人."""
    zh = _zh(lang)
    if item.owner is None:
        return "未指定责任人" if zh else "no owner"
    name = item.owner_name or item.owner
    if zh:
        contact = f"，联系人 {item.owner_contact}" if item.owner_contact else ""
        return f"{name}（{item.owner}{contact}）"
    contact = f", contact {item.owner_contact}" if item.owner_contact else ""
    return f"{name} ({item.owner}{contact})"


def when_text(item: TodoItem, lang: Lang | None = None) -> str:
    """``截止 2023-06-30（已逾期）`` / ``due 2023-06-30 (overdue)`` / 无截止日期."""
    zh = _zh(lang)
    if item.due is None:
        return "无截止日期" if zh else "no due date"
    day = item.due.isoformat()
    if item.overdue:
        return f"截止 {day}（已逾期）" if zh else f"due {day} (overdue)"
    return f"截止 {day}" if zh else f"due {day}"


def due_state(item: TodoItem, lang: Lang | None = None) -> str:
    """已逾期 / 未到期 / 无截止日期 (overdue / open / no due date)."""
    zh = _zh(lang)
    if item.overdue:
        return "已逾期" if zh else "overdue"
    if item.due is not None:
        return "未到期" if zh else "open"
    return "无截止日期" if zh else "no due date"


def by_owner(items: list[TodoItem]) -> list[list[TodoItem]]:
    """The items grouped per owner, owners in the order of their most urgent item."""
    groups: dict[str | None, list[TodoItem]] = {}
    for item in items:
        groups.setdefault(item.owner, []).append(item)
    return list(groups.values())


def nothing_outstanding(lang: Lang | None = None) -> str:
    return (
        "没有待办事项：所有要求均已满足。"
        if _zh(lang)
        else "Nothing outstanding: every requirement is met."
    )


def todo_summary(items: list[TodoItem]) -> str:
    """``共 10 项待办，其中逾期 3 项，涉及 4 个责任人`` / ``10 gaps, 3 overdue, for 4 owners``."""
    overdue = sum(1 for i in items if i.overdue)
    owners = len(by_owner(items))
    return tr(
        "共 {n} 项待办，其中逾期 {o} 项，涉及 {k} 个责任人",
        "{n} {gaps}, {o} overdue, for {k} {owners}",
        n=len(items),
        o=overdue,
        k=owners,
        gaps="gap" if len(items) == 1 else "gaps",
        owners="owner" if owners == 1 else "owners",
    )


def todo_text(items: list[TodoItem]) -> str:
    """Plain words, one block per owner (in the order of their most urgent item), one line per gap."""
    if not items:
        return nothing_outstanding() + "\n"
    blocks = []
    for owner_items in by_owner(items):
        lines = [owner_heading(owner_items[0])]
        lines += [
            f"  {when_text(i)}  {i.indicator} {i.indicator_title}  {gap_line(i)}"
            for i in owner_items
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
