"""Helpers for the spec tests: write YAML text, load it, and collect located problems."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from civarchive.errors import Problem, SpecError
from civarchive.spec.loader import load_spec
from civarchive.spec.models import Spec

ASSETS = Path(__file__).parent / "assets"

# Indented like the test bodies that follow it, so that write() can dedent the whole text.
VALID_HEAD = """\
        civarchive: 1
        title: 测试创建资料
        unit: 测试单位
        period: {start: 2021-01-01, end: 2023-12-31}
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(textwrap.dedent(text).encode(encoding))
    return path


def load_text(tmp_path: Path, text: str, name: str = "civarchive.yaml") -> Spec:
    return load_spec(write(tmp_path / name, text))


def problems_of(tmp_path: Path, text: str, name: str = "civarchive.yaml") -> list[Problem]:
    """Load ``text`` expecting a SpecError; return its problems."""
    path = write(tmp_path / name, text)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert caught.value.problems, caught.value.message
    return caught.value.problems


def where(problem: Problem) -> tuple[int | None, int | None, str]:
    return problem.line, problem.column, problem.field
