"""The journal of applied plans (``ARCHIVE/.civarchive/journal/*.jsonl``) and the archive's write lock.

Each line is synced to disk before the step it announces, so whatever stops a run (a crash,
Ctrl-C, a power cut) leaves a journal that says which files may have moved; undo reads it
back and checks each file where the journal says it may be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.organize.models import JournalLine
from civarchive.workdir import WORKDIR_NAME

JOURNAL_FOLDER = "journal"
LOCK_NAME = ".lock"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _real_folder(path: Path) -> None:
    """Create ``path`` as a folder, or check it is one: never a link that sends writes elsewhere."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        try:
            path.mkdir()
        except OSError as error:
            raise _unwritable(path, error) from None
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UsageError(
            tr(
                "{p} 必须是一个真实的文件夹（现在是链接或文件），为安全起见拒绝写入",
                "{p} must be a real folder (it is a link or a file); refusing to write through it",
                p=path,
            ),
            hint=tr("删除或改名后重试", "remove or rename it, then try again"),
        )


def _unwritable(path: Path, error: OSError) -> UsageError:
    return UsageError(
        tr("无法写入 {p}：{e}", "cannot write {p}: {e}", p=path, e=error.strerror or error),
        hint=tr("请检查档案文件夹的写权限", "check that you may write to the archive folder"),
    )


def journal_folder(root: Path) -> Path:
    """``ARCHIVE/.civarchive/journal``, created as real folders (a link there is refused)."""
    work = root / WORKDIR_NAME
    _real_folder(work)
    ignore = work / ".gitignore"
    if not os.path.lexists(ignore):
        with contextlib.suppress(OSError):
            ignore.write_text("# civarchive's cache; never commit it\n*\n", encoding="utf-8")
    folder = work / JOURNAL_FOLDER
    _real_folder(folder)
    return folder


@contextlib.contextmanager
def archive_lock(root: Path) -> Iterator[Path]:
    """Hold the archive's write lock (organize --apply, undo, import, caption) for the block.

    The lock is an OS file lock, so a crashed run leaves no stale lock behind. It keeps two
    civarchive runs from moving files at once; it cannot stop another program.
    """
    folder = journal_folder(root)
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        if not _try_lock(fd):
            raise UsageError(
                tr(
                    "另一个 civarchive 正在整理或导入这个档案",
                    "another civarchive run is organizing or importing this archive",
                ),
                hint=tr("等它结束后再试", "wait for it to finish, then try again"),
            )
        yield folder
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def new_plan_id() -> str:
    """A journal name that sorts by time: ``20240501T101500-3fa2``."""
    return f"{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(2)}"


class JournalWriter:
    """Appends lines to one journal, each synced to disk before the caller goes on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | getattr(os, "O_BINARY", 0)
        try:
            self._fd = os.open(path, flags, 0o644)
        except OSError as error:
            raise _unwritable(path, error) from None
        self._file: IO[bytes] = os.fdopen(self._fd, "ab", buffering=0)

    def write(self, line: JournalLine) -> None:
        data = line.model_dump_json(exclude_none=True, exclude_defaults=True).encode("utf-8")
        self._file.write(data + b"\n")
        os.fsync(self._fd)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class JournalState:
    """What one journal says: the plan, each step begun and how far each got."""

    plan_id: str
    path: Path
    created: str = ""
    total: int = 0
    begun: dict[int, JournalLine] = field(default_factory=dict)
    done: set[int] = field(default_factory=set)
    skipped: dict[int, str] = field(default_factory=dict)
    undone: set[int] = field(default_factory=set)
    refused: dict[int, str] = field(default_factory=dict)
    ended: bool = False
    undo_ended: bool = False
    damaged_lines: int = 0

    @property
    def status(self) -> str:
        """applied | interrupted | undone | partly undone | nothing done."""
        if self.undo_ended or (self.begun and set(self.begun) <= self.undone):
            return "undone"
        if self.undone:
            return "partly undone"
        if not self.begun:
            return "nothing done"
        return "applied" if self.ended else "interrupted"


def read_journal(path: Path) -> JournalState:
    """Parse a journal; a damaged line (a power cut mid-write) is counted, not fatal."""
    state = JournalState(plan_id=path.stem, path=path)
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                line = JournalLine.model_validate_json(raw)
            except ValidationError:
                state.damaged_lines += 1
                continue
            _apply_line(state, line)
    return state


def _apply_line(state: JournalState, line: JournalLine) -> None:
    step = line.step if line.step is not None else -1
    if line.event == "plan":
        state.created = line.created or ""
        state.total = line.steps or 0
    elif line.event == "begin":
        state.begun[step] = line
    elif line.event == "done":
        state.done.add(step)
    elif line.event == "skipped":
        state.skipped[step] = line.reason or ""
    elif line.event == "end":
        state.ended = True
    elif line.event == "undone":
        state.undone.add(step)
        state.refused.pop(step, None)
    elif line.event == "refused":
        state.refused[step] = line.reason or ""
    elif line.event == "undo_end":
        state.undo_ended = True


def journals(root: Path) -> list[JournalState]:
    """Every journal of the archive, oldest first (an archive never organized has none)."""
    folder = root / WORKDIR_NAME / JOURNAL_FOLDER
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [read_journal(p) for p in sorted(folder.glob("*.jsonl")) if p.is_file()]
