"""The CI integration files parse, and every civarchive command they run exists with those options."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from civarchive.cli import app

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / "docs" / "examples" / "github-actions-check.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
CI_DOC = REPO / "docs" / "ci.md"


def assert_valid_invocation(line: str) -> None:
    """``line`` (a shell command starting with civarchive) names real commands and options."""
    words = shlex.split(line.split(">>")[0].split("||")[0])
    assert words[0] == "civarchive", line
    path: list[str] = []
    args = words[1:]
    command: Any = typer.main.get_command(app)
    # typer's groups are not necessarily click.Group instances; "commands" marks a group.
    while hasattr(command, "commands") and args and args[0] in command.commands:
        path.append(args.pop(0))
        command = command.commands[path[-1]]
    assert not hasattr(command, "commands"), f"{line}: no such civarchive command"
    options = {
        opt: param for param in command.params for opt in (*param.opts, *param.secondary_opts)
    }
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if not word.startswith("-"):
            continue  # an argument such as ARCHIVE or REPORT.json
        name, _, inline = word.partition("=")
        assert name in options, f"{line}: civarchive {' '.join(path)} has no option {name}"
        param = options[name]
        if not getattr(param, "is_flag", False):
            value = inline or args[i]
            i += 0 if inline else 1
            if name == "--format":
                assert value in {"table", "json", "junit", "markdown", "xlsx"}, line
    help_result = CliRunner().invoke(app, [*path, "--help"])
    assert help_result.exit_code == 0, help_result.output


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _run_lines(data: dict[Any, Any]) -> list[str]:
    lines = []
    for job in data["jobs"].values():
        for step in job["steps"]:
            lines += [
                line.strip() for line in str(step.get("run", "")).splitlines() if line.strip()
            ]
    return lines


def test_workflow_parses_with_the_expected_steps() -> None:
    data = _workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    steps = data["jobs"]["check"]["steps"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/checkout"]["with"]["lfs"] is True
    assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11"
    assert uses["actions/upload-artifact"]["if"] == "always()"
    assert uses["actions/upload-artifact"]["with"]["path"] == "report.xml"
    assert uses["mikepenz/action-junit-report"]["if"] == "always()"
    runs = _run_lines(data)
    assert any(line.startswith("pip install") and "civarchive" in line for line in runs)
    assert "civarchive check --format junit -o report.xml" in runs
    assert 'civarchive check --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    summary = next(step for step in steps if "GITHUB_STEP_SUMMARY" in str(step.get("run", "")))
    assert summary["if"] == "always()"


def test_workflow_runs_valid_civarchive_commands() -> None:
    commands = [line for line in _run_lines(_workflow()) if line.startswith("civarchive ")]
    assert len(commands) >= 2
    for line in commands:
        assert_valid_invocation(line)


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    by_id = {hook["id"]: hook for hook in hooks}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert hook["language"] == "python"
        assert_valid_invocation(hook["entry"])
    check = by_id["civarchive-check"]
    assert check["entry"] == "civarchive check --quiet"
    assert check["pass_filenames"] is False
    assert check["always_run"] is True
    assert re.search(
        check_files := by_id["civarchive-spec-validate"]["files"], "sub/civarchive.yaml"
    )
    assert not re.search(check_files, "civarchive.yaml.bak")


def test_ci_doc_embeds_the_workflow_verbatim() -> None:
    doc = CI_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    assert WORKFLOW.read_text(encoding="utf-8") in blocks, (
        "docs/ci.md must show docs/examples/github-actions-check.yml as is"
    )


def test_ci_doc_commands_are_valid() -> None:
    doc = CI_DOC.read_text(encoding="utf-8")
    lines = re.findall(r"^(civarchive [^\n#]*?)\s*(?:#.*)?$", doc, flags=re.MULTILINE)
    assert len(lines) >= 4
    for line in lines:
        assert_valid_invocation(line)


@pytest.mark.parametrize(
    "line", ["civarchive check --colour", "civarchive publish", "civarchive check --format pdf"]
)
def test_the_validator_catches_mistakes(line: str) -> None:
    with pytest.raises(AssertionError):
        assert_valid_invocation(line)
