"""The spec's templates (archive_code, naming): every field a later command would trip on is
refused when the spec loads, at its file, line and column."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civarchive.cli import app
from civarchive.spec.template_fields import ARCHIVE_CODE, NAMING, template_problem
from tests.spec.helpers import VALID_HEAD, load_text, problems_of, where, write

runner = CliRunner()


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{fonds}-{bogus}-{item:04d}", "unknown field {bogus}"),
        ("{fonds.__class__}", "no attribute or index of a field: {fonds.__class__}"),
        ("{fonds.__class__.__subclasses__}", "no attribute or index"),
        ("{x[0]}", "no attribute or index of a field: {x[0]}"),
        ("{item:99999999d}", "width or precision too large (at most 20): {item:99999999d}"),
        ("{fonds:.21}", "width or precision too large"),
        ("{item:{fonds}}", "no field inside a format spec"),
        ("{fonds:04d}", "a format spec does not fit its field"),
        ("{year:%Y}", "a format spec does not fit its field"),
        ("{}-{item}", "a field needs a name"),
        ("{fonds-{item", "unbalanced braces"),
    ],
)
def test_bad_archive_code_is_refused_where_it_is_written(
    tmp_path: Path, template: str, words: str
) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + f"        archive_code: '{template}'\n")
    assert where(problem) == (5, 15, "archive_code")
    assert words in problem.message
    assert "{fonds}, {category}, {indicator}, {item}" in (problem.hint or "")


@pytest.mark.parametrize(
    "template",
    [
        "{fonds}-{category}-{item:04d}",
        "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}",  # DA/T 22's own form
        "{indicator}/{item:>3}",
        "第{item}件",
    ],
)
def test_good_archive_codes_load(tmp_path: Path, template: str) -> None:
    spec = load_text(tmp_path, VALID_HEAD + f"        archive_code: '{template}'\n")
    assert spec.archive_code == template


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{date:%Y%m%d}-{bogus}", "unknown field {bogus}"),
        ("{title.upper}", "no attribute or index"),
        ("{date:%999Y}", "width or precision too large (at most 64)"),
        ("{title:.100}", "width or precision too large"),
    ],
)
def test_bad_naming_is_refused(tmp_path: Path, template: str, words: str) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + f"        naming: '{template}'\n")
    assert where(problem) == (5, 9, "naming")
    assert words in problem.message


def test_naming_may_cut_a_title_and_format_the_date(tmp_path: Path) -> None:
    template = "{date:%Y%m%d}-{title:.40}"
    assert load_text(tmp_path, VALID_HEAD + f"        naming: '{template}'\n").naming == template


def test_an_absurd_width_is_refused_before_any_formatting() -> None:
    started = time.perf_counter()
    assert template_problem("{item:999999999999d}", ARCHIVE_CODE) is not None
    assert time.perf_counter() - started < 0.1


def test_every_sample_field_formats() -> None:
    for kind in (ARCHIVE_CODE, NAMING):
        template = "-".join("{" + field + "}" for field in kind.fields)
        assert template_problem(template, kind) is None
        assert template_problem(kind.example, kind) is None


def test_spec_validate_names_the_bad_field(tmp_path: Path) -> None:
    path = write(
        tmp_path / "civarchive.yaml",
        VALID_HEAD + "        archive_code: '{fonds}-{bogus}-{item:04d}'\n",
    )
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:5:15: archive_code: the template cannot be used: unknown field {{bogus}}" in (
        result.output.replace("\n", "")
    )


def test_every_command_refuses_it_before_scanning(tmp_path: Path) -> None:
    write(tmp_path / "civarchive.yaml", VALID_HEAD + "        archive_code: '{x[0]}'\n")
    for command in (["check"], ["scan", "--format", "json"], ["todo"]):
        result = runner.invoke(app, [*command, str(tmp_path)])
        assert result.exit_code == 2, (command, result.output)
        assert "archive_code" in result.output
    bound = runner.invoke(app, ["bind", str(tmp_path), "-o", str(tmp_path.parent / "out")])
    assert bound.exit_code == 2, bound.output
    assert not (tmp_path.parent / "out").exists()
