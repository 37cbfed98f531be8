"""Acceptance: the spec of design §3, written from the design alone, and its error contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.acceptance.archives import ENV
from tests.acceptance.helpers import SCHEMAS, assert_clean, cli

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture
def design_spec(tmp_path: Path) -> Path:
    """The YAML example of design §3, verbatim, with the file its `include:` names."""
    shutil.copy(ASSETS / "design-spec.yaml", tmp_path / "civarchive.yaml")
    shutil.copy(ASSETS / "more-indicators.yaml", tmp_path / "more-indicators.yaml")
    return tmp_path / "civarchive.yaml"


def _rewrite(path: Path, old: str, new: str) -> int:
    """Replace one exact piece of the spec; return the 1-based line where it sits."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_design_example_validates(design_spec: Path) -> None:
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output


def test_design_example_drives_check(design_spec: Path) -> None:
    run = cli(
        "check",
        design_spec.parent,
        "--format",
        "json",
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env=ENV,
    )
    assert_clean(run)
    report = run.json()
    assert {i["id"] for i in report["indicators"]} == {"1.1", "9.1"}
    assert report["summary"]["points_total"] == pytest.approx(5.0)  # 4 + the default 1


@pytest.mark.parametrize(
    ("old", "new", "wrong", "right"),
    [
        ("min_megapixels: 3 ", "min_megapixel: 3  ", "min_megapixel", "min_megapixels"),
        ("title: 第七届", "titel: 第七届", "titel", "title"),
        ("per_year: true", "peryear: true ", "peryear", "per_year"),
    ],
)
def test_misspelled_key_names_line_and_suggests(
    design_spec: Path, old: str, new: str, wrong: str, right: str
) -> None:
    line = _rewrite(design_spec, old, new)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert f"civarchive.yaml:{line}:" in run.output
    assert wrong in run.output
    assert f"'{right}'" in run.output


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("due: 2023-06-30", "due: 2024-06-30", "due"),
        ("owner: xcb", "owner: nobody", "nobody"),
        ("min: 4", "min: 0", "min"),
        ("start: 2021-01-01", "start: 2021-02-30", "start"),
        ("kind: video", "kind: 电影", "kind"),
    ],
)
def test_spec_errors_exit_2_with_location(
    design_spec: Path, old: str, new: str, needle: str
) -> None:
    line = _rewrite(design_spec, old, new)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert "civarchive.yaml:" in run.output
    assert f":{line}:" in run.output or "duplicate" in run.output.lower(), run.output
    assert needle in run.output


@pytest.mark.parametrize(("old", "new"), [('id: "9"', 'id: "1"'), ('id: "9.1"', 'id: "1.1"')])
def test_duplicate_ids_across_included_files(design_spec: Path, old: str, new: str) -> None:
    included = design_spec.parent / "more-indicators.yaml"
    _rewrite(included, old, new)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert "more-indicators.yaml:" in run.output or "civarchive.yaml:" in run.output
    assert new.split(": ")[1].strip('"') in run.output


def test_chinese_kind_words(design_spec: Path) -> None:
    for english, chinese in [
        ("kind: document", "kind: 文档"),
        ("kind: video", "kind: 视频"),
        ("kind: photo", "kind: 照片"),
    ]:
        _rewrite(design_spec, english, chinese)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert run.exit_code == 0, run.output


def test_check_with_bad_spec_exits_2(design_spec: Path) -> None:
    _rewrite(design_spec, "title: 第七届", "titel: 第七届")
    run = cli("check", design_spec.parent, "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output


def test_schema_command_equals_checked_in_schema() -> None:
    run = cli("spec", "schema", env=ENV)
    assert run.exit_code == 0
    assert json.loads(run.stdout) == json.loads(
        (SCHEMAS / "spec.schema.json").read_text(encoding="utf-8")
    )


def test_design_example_is_valid_against_the_schema(design_spec: Path) -> None:
    import jsonschema
    import yaml

    schema = json.loads((SCHEMAS / "spec.schema.json").read_text(encoding="utf-8"))
    data = json.loads(
        json.dumps(yaml.safe_load(design_spec.read_text(encoding="utf-8")), default=str)
    )
    jsonschema.validate(data, schema)


def test_zh_messages(design_spec: Path) -> None:
    _rewrite(design_spec, "title: 第七届", "titel: 第七届")
    run = cli("spec", "validate", design_spec, env={**ENV, "CIVARCHIVE_LANG": "zh"})
    assert run.exit_code == 2
    assert "title" in run.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in run.output.replace("第七届", "")), run.output


# ---------------------------------------------------------------- hostile specs, in a child process

BILLION_LAUGHS = """civarchive: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: lol
"""


def _hostile_spec(tmp_path: Path, kind: str) -> Path:
    spec = tmp_path / "civarchive.yaml"
    design = (
        (ASSETS / "design-spec.yaml")
        .read_text(encoding="utf-8")
        .replace("include: [more-indicators.yaml]", "")
    )
    if kind == "laughs":
        spec.write_text(BILLION_LAUGHS, encoding="utf-8")
    elif kind == "python":
        marker = tmp_path / "pwned"
        spec.write_text(
            design.replace(
                "title: 第七届",
                f'title: !!python/object/apply:os.system ["touch {marker}"]\nx: 第七届',
                1,
            ),
            encoding="utf-8",
        )
    elif kind == "huge":
        spec.write_text(design + "# " + "填" * 2_000_000 + "\n", encoding="utf-8")  # about 6 MB
    elif kind == "gbk":
        spec.write_bytes(design.encode("gbk"))
    return spec


@pytest.mark.parametrize(
    ("kind", "codes"), [("laughs", {2}), ("python", {2}), ("huge", {0, 2}), ("gbk", {0, 2})]
)
def test_hostile_specs(tmp_path: Path, kind: str, codes: set[int]) -> None:
    from tests.acceptance.helpers import cli_process

    spec = _hostile_spec(tmp_path, kind)
    run = cli_process("spec", "validate", spec, env=ENV, timeout=60)
    assert_clean(run)
    assert run.exit_code in codes, run.output
    assert not (tmp_path / "pwned").exists()
    if run.exit_code == 2:
        assert "civarchive.yaml" in run.output
    check = cli("check", tmp_path, "--jobs", "1", env=ENV)
    assert_clean(check)
    assert check.exit_code in codes | {1}, check.output


def test_gbk_spec_reads_its_chinese_right(tmp_path: Path) -> None:
    """Notepad on Chinese Windows saves GBK: either read it right or say which encoding is wrong."""
    spec = _hostile_spec(tmp_path, "gbk")
    run = cli(
        "check", tmp_path, "--format", "json", "--as-of", "2023-07-01", "--jobs", "1", env=ENV
    )
    assert_clean(run)
    if run.exit_code == 2:
        assert "UTF-8" in run.output or "GBK" in run.output.upper(), run.output
    else:
        assert run.json()["spec"]["title"] == "第七届全国文明单位创建资料"
    assert spec.read_bytes().startswith(b"civarchive: 1")


@pytest.mark.parametrize(
    ("old", "new", "right"),
    [
        ("retention: 永久", "retention: 5年", "永久"),
        ("caption: required ", "caption: always   ", "required"),
        (
            "photo: {min_megapixels: 3, caption: required}",
            "photo: {min_megapixels: 3, caption: 必须}",
            "optional",
        ),
    ],
)
def test_bad_optional_enum_value_is_a_spec_error(
    design_spec: Path, old: str, new: str, right: str
) -> None:
    line = _rewrite(design_spec, old, new)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert run.exit_code == 2, run.output
    assert f"civarchive.yaml:{line}:" in run.output
    assert right in run.output


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("points: 4 ", "points: -1", "points"),
        ("civarchive: 1 ", "civarchive: 2 ", "2"),
        (
            "period: {start: 2021-01-01, end: 2023-12-31}",
            "period: {start: 2023-12-31, end: 2021-01-01}",
            "period",
        ),
        ("unit: X市人大常委会机关", "unit: X市人大常委会机关\nunit: 另一个单位", "unit"),
        ("code: low_resolution", "code: low_res", "low_resolution"),
        ("reason: 2021年翻拍的历史照片", "path2: x", "reason"),
        (
            "  - {id: xcb, name: 宣传部, contact: 张三}",
            "  - {id: xcb, name: 宣传部, contact: 张三}\n  - {id: xcb, name: 办公室}",
            "xcb",
        ),
        (
            "within: {start: 2022-01-01, end: 2022-12-31}",
            "within: {start: 2019-01-01, end: 2019-12-31}",
            "within",
        ),
    ],
)
def test_more_spec_rules_exit_2(design_spec: Path, old: str, new: str, needle: str) -> None:
    _rewrite(design_spec, old, new)
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert "civarchive.yaml:" in run.output
    assert needle in run.output


def test_not_applicable_needs_a_note(design_spec: Path) -> None:
    _rewrite(design_spec, "applicable: true ", "applicable: false")
    _rewrite(
        design_spec,
        "        note: 本单位无此项职能         # optional 情况说明; required when applicable is false\n",
        "",
    )
    run = cli("spec", "validate", design_spec, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output
    assert "note" in run.output
