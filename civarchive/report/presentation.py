"""What every renderer shows the same way: status labels, owner names, counts, gaps (worded by check.gaps)."""

from __future__ import annotations

from dataclasses import dataclass

from civarchive.check.gaps import gap_text
from civarchive.check.models import IndicatorResult, Report, RequirementResult, Status
from civarchive.display import printable
from civarchive.findings import Finding
from civarchive.i18n import Lang, language

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.COMPLETE: ("完成", "complete"),
    Status.PARTIAL: ("部分", "partial"),
    Status.MISSING: ("缺失", "missing"),
    Status.NOT_APPLICABLE: ("不适用", "not applicable"),
}

UNASSIGNED_TITLE = ("未归类", "unassigned")


def pick(pair: tuple[str, str], lang: Lang | None = None) -> str:
    """The zh or en half of a label pair (the user's language unless ``lang`` is given)."""
    return pair[0] if (lang or language()) == "zh" else pair[1]


def status_label(status: Status, lang: Lang | None = None) -> str:
    return pick(STATUS_LABELS[status], lang)


def points_text(points: float) -> str:
    """4.0 -> "4", 2.5 -> "2.5": points as a clerk writes them."""
    return f"{points:g}"


def owner_name(report: Report, owner: str | None) -> str:
    """The owner's display name from ``report.owners``, else its id, else ""."""
    if owner is None:
        return ""
    for info in report.owners:
        if info.id == owner:
            return info.name
    return owner


def category_title(report: Report, category: str) -> str:
    """ "1 思想道德建设" for a known category, else the bare id."""
    for info in report.categories:
        if info.id == category:
            return f"{info.id} {info.title}"
    return category


def indicator_label(indicator: IndicatorResult) -> str:
    return f"{indicator.id} {indicator.title}"


def requirement_counts(requirement: RequirementResult) -> tuple[int, int]:
    """(found, needed) for one requirement; per-year ones need ``min`` in every year.

    Found is capped at what is needed (per year), so extra photos for one requirement
    never hide a missing document for another when counts are summed.
    """
    if requirement.per_year and requirement.years is not None:
        years = set(requirement.years) | {str(year) for year in requirement.missing_years}
        if years:
            found = sum(min(requirement.years.get(year, 0), requirement.min) for year in years)
            return found, requirement.min * len(years)
    return min(requirement.count, requirement.min), requirement.min


def indicator_counts(indicator: IndicatorResult) -> tuple[int, int]:
    """(found, needed) summed over the indicator's requirements."""
    found = needed = 0
    for requirement in indicator.requirements:
        got, want = requirement_counts(requirement)
        found += got
        needed += want
    return found, needed


def counts_text(indicator: IndicatorResult) -> str:
    """ "3/5"; empty for an indicator that is not applicable or requires nothing."""
    if indicator.status is Status.NOT_APPLICABLE or not indicator.requirements:
        return ""
    found, needed = indicator_counts(indicator)
    return f"{found}/{needed}"


def gaps(indicator: IndicatorResult, lang: Lang | None = None) -> list[str]:
    """Every unmet requirement of an applicable indicator, in words."""
    if indicator.status is Status.NOT_APPLICABLE:
        return []
    return [gap_text(req, lang) for req in indicator.requirements if not req.met]


@dataclass(frozen=True, slots=True)
class CategoryGroup:
    """A category's label and its indicators, in report order."""

    id: str
    label: str
    indicators: tuple[IndicatorResult, ...]


def category_groups(report: Report) -> list[CategoryGroup]:
    """Indicators grouped by category, in the report's category order, then any others.

    Categories without indicators (e.g. under `--owner`) are left out.
    """
    by_category: dict[str, list[IndicatorResult]] = {}
    for indicator in report.indicators:
        by_category.setdefault(indicator.category, []).append(indicator)
    order = [info.id for info in report.categories if info.id in by_category]
    order += [cid for cid in by_category if cid not in order]
    return [
        CategoryGroup(cid, category_title(report, cid), tuple(by_category[cid])) for cid in order
    ]


def findings_by_indicator(report: Report) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """Findings keyed by indicator id (report order), and those that concern no known indicator."""
    known = {indicator.id for indicator in report.indicators}
    grouped: dict[str, list[Finding]] = {}
    other: list[Finding] = []
    for finding in report.findings:
        if finding.indicator is not None and finding.indicator in known:
            grouped.setdefault(finding.indicator, []).append(finding)
        else:
            other.append(finding)
    return grouped, other


def finding_text(finding: Finding, lang: Lang | None = None) -> str:
    """ "path: message" plus the waiver, for lists of findings."""
    text = f"{printable(finding.path)}: {finding.message}" if finding.path else finding.message
    if finding.waived:
        reason = finding.reason or ""
        text += f"（已豁免：{reason}）" if (lang or language()) == "zh" else f" (waived: {reason})"
    return text
