"""Apply a plan with a journal and undo it exactly, also after a crash mid-way."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civarchive.check import check
from civarchive.errors import UsageError
from civarchive.organize import apply_plan, build_plan, undo
from civarchive.organize.apply import STEP_DELAY_ENV
from civarchive.organize.journal import archive_lock, journals
from civarchive.organize.models import Plan
from civarchive.scan import scan
from civarchive.spec.loader import load_spec
from tests.acceptance.helpers import cli
from tests.factories import make_jpeg, tree_digest
from tests.organize.conftest import ENV, D, build_archive


def _plan(root: Path) -> Plan:
    spec = load_spec(root / "civarchive.yaml")
    inventory = scan(root, spec=spec, jobs=1, progress=False)
    report = check(spec, inventory, as_of=dt.date(2023, 7, 1), git=False)
    return build_plan(spec, inventory, report)


def test_apply_then_undo_restores_the_exact_tree(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    before = tree_digest(root)
    plan = _plan(root)
    assert len(plan.steps) >= 3
    result = apply_plan(root, plan)
    assert result.moved == len(plan.steps)
    after = tree_digest(root)
    assert after != before
    for step in plan.steps:
        assert not (root / step.source).exists()
        assert (root / step.target).is_file()
    # every byte-string is still there exactly once
    assert sorted(v for v in after.values() if v != "folder") == sorted(
        v for v in before.values() if v != "folder"
    )
    undone = undo(root)
    assert undone.restored == len(plan.steps)
    assert not undone.refused
    assert tree_digest(root) == before
    assert [s.status for s in journals(root)] == ["undone"]


def test_undo_refuses_a_file_changed_since(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    before = tree_digest(root)
    plan = _plan(root)
    apply_plan(root, plan)
    changed = root / plan.steps[0].target
    changed.write_bytes(changed.read_bytes() + b"edited")
    result = undo(root)
    assert [path for path, _ in result.refused] == [plan.steps[0].target]
    assert "修改" in result.refused[0][1] or "changed" in result.refused[0][1]
    assert changed.is_file()  # left where it is
    assert journals(root)[-1].status == "partly undone"
    # put the bytes back as they were: a second undo finishes the job
    changed.write_bytes(changed.read_bytes()[: -len(b"edited")])
    os.utime(changed, ns=(plan.steps[0].mtime_ns, plan.steps[0].mtime_ns))
    assert undo(root).restored == 1
    assert tree_digest(root) == before


def test_apply_never_overwrites(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    plan = _plan(root)
    first = plan.steps[0]
    (root / first.target).parent.mkdir(parents=True, exist_ok=True)
    (root / first.target).write_bytes(b"someone was faster")
    result = apply_plan(root, plan)
    assert [path for path, _ in result.skipped] == [first.source]
    assert (root / first.target).read_bytes() == b"someone was faster"
    assert (root / first.source).is_file()


def test_journal_must_be_a_real_folder(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".civarchive").mkdir(exist_ok=True)
    (root / ".civarchive" / "journal").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UsageError):
        apply_plan(root, _plan(root))
    assert list(elsewhere.iterdir()) == []


def test_a_second_run_waits_for_the_lock(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    with archive_lock(root), pytest.raises(UsageError, match="另一个|another"):
        apply_plan(root, _plan(root))


def test_undo_with_nothing_applied_is_a_clear_error(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    run = cli("undo", root, env=ENV)
    assert run.exit_code == 2, run.output
    assert "没有可以撤销的整理" in run.stderr


def test_crash_mid_apply_then_undo(tmp_path: Path) -> None:
    """A real SIGKILL while the plan runs (the test watches the journal), then undo."""
    root = build_archive(tmp_path / "a")
    pile = root / "待整理" / "批量"
    for n in range(12):
        make_jpeg(pile / f"学雷锋活动{n:02d}.jpg", taken=D(2023, 3, 5, 9), color=(n * 9, 60, 90))
    before = tree_digest(root)
    env = {**os.environ, **ENV, STEP_DELAY_ENV: "0.05"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "civarchive", "organize", str(root), "--apply", "-q", "--jobs", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    folder = root / ".civarchive" / "journal"
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        lines = (
            [
                json.loads(line)
                for path in folder.glob("*.jsonl")
                for line in path.read_text(encoding="utf-8").splitlines()
            ]
            if folder.is_dir()
            else []
        )
        done = sum(1 for line in lines if line["event"] == "done")
        if done >= 4:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the plan finished before the test could stop it"
    state = journals(root)[-1]
    assert state.status == "interrupted"
    assert len(state.begun) < state.total
    # every file is in its old or its new place: nothing lost, nothing doubled
    middle = tree_digest(root)
    assert sorted(v for v in middle.values() if v != "folder") == sorted(
        v for v in before.values() if v != "folder"
    )
    run = cli("undo", root, env=ENV)
    assert run.exit_code == 0, run.output
    assert tree_digest(root) == before


def test_undo_list_and_cli_apply(tmp_path: Path) -> None:
    root = build_archive(tmp_path / "a")
    run = cli("organize", root, "--apply", "--jobs", "1", env=ENV)
    assert run.exit_code == 0, run.output
    assert "已移动或改名" in run.stderr
    listed = cli("undo", root, "--list", env=ENV)
    assert "已执行" in listed.stdout
    assert cli("undo", root, env=ENV).exit_code == 0
    assert "已撤销" in cli("undo", root, "--list", env=ENV).stdout


def test_undo_reads_a_step_cut_off_before_or_after_its_rename(tmp_path: Path) -> None:
    """The two states a crash inside a step leaves: begun but not renamed, renamed but not done."""
    from civarchive.organize.journal import JournalWriter, journal_folder
    from civarchive.organize.models import JournalLine

    root = build_archive(tmp_path / "a")
    before = tree_digest(root)
    plan = _plan(root)
    first, second = plan.steps[:2]
    with JournalWriter(journal_folder(root) / "20240101T000000-abcd.jsonl") as journal:
        journal.write(JournalLine(event="plan", plan="20240101T000000-abcd", steps=2))
        for index, step in enumerate((first, second)):
            journal.write(
                JournalLine(
                    event="begin",
                    step=index,
                    source=step.source,
                    target=step.target,
                    size=step.size,
                    mtime_ns=step.mtime_ns,
                    sha256=step.sha256,
                    made_dirs=[],
                )
            )
    # the second step's rename happened, its "done" line never came
    (root / second.target).parent.mkdir(parents=True, exist_ok=True)
    os.rename(root / second.source, root / second.target)
    assert journals(root)[-1].status == "interrupted"
    result = undo(root)
    assert result.restored == 1
    assert not result.refused
    assert tree_digest(root) == before
