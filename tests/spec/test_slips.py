"""The slips a Chinese input method makes in a spec, each named at its line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civarchive.errors import Problem, SpecError
from civarchive.spec.loader import load_spec
from tests.spec.helpers import write

SPEC = """\
civarchive: 1
title: 测试创建资料
unit: 测试单位
period: {start: 2021-01-01, end: 2023-12-31}
categories:
  - id: "1"
    title: 思想道德建设
    indicators:
      - id: "1.1"
        title: 理想信念教育
        points: 4
        due: 2023-06-30
        requires:
          - {kind: document, what: 年度学习计划}
"""


def _problem(tmp_path: Path, old: str, new: str) -> Problem:
    assert old in SPEC
    path = tmp_path / "civarchive.yaml"
    path.write_text(SPEC.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    [problem] = caught.value.problems
    return problem


def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")


def _no_english(text: str) -> None:
    # Field paths and keys are the spec's own words; the parser's English must not show.
    words = set(re.findall(r"[A-Za-z]{3,}", text))
    assert words <= {
        "title",
        "points",
        "due",
        "start",
        "civarchive",
        "Tab",
        "categories",
        "indicators",
        "period",
    }, words


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "zh", "zh_hint"),
    [
        # 「：」 after a key: named on its own line, at the colon (the parser blames the next line).
        (
            "title: 测试创建资料",
            "title：理想信念教育",
            2,
            6,
            "格式错误：“title”后面是全角冒号「：」",
            "改成半角冒号加一个空格：title: …",
        ),
        (
            "        title: 理想信念教育",
            "        title：理想信念教育",
            10,
            14,
            "格式错误：“title”后面是全角冒号「：」",
            "改成半角冒号加一个空格：title: …",
        ),
        (
            "        points: 4",
            "        points：4",
            11,
            15,
            "格式错误：“points”后面是全角冒号「：」",
            "改成半角冒号加一个空格：points: …",
        ),
        # A full-width space U+3000 typed as indentation.
        (
            "        title: 理想信念教育",
            "\u3000\u3000\u3000\u3000title: 理想信念教育",
            10,
            1,
            "格式错误：缩进里有全角空格「　」",
            "切换到半角（英文）输入，用普通空格缩进",
        ),
        # A tab typed as indentation.
        (
            "        points: 4",
            "\t\tpoints: 4",
            11,
            1,
            "格式错误：缩进里有 Tab 键",
            "只能用空格缩进：把 Tab 换成空格",
        ),
        # No space after a colon: `title:理想` is one plain word for YAML.
        (
            "        title: 理想信念教育",
            "        title:理想信念教育",
            10,
            14,
            "格式错误：“title:”的冒号后面缺少空格",
            "在冒号后加一个空格：title: …",
        ),
        (
            "        due: 2023-06-30",
            "        due:2023-06-30",
            12,
            12,
            "格式错误：“due:”的冒号后面缺少空格",
            "在冒号后加一个空格：due: …",
        ),
    ],
)
def test_syntax_slips_in_chinese(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    line: int,
    column: int,
    zh: str,
    zh_hint: str,
) -> None:
    _chinese(monkeypatch)
    problem = _problem(tmp_path, old, new)
    assert (problem.line, problem.column, problem.message, problem.hint) == (
        line,
        column,
        zh,
        zh_hint,
    )
    _no_english(f"{problem.message} {problem.hint}")


def test_syntax_slips_in_english(tmp_path: Path) -> None:
    problem = _problem(tmp_path, "title: 测试创建资料", "title：理想信念教育")
    assert (problem.line, problem.column) == (2, 6)
    assert problem.message == "YAML syntax error: 'title' is followed by a full-width colon (：)"
    assert problem.hint == "write a half-width colon and a space: title: …"
    problem = _problem(tmp_path, "        title: 理想信念教育", "\u3000\u3000title: 理想信念教育")
    assert problem.message == ("YAML syntax error: a full-width space (U+3000) in the indentation")


def test_full_width_colon_inside_braces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # YAML reads `start：2021-01-01` as one unknown key: named as the slip, the missing
    # `start` it explains not reported again.
    _chinese(monkeypatch)
    problem = _problem(tmp_path, "{start: 2021-01-01", "{start：2021-01-01")
    assert (problem.line, problem.column) == (4, 10)
    assert problem.message == "“start”后面是全角冒号「：」"
    assert problem.hint == "改成半角冒号加一个空格：start: 2021-01-01"


def test_no_space_after_a_colon_inside_braces(tmp_path: Path) -> None:
    problem = _problem(tmp_path, "{kind: document", "{kind:document")
    assert (problem.line, problem.column) == (14, 14)
    assert problem.message == "no space after the colon of 'kind:'"
    assert problem.hint == "write a half-width colon and a space: kind: document"


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "zh", "zh_hint"),
    [
        (
            "due: 2023-06-30",
            "due: ２０２３-０６-３１",
            12,
            14,
            "日期无效：２０２３-０６-３１",
            "含全角字符，请改用半角（英文）输入：2023-06-31",
        ),
        (
            "points: 4",
            "points: ４",
            11,
            17,
            "应为数字，而不是 ４",
            "含全角字符，请改用半角（英文）输入：4",
        ),
    ],
)
def test_full_width_digits(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: str,
    new: str,
    line: int,
    column: int,
    zh: str,
    zh_hint: str,
) -> None:
    _chinese(monkeypatch)
    problem = _problem(tmp_path, old, new)
    assert (problem.line, problem.column, problem.message, problem.hint) == (
        line,
        column,
        zh,
        zh_hint,
    )


def test_unquoted_ids_like_1_10_keep_their_text(tmp_path: Path) -> None:
    # YAML would read `1.10` as the number 1.1; the loader keeps the text as written, so
    # `1.10` and `1.1` stay two indicators (tested with flow style in test_load.py too).
    path = write(
        tmp_path / "civarchive.yaml",
        SPEC.replace('      - id: "1.1"', "      - id: 1.10") + "      - {id: 1.1, title: 甲}\n",
    )
    spec = load_spec(path)
    assert [i.id for _, i in spec.indicators()] == ["1.10", "1.1"]


def test_other_syntax_errors_are_worded_for_the_clerk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _chinese(monkeypatch)
    problem = _problem(tmp_path, "what: 年度学习计划}", 'what: "年度学习计划}')
    assert problem.message == "格式错误：引号没有配对：值的开头有引号，结尾没有"
    problem = _problem(tmp_path, "    title: 思想道德建设", "     title: 思想道德建设")
    assert problem.message.startswith("格式错误：")
    _no_english(f"{problem.message} {problem.hint}")
    problem = _problem(tmp_path, "unit: 测试单位", "unit: @测试单位")
    assert problem.message == "格式错误：这个字符不能作为值的开头（如 @、`、%）"
    assert problem.hint == "给整个值加上引号"
