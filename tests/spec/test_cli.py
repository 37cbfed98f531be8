"""`civarchive spec validate`, `spec schema` and `init` end to end through the CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civarchive.cli import app
from civarchive.spec.schema import spec_schema
from tests.factories import write_spec
from tests.spec.helpers import ASSETS, write

runner = CliRunner()

TYPO_SPEC = """\
civarchive: 1
tilte: 第七届全国文明单位创建资料
unit: X市人大常委会机关
period: {start: 2021-01-01, end: 2023-12-31}
"""


def test_validate_ok(tmp_path: Path) -> None:
    path = write_spec(tmp_path)
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "spec OK: 测试创建资料: 1 category, 1 indicator, 1 file\n"


def test_validate_finds_the_spec_upwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_spec(tmp_path)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = runner.invoke(app, ["spec", "validate"])
    assert result.exit_code == 0, result.output
    assert "spec OK" in result.stderr


def test_validate_design_example(tmp_path: Path) -> None:
    shutil.copy(ASSETS / "design_example.yaml", tmp_path / "civarchive.yaml")
    shutil.copy(ASSETS / "more-indicators.yaml", tmp_path / "more-indicators.yaml")
    result = runner.invoke(app, ["spec", "validate", str(tmp_path / "civarchive.yaml")])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == "spec OK: 第七届全国文明单位创建资料: 2 categories, 2 indicators, 2 files\n"
    )


def test_misspelt_key_exits_2_with_line_and_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "civarchive.yaml", TYPO_SPEC)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["spec", "validate", "civarchive.yaml"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: the spec civarchive.yaml has 1 problem",
        "  civarchive.yaml:2:1: tilte: unknown key 'tilte' (did you mean 'title'?)",
        "hint: fix them and run 'civarchive spec validate' again",
    ]


def test_many_errors_in_one_run_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    path = write(
        tmp_path / "civarchive.yaml",
        TYPO_SPEC
        + "categories:\n  - {id: '1', title: t, indicators: [{id: '1.1', title: x, due: 2030-01-01, owner: nobody}]}\n",
    )
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("错误：规范文件")
    assert f"  {path}:2:1: tilte: 未知的键 “tilte” (是不是 “title”？)" in lines
    assert any(
        ":6:65: categories[0].indicators[0].due: 截止日期 2030-01-01 不在期限" in line
        for line in lines
    )
    assert any(
        ":6:84: categories[0].indicators[0].owner: 未知的责任人 “nobody”" in line for line in lines
    )


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("civarchive: 1\nperiod:\n\tstart: 2021-01-01\n", "YAML syntax error"),
        (
            "a: &a [x, x]\nb: &b [*a, *a]\n"
            + "".join(
                f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
                for p, c in zip("bcdefghi", "cdefghij", strict=True)
            ),
            "alias",
        ),
        ("x: !!python/object/apply:os.system [echo hi]\n", "unsupported YAML tag"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_hostile_specs_exit_2_without_traceback(tmp_path: Path, content: str, needle: str) -> None:
    path = write(tmp_path / "civarchive.yaml", content)
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_validate_without_any_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["spec", "validate"])
    assert result.exit_code == 2, result.output
    assert "no civarchive.yaml found" in result.stderr
    assert "--spec" in result.stderr
    # A clerk without any spec is told the two ways to get one.
    assert "init --template wenming-jiguan" in result.stderr
    assert "spec import" in result.stderr


def test_validate_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["spec", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2, result.output
    assert "spec file not found" in result.stderr


def test_schema_prints_the_checked_in_schema() -> None:
    result = runner.invoke(app, ["spec", "schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == spec_schema()
    checked_in = Path(__file__).resolve().parents[2] / "schemas" / "spec.schema.json"
    assert result.stdout == checked_in.read_text(encoding="utf-8")


def test_schema_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "spec.schema.json"
    result = runner.invoke(app, ["spec", "schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == spec_schema()


def test_init_twice(tmp_path: Path) -> None:
    write_spec(tmp_path)
    first = runner.invoke(app, ["init", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines() == [
        "+ 1 思想道德建设",
        "+ 1 思想道德建设/1.1 理想信念教育",
        "+ 1 思想道德建设/1.1 理想信念教育/要求.md",
        "created 2 folders and 1 要求.md file",
    ]
    assert (tmp_path / "1 思想道德建设" / "1.1 理想信念教育" / "要求.md").is_file()
    second = runner.invoke(app, ["init", str(tmp_path)])
    assert second.exit_code == 0, second.output
    assert second.stderr == "nothing to create: every folder and 要求.md already exists\n"


def test_init_with_explicit_spec_and_bad_spec(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "specs")
    archive = tmp_path / "archive"
    archive.mkdir()
    result = runner.invoke(app, ["init", str(archive), "--spec", str(spec)])
    assert result.exit_code == 0, result.output
    assert (archive / "1 思想道德建设").is_dir()
    assert not (tmp_path / "specs" / "1 思想道德建设").exists()
    bad = write(tmp_path / "bad.yaml", TYPO_SPEC)
    result = runner.invoke(app, ["init", str(archive), "--spec", str(bad)])
    assert result.exit_code == 2, result.output
    assert "did you mean 'title'?" in result.stderr


def test_validate_a_folder_finds_its_spec(tmp_path: Path) -> None:
    write_spec(tmp_path)
    result = runner.invoke(app, ["spec", "validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "spec OK" in result.stderr


def test_validate_ok_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    result = runner.invoke(app, ["spec", "validate", str(write_spec(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stderr == "规范有效：《测试创建资料》，1 个测评项目，1 个指标，1 个文件\n"


# ---------------------------------------------------------------- spec import, templates, init --template


def _rubric(folder: Path) -> Path:
    from tests.factories import make_table_xlsx

    return make_table_xlsx(
        folder / "测评细则.xlsx",
        [
            ["2023年度文明单位测评细则", None, None, None, None, None, None, None],
            [
                "测评项目",
                "测评指标",
                "测评内容",
                "测评方法",
                "分值",
                "责任单位",
                "完成时限",
                "自评得分",
            ],
            [
                "一、组织领导",
                "1.1 领导体制",
                "成立精神文明建设领导小组，印发领导小组文件。",
                "查阅资料",
                3,
                "办公室",
                "2023-06-30",
            ],
            [
                "二、思想道德建设",
                "2.1 道德讲堂",
                "每年开展道德讲堂活动，留存活动照片。",
                "实地考察",
                4,
                "宣传部",
                "2023年9月底",
            ],
            ["注：自评得分由单位填写。", None, None, None, None, None, None, None],
        ],
        merges=["A1:H1", "A5:H5"],
    )


def test_import_validate_init_check_end_to_end(tmp_path: Path) -> None:
    from tests.factories import make_docx

    archive = tmp_path / "档案"
    archive.mkdir()
    spec_path = archive / "civarchive.yaml"
    imported = runner.invoke(app, ["spec", "import", str(_rubric(tmp_path)), "-o", str(spec_path)])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == ""
    assert imported.stderr.splitlines()[0] == (
        f"wrote {spec_path}: 2 categories, 2 indicators, 2 owners, 7 points"
    )
    validated = runner.invoke(app, ["spec", "validate", str(spec_path)])
    assert validated.exit_code == 0, validated.output
    assert validated.stderr == (
        "spec OK: 2023年度文明单位测评细则: 2 categories, 2 indicators, 1 file\n"
    )
    init = runner.invoke(app, ["init", str(archive)])
    assert init.exit_code == 0, init.output
    folder = archive / "1 组织领导" / "1.1 领导体制"
    assert (folder / "要求.md").is_file()
    make_docx(folder / "2023年领导小组文件.docx", text="关于成立精神文明建设领导小组的通知")
    checked = runner.invoke(
        app, ["check", str(archive), "--as-of", "2023-07-01", "-f", "json", "--jobs", "1"]
    )
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert [(i["id"], i["status"], i["owner"]) for i in report["indicators"]] == [
        ("1.1", "complete", "bgs"),
        ("2.1", "missing", "xcb"),
    ]
    assert {f["code"] for f in report["findings"]} == {"missing_evidence"}
    by_name = runner.invoke(
        app, ["check", str(archive), "--as-of", "2023-07-01", "--owner", "宣传部", "-f", "json"]
    )
    assert [i["id"] for i in json.loads(by_name.stdout)["indicators"]] == ["2.1"]


def test_import_refuses_to_overwrite_and_bad_tables(tmp_path: Path) -> None:
    table = _rubric(tmp_path)
    existing = tmp_path / "civarchive.yaml"
    existing.write_text("keep", encoding="utf-8")
    result = runner.invoke(app, ["spec", "import", str(table), "-o", str(existing)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {existing} exists; it is never overwritten\n")
    assert existing.read_text(encoding="utf-8") == "keep"
    junk = tmp_path / "细则.xlsx"
    junk.write_bytes(b"\x00" * 100)
    result = runner.invoke(app, ["spec", "import", str(junk), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "neither an Excel workbook" in result.stderr


@pytest.mark.slow
def test_import_a_huge_sheet_exits_2(tmp_path: Path) -> None:
    from tests.factories import make_table_xlsx

    rows = [["测评项目", "测评内容", "分值"]] + [["项目", f"内容{n}", 1] for n in range(5000)]
    table = make_table_xlsx(tmp_path / "大表.xlsx", rows)
    result = runner.invoke(app, ["spec", "import", str(table), "-o", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2, result.output
    assert "over the limit of 2000" in result.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_import_in_chinese_writes_civarchive_yaml_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    table = _rubric(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["spec", "import", table.name])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "已写入 civarchive.yaml：2 个测评项目，2 个指标，2 个责任人，共 7 分"
    )
    assert (tmp_path / "civarchive.yaml").is_file()
    # The table lies in the archive: the spec ignores it, so check finds no stray file.
    assert runner.invoke(app, ["init"]).exit_code == 0
    checked = runner.invoke(app, ["check", "--as-of", "2023-01-01", "-f", "json", "--jobs", "1"])
    assert checked.exit_code == 0, checked.output
    assert {f["code"] for f in json.loads(checked.stdout)["findings"]} == {"missing_evidence"}


def test_templates_listed_and_used_by_init(tmp_path: Path) -> None:
    listed = runner.invoke(app, ["spec", "templates"])
    assert listed.exit_code == 0, listed.output
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert names == ["wenming-jiguan", "blank"]
    archive = tmp_path / "新档案"
    first = runner.invoke(app, ["init", str(archive), "--template", "wenming-jiguan"])
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    assert (
        lines[0] == f"+ {archive / 'civarchive.yaml'} (template: 全国文明单位 (government offices))"
    )
    assert lines[-1] == "created 44 folders and 34 要求.md files"
    assert (archive / ".civarchive" / "spec.schema.json").is_file()
    again = runner.invoke(app, ["init", str(archive), "--template", "blank"])
    assert again.exit_code == 2, again.output
    assert "is never overwritten" in again.stderr
    unknown = runner.invoke(app, ["init", str(tmp_path / "b"), "--template", "城市"])
    assert unknown.exit_code == 2, unknown.output
    assert unknown.stderr == (
        "error: no template named '城市'\n"
        "hint: known templates: wenming-jiguan, blank (`civarchive spec templates` describes them)\n"
    )
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    ("lang", "message", "hint"),
    [
        (
            "en",
            "civarchive.yaml:4:34: period.end: not a valid date: 2023/12/32",
            "write a date as 2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日 or 20231015",
        ),
        (
            "zh",
            "civarchive.yaml:4:34: period.end: 日期无效：2023/12/32",
            "日期可写成 2023-10-15、2023/10/15、2023.10.15、2023年10月15日 或 20231015",
        ),
    ],
)
def test_a_bad_spec_date_names_its_place_and_the_forms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, message: str, hint: str
) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", lang)
    text = TYPO_SPEC.replace("tilte", "title").replace("end: 2023-12-31", "end: 2023/12/32")
    path = write(tmp_path / "civarchive.yaml", text)
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert hint in result.stderr
