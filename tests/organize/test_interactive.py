"""organize --interactive: the files left for review are asked about one by one (stdin fed)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from civarchive.cli import app
from tests.organize.conftest import ENV, build_archive


def test_interactive_choice_becomes_a_step(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    asked = "待整理/群文件-2024-05-01/mmexport1699999999999.jpg"
    # answers: an unknown id first (asked again), then 1.1 for the first file, q for the rest
    result = CliRunner().invoke(
        app,
        ["organize", str(root), "--interactive", "--format", "json", "--jobs", "1", "--no-learn"],
        input="9.9\n1.1\nq\n",
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    steps = {s["source"]: s for s in plan["steps"]}
    assert steps[asked]["target"] == "1 思想道德/1.1 学雷锋活动/mmexport1699999999999.jpg"
    assert steps[asked]["reasons"] == ["人工选择"]
    assert "没有这个指标：9.9" in result.stderr
