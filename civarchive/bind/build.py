"""Turn Spec + Inventory + Report into Volume models (pure: no I/O)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from civarchive.bind.codes import (
    CodeFields,
    ItemNumbers,
    check_template,
    format_code,
    parse_doc_number,
)
from civarchive.bind.models import CategoryPart, Item, RequirementBlock, Section, Volume
from civarchive.check.models import IndicatorResult, Report, RequirementResult, Status
from civarchive.codes import Code
from civarchive.display import xml_safe
from civarchive.kinds import KIND_UNITS_ZH, Kind
from civarchive.scan.models import Caption, Evidence, Inventory
from civarchive.spec.models import Category, Indicator, Spec

Per = Literal["category", "all"]

STATUS_ZH: dict[Status, str] = {
    Status.COMPLETE: "完成",
    Status.PARTIAL: "部分完成",
    Status.MISSING: "缺失",
    Status.NOT_APPLICABLE: "不适用",
}

_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


def safe_file_stem(name: str, *, limit: int = 80) -> str:
    """A file name Windows accepts: no reserved characters, names or trailing dots/spaces."""
    stem = _WINDOWS_BAD.sub("_", name).strip().rstrip(". ")[:limit].rstrip(". ")
    if not stem:
        return "_"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem


def build_volumes(
    spec: Spec,
    inventory: Inventory,
    report: Report,
    *,
    per: Per = "category",
    bind_date: dt.date,
    compiler: str = "",
    checker: str = "",
) -> list[Volume]:
    """The volumes to bind, in spec order; raises SpecError for a bad archive_code template."""
    check_template(spec.archive_code)
    by_path = {ev.path: ev for ev in inventory.files}
    results = {r.id: r for r in report.indicators}
    waivers = _waivers(report)
    groups = [[c] for c in spec.categories] if per == "category" else [list(spec.categories)]
    volumes = []
    item_numbers = ItemNumbers(spec.archive_code)
    for categories in groups:
        if not categories:
            continue
        if per == "category":
            title = categories[0].title
            stem = safe_file_stem(f"{categories[0].id} {categories[0].title}")
        else:
            title = spec.title
            stem = safe_file_stem(spec.title)
        numbers = iter(range(1, 1_000_000))
        parts = tuple(
            CategoryPart(
                c.id,
                c.title,
                tuple(_sections(spec, c, results, by_path, numbers, item_numbers, waivers)),
            )
            for c in categories
        )
        volumes.append(
            Volume(
                file_stem=stem,
                title=title,
                unit=spec.unit,
                spec_title=spec.title,
                period=(spec.period.start, spec.period.end),
                retention=spec.retention.value if spec.retention else "",
                bind_date=bind_date,
                categories=parts,
                compiler=compiler,
                checker=checker,
            )
        )
    return _unique_stems(volumes)


def _unique_stems(volumes: list[Volume]) -> list[Volume]:
    # Two categories sanitised to the same name would overwrite each other's file.
    seen: dict[str, int] = {}
    out = []
    for volume in volumes:
        key = volume.file_stem.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            volume = replace(volume, file_stem=f"{volume.file_stem} ({seen[key]})")
        out.append(volume)
    return out


def _sections(
    spec: Spec,
    category: Category,
    results: dict[str, IndicatorResult],
    by_path: dict[str, Evidence],
    numbers: Iterator[int],
    item_numbers: ItemNumbers,
    waivers: dict[str, str],
) -> Iterator[Section]:
    for indicator in category.indicators:
        result = results.get(indicator.id)
        if result is None:
            # Filtered out of the report (check --owner): nothing to bind for it.
            continue
        blocks = tuple(
            _block(spec, category, indicator, req, by_path, numbers, item_numbers)
            for req in result.requirements
        )
        waiver = waivers.get(indicator.id)
        if waiver is not None:
            blocks = tuple(b if b.met else replace(b, waiver=waiver) for b in blocks)
        owner = spec.owner(indicator.owner)
        yield Section(
            indicator_id=indicator.id,
            category_id=category.id,
            heading=f"{indicator.id} {indicator.title}（{_points(indicator.points)}分）",
            content=result.content or indicator.content,
            method=result.method or indicator.method,
            owner=owner.name if owner else indicator.owner,
            status=STATUS_ZH.get(result.status, str(result.status)),
            note=result.note or indicator.note if result.status == Status.NOT_APPLICABLE else None,
            requirements=blocks if result.status != Status.NOT_APPLICABLE else (),
        )


def _waivers(report: Report) -> dict[str, str]:
    """Indicator id → the reason of the waiver accepting its gaps (the rule ``todo`` uses:
    a waived gap finding of that indicator)."""
    gaps = (Code.MISSING_EVIDENCE, Code.OVERDUE)
    return {
        f.indicator: f.reason or ""
        for f in report.findings
        if f.waived and f.code in gaps and f.indicator is not None
    }


def _points(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else f"{points:g}"


def _block(
    spec: Spec,
    category: Category,
    indicator: Indicator,
    req: RequirementResult,
    by_path: dict[str, Evidence],
    numbers: Iterator[int],
    item_numbers: ItemNumbers,
) -> RequirementBlock:
    items = tuple(
        _item(
            spec,
            category,
            indicator,
            req,
            by_path.get(path) or _placeholder(path, req),
            next(numbers),
            item_numbers,
        )
        for path in req.files
    )
    return RequirementBlock(
        kind=req.kind,
        what=req.what,
        min=req.min,
        count=req.count,
        met=req.met,
        items=items,
        gap=gap_text(req),
        per_year=req.per_year,
    )


def gap_text(req: RequirementResult) -> str | None:
    """缺：学习活动照片 4 张，现有 2 张 — or None when the requirement is met."""
    if req.met:
        return None
    unit = KIND_UNITS_ZH.get(req.kind, "件")
    if req.per_year and req.missing_years:
        have = "，".join(
            f"{y} 年现有 {(req.years or {}).get(str(y), 0)} {unit}" for y in req.missing_years
        )
        return f"缺：{req.what} 每年 {req.min} {unit}（不足：{have}）"
    return f"缺：{req.what} {req.min} {unit}，现有 {req.count} {unit}"


def _placeholder(path: str, req: RequirementResult) -> Evidence:
    # The report names a file the inventory lacks (a report from another run): still list it.
    kind = Kind(req.kind) if req.kind in Kind.__members__.values() else Kind.OTHER
    return Evidence(path=path, kind=kind, size=0, mtime_ns=0)


def _item(
    spec: Spec,
    category: Category,
    indicator: Indicator,
    req: RequirementResult,
    ev: Evidence,
    number: int,
    item_numbers: ItemNumbers,
) -> Item:
    caption = ev.caption
    stem = ev.name.rsplit(".", 1)[0] if "." in ev.name else ev.name
    title = (caption.title if caption and caption.title else None) or ev.title or stem
    if ev.kind == Kind.DOCUMENT:
        responsible = ev.author or spec.unit
        doc_number = (caption.number if caption and caption.number else "") or parse_doc_number(
            ev.name, ev.title
        )
    else:
        responsible = (
            caption.photographer if caption and caption.photographer else None
        ) or spec.unit
        doc_number = ""
    retention = spec.retention.value if spec.retention else ""
    fields = CodeFields(
        fonds=spec.fonds or "",
        category=category.id,
        indicator=indicator.id,
        item=0,
        year=ev.year or spec.period.end.year,
        retention=retention,
        org=indicator.owner or "",
    )
    fields = replace(fields, item=item_numbers.next(fields))
    return Item(
        number=number,
        code=format_code(spec.archive_code, fields),
        doc_number=xml_safe(doc_number),
        responsible=xml_safe(responsible),
        title=xml_safe(title),
        date=catalog_date(ev.date),
        pages=_pages(ev),
        kind=ev.kind,
        path=ev.path,
        indicator=indicator.id,
        requirement=req.what,
        retention=retention,
        evidence=ev,
        caption=_safe_caption(caption),
        code_parts=fields,
    )


def _safe_caption(caption: Caption | None) -> Caption | None:
    # Caption cells and EXIF titles come from the archive: control characters are escaped so
    # that the DOCX (XML) can hold them.
    if caption is None:
        return None
    texts = {k: xml_safe(v) for k, v in caption.model_dump().items() if isinstance(v, str)}
    return caption.model_copy(update=texts)


def catalog_date(date: str | None) -> str:
    """YYYY-MM-DD → YYYYMMDD, zero-filling what is unknown (DA/T 22): a bare year gives
    YYYY0000, a year and month YYYYMM00. Anything else unparseable gives ""."""
    if not date:
        return ""
    year, *rest = date.strip().split("-")
    if len(year) != 4 or not year.isdigit() or len(rest) > 2:
        return ""
    if not all(part.isdigit() and 1 <= len(part) <= 2 for part in rest):
        return ""
    month, day = [*(part.zfill(2) for part in rest), "00", "00"][:2]
    return f"{year}{month}{day}"


def _pages(ev: Evidence) -> int | None:
    if ev.kind == Kind.DOCUMENT:
        return ev.pages
    if ev.kind == Kind.PHOTO:
        return 1
    return None
