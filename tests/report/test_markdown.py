"""The markdown format: summary, table lines per category, gaps, findings in <details>."""

from __future__ import annotations

import pytest

from civarchive.check.models import Report
from civarchive.findings import Code, Finding, Severity
from civarchive.report import markdown


def _text(report: Report) -> str:
    return markdown.render(report).decode("utf-8")


def test_heading_and_summary(report: Report) -> None:
    lines = _text(report).splitlines()
    assert lines[0] == "# 第七届全国文明单位创建资料"
    # The summary's clauses, as the table and stderr word them (check.outcome).
    assert "- completeness 69.0% (10/14.5 points), 4.5 points at risk" in lines
    assert "- 5 indicators: 2 complete, 1 partial, 1 missing, 1 not applicable" in lines
    assert "- 2 errors, 3 warnings" in lines


def test_table_lines(report: Report) -> None:
    lines = _text(report).splitlines()
    start = lines.index("### 1 思想道德建设")
    assert lines[start + 2 : start + 6] == [
        "| ID | Indicator | Points | Owner | Due | Status | Found |",
        "| --- | --- | ---: | --- | --- | --- | ---: |",
        "| 1.1 | 理想信念教育 | 4 | 宣传部 | 2023-06-30 | 🟡 partial | 4/7 |",
        "| 1.2 | 道德讲堂 | 3 | 宣传部 |  | ✅ complete | 2/2 |",
    ]
    assert "| 2.1 | 领导班子建设 | 2.5 | 办公室 | 2023-03-31 | ❌ missing | 0/4 |" in lines
    assert (
        "| 2.2 | 依法办事 (本单位无行政执法职能) | 2 | 办公室 |  | ➖ not applicable |  |" in lines
    )
    assert "### 3 志愿服务" in lines


def test_gaps_list(report: Report) -> None:
    text = _text(report)
    gaps = text[text.index("## Gaps") : text.index("<details>")]
    assert (
        "- **1.1 理想信念教育** (宣传部, due 2023-06-30): "
        "missing: 年度学习计划 — 1 document per year, short in 2023 (0); "
        "missing: 学习活动照片 — 2 of 4 photos"
    ) in gaps
    assert (
        "- **2.1 领导班子建设** (办公室, due 2023-03-31): missing: 班子会议纪要 — 0 of 4 documents"
        in gaps
    )
    # complete and not applicable indicators owe nothing
    assert "1.2" not in gaps
    assert "2.2" not in gaps


def test_findings_in_details_with_pipes_escaped(report: Report) -> None:
    text = _text(report)
    details = text[text.index("<details>") :]
    assert details.startswith("<details>\n<summary>Findings (7)</summary>\n\n| Severity |")
    assert details.rstrip().endswith("</details>")
    assert (
        "| error | `corrupt` | 1.1 | `一、思想道德建设/1.1 理想信念教育/坏\\|照片.jpg` |" in details
    )
    assert "0.3 MP &lt; 3 MP (waived: 2021年翻拍的历史照片)" in details
    # every table row has the same number of unescaped cell separators
    rows = [line for line in details.splitlines() if line.startswith("| ")]
    assert {line.replace("\\|", "").count("|") for line in rows} == {6}


def test_long_finding_lists_are_capped(tiny_report: Report) -> None:
    many = [
        Finding(code=Code.UNASSIGNED, severity=Severity.WARNING, path=f"x/{i}.jpg", message="m")
        for i in range(markdown.MAX_FINDINGS + 7)
    ]
    text = _text(tiny_report.model_copy(update={"findings": many}))
    assert f"<summary>Findings ({markdown.MAX_FINDINGS + 7})</summary>" in text
    assert "… and 7 more; the JSON or XLSX report lists them all." in text
    assert text.count("| warning | `unassigned` |") == markdown.MAX_FINDINGS


def test_newlines_in_cells_do_not_break_rows(tiny_report: Report) -> None:
    odd = Finding(code=Code.BAD_NAME, severity=Severity.WARNING, path="a\nb|c`.jpg", message="x\ny")
    text = _text(tiny_report.model_copy(update={"findings": [odd]}))
    # A control character in a file name is shown as an escape: the real name, still one row.
    assert "| warning | `bad_name` |  | a\\x0ab\\|c`.jpg | x y |" in text.splitlines()


def test_chinese(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    text = _text(report)
    assert "## 缺什么" in text
    assert "| 编号 | 指标 | 分值 | 责任人 | 截止 | 状态 | 已有/应有 |" in text
    assert "| 1.1 | 理想信念教育 | 4 | 宣传部 | 2023-06-30 | 🟡 部分 | 4/7 |" in text
    assert (
        "- **1.1 理想信念教育**（宣传部，截止 2023-06-30）：缺：年度学习计划 每年 1 份，2023 年现有 0 份"
        in text
    )


def test_no_gaps_no_findings_sections(tiny_report: Report) -> None:
    clean = tiny_report.model_copy(
        update={"indicators": tiny_report.indicators[:1], "findings": []}
    )
    text = _text(clean)
    assert "## Gaps" not in text
    assert "<details>" not in text
    assert text.endswith("|\n")
