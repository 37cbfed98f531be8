"""The check stage: Spec + Inventory -> statuses, completeness and findings, as one Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from civarchive.check.gaps import gap_text, is_overdue, overdue_text
from civarchive.check.match import (
    REASON_ORDER,
    Assignment,
    Miss,
    assign,
    describe_requirement,
    excused_shortfalls,
    make_rules,
)
from civarchive.check.models import (
    CategoryInfo,
    IndicatorResult,
    OwnerInfo,
    Report,
    RequirementResult,
    SpecInfo,
    Status,
    Summary,
    ToolInfo,
)
from civarchive.check.resolve import Resolution, resolve_folders
from civarchive.check.waivers import Waivers
from civarchive.findings import MESSAGES, SEVERITY, Code, Finding, Severity
from civarchive.i18n import language, tr
from civarchive.kinds import Kind
from civarchive.names import is_copy_name
from civarchive.scan.models import Evidence, Inventory
from civarchive.spec.models import Category, Indicator, Spec
from civarchive.version import __version__


def evaluate(
    spec: Spec,
    inventory: Inventory,
    as_of: dt.date,
    strict: bool,
    owner: str | None,
    spec_path: str | None,
    git: bool,
) -> Report:
    """The check stage's work, once ``civarchive.check.check`` has vetted its options."""
    resolution = resolve_folders(spec, inventory)
    findings = _Findings()

    _scan_findings(inventory, resolution, findings)
    first_copy = _duplicates(inventory.files)
    for path, original in first_copy.items():
        findings.new(
            Code.DUPLICATE, path=path, indicator=resolution.indicator_of(path), detail=original
        )
    for folder in resolution.unknown_folders:
        findings.new(Code.UNKNOWN_FOLDER, path=folder, detail=PurePosixPath(folder).name)
    for path in resolution.unassigned:
        findings.new(Code.UNASSIGNED, path=path)
    for path in resolution.inbox:
        findings.new(Code.INBOX, path=path)

    waivers = Waivers(spec.waivers)
    run = _Run(spec, resolution, first_copy, as_of, strict, findings, waivers)
    results: list[IndicatorResult] = []
    for category, indicator in spec.indicators():
        if owner is not None and indicator.owner != owner:
            continue
        files = resolution.members[indicator.id]
        results.append(_indicator(run, category, indicator, files))

    if git:
        from civarchive.check.git import files_without_lfs, lfs_detail

        # Design §4: one finding for the archive, however many files (30 photos of the example
        # archive were 30 lines of noise).
        large = files_without_lfs(inventory, spec.lfs_threshold)
        if large:
            findings.new(Code.LARGE_FILE_NOT_LFS, detail=lfs_detail(large, spec.lfs_threshold))

    kept = {r.id for r in results}
    selected = [f for f in findings.items() if owner is None or f.indicator in kept]
    final = sorted(waivers.apply(selected), key=_finding_order)
    files_count = (
        len(inventory.files) if owner is None else sum(len(resolution.files[i]) for i in kept)
    )
    return Report(
        tool=ToolInfo(version=__version__),
        spec=SpecInfo(
            title=spec.title,
            unit=spec.unit,
            path=spec_path if spec_path is not None else (str(spec.path) if spec.path else None),
            period_start=spec.period.start,
            period_end=spec.period.end,
        ),
        as_of=as_of,
        strict=strict,
        owner_filter=owner,
        summary=_summary(results, final, files_count),
        categories=[
            CategoryInfo(id=c.id, title=c.title)
            for c in spec.categories
            if owner is None or any(i.id in kept for i in c.indicators)
        ],
        owners=[OwnerInfo(id=o.id, name=o.name, contact=o.contact) for o in spec.owners],
        indicators=results,
        findings=final,
    )


class _Findings:
    """Findings in the order found, without repeats of the same (code, path, indicator);
    gap findings, which have no path, are told apart by their requirement."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str | None, str | None, int | None], Finding] = {}
        # The language is read once per run: a check may build 100,000 findings.
        self._zh = language() == "zh"

    def add(self, finding: Finding) -> None:
        key = (finding.code.value, finding.path, finding.indicator, None)
        self._items.setdefault(key, finding)

    def new(
        self,
        code: Code,
        *,
        path: str | None = None,
        indicator: str | None = None,
        detail: str = "",
        severity: Severity | None = None,
    ) -> None:
        """Add a finding with the contract's severity and the localised message (as Finding.of)."""
        if (code.value, path, indicator, None) in self._items:
            return
        template = MESSAGES[code][0 if self._zh else 1]
        self.add(
            Finding(
                code=code,
                severity=severity or SEVERITY[code],
                path=path,
                indicator=indicator,
                message=template.format(detail=detail),
            )
        )

    def gap(
        self,
        code: Code,
        indicator: str,
        requirement: int,
        message: str,
        severity: Severity | None = None,
    ) -> None:
        """Add the finding of one unmet requirement (``requirement``: its index)."""
        self._items[(code.value, None, indicator, requirement)] = Finding(
            code=code,
            severity=severity or SEVERITY[code],
            indicator=indicator,
            message=message,
        )

    def items(self) -> list[Finding]:
        return list(self._items.values())


def _finding_order(finding: Finding) -> tuple[str, str, str]:
    return (finding.path or "", finding.code.value, finding.indicator or "")


def _has_error(item: Evidence) -> bool:
    return any(f.severity is Severity.ERROR for f in item.findings)


def _scan_findings(inventory: Inventory, resolution: Resolution, findings: _Findings) -> None:
    """Scan's findings, with the indicator id added where the file lies in an indicator folder."""
    for item in inventory.files:
        if not item.findings:
            continue
        indicator = resolution.indicator_of(item.path)
        for finding in item.findings:
            findings.add(
                finding
                if finding.indicator or indicator is None
                else finding.model_copy(update={"indicator": indicator})
            )
    for finding in inventory.findings:
        indicator = resolution.indicator_of(finding.path) if finding.path else None
        if indicator is not None and finding.indicator is None:
            finding = finding.model_copy(update={"indicator": indicator})
        findings.add(finding)


def _original_rank(item: Evidence) -> tuple[bool, str, str]:
    # Design §4: a copy name loses, then the later evidence date (undated last), then path order.
    return (is_copy_name(item.name), str(item.date) if item.date else "~", item.path)


def _duplicates(files: Iterable[Evidence]) -> dict[str, str]:
    """Every copy of the same content -> its original (design §4 `duplicate`): the original is
    the one without a copy name (「 - 副本」「(1)」…), then the earliest dated, then the first path."""
    first: dict[str, Evidence] = {}
    groups: dict[str, list[Evidence]] = {}  # only contents held more than once
    for item in files:
        if item.sha256 is None or item.size == 0 or (item.findings and _has_error(item)):
            continue
        seen = first.setdefault(item.sha256, item)
        if seen is not item:
            groups.setdefault(item.sha256, [seen]).append(item)
    copies: dict[str, str] = {}
    for group in groups.values():
        original = min(group, key=_original_rank)
        for item in group:
            if item is not original:
                copies[item.path] = original.path
    return copies


@dataclass(frozen=True, slots=True)
class _Run:
    """What every indicator's evaluation shares within one check."""

    spec: Spec
    resolution: Resolution
    first_copy: dict[str, str]
    as_of: dt.date
    strict: bool
    findings: _Findings
    waivers: Waivers


def _indicator(
    run: _Run, category: Category, indicator: Indicator, files: list[Evidence]
) -> IndicatorResult:
    spec, findings, first_copy = run.spec, run.findings, run.first_copy
    base = {
        "id": indicator.id,
        "title": indicator.title,
        "category": category.id,
        "points": indicator.points,
        "owner": indicator.owner,
        "due": indicator.due,
        "folders": run.resolution.folders[indicator.id],
        "note": indicator.note,
        "content": indicator.content,
        "method": indicator.method,
    }
    if not indicator.applicable:
        return IndicatorResult(status=Status.NOT_APPLICABLE, **base)

    countable = [
        e
        for e in files
        if e.kind is not Kind.OTHER
        and not e.encrypted  # design §4 `encrypted`: nobody can read it at inspection
        and not (e.findings and _has_error(e))
        and e.path not in first_copy
    ]
    for item in countable:
        if item.date is None:
            findings.new(Code.UNDATED, path=item.path, indicator=indicator.id)
    rules = make_rules(indicator.requires, spec.period, spec.defaults)
    excused = run.waivers.excused((e.path for e in countable), indicator.id)
    outcome = assign(rules, countable, excused)
    _explain_unused(indicator, outcome, findings)
    for item in countable:
        if item.path in excused and item.path in outcome.assigned:
            # Counted thanks to a waiver: still shown, as a waived finding.
            rule = rules[outcome.assigned[item.path]]
            for miss in excused_shortfalls(rule, item, excused[item.path]):
                findings.new(miss.code, path=item.path, indicator=indicator.id, detail=miss.text())

    requirements = []
    for rule, paths, years in zip(rules, outcome.files, outcome.years, strict=True):
        requirement = rule.requirement
        missing_years = (
            [y for y, n in years.items() if n < requirement.min] if rule.per_year else []
        )
        met = (
            (bool(rule.years) and not missing_years)
            if rule.per_year
            else len(paths) >= requirement.min
        )
        result = RequirementResult(
            kind=requirement.kind,
            what=requirement.what,
            min=requirement.min,
            count=len(paths),
            per_year=rule.per_year,
            met=met,
            files=paths,
            years={str(y): n for y, n in years.items()} if rule.per_year else None,
            missing_years=missing_years,
        )
        requirements.append(result)
        if not met:
            _gap(indicator, rule.index, result, run.as_of, run.strict, findings)

    if all(r.met for r in requirements):
        status = Status.COMPLETE
    elif any(r.count for r in requirements):
        status = Status.PARTIAL
    else:
        status = Status.MISSING
    return IndicatorResult(status=status, requirements=requirements, **base)


def _explain_unused(indicator: Indicator, outcome: Assignment, findings: _Findings) -> None:
    """One finding per file that counts toward nothing: the most specific reason, else `unused`."""
    wanted = "、".join(describe_requirement(r) for r in indicator.requires) or tr(
        "（无要求）", "(no requirements)"
    )
    for path, misses in outcome.misses.items():
        reason = _most_specific(misses)
        if reason is None:
            findings.new(Code.UNUSED, path=path, indicator=indicator.id, detail=wanted)
        elif reason.code is not Code.UNDATED:  # `undated` is already reported for this file
            findings.new(reason.code, path=path, indicator=indicator.id, detail=reason.text())


def _most_specific(misses: list[Miss]) -> Miss | None:
    for code in REASON_ORDER:
        for miss in misses:
            if miss.code is code:
                return miss
    return None


def _gap(
    indicator: Indicator,
    index: int,
    result: RequirementResult,
    as_of: dt.date,
    strict: bool,
    findings: _Findings,
) -> None:
    """One finding per unmet requirement (design §4), however many an indicator has."""
    if indicator.due is not None and is_overdue(indicator.due, as_of):
        findings.gap(Code.OVERDUE, indicator.id, index, overdue_text(result, indicator.due))
        return
    severity = Severity.ERROR if strict else None
    findings.gap(Code.MISSING_EVIDENCE, indicator.id, index, gap_text(result), severity)


def _summary(results: list[IndicatorResult], findings: list[Finding], files: int) -> Summary:
    applicable = [r for r in results if r.status is not Status.NOT_APPLICABLE]
    points_total = sum(r.points for r in applicable)
    fractions = [(r.points, met_fraction(r)) for r in applicable]
    if points_total > 0:
        completeness = sum(p * f for p, f in fractions) / points_total
    elif fractions:  # no points anywhere: every indicator weighs the same
        completeness = sum(f for _, f in fractions) / len(fractions)
    else:
        completeness = 1.0
    active = [f for f in findings if not f.waived]
    return Summary(
        indicators=len(results),
        complete=sum(r.status is Status.COMPLETE for r in results),
        partial=sum(r.status is Status.PARTIAL for r in results),
        missing=sum(r.status is Status.MISSING for r in results),
        not_applicable=len(results) - len(applicable),
        points_total=round(points_total, 4),
        points_complete=round(sum(p * f for p, f in fractions), 4),
        completeness=round(completeness, 4),
        files=files,
        errors=sum(f.severity is Severity.ERROR for f in active),
        warnings=sum(f.severity is Severity.WARNING for f in active),
    )


def met_fraction(result: IndicatorResult) -> float:
    """The share of an indicator's requirements that are met (1.0 without requirements):
    its points × this is its score in ``completeness`` and in the 自评表 (design §4, §6)."""
    if not result.requirements:
        return 1.0
    return sum(r.met for r in result.requirements) / len(result.requirements)
