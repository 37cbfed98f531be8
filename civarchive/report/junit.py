"""The `junit` format: a JUnit XML test suite per category, a test case per indicator, for CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from civarchive.check.models import IndicatorResult, Report, Status
from civarchive.display import xml_safe
from civarchive.findings import Finding, Severity
from civarchive.report import presentation as p

# A bilingual name: CI pages are read by clerks and by maintainers alike.
UNASSIGNED_SUITE = "未归类 / unassigned"


@dataclass(frozen=True, slots=True)
class _Outcome:
    """How one test case ended: passed, failed (with a type) or skipped, and what to show."""

    kind: str  # "passed" | "failure" | "skipped"
    message: str = ""
    type: str = ""
    text: str = ""


def render(
    report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
) -> bytes:
    """JUnit XML (UTF-8, with an XML declaration), the same bytes for the same report."""
    del color, verbose, width  # only the table reads them
    grouped, other = p.findings_by_indicator(report)
    root = ET.Element("testsuites", {"name": f"civarchive: {report.spec.title}"})
    suites = [
        _suite(
            group.label,
            group.id,
            [(ind, _indicator_outcome(ind, grouped.get(ind.id, []))) for ind in group.indicators],
        )
        for group in p.category_groups(report)
    ]
    # One suite per category (the contract). Archive-level findings (unassigned files, unknown
    # folders) get a suite of their own only when one of them fails the run, so CI shows it;
    # the rest are listed as output, as warnings are on indicator cases.
    failing = [f for f in other if f.severity is Severity.ERROR and not f.waived]
    if failing:
        suites.append(_unassigned_suite(failing))
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(suite.get(attribute, "0")) for suite in suites)))
    root.extend(suites)
    rest = [f for f in other if f not in failing]
    if rest:
        ET.SubElement(root, "system-out").text = "\n".join(_finding_line(f) for f in rest)
    ET.indent(root)
    body = xml_safe(ET.tostring(root, encoding="unicode"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _suite(name: str, classname: str, cases: list[tuple[IndicatorResult, _Outcome]]) -> ET.Element:
    suite = _suite_element(name, [outcome for _, outcome in cases])
    for indicator, outcome in cases:
        case = ET.SubElement(
            suite, "testcase", {"classname": classname, "name": p.indicator_label(indicator)}
        )
        _attach(case, outcome)
    return suite


def _suite_element(name: str, outcomes: list[_Outcome]) -> ET.Element:
    return ET.Element(
        "testsuite",
        {
            "name": name,
            "tests": str(len(outcomes)),
            "failures": str(sum(1 for o in outcomes if o.kind == "failure")),
            "errors": "0",
            "skipped": str(sum(1 for o in outcomes if o.kind == "skipped")),
        },
    )


def _attach(case: ET.Element, outcome: _Outcome) -> None:
    if outcome.kind == "failure":
        failure = ET.SubElement(case, "failure", {"message": outcome.message, "type": outcome.type})
        failure.text = outcome.text
    elif outcome.kind == "skipped":
        ET.SubElement(case, "skipped", {"message": outcome.message})
    elif outcome.text:
        ET.SubElement(case, "system-out").text = outcome.text


def _indicator_outcome(indicator: IndicatorResult, findings: list[Finding]) -> _Outcome:
    if indicator.status is Status.NOT_APPLICABLE:
        return _Outcome("skipped", message=indicator.note or p.status_label(indicator.status))
    gap_lines = p.gaps(indicator)
    text = "\n".join([*gap_lines, *(_finding_line(f) for f in findings)])
    errors = [f for f in findings if f.severity is Severity.ERROR and not f.waived]
    if indicator.status is Status.COMPLETE and not errors:
        return _Outcome("passed", text=text)
    failing = [f for f in findings if not f.waived and f.severity is not Severity.INFO]
    codes = sorted({f.code.value for f in failing}) or ["missing_evidence"]
    message = "; ".join(gap_lines) if gap_lines else "; ".join(f.message for f in errors)
    return _Outcome(
        "failure",
        message=message or p.status_label(indicator.status),
        type=",".join(codes),
        text=text,
    )


def _unassigned_suite(findings: list[Finding]) -> ET.Element:
    outcomes = [_finding_outcome(f) for f in findings]
    suite = _suite_element(UNASSIGNED_SUITE, outcomes)
    for finding, outcome in zip(findings, outcomes, strict=True):
        name = f"{finding.code.value}: {finding.path}" if finding.path else finding.code.value
        case = ET.SubElement(suite, "testcase", {"classname": "unassigned", "name": name})
        _attach(case, outcome)
    return suite


def _finding_outcome(finding: Finding) -> _Outcome:
    # Each case here is one finding, so the finding itself is what passes or fails.
    if finding.waived:
        return _Outcome("skipped", message=p.finding_text(finding))
    if finding.severity is Severity.INFO:
        return _Outcome("passed", text=_finding_line(finding))
    return _Outcome(
        "failure", message=finding.message, type=finding.code.value, text=_finding_line(finding)
    )


def _finding_line(finding: Finding) -> str:
    return f"[{finding.severity.value}] {finding.code.value} {p.finding_text(finding)}"
