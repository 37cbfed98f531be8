"""The CLI edge: version, help on every command, and the error-to-exit-code mapping."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from civarchive.cli import app
from civarchive.cli_errors import CivarchiveGroup
from civarchive.errors import Problem, SpecError, UsageError
from civarchive.version import __version__

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"civarchive {__version__}"


def _commands(typer_app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [(*prefix, c.name or c.callback.__name__) for c in typer_app.registered_commands]  # type: ignore[union-attr]
    for group in typer_app.registered_groups:
        found += _commands(group.typer_instance, (*prefix, group.name or ""))  # type: ignore[arg-type]
    return found


def test_every_command_has_help() -> None:
    commands = _commands(app)
    assert ("spec", "validate") in commands
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output


def _tiny_app(error: BaseException) -> typer.Typer:
    """An app whose one command raises ``error``, behind the same error edge as civarchive's."""
    tiny = typer.Typer(cls=CivarchiveGroup)

    @tiny.callback()
    def _group() -> None:
        """A group, as civarchive's app is (one command alone would not be one)."""

    @tiny.command()
    def boom() -> None:
        raise error

    return tiny


def test_user_error_is_a_message_and_exit_2() -> None:
    result = runner.invoke(
        _tiny_app(UsageError("archive folder not found: x", hint="check the path")), ["boom"]
    )
    assert result.exit_code == 2
    assert "error: archive folder not found: x" in result.output
    assert "hint: check the path" in result.output
    assert "Traceback" not in result.output


def test_spec_error_lists_every_problem() -> None:
    problems = [
        Problem("civarchive.yaml", 3, 1, "tilte", "unknown key", "did you mean 'title'?"),
        Problem("civarchive.yaml", 9, 7, "categories[0].id", "duplicate id '1'"),
    ]
    result = runner.invoke(_tiny_app(SpecError("the spec has 2 problems", problems)), ["boom"])
    assert result.exit_code == 2
    assert "civarchive.yaml:3:1: tilte: unknown key (did you mean 'title'?)" in result.output
    assert "civarchive.yaml:9:7: categories[0].id: duplicate id '1'" in result.output


def test_bug_is_exit_3_with_a_fresh_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The log is a new file in the user cache (never a fixed name a link could stand for).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = runner.invoke(_tiny_app(ZeroDivisionError("boom")), ["boom"])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    logs = list((tmp_path / "cache" / "civarchive").glob("civarchive-error-*.log"))
    assert len(logs) == 1
    assert str(logs[0]) in result.output.replace("\n", "")
    assert "ZeroDivisionError: boom" in logs[0].read_text(encoding="utf-8")


def test_verbose_says_how_long_each_stage_took(tmp_path: Path) -> None:
    from tests.factories import write_spec

    write_spec(tmp_path)
    result = runner.invoke(
        app, ["check", str(tmp_path), "--verbose", "--format", "json", "--jobs", "1"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "scanned 0 files: " in result.stderr
    assert "checked 1 indicators: " in result.stderr
    quiet = runner.invoke(app, ["todo", str(tmp_path), "--quiet", "--jobs", "1"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""


def test_a_file_given_as_the_archive_is_named_as_such(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "civarchive.yaml"
    not_a_folder.write_text("civarchive: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(not_a_folder)])
    assert result.exit_code == 2, result.output
    assert "the archive must be a folder, not a file" in result.output
