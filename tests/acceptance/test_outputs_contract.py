"""Acceptance (design §5, §7, issue 12 points 3 and 4): -o chooses the format from its
extension for every command, and a report written inside the archive never becomes a finding.

The README's own commands are run at the root of a copy of examples/wenming, as a clerk
runs them, in a child process under LANG=zh_CN.UTF-8 and in process in English.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from tests.acceptance.helpers import (
    CHINESE,
    EXAMPLE,
    Run,
    assert_clean,
    cli,
    cli_process,
    fingerprint,
)

AS_OF = ("--as-of", "2023-12-31")


@pytest.fixture
def wenming(tmp_path: Path) -> Path:
    root = tmp_path / "wenming"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".civarchive"))
    return root


def _zh(*args: str | Path, cwd: Path) -> Run:
    run = cli_process(*args, env=CHINESE, cwd=cwd)
    assert_clean(run)
    return run


def _paths(report: dict[str, Any]) -> set[str]:
    return {f.get("path") or "" for f in report["findings"]}


@pytest.mark.slow  # a dozen whole-process runs on the example
def test_the_readme_commands_at_the_archive_root_leave_the_next_check_unchanged(
    wenming: Path,
) -> None:
    before = _zh("check", "--format", "json", *AS_OF, cwd=wenming)
    untouched = fingerprint(wenming)
    ledger = _zh("check", "--format", "xlsx", "-o", "台账.xlsx", *AS_OF, cwd=wenming)
    assert ledger.exit_code == 1, ledger.output  # the example has gaps
    assert ledger.stdout == ""
    book = openpyxl.load_workbook(wenming / "台账.xlsx")
    assert "问题" in book.sheetnames
    notices = _zh("todo", "-o", "催办单.docx", *AS_OF, cwd=wenming)
    assert notices.exit_code == 0, notices.output
    assert any(
        p.text.startswith("部门：") for p in docx.Document(wenming / "催办单.docx").paragraphs
    )
    saved = _zh("check", "-o", "报告.json", *AS_OF, cwd=wenming)  # JSON, from the extension
    after = _zh("check", "--format", "json", *AS_OF, cwd=wenming)
    # Not a finding, not counted: the report is the very same bytes as before.
    assert after.stdout == before.stdout
    assert (wenming / "报告.json").read_text(encoding="utf-8") == before.stdout
    assert saved.exit_code == after.exit_code == before.exit_code == 1
    assert not {"台账.xlsx", "催办单.docx", "报告.json"} & _paths(after.json())
    table = _zh("check", *AS_OF, cwd=wenming)
    assert "台账.xlsx" not in table.output
    assert "催办单.docx" not in table.output
    # Only .civarchive/ and the files asked for were written (design §7).
    changed = fingerprint(wenming).keys() - untouched.keys()
    assert changed == {"台账.xlsx".encode(), "催办单.docx".encode(), "报告.json".encode()}
    # scan shows them for what they are, in the table and in the JSON.
    scan = _zh("scan", cwd=wenming)
    assert "civarchive 生成（不计入证据）：催办单.docx、台账.xlsx、报告.json" in scan.stdout
    inventory = _zh("scan", "-o", "清单.json", cwd=wenming)
    assert inventory.exit_code == 0
    listed = json.loads((wenming / "清单.json").read_text(encoding="utf-8"))
    assert listed["generated"] == ["催办单.docx", "台账.xlsx", "报告.json"]
    assert not {"台账.xlsx", "催办单.docx", "报告.json"} & {f["path"] for f in listed["files"]}
    # The inventory it wrote is the next scan's own output as well.
    assert "清单.json" in json.loads(_zh("scan", "-f", "json", cwd=wenming).stdout)["generated"]


def test_no_cache_runs_record_and_honour_outputs_too(wenming: Path) -> None:
    first = cli("check", wenming, *AS_OF, "--no-cache", "-o", wenming / "问题.md")
    assert first.exit_code == 1, first.output
    assert (wenming / "问题.md").read_text(encoding="utf-8").startswith("# ")
    again = cli("check", wenming, *AS_OF, "--no-cache", "-f", "json")
    assert "问题.md" not in _paths(again.json())


def test_a_saved_report_rendered_into_the_archive_is_recorded(
    wenming: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "report.json"
    assert cli("check", wenming, *AS_OF, "-o", saved).exit_code == 1
    rendered = cli("report", saved, "-o", wenming / "一、组织领导" / "自评.xlsx")
    assert rendered.exit_code == 1, rendered.output
    assert openpyxl.load_workbook(wenming / "一、组织领导" / "自评.xlsx").sheetnames
    after = cli("check", wenming, *AS_OF, "-f", "json")
    assert "一、组织领导/自评.xlsx" not in _paths(after.json())
    assert after.stdout == saved.read_text(encoding="utf-8")


@pytest.mark.slow  # a dozen whole-process runs on the example
def test_evidence_is_never_overwritten_by_a_report(wenming: Path) -> None:
    evidence = next(wenming.rglob("*.docx"))
    kept = evidence.read_bytes()
    for env in (CHINESE, None):
        run = cli_process("todo", wenming, *AS_OF, "-o", evidence, env=env)
        assert run.exit_code == 2, run.output
        assert evidence.read_bytes() == kept
    assert (
        "不是 civarchive 写的；为免覆盖证据，不写入它"
        in _zh("todo", *AS_OF, "-o", evidence, cwd=wenming).stderr
    )
    english = cli("todo", wenming, *AS_OF, "-o", evidence)
    assert "is a file of the archive that civarchive did not write" in english.stderr
    assert evidence.read_bytes() == kept


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["check"], "台账.xlsx"),
        (["check"], "report.xml"),
        (["check"], "缺什么.md"),
        (["check"], "表.txt"),
        (["todo"], "待办.xlsx"),
        (["todo"], "待办.md"),
        (["scan"], "清单.csv"),
        (["organize"], "计划.json"),
    ],
)
def test_the_extension_chooses_the_format(
    wenming: Path, tmp_path: Path, command: list[str], name: str
) -> None:
    out = tmp_path / name
    dated = command in (["check"], ["todo"])
    run = cli(*command, wenming, "-o", out, *(AS_OF if dated else ()))
    assert_clean(run)
    assert run.exit_code in (0, 1), run.output
    assert run.stdout == ""
    data = out.read_bytes()
    suffix = out.suffix
    if suffix == ".xlsx":
        assert openpyxl.load_workbook(out).sheetnames
    elif suffix == ".xml":
        assert ET.fromstring(data).tag == "testsuites"
    elif suffix == ".md":
        assert data.startswith(b"# ")
    elif suffix == ".csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0][:2] == ["path", "kind"]
        assert len(rows) > 50
    elif suffix == ".json":
        assert json.loads(data)
    else:  # the table
        assert data.decode("utf-8").rstrip().splitlines()[-1].startswith("completeness")


def test_a_contradiction_is_exit_2_in_the_clerks_language(wenming: Path) -> None:
    zh = _zh("check", "--format", "json", "-o", "台账.xlsx", cwd=wenming)
    assert zh.exit_code == 2
    assert zh.stderr == (
        "错误：--format json 与输出文件的扩展名 .xlsx 矛盾\n"
        "提示：去掉 --format，或把文件名改为 台账.json\n"
    )
    unknown = _zh("scan", "-o", "清单.pdf", cwd=wenming)
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("错误：无法从扩展名 .pdf 判断输出格式\n")
    english = cli("todo", wenming, "-f", "xlsx", "-o", wenming / "催办单.docx")
    assert english.exit_code == 2
    assert english.stderr.startswith("error: --format xlsx contradicts the output file's")
    assert not (wenming / "台账.xlsx").exists()
    assert not (wenming / "清单.pdf").exists()
    assert not (wenming / "催办单.docx").exists()
