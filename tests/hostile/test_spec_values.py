"""Spec values that would crash a later command are refused where the spec is loaded, with
the file, line and column; a large spec without aliases is not taken for an alias bomb."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from civarchive.errors import SpecError
from civarchive.spec.loader import load_spec
from tests.hostile.conftest import cli_env, needs_linux

BASE = """civarchive: 1
title: 测试
unit: 单位
period: {start: 2021-01-01, end: 2023-12-31}
"""


def _problems(tmp_path: Path, text: str) -> list[str]:
    spec = tmp_path / "civarchive.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('include: ["a\\0b"]\n', "civarchive.yaml:5:"),
        ('categories: [{id: "1", title: 思想, folder: "a\\0b"}]\n', "categories[0].folder"),
        ('categories: [{id: "1\\x1b", title: 思想}]\n', "categories[0].id"),
        ('categories: [{id: "1", title: "思想\\u202e"}]\n', "categories[0].title"),
        ('owners: [{id: "x\\ty", name: 宣传部}]\n', "owners[0].id"),
        ('categories: [{id: "1", title: "a\\nb"}]\n', "categories[0].title"),
    ],
)
def test_control_characters_are_refused_where_written(
    tmp_path: Path, body: str, where: str
) -> None:
    problems = _problems(tmp_path, BASE + body)
    assert any(where in p and "civarchive.yaml:" in p for p in problems), problems


def test_free_text_may_span_lines(tmp_path: Path) -> None:
    spec = tmp_path / "civarchive.yaml"
    spec.write_text(
        BASE
        + 'categories: [{id: "1", title: 思想, indicators: '
        + '[{id: "1.1", title: 学习, content: "第一行\\n第二行\\t完"}]}]\n',
        encoding="utf-8",
    )
    assert load_spec(spec).categories[0].indicators[0].content == "第一行\n第二行\t完"


def _big_spec(path: Path, categories: int) -> None:
    lines = [BASE.rstrip("\n"), "categories:"]
    for c in range(1, categories + 1):
        lines += [f'  - id: "{c}"', f"    title: 测评项目{c}", "    indicators:"]
        for i in range(1, 11):
            lines += [
                f'      - id: "{c}.{i}"',
                f"        title: 指标{c}.{i}",
                "        requires:",
                "          - {kind: 文件, what: 年度学习计划, match: [计划, 方案]}",
                "          - {kind: 照片, what: 活动照片, min: 4}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@needs_linux
@pytest.mark.slow
def test_large_spec_without_aliases_loads_within_a_memory_limit(tmp_path: Path) -> None:
    spec = tmp_path / "civarchive.yaml"
    _big_spec(spec, 900)  # about 1.8 MB, over 250,000 nodes, no alias at all
    assert spec.stat().st_size > 1_500_000

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    result = subprocess.run(
        [sys.executable, "-m", "civarchive", "spec", "validate", str(spec)],
        env=cli_env(),
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "9000 indicators" in result.stderr


def test_alias_bomb_is_still_refused(tmp_path: Path) -> None:
    lines = [BASE.rstrip("\n"), 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    problems = _problems(tmp_path, "\n".join(lines) + "\n")
    assert any("alias bomb" in p for p in problems), problems
