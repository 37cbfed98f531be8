"""End to end: real files in tmp_path, the real scan, `civarchive check` and `todo` through CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from civarchive.cli import app
from tests.acceptance.helpers import cli_on_terminal
from tests.factories import (
    make_caption_csv,
    make_docx,
    make_jpeg,
    make_mp4,
    make_pdf,
    make_tree,
    write_spec,
)

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json"
runner = CliRunner()

SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "第七届全国文明单位创建资料",
    "unit": "X市人大常委会机关",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "defaults": {"photo": {"min_megapixels": 0.2, "caption": "required"}},
    "owners": [{"id": "xcb", "name": "宣传部", "contact": "张三"}, {"id": "bgs", "name": "办公室"}],
    "waivers": [{"code": "unassigned", "path": "草稿区", "reason": "个人草稿"}],
    "categories": [
        {
            "id": "1",
            "title": "思想道德建设",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "理想信念教育",
                    "points": 4,
                    "owner": "xcb",
                    "due": "2023-06-30",
                    "requires": [
                        {
                            "kind": "document",
                            "what": "年度学习计划",
                            "match": ["计划"],
                            "per_year": True,
                        },
                        {"kind": "photo", "what": "学习活动照片", "min": 2},
                    ],
                },
                {
                    "id": "1.2",
                    "title": "道德讲堂",
                    "points": 2,
                    "owner": "bgs",
                    "requires": [{"kind": "video", "what": "宣讲视频", "min_seconds": 1}],
                },
            ],
        },
        {
            "id": "2",
            "title": "组织建设",
            "indicators": [
                {
                    "id": "2.1",
                    "title": "不适用项",
                    "points": 3,
                    "applicable": False,
                    "note": "本单位无此项职能",
                }
            ],
        },
    ],
}


def _archive(root: Path) -> Path:
    write_spec(root, json.loads(json.dumps(SPEC)))
    ind = root / "一、思想道德建设" / "1.1 理想信念教育"
    for year in (2021, 2022, 2023):
        make_docx(
            ind / f"{year}年" / f"{year}年度学习计划.docx",
            text="计划",
            created=dt.datetime(year, 1, 5),
        )
    make_jpeg(ind / "活动1.jpg", taken=dt.datetime(2022, 5, 1, 9), color=(10, 20, 30))
    make_jpeg(ind / "活动2.jpg", taken=dt.datetime(2022, 6, 1, 9), color=(40, 50, 60))
    make_caption_csv(ind / "captions.csv", [["活动1.jpg", "理论学习"], ["活动2.jpg", "主题党日"]])
    make_mp4(root / "1.2 道德讲堂" / "宣讲.mp4", seconds=1.5, created=dt.datetime(2022, 3, 3, 8))
    make_pdf(root / "一、思想道德建设" / "1.3 其他" / "x.pdf", created=dt.datetime(2022, 1, 1))
    make_tree(
        root,
        {
            "草稿区/a.txt": "草稿",
            "一、思想道德建设/1.1 理想信念教育/坏照片.jpg": b"\xff\xd8\xff\xe0broken",
        },
    )
    return root


def _check(root: Path, *args: str) -> Any:
    return runner.invoke(app, ["check", str(root), "-j", "1", "--as-of", "2023-01-01", *args])


def test_json_report_validates_and_says_what_is_there(tmp_path: Path) -> None:
    result = _check(_archive(tmp_path), "-f", "json")
    assert result.exit_code == 1, result.output  # 坏照片.jpg is corrupt
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [(i["id"], i["status"]) for i in data["indicators"]] == [
        ("1.1", "complete"),
        ("1.2", "complete"),
        ("2.1", "not_applicable"),
    ]
    plan, photos = data["indicators"][0]["requirements"]
    assert plan["years"] == {"2021": 1, "2022": 1, "2023": 1}
    assert photos["files"] == [
        "一、思想道德建设/1.1 理想信念教育/活动1.jpg",
        "一、思想道德建设/1.1 理想信念教育/活动2.jpg",
    ]
    assert data["spec"]["path"] == "civarchive.yaml"
    findings = {(f["code"], f["path"], f["indicator"], f["waived"]) for f in data["findings"]}
    assert findings == {
        ("corrupt", "一、思想道德建设/1.1 理想信念教育/坏照片.jpg", "1.1", False),
        ("unknown_folder", "一、思想道德建设/1.3 其他", None, False),
        ("unassigned", "一、思想道德建设/1.3 其他/x.pdf", None, False),
        ("unassigned", "草稿区/a.txt", None, True),
    }
    assert data["summary"]["completeness"] == 1.0
    assert data["summary"]["errors"] == 1
    # The summary sentence goes to stderr.
    assert "completeness 100.0% (6/6 points)" in result.stderr


def test_table_exit_codes_strict_and_fail_under(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    (root / "一、思想道德建设" / "1.1 理想信念教育" / "坏照片.jpg").unlink()
    (root / "1.2 道德讲堂" / "宣讲.mp4").unlink()
    result = _check(root)
    assert result.exit_code == 0, result.output
    assert "1.1" in result.stdout
    assert "理想信念教育" in result.stdout
    assert _check(root, "--fail-under", "66").exit_code == 0
    assert _check(root, "--fail-under", "67").exit_code == 1
    strict = _check(root, "--strict", "-q")
    assert strict.exit_code == 1
    assert strict.stderr == ""


def test_owner_filter_and_unknown_owner(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    data = json.loads(_check(root, "-f", "json", "--owner", "bgs").stdout)
    assert [i["id"] for i in data["indicators"]] == ["1.2"]
    unknown = _check(root, "--owner", "nobody")
    assert unknown.exit_code == 2, unknown.output
    assert "unknown owner: nobody" in unknown.stderr
    assert "xcb (宣传部), bgs (办公室)" in unknown.stderr


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    assert _check(root, "-f", "yaml").exit_code == 2
    bad_date = runner.invoke(app, ["check", str(root), "--as-of", "2023/02/30"])
    assert bad_date.exit_code == 2
    assert "--as-of is not a date: 2023/02/30" in bad_date.stderr
    assert "2023年10月15日" in bad_date.stderr
    no_spec = runner.invoke(app, ["check", str(tmp_path / "nowhere")])
    assert no_spec.exit_code == 2


def test_xlsx_to_a_file_and_other_formats(tmp_path: Path) -> None:
    root = _archive(tmp_path / "a")
    out = tmp_path / "检查结果.xlsx"
    result = _check(root, "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert out.read_bytes()[:2] == b"PK"
    junit = _check(root, "-f", "junit")
    assert junit.stdout.startswith("<?xml")
    markdown = _check(root, "-f", "markdown")
    assert "理想信念教育" in markdown.stdout


def test_check_never_modifies_the_archive(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    before = sorted(
        (p.relative_to(root).as_posix(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if ".civarchive" not in p.parts
    )
    _check(root)
    after = sorted(
        (p.relative_to(root).as_posix(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if ".civarchive" not in p.parts
    )
    assert before == after


def test_todo_command(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    (root / "1.2 道德讲堂" / "宣讲.mp4").unlink()
    shutil.rmtree(root / "一、思想道德建设" / "1.1 理想信念教育" / "2022年")
    result = runner.invoke(app, ["todo", str(root), "--as-of", "2023-07-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "宣传部 (xcb, contact 张三)\n"
        "  due 2023-06-30 (overdue)  1.1 理想信念教育  missing: 年度学习计划 (2022) — 0 of 1 document\n"
        "\n"
        "办公室 (bgs)\n"
        "  no due date  1.2 道德讲堂  missing: 宣讲视频 — 0 of 1 video\n"
    )
    only = runner.invoke(app, ["todo", str(root), "--owner", "bgs", "--as-of", "2023-07-01"])
    assert (
        only.stdout
        == "办公室 (bgs)\n  no due date  1.2 道德讲堂  missing: 宣讲视频 — 0 of 1 video\n"
    )


def test_todo_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    root = _archive(tmp_path)
    shutil.rmtree(root / "一、思想道德建设" / "1.1 理想信念教育" / "2023年")
    result = runner.invoke(app, ["todo", str(root), "--owner", "xcb", "--as-of", "2023-01-01"])
    assert (
        result.stdout
        == "宣传部（xcb，联系人 张三）\n  截止 2023-06-30  1.1 理想信念教育  缺：2023年度学习计划 1 份，现有 0 份\n"
    )


def test_todo_as_notices_markdown_and_workbook(tmp_path: Path) -> None:
    import docx
    import openpyxl

    root = _archive(tmp_path)
    (root / "1.2 道德讲堂" / "宣讲.mp4").unlink()
    shutil.rmtree(root / "一、思想道德建设" / "1.1 理想信念教育" / "2022年")
    out = tmp_path / "out"
    base = ["todo", str(root), "--as-of", "2023-07-01", "--jobs", "1"]
    notices = runner.invoke(app, [*base, "-o", str(out / "催办单.docx")])
    assert notices.exit_code == 0, notices.output
    assert notices.stdout == ""
    assert notices.stderr == "2 gaps, 1 overdue, for 2 owners\n"
    document = docx.Document(str(out / "催办单.docx"))
    assert [p.text for p in document.paragraphs if p.text.startswith("部门：")] == [
        "部门：宣传部（xcb）",
        "部门：办公室（bgs）",
    ]
    assert [t.rows[1].cells[2].text for t in document.tables] == [
        "缺：2022年度学习计划 1 份，现有 0 份",
        "缺：宣讲视频 1 个，现有 0 个",
    ]
    workbook = runner.invoke(app, [*base, "--owner", "办公室", "-o", str(out / "待办.xlsx")])
    assert workbook.exit_code == 0, workbook.output
    book = openpyxl.load_workbook(out / "待办.xlsx")
    assert book.sheetnames == ["待办", "办公室"]
    assert book["待办"]["G2"].value == "缺：宣讲视频 1 个，现有 0 个"
    markdown = runner.invoke(app, [*base, "--format", "markdown"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("# To do: 第七届全国文明单位创建资料\n")
    assert "| **due 2023-06-30 (overdue)** | 1.1 理想信念教育 |" in markdown.stdout


def test_todo_format_and_extension_must_agree(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    clash = runner.invoke(app, ["todo", str(root), "-f", "xlsx", "-o", str(tmp_path / "a.docx")])
    assert clash.exit_code == 2, clash.output
    assert clash.stderr == (
        "error: --format xlsx contradicts the output file's extension .docx\n"
        "hint: drop --format, or name the file a.xlsx\n"
    )
    unknown = runner.invoke(app, ["todo", str(root), "-o", str(tmp_path / "a.pdf")])
    assert unknown.exit_code == 2, unknown.output
    assert "cannot tell the output format from the extension .pdf" in unknown.stderr
    assert not (tmp_path / "a.docx").exists()
    assert not (tmp_path / "a.pdf").exists()


def test_real_camera_photos(tmp_path: Path, real_corpus: Path) -> None:
    spec = {
        "civarchive": 1,
        "title": "样例",
        "unit": "样例单位",
        "period": {"start": "2015-01-01", "end": "2018-12-31"},
        "categories": [
            {
                "id": "1",
                "title": "照片",
                "indicators": [
                    {
                        "id": "1.1",
                        "title": "活动照片",
                        "requires": [
                            {
                                "kind": "photo",
                                "what": "活动照片",
                                "min": 2,
                                "caption": "required",
                                "min_megapixels": 1,
                            }
                        ],
                    }
                ],
            }
        ],
    }
    write_spec(tmp_path, spec)
    folder = tmp_path / "1.1 活动照片"
    folder.mkdir()
    for name in (
        "jpeg-canon-600d-xptitle-xpcomment.jpg",
        "jpeg-google-pixel-gps.jpg",
        "jpeg-truncated-progressive.jpg",
        "jpeg-canon-powershot-s40.jpg",
    ):
        shutil.copy(real_corpus / name, folder / name)
    result = runner.invoke(
        app, ["check", str(tmp_path), "-j", "1", "-f", "json", "--as-of", "2019-01-01"]
    )
    data = json.loads(result.stdout)
    [photos] = data["indicators"][0]["requirements"]
    # The Canon 600D photo has an EXIF XPTitle (a caption) and 1.3 MP: it counts.
    assert photos["files"] == ["1.1 活动照片/jpeg-canon-600d-xptitle-xpcomment.jpg"]
    codes = {f["path"].rsplit("/", 1)[-1]: f["code"] for f in data["findings"] if f["path"]}
    assert codes["jpeg-google-pixel-gps.jpg"] == "low_resolution"  # 1012x759 < 1 MP
    assert codes["jpeg-truncated-progressive.jpg"] == "corrupt"
    assert codes["jpeg-canon-powershot-s40.jpg"] == "out_of_period"  # taken 2003
    assert result.exit_code == 1


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_xlsx_to_a_terminal_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "civarchive", "check", str(root), "-f", "xlsx"],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert "xlsx is binary and cannot be shown in a terminal" in done.stderr.decode()


def test_hostile_archive_content_gives_findings_not_tracebacks(tmp_path: Path) -> None:
    write_spec(tmp_path)
    folder = tmp_path / "1.1 理想信念教育"
    make_jpeg(folder / "a.jpg", taken=dt.datetime(2022, 5, 1, 9))
    make_tree(
        folder, {"empty.docx": b"", "fake.jpg": b"not a jpeg at all", "zip.docx": b"PK\x03\x04junk"}
    )
    gbk_name = os.fsdecode("会议记录.jpg".encode("gbk"))
    (folder / gbk_name).write_bytes((folder / "a.jpg").read_bytes()[:100])
    (folder / "link.jpg").symlink_to(folder / "a.jpg")
    result = runner.invoke(
        app, ["check", str(tmp_path), "-j", "1", "-f", "json", "--as-of", "2023-01-01"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    codes = {f["code"] for f in data["findings"]}
    assert {"empty_file", "corrupt", "bad_name", "symlink"} <= codes
    assert all(f["indicator"] == "1.1" for f in data["findings"] if f["path"])


@pytest.mark.parametrize(
    "written",
    ["2023-07-01", "2023/7/1", "2023.07.01", "2023年7月1日", "20230701", "２０２３/７/１"],
)
def test_as_of_takes_every_form_of_the_date_grammar(tmp_path: Path, written: str) -> None:
    root = _archive(tmp_path)
    (root / "一、思想道德建设" / "1.1 理想信念教育" / "活动2.jpg").unlink()  # 1.1 now lacks a photo
    result = runner.invoke(app, ["check", str(root), "-j", "1", "--as-of", written, "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2023-07-01"
    # 1.1 was due on 2023-06-30: its gap is overdue as of 1 July, however the day is written.
    assert [f["indicator"] for f in data["findings"] if f["code"] == "overdue"] == ["1.1"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("C.UTF-8", ["error: --as-of is not a date: 2023/6/31", "write a date as 2023-10-15"]),
        ("zh_CN.UTF-8", ["错误：--as-of 不是日期：2023/6/31", "日期可写成 2023-10-15、2023/10/15"]),
    ],
)
def test_a_bad_as_of_is_a_usage_error_naming_the_forms(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    root = _archive(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "CIVARCHIVE_LANG"))}
    env |= {"LANG": lang, "LANGUAGE": ""}
    done = subprocess.run(
        [sys.executable, "-m", "civarchive", "check", str(root), "--as-of", "2023/6/31"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr.decode()
    stderr = done.stderr.decode()
    for word in words:
        assert word in stderr
    assert done.stdout == b""


def test_the_table_saved_is_never_wrapped_and_a_terminal_gets_its_width(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive")
    long_name = "关于" + "精神文明建设" * 12 + "的通知.pdf"
    make_pdf(root / "草稿区以外" / long_name)
    args = ["check", str(root), "--as-of", "2023-01-01", "-j", "1"]
    env = {**os.environ, "COLUMNS": "60", "CIVARCHIVE_LANG": "zh"}
    saved = tmp_path / "check.txt"
    with saved.open("wb") as fh:
        subprocess.run([sys.executable, "-m", "civarchive", *args], stdout=fh, env=env, timeout=120)
    text = saved.read_text(encoding="utf-8")
    assert f"草稿区以外/{long_name}" in text  # one line, whatever COLUMNS says
    [summary] = [line for line in text.splitlines() if line.startswith("完成度")]
    assert "待补" in summary  # the summary sentence whole on one line
    assert "警告" in summary
    code, shown = cli_on_terminal(*args, env={**env, "COLUMNS": "70"})
    assert code == 1
    assert f"草稿区以外/{long_name}" not in shown
    table = shown.split("问题")[0]  # the category tables (the summary wraps itself, softly)
    assert max(cell_len(line) for line in table.splitlines()) <= 70
