"""`civarchive import`: land new files from zips and folders in the archive's inbox, each byte-string once.

Every member is streamed into a temporary file under ``.civarchive/staging/`` (hashing as
it goes, within the limits of sources.py), then renamed to its place in
``<inbox>/<source>-<date>/``: an interrupted import leaves no half file in the archive.
Bytes the archive already holds (by the scan's SHA-256, not hashed again) are skipped and
named; a name already taken gets `` (2)``; nothing is overwritten or written outside.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.names import name_key, numbered, windows_safe_name
from civarchive.organize.journal import archive_lock
from civarchive.organize.sources import (
    Budget,
    Dropped,
    Event,
    Limits,
    Member,
    MemberRefused,
    Refusal,
    SourceStopped,
    ZipReader,
    archive_refusal,
    copy_capped,
    file_opener,
    read_folder,
    readable,
    source_type,
)
from civarchive.scan.models import Inventory
from civarchive.scan.walk import display_path
from civarchive.spec.models import Spec
from civarchive.workdir import WORKDIR_NAME

STAGING = "staging"


@dataclass(frozen=True, slots=True)
class Landed:
    """A new file: where it came from in the source and where it is now (archive-relative)."""

    label: str
    path: str
    size: int


@dataclass(frozen=True, slots=True)
class Known:
    """A member whose bytes the archive already holds, and where."""

    label: str
    existing: str


@dataclass(slots=True)
class SourceResult:
    """What one source gave: files landed, known bytes skipped, members dropped or refused."""

    source: str
    folder: str
    landed: list[Landed] = field(default_factory=list)
    known: list[Known] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Every source's result, in the order given."""

    sources: tuple[SourceResult, ...]

    @property
    def landed_paths(self) -> list[str]:
        return [landed.path for result in self.sources for landed in result.landed]


def import_sources(
    root: Path,
    spec: Spec,
    inventory: Inventory,
    sources: list[Path],
    *,
    today: dt.date | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Import ``sources`` (zip files, folders, single files) into the archive's inbox.

    ``inventory`` is a fresh scan of the archive: its SHA-256s say which bytes are known.
    Each source lands in ``<inbox>/<source name>-<today>/`` keeping its inner folders.
    Raises UsageError for a source that does not exist or overlaps the archive.
    """
    root = root.resolve()
    day = (today or dt.date.today()).isoformat()
    for source in sources:
        _check_source(root, source)
    known: dict[str, str] = {}
    for item in inventory.files:
        if item.sha256 and item.size:
            known.setdefault(item.sha256, item.path)
    results = []
    with archive_lock(root), _staging(root) as staging:
        lander = _Lander(root, staging, known)
        for source in sources:
            folder = f"{spec.inbox}/{readable(_source_name(source))}-{day}"
            result = SourceResult(source=str(source), folder=folder)
            budget = Budget(limits or Limits())
            try:
                for event in _events(source, budget, lander, staging):
                    lander.take(event, folder, budget, result)
            except SourceStopped as stop:
                result.refused.append(Refusal(source.name, str(stop)))
            results.append(result)
    return ImportResult(tuple(results))


def _source_name(source: Path) -> str:
    name = source.resolve().name if source.name in ("", ".", "..") else source.name
    return name.rpartition(".")[0] if source.is_file() and "." in name else name


def _check_source(root: Path, source: Path) -> None:
    if not os.path.lexists(source):
        raise UsageError(
            tr("找不到要导入的文件或文件夹：{p}", "nothing to import at {p}", p=source),
            hint=tr("请检查路径", "check the path"),
        )
    real = source.resolve()
    if real == root or root in real.parents or real in root.parents:
        raise UsageError(
            tr(
                "{p} 在档案之内（或包含档案），不能导入",
                "{p} is inside the archive (or holds it); it cannot be imported",
                p=source,
            ),
            hint=tr(
                "档案里的文件用 civarchive organize 整理",
                "files already in the archive are sorted with civarchive organize",
            ),
        )


def _events(source: Path, budget: Budget, lander: _Lander, staging: Path) -> Iterator[Event]:
    kind = source_type(source)
    if kind == "folder":
        yield from read_folder(source)
    elif kind == "zip":
        yield from _zip_events(source, (), 1, budget, lander, staging)
    elif kind in ("7z", "rar"):
        yield Refusal(source.name, archive_refusal(f".{kind}"))
    else:
        yield Member(
            (readable(source.name),),
            source.name,
            file_opener(source),
            mtime=source.stat().st_mtime,
        )


def _zip_events(
    path: Path, prefix: tuple[str, ...], depth: int, budget: Budget, lander: _Lander, staging: Path
) -> Iterator[Event]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        yield Refusal(
            "/".join(prefix) or path.name, tr("压缩包已损坏：{e}", "damaged zip: {e}", e=error)
        )
        return
    with archive:
        reader = ZipReader(archive, prefix, depth)
        yield from reader.events()
        for member, nested_depth in reader.nested:
            if nested_depth > budget.limits.max_depth:
                yield Refusal(
                    member.label,
                    tr(
                        "压缩包嵌套超过 {n} 层，拒绝导入（疑似压缩炸弹）",
                        "zips nested deeper than {n}; refused (zip bomb?)",
                        n=budget.limits.max_depth,
                    ),
                )
                continue
            inner = staging / f"nested-{secrets.token_hex(6)}.zip"
            try:
                budget.count_member()
                with member.open() as source, open(inner, "wb") as target:
                    copy_capped(source, target, budget, member.compressed)
            except MemberRefused as refused:
                inner.unlink(missing_ok=True)
                yield Refusal(member.label, str(refused))
                continue
            stem = member.parts[-1].rpartition(".")[0] or member.parts[-1]
            try:
                yield from _zip_events(
                    inner, (*member.parts[:-1], stem), nested_depth, budget, lander, staging
                )
            finally:
                inner.unlink(missing_ok=True)


@contextlib.contextmanager
def _staging(root: Path) -> Iterator[Path]:
    """A private folder for temporary files under ``.civarchive/staging``; leftovers of an
    earlier interrupted import (only civarchive's own ``*.part`` files) are cleared first."""
    base = root / WORKDIR_NAME / STAGING
    try:
        info = os.lstat(base)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise UsageError(
                tr(
                    "{p} 必须是一个真实的文件夹，为安全起见拒绝写入",
                    "{p} must be a real folder; refusing to write through it",
                    p=base,
                )
            )
    except FileNotFoundError:
        base.mkdir()
    for run in base.glob("run-*"):
        if run.is_dir() and not run.is_symlink():
            for leftover in run.iterdir():
                if leftover.suffix in (".part", ".zip") and leftover.is_file():
                    leftover.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                run.rmdir()
    folder = base / f"run-{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir()
    try:
        yield folder
    finally:
        for leftover in folder.iterdir():
            leftover.unlink(missing_ok=True)
        folder.rmdir()


class _Lander:
    """Moves streamed members into the archive: one copy of each byte-string, no overwrite."""

    def __init__(self, root: Path, staging: Path, known: dict[str, str]) -> None:
        self.root = root
        self.staging = staging
        self.known = known
        self.taken: dict[str, set[str]] = {}

    def take(self, event: Event, folder: str, budget: Budget, result: SourceResult) -> None:
        if isinstance(event, Dropped):
            result.dropped.append(event.label)
            return
        if isinstance(event, Refusal):
            result.refused.append(event)
            return
        budget.count_member()
        temp = self.staging / f"{secrets.token_hex(8)}.part"
        try:
            with event.open() as source, open(temp, "wb") as target:
                copied = copy_capped(source, target, budget, event.compressed)
                target.flush()
                os.fsync(target.fileno())
        except MemberRefused as refused:
            temp.unlink(missing_ok=True)
            result.refused.append(Refusal(event.label, str(refused)))
            return
        except OSError as error:
            temp.unlink(missing_ok=True)
            result.refused.append(
                Refusal(event.label, tr("无法读取：{e}", "cannot be read: {e}", e=error.strerror))
            )
            return
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        existing = self.known.get(copied.sha256) if copied.size else None
        if existing is not None:
            temp.unlink()
            result.known.append(Known(event.label, existing))
            return
        path = self._land(temp, folder, event)
        if copied.size:
            self.known[copied.sha256] = path
        result.landed.append(Landed(event.label, path, copied.size))

    def _land(self, temp: Path, folder: str, member: Member) -> str:
        parts = [windows_safe_name(p) for p in (*folder.split("/"), *member.parts)]
        parent = "/".join(parts[:-1])
        self._folders(parts[:-1])
        if member.mtime is not None:
            with contextlib.suppress(OSError, OverflowError, ValueError):
                os.utime(temp, (member.mtime, member.mtime))
        taken = self._taken(parent)
        name, number = parts[-1], 1
        # Checked and renamed under the archive lock; see apply.py for the race accepted.
        while name_key(name) in taken or os.path.lexists(self.root / parent / name):
            number += 1
            name = numbered(parts[-1], number)
        os.rename(temp, self.root / parent / name)
        taken.add(name_key(name))
        return f"{parent}/{name}"

    def _folders(self, parts: list[str]) -> None:
        """Create the folders, refusing one that is a link or a file (never write through it)."""
        current = self.root
        for part in parts:
            current = current / part
            try:
                info = os.lstat(current)
            except FileNotFoundError:
                current.mkdir()
                continue
            if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
                raise UsageError(
                    tr(
                        "{p} 不是真实的文件夹（是链接或文件），拒绝写入",
                        "{p} is not a real folder (a link or a file); refusing to write there",
                        p=current.relative_to(self.root).as_posix(),
                    ),
                    hint=tr("改名或移走它后重试", "rename or move it, then try again"),
                )

    def _taken(self, folder: str) -> set[str]:
        if folder not in self.taken:
            try:
                names = {name_key(display_path(n)) for n in os.listdir(self.root / folder)}
            except OSError:
                names = set()
            self.taken[folder] = names
        return self.taken[folder]
