"""The table format: exact text for a tiny report, stable bytes, colours only when asked."""

from __future__ import annotations

import pytest

from civarchive.check.models import Report
from civarchive.findings import Code, Finding, Severity
from civarchive.report import terminal

TINY_TABLE = """\
1 Ethics
ID    Indicator   Points   Owner    Due          Status     Found
─────────────────────────────────────────────────────────────────
1.1   Study            1   Office                complete     1/1
1.2   Photos           2            2023-12-31   missing      0/4

Findings
  1.2 Photos
    warning missing_evidence   missing: event photos 4 needed, 0 found

completeness 33.3% (1/3 points), 2 points at risk; 2 indicators: 1 complete, 0 partial, 1 missing, 0 not applicable; 0 errors, 1 warning
"""


def test_tiny_report_exact_text(tiny_report: Report) -> None:
    assert terminal.render(tiny_report).decode("utf-8") == TINY_TABLE


def test_same_report_same_bytes(report: Report) -> None:
    assert terminal.render(report) == terminal.render(report)


def test_one_table_per_category_with_counts(report: Report) -> None:
    text = terminal.render(report).decode("utf-8")
    lines = text.splitlines()
    assert "1 思想道德建设" in lines
    assert "2 领导班子建设和组织建设" in lines
    assert "3 志愿服务" in lines
    row_11 = next(line for line in lines if line.startswith("1.1 "))
    # owner name (not id), due date, status and found/needed (per-year 2 of 3 + photos 2 of 4)
    assert row_11.split() == ["1.1", "理想信念教育", "4", "宣传部", "2023-06-30", "partial", "4/7"]
    row_21 = next(line for line in lines if line.startswith("2.1 "))
    assert row_21.split()[2] == "2.5"
    row_22 = next(line for line in lines if line.startswith("2.2 "))
    assert row_22.split() == [
        "2.2",
        "依法办事",
        "(本单位无行政执法职能)",
        "2",
        "办公室",
        "not",
        "applicable",
    ]


def test_findings_grouped_by_indicator_and_waiver_shown(report: Report) -> None:
    text = terminal.render(report).decode("utf-8")
    findings = text[text.index("\nFindings\n") :]
    order = [
        findings.index(label)
        for label in ("1.1 理想信念教育", "1.2 道德讲堂", "2.1 领导班子建设", "unassigned\n")
    ]
    assert order == sorted(order)
    flat = " ".join(findings.split())  # long lines wrap at the console width
    assert "(waived: 2021年翻拍的历史照片)" in flat
    assert "杂项/会议记录.docx: not under any indicator folder" in flat


def test_summary_line_points_at_risk(report: Report) -> None:
    last = terminal.render(report).decode("utf-8").splitlines()[-1]
    assert last == (
        "completeness 69.0% (10/14.5 points), 4.5 points at risk; "
        "5 indicators: 2 complete, 1 partial, 1 missing, 1 not applicable; 2 errors, 3 warnings"
    )


def test_chinese_labels(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    text = terminal.render(report).decode("utf-8")
    for label in ("完成", "部分", "缺失", "不适用", "责任人", "已有/应有", "未归类"):
        assert label in text
    assert (
        text.splitlines()[-1]
        == "完成度 69.0%（10/14.5 分），待补 4.5 分；指标 5 项：完成 2，部分 1，缺失 1，不适用 1；错误 2 个，警告 3 个"
    )
    # severity labels are padded by display cells, so codes line up under each other
    lines = [line for line in text.splitlines() if "missing_evidence" in line or "corrupt " in line]
    assert (
        len(
            {
                line.index("missing_evidence")
                if "missing_evidence" in line
                else line.index("corrupt")
                for line in lines
            }
        )
        == 1
    )


def test_no_ansi_without_color_and_status_colours_with_it(tiny_report: Report) -> None:
    assert b"\x1b[" not in terminal.render(tiny_report)
    coloured = terminal.render(tiny_report, color=True).decode("utf-8")
    assert "\x1b[32mcomplete" in coloured  # green
    assert "\x1b[31mmissing" in coloured  # red


def test_a_terminal_width_is_kept(report: Report) -> None:
    *tables, summary = terminal.render(report, width=60).decode("utf-8").splitlines()
    assert max(len(line) for line in tables) <= 60
    assert summary.startswith("completeness 69.0%")  # one sentence, never cut in two


def test_for_a_file_or_pipe_nothing_is_wrapped(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # a terminal's variable says nothing about a file
    long_title = "理想信念教育" * 20
    first = report.indicators[0].model_copy(update={"title": long_title})
    report = report.model_copy(update={"indicators": [first, *report.indicators[1:]]})
    lines = terminal.render(report).decode("utf-8").splitlines()
    assert any(long_title in line for line in lines)  # one row, not folded
    assert max(len(line) for line in lines) > 120


def test_hostile_text_is_printed_literally(tiny_report: Report) -> None:
    hostile = Finding(
        code=Code.BAD_NAME,
        severity=Severity.WARNING,
        path="杂项/[bold red]x[/bold red]\x07\udcff.jpg",
        message="file name is not valid UTF-8 [/]",
    )
    report = tiny_report.model_copy(update={"findings": [hostile]})
    text = terminal.render(report).decode("utf-8")
    assert "[bold red]x[/bold red]" in text
    assert "[/]" in text


def test_categories_follow_the_report_and_empty_ones_are_left_out(report: Report) -> None:
    stray = report.indicators[0].model_copy(update={"id": "9.1", "title": "其他", "category": "9"})
    owner_only = report.model_copy(update={"indicators": [*report.indicators[2:4], stray]})
    lines = terminal.render(owner_only).decode("utf-8").splitlines()
    assert "1 思想道德建设" not in lines
    assert "3 志愿服务" not in lines
    assert lines.index("2 领导班子建设和组织建设") < lines.index("9")


def _many(report: Report, count: int) -> Report:
    findings = [
        Finding(
            code=Code.UNUSED,
            severity=Severity.WARNING,
            path=f"1.1 x/{n:03d}.jpg",
            indicator="1.1",
            message="counts toward no requirement",
        )
        for n in range(count)
    ]
    return report.model_copy(update={"findings": [*findings, *report.findings]})


def test_beyond_a_screenful_findings_are_grouped_by_code(report: Report) -> None:
    many = _many(report, terminal.SCREENFUL + 10)
    text = terminal.render(many).decode("utf-8")
    total = len(many.findings)
    assert f"Findings ({total}, grouped by code; --verbose lists them all)" in text
    unused = terminal.SCREENFUL + 10 + sum(f.code is Code.UNUSED for f in report.findings)
    assert f"  warning unused             {unused}" in text
    assert "    1.1 x/000.jpg: counts toward no requirement" in text
    assert "    1.1 x/003.jpg" not in text
    assert f"    … and {unused - terminal.EXAMPLES} more" in text
    assert len(text.splitlines()) < terminal.SCREENFUL
    # Errors come first; a gap (no path) is named by its indicator.
    lines = text.splitlines()
    codes = [line.split()[1] for line in lines if line.startswith("  ") and line[2] != " "]
    assert codes[0] == "corrupt"
    assert any(line.startswith("    2.1 ") for line in lines)


def test_verbose_lists_every_finding(report: Report) -> None:
    many = _many(report, terminal.SCREENFUL + 10)
    text = terminal.render(many, verbose=True).decode("utf-8")
    assert all(f"1.1 x/{n:03d}.jpg" in text for n in range(terminal.SCREENFUL + 10))
    assert "grouped by code" not in text


def test_a_screenful_is_listed_as_it_is(report: Report) -> None:
    assert "grouped" not in terminal.render(report).decode("utf-8")
