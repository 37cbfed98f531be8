"""Acceptance: `civarchive check` on a trap archive against design §3 folder resolution and §4 findings."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest

from tests.acceptance.archives import (
    C1,
    C2,
    ENV,
    TRAP_COMPLETENESS,
    TRAP_POINTS_TOTAL,
    TRAP_STATUS,
    build_trap_archive,
)
from tests.acceptance.helpers import (
    SCHEMAS,
    assert_clean,
    cli,
    finding_paths,
    findings_by,
    fingerprint,
    indicator,
)

I11 = f"{C1}/1.1、理想信念教育"
I21 = f"{C2}/2—1 文明礼仪"


@pytest.fixture(scope="module")
def trap(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[bytes, Any]]:
    root = build_trap_archive(tmp_path_factory.mktemp("trap") / "档案")
    return root, fingerprint(root)


@pytest.fixture(scope="module")
def report(trap: tuple[Path, Any]) -> dict[str, Any]:
    root, _ = trap
    run = cli("check", root, "--format", "json", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 1, run.output
    return run.json()


def test_report_validates_against_the_published_schema(report: dict[str, Any]) -> None:
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["schema_version"] == 1
    assert report["as_of"] == "2023-07-01"
    assert report["tool"]["name"] == "civarchive"
    assert report["spec"]["title"] == "验收测试创建资料"
    assert report["spec"]["unit"] == "验收单位"


@pytest.mark.parametrize(("ind", "status"), sorted(TRAP_STATUS.items()))
def test_indicator_status(report: dict[str, Any], ind: str, status: str) -> None:
    assert indicator(report, ind)["status"] == status, indicator(report, ind)


def test_summary_counts_and_completeness(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert summary["indicators"] == 10
    assert (
        summary["complete"],
        summary["partial"],
        summary["missing"],
        summary["not_applicable"],
    ) == (5, 2, 2, 1)
    assert summary["points_total"] == pytest.approx(TRAP_POINTS_TOTAL)
    assert summary["completeness"] == pytest.approx(TRAP_COMPLETENESS, abs=0.005)
    errors = [f for f in report["findings"] if f["severity"] == "error" and not f.get("waived")]
    warnings = [f for f in report["findings"] if f["severity"] == "warning" and not f.get("waived")]
    assert summary["errors"] == len(errors)
    assert summary["warnings"] == len(warnings)


def test_folder_resolution_variants(report: dict[str, Any]) -> None:
    folders_11 = set(indicator(report, "1.1")["folders"])
    assert folders_11 == {I11, "１．１理想信念教育（补充）", f"{C1}/1.1_补充照片"}
    assert indicator(report, "1.10")["folders"] == [f"{C1}/1.10 志愿服务"]
    assert indicator(report, "1.2")["folders"] == ["1.2_道德讲堂"]
    assert indicator(report, "1.3")["folders"] == [f"{C1}/1.3—诚信建设"]
    assert indicator(report, "2-1")["folders"] == [I21]
    assert indicator(report, "2-2")["folders"] == ["视频资料"]
    assert indicator(report, "2-3")["folders"] == [f"{C2}/2－3 共建活动"]


def test_lookalike_folders_do_not_feed_an_indicator(report: dict[str, Any]) -> None:
    files_11 = {f for r in indicator(report, "1.1")["requirements"] for f in r["files"]}
    assert not any("1.1.2" in f or "1.10" in f for f in files_11), files_11
    assert finding_paths(report, "unknown_folder") == {
        "1.1.2 旧材料",
        f"{C1}/1.2.1 子项",
        f"{C2}/2-9 其他",
    }
    assert finding_paths(report, "unassigned") == {
        "1.1.2 旧材料/旧计划.docx",
        f"{C1}/1.2.1 子项/子项材料.docx",
        f"{C2}/2-9 其他/杂项.txt",
        "2023年/年度杂项.docx",
        "未分类.docx",
    }


def test_per_year_edges(report: dict[str, Any]) -> None:
    plan = indicator(report, "1.1")["requirements"][0]
    assert plan["per_year"] is True
    assert plan["met"] is True
    assert set(plan["files"]) == {
        f"{I11}/2021年/20210101学习计划.docx",
        f"{I11}/2022年/2022年度学习计划.docx",
        f"{I11}/2023年/2023-12-31学习计划.docx",
    }
    assert finding_paths(report, "out_of_period") >= {
        f"{I11}/20201231学习计划.docx",
        f"{I11}/2024.1.1学习计划.docx",
    }


def test_undated_does_not_fill_a_year(report: dict[str, Any]) -> None:
    record = indicator(report, "1.6")["requirements"][0]
    assert record["met"] is False
    assert f"{C1}/1.6 学习记录/学习记录汇编.txt" in finding_paths(report, "undated")
    missing = [f for f in findings_by(report, "missing_evidence") if f.get("indicator") == "1.6"]
    assert len(missing) == 1
    assert "2023" in missing[0]["message"]


def test_overdue_versus_missing_by_as_of(report: dict[str, Any]) -> None:
    overdue = {f["indicator"] for f in findings_by(report, "overdue")}
    missing = {f["indicator"] for f in findings_by(report, "missing_evidence")}
    assert "1.2" in overdue
    assert "1.2" not in missing
    assert "1.3" in missing
    assert "1.3" not in overdue
    assert all(f["severity"] == "error" for f in findings_by(report, "overdue"))
    assert all(f["severity"] == "warning" for f in findings_by(report, "missing_evidence"))


def test_waiver_is_reported_and_does_not_count(report: dict[str, Any]) -> None:
    waived = [
        f for f in report["findings"] if f.get("indicator") == "1.5" and f["code"] == "overdue"
    ]
    assert len(waived) == 1
    assert waived[0]["waived"] is True
    assert waived[0]["reason"] == "总结由上级统一存档"


def test_photo_traps(report: dict[str, Any]) -> None:
    dup = findings_by(report, "duplicate")
    assert [f["path"] for f in dup] == [f"{I21}/a副本.jpg"]
    assert f"{I21}/a.jpg" in dup[0]["message"]
    assert finding_paths(report, "wrong_extension") == {f"{I21}/d.jpg"}
    assert finding_paths(report, "low_resolution") == {f"{I21}/tiny.jpg"}
    assert finding_paths(report, "missing_caption") == {f"{I21}/b.jpg"}
    photos = indicator(report, "2-1")["requirements"][0]
    assert sorted(photos["files"]) == [f"{I21}/a.jpg", f"{I21}/d.jpg"]
    assert photos["count"] == 2


def test_file_level_traps(report: dict[str, Any]) -> None:
    assert finding_paths(report, "corrupt") == {f"{I11}/坏照片.jpg"}
    assert finding_paths(report, "empty_file") == {f"{C1}/1.3—诚信建设/空白.docx"}
    assert finding_paths(report, "unsupported_type") == {f"{I11}/数据.bin"}
    assert finding_paths(report, "symlink") == {f"{C1}/1.10 志愿服务/链接.docx"}
    assert len(findings_by(report, "bad_name")) == 1
    assert findings_by(report, "bad_name")[0]["path"].startswith(f"{I11}/")
    for code, severity in {
        "corrupt": "error",
        "empty_file": "error",
        "unsupported_type": "info",
        "symlink": "info",
    }.items():
        assert {f["severity"] for f in findings_by(report, code)} == {severity}


def test_findings_name_their_indicator(report: dict[str, Any]) -> None:
    assert {f["indicator"] for f in findings_by(report, "corrupt")} == {"1.1"}
    assert {f["indicator"] for f in findings_by(report, "low_resolution")} == {"2-1"}


def test_video_traps_and_unused(report: dict[str, Any]) -> None:
    assert finding_paths(report, "too_short") == {"视频资料/片段.mp4"}
    assert "视频资料/脚本.docx" in finding_paths(report, "unused")
    assert indicator(report, "2-2")["requirements"][0]["files"] == ["视频资料/宣讲.mp4"]


def test_one_file_two_requirements_assignment(report: dict[str, Any]) -> None:
    anything, plan = indicator(report, "2-3")["requirements"]
    assert plan["files"] == [f"{C2}/2－3 共建活动/实施方案.docx"]
    assert anything["files"] == [f"{C2}/2－3 共建活动/活动照片.jpg"]


def test_ignored_files_leave_no_trace(report: dict[str, Any]) -> None:
    text = json.dumps([report["findings"], report["indicators"]], ensure_ascii=False)
    for name in (
        "Thumbs.db",
        "~$学习计划.docx",
        "desktop.ini",
        ".DS_Store",
        "说明.csv",
        "civarchive.yaml",
    ):
        assert name not in text, name


def test_paths_are_posix_and_relative(report: dict[str, Any]) -> None:
    for f in report["findings"]:
        path = re.sub(r"\\x[0-9a-f]{2}", "", f.get("path") or "")  # escaped GBK bytes of a bad_name
        assert not path.startswith("/"), f
        assert "\\" not in path, f


def test_check_does_not_touch_the_archive(trap: tuple[Path, Any], report: dict[str, Any]) -> None:
    root, before = trap
    assert fingerprint(root) == before


def test_earlier_as_of_turns_overdue_into_missing(trap: tuple[Path, Any]) -> None:
    root, _ = trap
    run = cli("check", root, "--format", "json", "--as-of", "2021-06-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    early = run.json()
    assert "1.2" in {f["indicator"] for f in findings_by(early, "missing_evidence")}
    assert "1.2" not in {f["indicator"] for f in findings_by(early, "overdue")}


def test_strict_turns_gaps_into_errors(trap: tuple[Path, Any]) -> None:
    root, _ = trap
    run = cli(
        "check",
        root,
        "--format",
        "json",
        "--as-of",
        "2021-06-01",
        "--strict",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    assert run.exit_code == 1
    gaps = findings_by(run.json(), "missing_evidence")
    assert gaps
    assert {f["severity"] for f in gaps} == {"error"}


def test_junit_one_suite_per_category_one_case_per_indicator(
    trap: tuple[Path, Any], tmp_path: Path
) -> None:
    root, _ = trap
    out = tmp_path / "check.xml"
    run = cli(
        "check",
        root,
        "--format",
        "junit",
        "-o",
        out,
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    assert run.exit_code == 1
    suites = {
        s.get("name"): [c.get("name") for c in s.iter("testcase")]
        for s in ET.parse(out).getroot().iter("testsuite")
    }
    categories = {
        name: cases for name, cases in suites.items() if name in ("1 思想道德建设", "2 文明风尚")
    }
    assert len(categories["1 思想道德建设"]) == 7
    assert len(categories["2 文明风尚"]) == 3
    flat = [n.split()[0] for cases in categories.values() for n in cases]
    assert sorted(flat) == sorted(TRAP_STATUS)


def test_junit_has_exactly_one_suite_per_category(trap: tuple[Path, Any]) -> None:
    root, _ = trap
    run = cli("check", root, "--format", "junit", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    suites = list(ET.fromstring(run.stdout.encode()).iter("testsuite"))
    assert len(suites) == 2, [s.get("name") for s in suites]


def test_markdown_and_xlsx_outputs(trap: tuple[Path, Any], tmp_path: Path) -> None:
    root, _ = trap
    md = cli("check", root, "--format", "markdown", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(md)
    assert "理想信念教育" in md.stdout
    assert "|" in md.stdout
    out = tmp_path / "check.xlsx"
    run = cli(
        "check",
        root,
        "--format",
        "xlsx",
        "-o",
        out,
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    book = openpyxl.load_workbook(out, read_only=True)
    names = " ".join(book.sheetnames).lower()
    assert len(book.sheetnames) >= 3, book.sheetnames
    assert "indicator" in names or "指标" in names
    assert "finding" in names or "问题" in names
    assert "owner" in names or "责任" in names


def test_report_rerenders_a_saved_json(trap: tuple[Path, Any], tmp_path: Path) -> None:
    root, _ = trap
    saved = tmp_path / "report.json"
    run = cli(
        "check",
        root,
        "--format",
        "json",
        "-o",
        saved,
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    again = cli("report", saved, "--format", "json", env=ENV)
    assert_clean(again)
    assert again.json() == json.loads(saved.read_text(encoding="utf-8"))
    junit = cli("report", saved, "--format", "junit", env=ENV)
    assert_clean(junit)
    assert ET.fromstring(junit.stdout.encode()).iter("testcase")
    table = cli("report", saved, env=ENV)
    assert_clean(table)
    assert "1.10" in table.output


def test_fail_under(trap: tuple[Path, Any], tmp_path: Path) -> None:
    """A waived-only archive: exit 0 by default, 1 below --fail-under, 0 at or above it."""
    from tests.factories import make_docx, write_spec

    root = tmp_path / "ok"
    write_spec(
        root,
        waivers=[{"code": "missing_evidence", "indicator": "1.1", "reason": "照片另行存档"}],
    )
    make_docx(root / "1.1 理想信念教育" / "2022年学习计划.docx")
    base = ("check", root, "--as-of", "2023-01-01", "--jobs", "1")
    plain = cli(*base, "--format", "json", env=ENV)
    assert_clean(plain)
    assert plain.exit_code == 0, plain.output
    assert plain.json()["summary"]["completeness"] == pytest.approx(0.5, abs=0.005)
    assert cli(*base, "--fail-under", "60", env=ENV).exit_code == 1
    assert cli(*base, "--fail-under", "50", env=ENV).exit_code == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--as-of", "2023-13-45"), "2023-13-45"),
        (("--owner", "nobody"), "nobody"),
    ],
)
def test_usage_errors_exit_2(trap: tuple[Path, Any], args: tuple[str, ...], needle: str) -> None:
    root, _ = trap
    run = cli("check", root, *args, "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert needle in run.output


def test_owner_filter(trap: tuple[Path, Any]) -> None:
    root, _ = trap
    run = cli(
        "check",
        root,
        "--owner",
        "bgs",
        "--format",
        "json",
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    ids = {i["id"] for i in run.json()["indicators"]}
    assert ids == {"1.2", "1.3", "1.5"}


def test_todo_sorted_overdue_first_zh(trap: tuple[Path, Any]) -> None:
    root, _ = trap
    run = cli(
        "todo", root, "--as-of", "2023-07-01", "--jobs", "1", env={**ENV, "CIVARCHIVE_LANG": "zh"}
    )
    assert_clean(run)
    lines = [ln for ln in run.stdout.splitlines() if "缺：" in ln]
    assert any("讲堂照片 3 张，现有 1 张" in ln for ln in lines), run.stdout
    assert any("诚信制度 1 份，现有 0 份" in ln for ln in lines), run.stdout
    bgs_block = run.stdout.split("办公室", 1)[1]
    assert bgs_block.index("1.2") < bgs_block.index("1.3"), run.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "junit", "xlsx"])
def test_report_rerender_equals_direct_render(
    trap: tuple[Path, Any], tmp_path: Path, fmt: str
) -> None:
    root, _ = trap
    base = ("--as-of", "2023-07-01", "--jobs", "1")
    saved = tmp_path / "r.json"
    cli("check", root, "--format", "json", "-o", saved, *base, env=ENV)
    direct, again = tmp_path / f"d.{fmt}", tmp_path / f"r.{fmt}"
    assert_clean(cli("check", root, "--format", fmt, "-o", direct, *base, env=ENV))
    assert_clean(cli("report", saved, "--format", fmt, "-o", again, env=ENV))
    assert direct.read_bytes() == again.read_bytes()


@pytest.mark.slow
def test_json_is_deterministic_and_plain_off_a_terminal(trap: tuple[Path, Any]) -> None:
    from tests.acceptance.helpers import cli_process

    root, _ = trap
    args = ("check", root, "--format", "json", "--as-of", "2023-07-01")
    env: dict[str, str | None] = {**ENV, "NO_COLOR": None}
    first = cli_process(*args, env=env)
    second = cli_process(*args, "--no-cache", env=env)
    assert first.stdout == second.stdout
    table = cli_process("check", root, "--as-of", "2023-07-01", env=env)
    assert "\x1b[" not in table.output


@pytest.mark.slow
def test_concurrent_checks_share_the_cache(tmp_path: Path) -> None:
    """Two CI jobs (or a clerk and a bind) on one archive at once: same report, no lock error."""
    import os
    import subprocess
    import sys

    root = build_trap_archive(tmp_path / "档案")
    cmd = [
        sys.executable,
        "-m",
        "civarchive",
        "check",
        str(root),
        "--format",
        "json",
        "--as-of",
        "2023-07-01",
        "-q",
    ]
    procs = [
        subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **ENV}
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [err.decode() for _, err in results]
    assert len({out for out, _ in results}) == 1
