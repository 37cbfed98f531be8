"""The junit format: parsed back with ElementTree, counts and outcomes per category and indicator."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from civarchive.check.models import Report, Status
from civarchive.findings import Code, Finding, Severity
from civarchive.report import junit


def _parse(report: Report) -> ET.Element:
    return ET.fromstring(junit.render(report))


def _counts(element: ET.Element) -> dict[str, str]:
    return {key: element.get(key, "") for key in ("tests", "failures", "errors", "skipped")}


def test_declaration_and_determinism(report: Report) -> None:
    raw = junit.render(report)
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert raw == junit.render(report)


def test_one_suite_per_category(report: Report) -> None:
    root = _parse(report)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "1 思想道德建设",
        "2 领导班子建设和组织建设",
        "3 志愿服务",
    ]
    assert [_counts(s) for s in suites] == [
        {"tests": "2", "failures": "1", "errors": "0", "skipped": "0"},
        {"tests": "2", "failures": "1", "errors": "0", "skipped": "1"},
        {"tests": "1", "failures": "0", "errors": "0", "skipped": "0"},
    ]
    assert _counts(root) == {"tests": "5", "failures": "2", "errors": "0", "skipped": "1"}
    # Archive-level warnings (no indicator, nothing that fails the run) are listed as output.
    output = root.find("system-out")
    assert output is not None
    assert "unassigned 杂项/会议记录.docx" in (output.text or "")
    assert "unknown_folder 1.3 其他" in (output.text or "")


def test_indicator_cases(report: Report) -> None:
    root = _parse(report)
    cases = {
        case.get("name"): case
        for case in root.iter("testcase")
        if case.get("classname") != "unassigned"
    }
    assert list(cases) == [
        "1.1 理想信念教育",
        "1.2 道德讲堂",
        "2.1 领导班子建设",
        "2.2 依法办事",
        "3.1 志愿服务",
    ]
    assert cases["1.1 理想信念教育"].get("classname") == "1"

    partial = cases["1.1 理想信念教育"].find("failure")
    assert partial is not None
    assert partial.get("type") == "corrupt,missing_evidence"
    assert "missing: 年度学习计划 — 1 document per year, short in 2023 (0)" in (
        partial.get("message") or ""
    )
    assert "missing: 学习活动照片 — 2 of 4 photos" in (partial.get("message") or "")
    assert "坏|照片.jpg" in (partial.text or "")  # the indicator's findings are listed

    missing = cases["2.1 领导班子建设"].find("failure")
    assert missing is not None
    assert missing.get("type") == "overdue"

    skipped = cases["2.2 依法办事"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "本单位无行政执法职能"

    # complete passes; its waived warning is shown as output, not as a failure
    complete = cases["1.2 道德讲堂"]
    assert complete.find("failure") is None
    assert "waived: 2021年翻拍的历史照片" in (complete.findtext("system-out") or "")
    assert len(cases["3.1 志愿服务"]) == 0


def test_complete_indicator_with_an_error_finding_fails(report: Report) -> None:
    broken = Finding(
        code=Code.CORRUPT,
        severity=Severity.ERROR,
        path="3/v.mp4",
        indicator="3.1",
        message="corrupt",
    )
    root = _parse(report.model_copy(update={"findings": [broken]}))
    case = next(c for c in root.iter("testcase") if c.get("name") == "3.1 志愿服务")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("type") == "corrupt"
    assert failure.get("message") == "corrupt"


def test_archive_level_errors_get_a_suite_of_their_own(tiny_report: Report) -> None:
    broken = Finding(
        code=Code.CORRUPT,
        severity=Severity.ERROR,
        path="杂项/坏文件.pdf",
        message="file is corrupt",
    )
    warning = Finding(
        code=Code.UNASSIGNED, severity=Severity.WARNING, path="杂项/a.doc", message="m"
    )
    root = _parse(tiny_report.model_copy(update={"findings": [broken, warning]}))
    suite = root.findall("testsuite")[-1]
    assert suite.get("name") == "未归类 / unassigned"
    assert [case.get("name") for case in suite.findall("testcase")] == ["corrupt: 杂项/坏文件.pdf"]
    assert [child.tag for child in suite.find("testcase") or []] == ["failure"]
    assert "杂项/a.doc" in (root.findtext("system-out") or "")


def test_waived_archive_level_finding_is_listed_with_its_reason(tiny_report: Report) -> None:
    waived = Finding(
        code=Code.CORRUPT,
        severity=Severity.ERROR,
        path="x.doc",
        message="m",
        waived=True,
        reason="历史资料",
    )
    root = _parse(tiny_report.model_copy(update={"findings": [waived]}))
    assert [s.get("name") for s in root.findall("testsuite")] == ["1 Ethics"]
    assert "历史资料" in (root.findtext("system-out") or "")


def test_no_unassigned_suite_without_such_findings(tiny_report: Report) -> None:
    root = _parse(tiny_report)
    assert [s.get("name") for s in root.findall("testsuite")] == ["1 Ethics"]
    assert _counts(root) == {"tests": "2", "failures": "1", "errors": "0", "skipped": "0"}


def test_control_characters_and_surrogates_still_give_valid_xml(tiny_report: Report) -> None:
    hostile = Finding(
        code=Code.CORRUPT,
        severity=Severity.ERROR,
        path="a\x01b\udcff<&>.jpg",
        message="bad\x1bname",
    )
    root = _parse(tiny_report.model_copy(update={"findings": [hostile]}))
    case = root.findall("testsuite")[-1].find("testcase")
    assert case is not None
    assert case.get("name") == "corrupt: a\\x01b\\xdcff<&>.jpg"


def test_empty_report(tiny_report: Report) -> None:
    empty = tiny_report.model_copy(update={"indicators": [], "findings": [], "categories": []})
    root = _parse(empty)
    assert root.findall("testsuite") == []
    assert _counts(root)["tests"] == "0"


def test_not_applicable_without_note(tiny_report: Report) -> None:
    na = tiny_report.indicators[0].model_copy(
        update={"status": Status.NOT_APPLICABLE, "note": None}
    )
    root = _parse(tiny_report.model_copy(update={"indicators": [na]}))
    skipped = root.find("testsuite/testcase/skipped")
    assert skipped is not None
    assert skipped.get("message") == "not applicable"
