"""Carry a plan out (journal first, never overwrite, never delete) and undo the last one exactly.

Moves are renames inside the archive. Before each one the journal gets a synced line naming
the file (size, mtime, SHA-256) and the folders the step will create; after it, a "done"
line. A run stopped anywhere leaves each file either at its old or at its new name, and
undo finds which by looking. The target is checked to be free right before the rename,
under the archive lock: another civarchive run cannot race it; another program creating
that very name in the microseconds between the check and the rename could be replaced on
POSIX (Windows' rename refuses). We accept that window rather than depend on
renameat2(RENAME_NOREPLACE), which many file systems (FAT, SMB, macOS) lack.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.organize.journal import (
    JournalState,
    JournalWriter,
    archive_lock,
    journals,
    new_plan_id,
    now,
)
from civarchive.organize.models import JournalLine, Plan, Step
from civarchive.version import __version__

# Test-only: seconds to sleep around each rename, so a test can kill the process mid-plan
# by watching the journal (tests/organize/test_apply.py). Unset in normal use.
STEP_DELAY_ENV = "CIVARCHIVE_TEST_STEP_DELAY"


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What ``apply_plan`` did: the journal's id, files moved, steps skipped and why."""

    plan_id: str | None
    moved: int
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class UndoResult:
    """What ``undo`` did: the plan reversed, files put back, steps refused and why."""

    plan_id: str
    restored: int
    refused: tuple[tuple[str, str], ...] = ()


def apply_plan(root: Path, plan: Plan) -> ApplyResult:
    """Carry out ``plan`` in the archive at ``root``, journaled in ``.civarchive/journal/``.

    A step whose file changed since the plan was made, or whose target name is taken, is
    skipped (and said so); nothing is overwritten or deleted. Returns what was done.
    """
    if not plan.steps:
        return ApplyResult(None, 0)
    delay = _step_delay()
    skipped: list[tuple[str, str]] = []
    moved = 0
    with archive_lock(root) as folder:
        plan_id = new_plan_id()
        with JournalWriter(folder / f"{plan_id}.jsonl") as journal:
            journal.write(
                JournalLine(
                    event="plan",
                    plan=plan_id,
                    created=now(),
                    tool=__version__,
                    steps=len(plan.steps),
                )
            )
            for index, step in enumerate(plan.steps):
                reason = _blocked(root, step)
                if reason is None:
                    reason = _move(root, index, step, journal, delay)
                if reason is None:
                    moved += 1
                else:
                    journal.write(JournalLine(event="skipped", step=index, reason=reason))
                    skipped.append((step.source, reason))
            journal.write(JournalLine(event="end", created=now()))
    return ApplyResult(plan_id, moved, tuple(skipped))


def _step_delay() -> float:
    try:
        return max(0.0, float(os.environ.get(STEP_DELAY_ENV, "0")))
    except ValueError:
        return 0.0


def _blocked(root: Path, step: Step) -> str | None:
    """Why a step cannot be carried out now, or None."""
    try:
        info = os.lstat(root / step.source_os)
    except OSError:
        return tr("文件已不在原处", "the file is no longer there")
    if not stat.S_ISREG(info.st_mode):
        return tr("不是普通文件", "not a regular file")
    if info.st_size != step.size or info.st_mtime_ns != step.mtime_ns:
        return tr("制定计划后文件被修改过", "the file changed since the plan was made")
    if os.path.lexists(root / step.target):
        return tr("目标位置已有同名文件", "a file of that name is already there")
    return None


def _missing_folders(root: Path, target: str) -> list[str]:
    parts = target.split("/")[:-1]
    missing = []
    for end in range(1, len(parts) + 1):
        folder = "/".join(parts[:end])
        if not os.path.lexists(root / folder):
            missing.append(folder)
    return missing


def _move(root: Path, index: int, step: Step, journal: JournalWriter, delay: float) -> str | None:
    """One journaled rename; None when done, else why it was not."""
    made = _missing_folders(root, step.target)
    journal.write(
        JournalLine(
            event="begin",
            step=index,
            source=step.source,
            target=step.target,
            source_hex=None if step.source_os == step.source else os.fsencode(step.source_os).hex(),
            size=step.size,
            mtime_ns=step.mtime_ns,
            sha256=step.sha256,
            made_dirs=made,
        )
    )
    if delay:
        time.sleep(delay)
    try:
        for folder in made:
            (root / folder).mkdir(exist_ok=True)
        if os.path.lexists(root / step.target):  # checked again, under the lock, right before
            return tr("目标位置已有同名文件", "a file of that name is already there")
        os.rename(root / step.source_os, root / step.target)
    except OSError as error:
        return tr("无法移动：{e}", "cannot move: {e}", e=error.strerror or error)
    journal.write(JournalLine(event="done", step=index))
    if delay:
        time.sleep(delay)
    return None


# ---------------------------------------------------------------- undo


def undoable(root: Path) -> JournalState | None:
    """The last applied plan that is not wholly undone, or None."""
    for state in reversed(journals(root)):
        if state.status not in ("undone", "nothing done"):
            return state
    return None


def undo(root: Path, plan_id: str | None = None) -> UndoResult:
    """Put back every file the last applied plan (or ``plan_id``) moved, and remove the folders
    it created once empty. A file changed since (size, mtime or content), missing, or whose old
    place is taken again is refused and left where it is; undo can be run again after."""
    with archive_lock(root):
        state = _pick(root, plan_id)
        restored = 0
        refused: list[tuple[str, str]] = []
        with JournalWriter(state.path) as journal:
            journal.write(JournalLine(event="undo", plan=state.plan_id, created=now()))
            for index in sorted(state.begun, reverse=True):
                if index in state.undone:
                    continue
                line = state.begun[index]
                outcome = _reverse(root, line)
                if outcome is None or outcome == "":
                    journal.write(JournalLine(event="undone", step=index))
                    restored += outcome is None
                    _remove_made(root, line.made_dirs)
                else:
                    journal.write(JournalLine(event="refused", step=index, reason=outcome))
                    refused.append((line.target or "", outcome))
            if not refused:
                journal.write(JournalLine(event="undo_end", created=now()))
    return UndoResult(state.plan_id, restored, tuple(refused))


def _pick(root: Path, plan_id: str | None) -> JournalState:
    if plan_id is None:
        state = undoable(root)
        if state is None:
            raise UsageError(
                tr("没有可以撤销的整理", "there is no applied plan to undo"),
                hint=tr(
                    "civarchive undo --list 列出已做过的整理", "civarchive undo --list lists them"
                ),
            )
        return state
    for state in journals(root):
        if state.plan_id == plan_id:
            return state
    raise UsageError(
        tr("没有这个整理记录：{p}", "no such plan: {p}", p=plan_id),
        hint=tr("civarchive undo --list 列出已做过的整理", "civarchive undo --list lists them"),
    )


def _source_os(line: JournalLine) -> str:
    if line.source_hex:
        return os.fsdecode(bytes.fromhex(line.source_hex))
    return line.source or ""


def _reverse(root: Path, line: JournalLine) -> str | None:
    """Move one file back: None when moved back, "" when it had never moved, else why not."""
    source = root / _source_os(line)
    target = root / (line.target or "")
    at_source, at_target = os.path.lexists(source), os.path.lexists(target)
    if at_source and not at_target:
        return ""  # stopped before its rename: the file never left
    if not at_target:
        return tr("文件已不在 {p}", "the file is no longer at {p}", p=line.target)
    if at_source:
        return tr(
            "原位置 {p} 又有了文件，不能放回", "its old place {p} is taken again", p=line.source
        )
    changed = _changed(target, line)
    if changed:
        return changed
    try:
        source.parent.mkdir(parents=True, exist_ok=True)
        os.rename(target, source)
    except OSError as error:
        return tr("无法移回：{e}", "cannot move it back: {e}", e=error.strerror or error)
    return None


def _changed(path: Path, line: JournalLine) -> str | None:
    """Why the file at ``path`` is not the one the step moved, or None."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return str(error.strerror or error)
    if not stat.S_ISREG(info.st_mode):
        return tr("{p} 已不是普通文件", "{p} is no longer a regular file", p=line.target)
    if info.st_size != line.size or info.st_mtime_ns != line.mtime_ns:
        return tr(
            "{p} 自整理以来已被修改（大小或修改时间不同）",
            "{p} changed since it was moved (size or modification time differ)",
            p=line.target,
        )
    if line.sha256 is not None and _sha256(path) != line.sha256:
        return tr(
            "{p} 自整理以来内容已变", "{p} has different content since it was moved", p=line.target
        )
    return None


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _remove_made(root: Path, folders: list[str]) -> None:
    """Remove the folders a step created, deepest first, only while they are empty."""
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        try:
            (root / folder).rmdir()
        except OSError:
            continue  # not empty (or already gone): it stays
