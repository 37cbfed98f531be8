"""Turn Spec + Inventory + Report into Volume models (pure: no I/O)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from civarchive.bind.describe import describe
from civarchive.bind.models import (
    CategoryPart,
    Excluded,
    Item,
    RequirementBlock,
    Section,
    Volume,
)
from civarchive.bind.numbering import CodeFields, ItemNumbers, check_archive_code, format_code
from civarchive.check.gaps import gap_text
from civarchive.check.models import Report, RequirementResult, Status
from civarchive.codes import Code
from civarchive.display import xml_safe
from civarchive.findings import Finding
from civarchive.kinds import Kind, RequirementKind
from civarchive.scan.dates import EvidenceDate
from civarchive.scan.models import Caption, Evidence, Inventory
from civarchive.spec.models import Category, Indicator, Spec

Per = Literal["category", "all"]

STATUS_ZH: dict[Status, str] = {
    Status.COMPLETE: "完成",
    Status.PARTIAL: "部分完成",
    Status.MISSING: "缺失",
    Status.NOT_APPLICABLE: "不适用",
}

# Why a file of an indicator counts toward nothing, most telling first: a file that is both
# a copy and unreadable is listed as unreadable (design §6 备考表, issue 10).
EXCLUSION_ORDER: tuple[Code, ...] = (
    Code.CORRUPT,
    Code.EMPTY_FILE,
    Code.UNREADABLE,
    Code.ENCRYPTED,
    Code.DUPLICATE,
    Code.OUT_OF_PERIOD,
    Code.LOW_RESOLUTION,
    Code.TOO_SHORT,
    Code.MISSING_CAPTION,
    Code.UNDATED,
    Code.UNSUPPORTED_TYPE,
    Code.UNUSED,
)
_GAP_CODES = (Code.MISSING_EVIDENCE, Code.OVERDUE)

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
    """The volumes to bind, in spec order; SpecError when archive_code cannot be used.

    The spec loader refuses such a template already; a spec changed in memory
    (``model_copy`` does not validate) is checked here by the same rule.
    """
    check_archive_code(spec.archive_code)
    context = _Context(spec, inventory, report)
    groups = [[c] for c in spec.categories] if per == "category" else [list(spec.categories)]
    volumes = []
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
            CategoryPart(c.id, c.title, tuple(_sections(context, c, numbers))) for c in categories
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


class _Context:
    """What every item of one bind reads: the spec, the files by path, the report's results
    and findings by indicator, and the 件号 counters (across all volumes)."""

    def __init__(self, spec: Spec, inventory: Inventory, report: Report) -> None:
        self.spec = spec
        self.by_path = {ev.path: ev for ev in inventory.files}
        self.results = {r.id: r for r in report.indicators}
        self.item_numbers = ItemNumbers(spec.archive_code)
        self.findings: dict[str, list[Finding]] = {}
        for finding in report.findings:
            if finding.indicator is not None:
                self.findings.setdefault(finding.indicator, []).append(finding)


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


def _sections(context: _Context, category: Category, numbers: Iterator[int]) -> Iterator[Section]:
    spec = context.spec
    for indicator in category.indicators:
        result = context.results.get(indicator.id)
        if result is None:
            # Filtered out of the report (check --owner): nothing to bind for it.
            continue
        owner = spec.owner(indicator.owner)
        heading = f"{indicator.id} {indicator.title}"
        findings = context.findings.get(indicator.id, [])
        waiver = _gap_waiver(findings)
        blocks = tuple(
            _block(context, category, indicator, heading, req, numbers, waiver)
            for req in result.requirements
        )
        not_applicable = result.status == Status.NOT_APPLICABLE
        bound = {item.path for block in blocks for item in block.items}
        yield Section(
            indicator_id=indicator.id,
            category_id=category.id,
            heading=f"{heading}（{_points(indicator.points)}分）",
            content=result.content or indicator.content,
            method=result.method or indicator.method,
            owner=owner.name if owner else indicator.owner,
            status=STATUS_ZH.get(result.status, str(result.status)),
            note=result.note or indicator.note if not_applicable else None,
            requirements=blocks if not not_applicable else (),
            excluded=() if not_applicable else _excluded(indicator.id, findings, bound),
            title=heading,
        )


def _gap_waiver(findings: list[Finding]) -> str | None:
    """The reason of the waiver that accepted this indicator's gaps, if one did.

    Waivers of ``missing_evidence``/``overdue`` name an indicator, not a requirement, so
    one reason explains every unmet requirement of the indicator.
    """
    for finding in findings:
        if finding.code in _GAP_CODES and finding.waived and finding.reason:
            return finding.reason
    return None


def _excluded(indicator: str, findings: list[Finding], bound: set[str]) -> tuple[Excluded, ...]:
    """The files of ``indicator`` that count toward nothing, each with its most telling reason."""
    rank = {code: n for n, code in enumerate(EXCLUSION_ORDER)}
    best: dict[str, Finding] = {}
    for finding in findings:
        path = finding.path
        if path is None or path in bound or finding.code not in rank:
            continue
        kept = best.get(path)
        if kept is None or rank[finding.code] < rank[kept.code]:
            best[path] = finding
    return tuple(
        Excluded(
            path=path,
            indicator=indicator,
            code=finding.code,
            waiver=finding.reason if finding.waived else None,
        )
        for path, finding in sorted(best.items())
    )


def _points(points: float) -> str:
    return str(int(points)) if float(points).is_integer() else f"{points:g}"


def _block(
    context: _Context,
    category: Category,
    indicator: Indicator,
    heading: str,
    req: RequirementResult,
    numbers: Iterator[int],
    waiver: str | None,
) -> RequirementBlock:
    items = tuple(
        _item(
            context,
            category,
            indicator,
            heading,
            req,
            context.by_path.get(path) or _placeholder(path, req),
            next(numbers),
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
        # The volume is a Chinese document whatever the user's locale (design §6).
        gap=None if req.met else gap_text(req, "zh"),
        per_year=req.per_year,
        waiver=None if req.met else waiver,
    )


def _placeholder(path: str, req: RequirementResult) -> Evidence:
    # The report names a file the inventory lacks (a report from another run): still list it.
    kind = Kind.OTHER if req.kind is RequirementKind.ANY else Kind(req.kind.value)
    return Evidence(path=path, kind=kind, size=0, mtime_ns=0)


def _item(
    context: _Context,
    category: Category,
    indicator: Indicator,
    heading: str,
    req: RequirementResult,
    ev: Evidence,
    number: int,
) -> Item:
    spec = context.spec
    owner = spec.owner(indicator.owner)
    described = describe(ev, owner_name=owner.name if owner else None, unit=spec.unit)
    caption = ev.caption
    retention = spec.retention.value if spec.retention else ""
    date = catalog_date(ev.date)
    # Design §6: a year is never invented; an undated 件 has no year part until dated.
    year = int(date[:4]) if date else None
    fields = CodeFields(
        fonds=spec.fonds or "",
        category=category.id,
        indicator=indicator.id,
        item=0,
        year=year,
        retention=retention,
        org=indicator.owner or "",
    )
    fields = replace(fields, item=context.item_numbers.next(fields))
    sheet = caption if caption is not None and caption.sheet is not None else None
    return Item(
        number=number,
        code=format_code(spec.archive_code, fields),
        doc_number=xml_safe(described.doc_number),
        responsible=xml_safe(described.responsible),
        title=xml_safe(described.title),
        date=date,
        pages=_pages(ev),
        kind=ev.kind,
        path=ev.path,
        indicator=indicator.id,
        requirement=req.what,
        retention=retention,
        evidence=ev,
        caption=_safe_caption(caption),
        title_source=described.title_source,
        responsible_source=described.responsible_source,
        secrecy=xml_safe((sheet.secrecy if sheet else None) or spec.secrecy),
        photographer=xml_safe((sheet.photographer if sheet else None) or ev.artist or ""),
        code_parts=fields,
        indicator_title=xml_safe(heading),
        as_document=req.kind == "document" and ev.kind == Kind.PHOTO,
    )


def _safe_caption(caption: Caption | None) -> Caption | None:
    # Caption cells and EXIF titles come from the archive: control characters are escaped so
    # that the DOCX (XML) can hold them.
    if caption is None:
        return None
    texts = {k: xml_safe(v) for k, v in caption.model_dump().items() if isinstance(v, str)}
    return caption.model_copy(update=texts)


def catalog_date(date: EvidenceDate | None) -> str:
    """The catalog's YYYYMMDD, zero-filling what is unknown (DA/T 22): a date known only to
    the year gives YYYY0000, a year and month YYYYMM00; no date gives ""."""
    if date is None:
        return ""
    return f"{date.year:04d}{date.month or 0:02d}{date.day or 0:02d}"


def _pages(ev: Evidence) -> int | None:
    if ev.kind == Kind.DOCUMENT:
        return ev.pages
    if ev.kind == Kind.PHOTO:
        return 1
    return None
