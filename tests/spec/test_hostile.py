"""Hostile or broken spec files fail fast with a located message, never a traceback or object construction."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from civarchive.errors import SpecError
from civarchive.spec.loader import load_spec
from civarchive.spec.source import MAX_SPEC_BYTES
from tests.spec.helpers import VALID_HEAD, problems_of, where

BILLION_LAUGHS = """\
civarchive: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_text(BILLION_LAUGHS)
    started = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert time.perf_counter() - started < 1.0
    [problem] = caught.value.problems
    assert "alias" in problem.message
    assert problem.line is not None


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, "civarchive: 1\nloop: &a [1, *a]\n")
    assert "itself" in problem.message
    assert (problem.line, problem.column) == (2, 7)


def test_python_object_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + f"""
        fonds: !!python/object/apply:os.system ["touch {marker}"]
        naming: !!python/name:os.system
        """,
    )
    assert not marker.exists()
    assert [where(p) for p in found] == [(6, 8, "fonds"), (7, 9, "naming")]  # where each tag starts
    assert (
        found[0].message == "unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system"
    )


@pytest.mark.parametrize("tagged", ["!!binary aGVsbG8=", "!custom x", "!!set {a, b}"])
def test_other_tags_are_refused_with_location(tmp_path: Path, tagged: str) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + f"        fonds: {tagged}\n")
    assert where(problem) == (5, 8, "fonds")
    assert "unsupported YAML tag" in problem.message


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    with open(path, "wb") as handle:
        handle.write(VALID_HEAD.encode())
        handle.write(b"#" * (MAX_SPEC_BYTES + 10) + b"\n")
    started = time.perf_counter()
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert time.perf_counter() - started < 1.0
    assert "too large" in caught.value.problems[0].message


def test_gbk_file_from_notepad_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    text = "civarchive: 1\ntitle: 第七届全国文明单位创建资料\nunit: X市人大常委会机关\nperiod: {start: 2021-01-01, end: 2023-12-31}\n"
    path.write_bytes(text.encode("gbk"))
    spec = load_spec(path)
    assert (spec.title, spec.unit) == ("第七届全国文明单位创建资料", "X市人大常委会机关")


def test_gbk_file_errors_are_located_in_characters(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_bytes(
        "civarchive: 1\ntitle: 中文标题\nunit: 单位\nperiod: {start: 2021-01-01, end: 2023-12-31}\n标题: x\n".encode(
            "gbk"
        )
    )
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (5, 1, "标题")


def test_undecodable_bytes_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_bytes(b"civarchive: 1\ntitle: \xff\xfe\xfd\xfc\x80\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    assert "encoding" in problem.message
    assert problem.line == 2
    assert problem.hint == "save the file as UTF-8"


def test_utf16_with_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_bytes(VALID_HEAD.replace("        ", "").encode("utf-16"))
    assert load_spec(path).unit == "测试单位"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "the spec must be a mapping of keys (civarchive: 1, title: …)"),
        ("just some text\n", "the spec must be a mapping of keys (civarchive: 1, title: …)"),
        ("", "the spec file is empty"),
        ("# only a comment\n", "the spec file is empty"),
    ],
)
def test_not_a_mapping(tmp_path: Path, text: str, message: str) -> None:
    [problem] = problems_of(tmp_path, text)
    assert problem.message == message
    assert problem.line == 1


def test_duplicate_keys_are_located(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + """
        title: 又一个标题
        categories:
          - {id: "1", title: a, title: b}
        """,
    )
    assert [where(p) for p in found] == [(6, 1, "title"), (8, 25, "categories[0].title")]
    assert found[0].message == "duplicate key 'title' (already on line 2)"


def test_tab_indentation_is_a_located_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_text("civarchive: 1\nperiod:\n\tstart: 2021-01-01\n")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message == "YAML syntax error: a tab in the indentation"
    assert problem.hint == "YAML is indented with spaces only: replace the tab with spaces"


def test_syntax_error_is_located(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, "civarchive: 1\ntitle: [unclosed\nunit: x\n")
    assert problem.message.startswith("YAML syntax error")
    assert problem.line == 3


def test_two_documents_are_refused(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        ---\n        civarchive: 1\n")
    assert problem.line == 5
    assert problem.hint is not None


def test_undefined_alias(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        fonds: *nowhere\n")
    assert (problem.line, problem.column) == (5, 8)


def test_deep_nesting_fails_cleanly(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, "civarchive: 1\ndeep: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting" in problem.message


def test_control_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_text("civarchive: 1\ntitle: 中文标题\x07b\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, 12)


def test_complex_keys_are_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, VALID_HEAD + "        ? [a, b]\n        : x\n")
    assert found[0].message == "a key must be plain text"
    assert found[0].line == 5


def test_real_office_and_camera_files_given_as_spec_fail_cleanly(real_corpus: Path) -> None:
    # A clerk passing a photo, a DOCX or a video as --spec gets a message, never a crash.
    files = sorted(
        p for p in real_corpus.iterdir() if p.is_file() and p.stat().st_size <= MAX_SPEC_BYTES
    )
    assert files
    for path in files:
        with pytest.raises(SpecError) as caught:
            load_spec(path)
        assert caught.value.problems, path
