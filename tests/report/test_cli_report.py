"""`civarchive report REPORT.json`: every format, exit codes, and files that are not reports."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from civarchive.check.models import Report
from civarchive.cli import app
from civarchive.report import ReportFormat, json_format, load_report, render

runner = CliRunner()


def _saved(tmp_path: Path, report: Report) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(json_format.render(report))
    return path


def test_default_is_the_table(tmp_path: Path, report: Report) -> None:
    result = runner.invoke(app, ["report", str(_saved(tmp_path, report))])
    assert result.exit_code == 1, result.output  # the report has error findings
    assert result.stdout_bytes == render(report, ReportFormat.TABLE)
    # The table ends with the summary itself, so nothing is repeated on stderr.
    assert result.stderr == ""


def test_other_formats_say_the_summary_on_stderr(tmp_path: Path, report: Report) -> None:
    result = runner.invoke(app, ["report", str(_saved(tmp_path, report)), "--format", "json"])
    assert result.exit_code == 1, result.output
    # the same one-line summary `check` prints, on stderr so stdout stays the result
    assert result.stderr.startswith("completeness 69.0% (10/14.5 points)")
    assert result.stderr.count("\n") == 1


def test_quiet_keeps_stderr_empty(tmp_path: Path, report: Report) -> None:
    result = runner.invoke(app, ["report", str(_saved(tmp_path, report)), "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "junit", "markdown"])
def test_text_formats_to_stdout(tmp_path: Path, report: Report, fmt: str) -> None:
    result = runner.invoke(app, ["report", str(_saved(tmp_path, report)), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert result.stdout_bytes == render(report, ReportFormat(fmt))


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_format_to_a_file(tmp_path: Path, report: Report, fmt: ReportFormat) -> None:
    out = tmp_path / "out" / f"report.{fmt}"
    result = runner.invoke(
        app, ["report", str(_saved(tmp_path, report)), "-f", str(fmt), "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert out.read_bytes() == render(report, fmt)
    assert result.stdout == ""
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_outputs_open_in_their_tools(tmp_path: Path, report: Report) -> None:
    saved = _saved(tmp_path, report)
    assert (
        runner.invoke(
            app, ["report", str(saved), "-f", "xlsx", "-o", str(tmp_path / "a.xlsx"), "-q"]
        ).stderr
        == ""
    )
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames[:2] == ["指标", "问题"]
    junit = runner.invoke(app, ["report", str(saved), "-f", "junit"])
    assert (
        ET.fromstring(junit.stdout_bytes).get("tests") == "5"
    )  # 5 indicators; archive-level warnings are output, not cases
    again = runner.invoke(app, ["report", str(saved), "-f", "json"])
    assert json.loads(again.stdout_bytes) == json.loads(saved.read_bytes())


def test_exit_code_zero_without_errors(tmp_path: Path, report: Report) -> None:
    harmless = [f for f in report.findings if f.severity != "error"]
    saved = _saved(tmp_path, report.model_copy(update={"findings": harmless}))
    result = runner.invoke(app, ["report", str(saved), "-f", "json"])
    assert result.exit_code == 0, result.output


def test_waived_errors_do_not_fail(tmp_path: Path, report: Report) -> None:
    waived = [f.model_copy(update={"waived": True, "reason": "ok"}) for f in report.findings]
    result = runner.invoke(
        app, ["report", str(_saved(tmp_path, report.model_copy(update={"findings": waived})))]
    )
    assert result.exit_code == 0, result.output


def test_fail_under(tmp_path: Path, tiny_report: Report) -> None:
    saved = _saved(tmp_path, tiny_report)  # completeness 33.3 %, no errors
    assert runner.invoke(app, ["report", str(saved), "--fail-under", "30"]).exit_code == 0
    result = runner.invoke(app, ["report", str(saved), "--fail-under", "50"])
    assert result.exit_code == 1, result.output


def test_not_a_report_exits_2_without_traceback(tmp_path: Path) -> None:
    other = tmp_path / "package.json"
    other.write_text('{"name": "x", "version": "1.0.0"}', encoding="utf-8")
    result = runner.invoke(app, ["report", str(other)])
    assert result.exit_code == 2, result.output
    assert "is not a civarchive JSON report" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.json"], "report file not found"),
        (["{saved}", "--format", "pdf"], "unknown format: pdf"),
        (["{saved}", "-o", "{tmp}"], "output path is a folder"),
        (["{saved}", "--fail-under", "120"], "--fail-under"),
    ],
    ids=["missing-file", "unknown-format", "output-is-folder", "fail-under-range"],
)
def test_usage_errors_exit_2(tmp_path: Path, report: Report, args: list[str], message: str) -> None:
    saved = _saved(tmp_path, report)
    argv = ["report", *(a.format(saved=saved, tmp=tmp_path) for a in args)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_binary_input_exits_2(tmp_path: Path) -> None:
    photo = tmp_path / "photo.json"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    result = runner.invoke(app, ["report", str(photo)])
    assert result.exit_code == 2, result.output
    assert "not UTF-8" in result.stderr


def test_chinese_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    bad = tmp_path / "x.json"
    bad.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["report", str(bad)])
    assert result.exit_code == 2, result.output
    assert "不是 civarchive 的 JSON 报告" in result.stderr


def test_help() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--format", "--fail-under", "--output", "--quiet"):
        assert option in result.output


def test_xlsx_to_stdout_is_bytes(tmp_path: Path, report: Report) -> None:
    # Not a terminal here (a pipe), so the workbook goes to stdout like any other output.
    result = runner.invoke(app, ["report", str(_saved(tmp_path, report)), "-f", "xlsx"])
    assert result.exit_code == 1, result.output
    assert openpyxl.load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames[0] == "指标"


def _archive(root: Path, real: Path | None = None) -> Path:
    """A small archive: a dated plan, one photo (one short of the minimum), a corrupt photo."""
    from tests.factories import make_docx, make_jpeg, make_tree, write_spec

    folder = root / "一、思想道德建设" / "1.1 理想信念教育"
    write_spec(root)
    make_docx(folder / "2022年学习计划.docx", text="学习计划", title="学习计划")
    if real is not None:
        (folder / "20220714 学习活动.jpg").write_bytes(real.read_bytes())
    else:
        make_jpeg(folder / "20220714 学习活动.jpg", size=(2400, 1600))
    make_tree(root, {"一、思想道德建设/1.1 理想信念教育/坏照片.jpg": b"\xff\xd8\xff\xe0 truncated"})
    return root


def _check_then_report(root: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    checked = runner.invoke(
        app, ["check", str(root), "--format", "json", "-o", str(saved), "--as-of", "2023-07-01"]
    )
    assert checked.exit_code == 1, checked.output  # overdue gap and a corrupt photo
    for fmt in ReportFormat:
        direct = tmp_path / f"direct.{fmt}"
        again = tmp_path / f"again.{fmt}"
        first = runner.invoke(
            app,
            ["check", str(root), "-f", str(fmt), "-o", str(direct), "--as-of", "2023-07-01", "-q"],
        )
        second = runner.invoke(app, ["report", str(saved), "-f", str(fmt), "-o", str(again), "-q"])
        assert (first.exit_code, second.exit_code) == (1, 1), first.output + second.output
        assert again.read_bytes() == direct.read_bytes(), fmt  # a saved report renders as check did


def test_report_renders_what_check_renders(tmp_path: Path) -> None:
    _check_then_report(_archive(tmp_path / "archive"), tmp_path)


def test_report_of_a_real_camera_photo(tmp_path: Path, real_corpus: Path) -> None:
    root = _archive(tmp_path / "archive", real=real_corpus / "jpeg-canon-powershot-s40.jpg")
    saved = tmp_path / "saved.json"
    checked = runner.invoke(
        app, ["check", str(root), "-f", "json", "-o", str(saved), "--as-of", "2023-07-01", "-q"]
    )
    assert checked.exit_code == 1, checked.output
    report = load_report(saved)
    # Its EXIF date (2003-12-14, SOURCES.md) beats the name's date and lies outside the period.
    path = "一、思想道德建设/1.1 理想信念教育/20220714 学习活动.jpg"
    assert "out_of_period" in {f.code for f in report.findings if f.path == path}
    for fmt in ReportFormat:
        result = runner.invoke(app, ["report", str(saved), "-f", str(fmt), "-q"])
        assert result.exit_code == 1, result.output
        assert result.stdout_bytes == render(report, fmt)
