"""Acceptance (issue 12): every unmet requirement is its own gap finding, in every output.

An indicator with two unmet requirements gives two `missing_evidence` (or `overdue`)
findings, not one: on the bundled example and on the trap archive, the number of unmet
requirements of applicable indicators equals the number of gap findings in the JSON, the
table, the XLSX 问题 sheet, the Markdown findings and JUnit text, and the counts.
"""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from civarchive.cli import app
from tests.acceptance.archives import ENV, build_trap_archive
from tests.acceptance.helpers import EXAMPLE

GAP_CODES = ("missing_evidence", "overdue")


@pytest.fixture(scope="module", params=["example", "trap"])
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "example":
        root = tmp_path_factory.mktemp("example") / "wenming"
        shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".civarchive"))
        return root
    return build_trap_archive(tmp_path_factory.mktemp("trap") / "档案")


def _check(root: Path, fmt: str) -> bytes:
    args = ["check", str(root), "--format", fmt, "--as-of", "2023-12-31", "--jobs", "1"]
    run = CliRunner().invoke(app, args, env=ENV)
    assert run.exit_code in (0, 1), run.output
    return run.stdout_bytes


@pytest.fixture(scope="module")
def report(archive: Path) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(_check(archive, "json"))
    return data


def _unmet(report: dict[str, Any]) -> int:
    return sum(
        1
        for indicator in report["indicators"]
        if indicator["status"] != "not_applicable"
        for requirement in indicator["requirements"]
        if not requirement["met"]
    )


def test_one_gap_finding_per_unmet_requirement(report: dict[str, Any]) -> None:
    gaps = [f for f in report["findings"] if f["code"] in GAP_CODES]
    assert _unmet(report) > 0
    assert len(gaps) == _unmet(report)
    # An indicator with several unmet requirements has as many findings, each its own message.
    per_indicator: dict[str, list[str]] = {}
    for finding in gaps:
        per_indicator.setdefault(finding["indicator"], []).append(finding["message"])
    for indicator in report["indicators"]:
        unmet = [r for r in indicator["requirements"] if not r["met"]]
        if indicator["status"] != "not_applicable" and unmet:
            messages = per_indicator[indicator["id"]]
            assert len(messages) == len(unmet) == len(set(messages))


def test_counts_include_every_gap(report: dict[str, Any]) -> None:
    findings = [f for f in report["findings"] if not f["waived"]]
    summary = report["summary"]
    assert summary["errors"] == sum(f["severity"] == "error" for f in findings)
    assert summary["warnings"] == sum(f["severity"] == "warning" for f in findings)


def test_every_output_lists_every_gap(archive: Path, report: dict[str, Any]) -> None:
    expected = _unmet(report)
    table = _check(archive, "table").decode("utf-8")
    assert (
        sum(line.split()[1:2] in (["missing_evidence"], ["overdue"]) for line in table.splitlines())
        == expected
    )
    markdown = _check(archive, "markdown").decode("utf-8")
    assert (
        sum(f"| `{code}` |" in line for line in markdown.splitlines() for code in GAP_CODES)
        == expected
    )
    book = openpyxl.load_workbook(io.BytesIO(_check(archive, "xlsx")), read_only=True)
    codes = [row[2] for row in book["问题"].iter_rows(min_row=2, values_only=True)]  # 代码
    assert sum(code in GAP_CODES for code in codes) == expected
    junit = ET.fromstring(_check(archive, "junit"))
    listed = "\n".join(case.findtext("failure") or "" for case in junit.iter("testcase"))
    assert sum(listed.count(f"] {code} ") for code in GAP_CODES) == expected
