"""What `import` reads: folders and zip files (GBK names, nested zips), each member checked for safety.

A member is refused, with the reason, when its name is absolute, has a drive letter or
climbs out with ``..``, when it is a link, encrypted or damaged, and when it inflates past
the limits (bytes per member, bytes in all, compression ratio, nesting depth, member
count). Sizes are counted while the bytes stream, never taken from a zip's header. macOS
leftovers (``__MACOSX/``, ``._*``, ``.DS_Store``) and Windows' ``Thumbs.db`` are dropped.
RAR and 7z archives are refused with a way out (extract them first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from civarchive.i18n import tr
from civarchive.names import gbk_reading, is_copy_name, undo_cp437_mojibake, windows_safe_name

_CHUNK = 1 << 20
_DROPPED_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})
_DRIVE = re.compile(r"^[A-Za-z]:")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
RAR_MAGIC = b"Rar!\x1a\x07"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a source may unpack to: per member, in all, by ratio, by depth and by count."""

    max_member_bytes: int = 8 << 30  # a long 4K video
    max_total_bytes: int = 64 << 30
    max_ratio: int = 200  # photos and videos do not compress; Office files 3-20x; zeros 1000x
    ratio_floor: int = 4 << 20  # ratios are judged once a member has inflated this far
    max_depth: int = 3  # a zip in a zip in a zip
    max_members: int = 20_000


class MemberRefused(Exception):
    """One member cannot be imported; the reason is the message."""


class SourceStopped(Exception):
    """The source as a whole went past a limit; nothing more is read from it."""


@dataclass(slots=True)
class Budget:
    """What one source has unpacked so far, against its limits."""

    limits: Limits
    total: int = 0
    members: int = 0

    def count_member(self) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise SourceStopped(
                tr(
                    "成员超过 {n} 个，其余未导入（疑似压缩炸弹）",
                    "more than {n} members; the rest was not imported (zip bomb?)",
                    n=self.limits.max_members,
                )
            )


@dataclass(frozen=True, slots=True)
class Member:
    """A file to import: its readable relative path parts and how to read its bytes."""

    parts: tuple[str, ...]
    label: str  # as the source names it, for messages
    open: Callable[[], BinaryIO]
    compressed: int | None = None  # bytes it is stored in (zip), for the ratio check
    mtime: float | None = None


@dataclass(frozen=True, slots=True)
class Dropped:
    """A member left out on purpose (``__MACOSX``, ``._*``, ``Thumbs.db``)."""

    label: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """A member refused, and why."""

    label: str
    reason: str


Event = Member | Dropped | Refusal


@dataclass(frozen=True, slots=True)
class Copied:
    """A member's bytes written to a temporary file: its digest and size."""

    sha256: str
    size: int


def copy_capped(
    source: BinaryIO, target: BinaryIO, budget: Budget, compressed: int | None
) -> Copied:
    """Stream ``source`` into ``target``, stopping at the limits (the bytes are counted, not declared)."""
    limits = budget.limits
    digest = hashlib.sha256()
    size = 0
    while True:
        try:
            chunk = source.read(_CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            raise MemberRefused(tr("已损坏：{e}", "damaged: {e}", e=error)) from None
        if not chunk:
            break
        size += len(chunk)
        budget.total += len(chunk)
        if size > limits.max_member_bytes:
            raise MemberRefused(
                tr(
                    "解压后超过 {n} 字节（疑似压缩炸弹）",
                    "inflates past {n} bytes (zip bomb?)",
                    n=f"{limits.max_member_bytes:,}",
                )
            )
        if budget.total > limits.max_total_bytes:
            raise SourceStopped(
                tr(
                    "解压总量超过 {n} 字节，其余未导入（疑似压缩炸弹）",
                    "unpacks past {n} bytes in all; the rest was not imported (zip bomb?)",
                    n=f"{limits.max_total_bytes:,}",
                )
            )
        if compressed is not None and size > limits.ratio_floor:
            ratio = size / max(compressed, 1)
            if ratio > limits.max_ratio:
                raise MemberRefused(
                    tr(
                        "压缩比超过 {r}:1（疑似压缩炸弹）",
                        "compresses more than {r}:1 (zip bomb?)",
                        r=limits.max_ratio,
                    )
                )
        digest.update(chunk)
        target.write(chunk)
    return Copied(digest.hexdigest(), size)


# ---------------------------------------------------------------- names


def readable(part: str) -> str:
    """One name part as a person can read it, valid on Windows: GBK mojibake repaired."""
    if any("\udc80" <= c <= "\udcff" for c in part):  # undecodable bytes (a folder's GBK name)
        part = gbk_reading(os.fsencode(part)) or os.fsencode(part).decode("utf-8", "replace")
    part = undo_cp437_mojibake(part) or part
    return windows_safe_name(part)


def _dropped(parts: list[str]) -> bool:
    name = parts[-1]
    return (
        "__MACOSX" in parts
        or name.startswith(("._", "~$", ".~lock."))
        or name.casefold() in _DROPPED_NAMES
    )


def member_parts(name: str) -> tuple[str, ...] | Refusal | None:
    """A member name's safe relative parts; a Refusal when it is unsafe; None for a folder entry."""
    text = name.replace("\\", "/")
    if text.startswith("/") or _DRIVE.match(text):
        return Refusal(name, tr("绝对路径，拒绝导入", "absolute path; refused"))
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        return Refusal(
            name,
            tr("路径含 ..，会写到目标文件夹之外，拒绝导入", "path climbs out with ..; refused"),
        )
    if not parts or text.endswith("/"):
        return None
    return tuple(parts)


def zip_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name decoded right: UTF-8 when flagged (or valid), else GBK, else CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.orig_filename.encode("cp437")  # zipfile read the bytes as CP437
    if raw.isascii():
        return info.filename
    try:
        return raw.decode("utf-8")  # macOS writes UTF-8 without the flag
    except UnicodeDecodeError:
        pass
    return (gbk_reading(raw) or info.orig_filename).replace("\\", "/")


# ---------------------------------------------------------------- readers


def source_type(path: Path) -> str:
    """``folder``, ``zip``, ``7z``, ``rar`` or ``file`` (by content, not by extension)."""
    if path.is_dir():
        return "folder"
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return "file"
    if head.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    if head.startswith(RAR_MAGIC):
        return "rar"
    if head.startswith(ZIP_MAGIC) and not _office_document(path):
        return "zip"
    return "file"


def _office_document(path: Path) -> bool:
    # A DOCX, XLSX, PPTX or OFD is a zip too, but it is a document to import whole.
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "[Content_Types].xml" in names or "OFD.xml" in names


def read_folder(folder: Path) -> Iterator[Event]:
    """Every file under ``folder``; links are refused, never followed."""
    for current, dirs, files in os.walk(folder, followlinks=False):
        base = Path(current)
        rel = base.relative_to(folder).parts
        for name in sorted(dirs):
            if (base / name).is_symlink():
                yield Refusal("/".join((*rel, name)), tr("符号链接，拒绝导入", "a link; refused"))
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(files, key=lambda n: (is_copy_name(n), n)):
            parts = [*rel, name]
            label = "/".join(parts)
            path = base / name
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                yield Refusal(label, tr("符号链接，拒绝导入", "a link; refused"))
            elif not stat.S_ISREG(info.st_mode):
                yield Refusal(label, tr("不是普通文件", "not a regular file"))
            elif _dropped(parts):
                yield Dropped(label)
            else:
                yield Member(
                    tuple(readable(p) for p in parts),
                    label,
                    file_opener(path),
                    mtime=info.st_mtime,
                )


def file_opener(path: Path) -> Callable[[], BinaryIO]:
    def open_file() -> BinaryIO:
        return open(path, "rb")

    return open_file


@dataclass(slots=True)
class ZipReader:
    """Members of one zip file; nested zips are handed back to be unpacked and read in turn."""

    archive: zipfile.ZipFile
    prefix: tuple[str, ...] = ()
    depth: int = 1
    nested: list[tuple[Member, int]] = field(default_factory=list)

    def events(self) -> Iterator[Event]:
        # Copies (「 - 副本」「(1)」) come last: of two equal byte-strings, the original lands.
        for info in sorted(self.archive.infolist(), key=lambda i: is_copy_name(zip_name(i))):
            name = zip_name(info)
            label = "/".join((*self.prefix, name)) if self.prefix else name
            parts = member_parts(name)
            if parts is None:
                continue
            if isinstance(parts, Refusal):
                yield Refusal(label, parts.reason)
                continue
            # Messages name the member as it lands: a name stored as CP437 mojibake of GBK
            # (with or without the UTF-8 flag) reads as Chinese there too.
            label = "/".join(readable(p) for p in (*self.prefix, *parts))
            if _dropped(list(parts)):
                yield Dropped(label)
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                yield Refusal(label, tr("符号链接，拒绝导入", "a link; refused"))
                continue
            if info.flag_bits & 0x1:
                yield Refusal(label, tr("加密的成员，无法读取", "encrypted member; cannot be read"))
                continue
            member = Member(
                tuple(readable(p) for p in (*self.prefix, *parts)),
                label,
                _zip_opener(self.archive, info),
                compressed=info.compress_size,
                mtime=_zip_time(info),
            )
            if parts[-1].casefold().endswith(".zip"):
                self.nested.append((member, self.depth + 1))
                continue
            if parts[-1].casefold().endswith((".7z", ".rar")):
                yield Refusal(label, archive_refusal(parts[-1]))
                continue
            yield member


def _zip_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    def open_member() -> BinaryIO:
        try:
            return archive.open(info)  # type: ignore[return-value]  # ZipExtFile is a BinaryIO
        except (NotImplementedError, RuntimeError, zipfile.BadZipFile, ValueError) as error:
            raise MemberRefused(tr("无法读取：{e}", "cannot be read: {e}", e=error)) from None

    return open_member


def _zip_time(info: zipfile.ZipInfo) -> float | None:
    try:
        return dt.datetime(*info.date_time).timestamp()
    except (ValueError, OverflowError):
        return None


def archive_refusal(name: str) -> str:
    """Why a RAR or 7z archive is not imported, and what to do instead."""
    kind = "RAR" if name.casefold().endswith(".rar") else "7z"
    return tr(
        "不支持 {k} 压缩包：请先用 7-Zip 或 WinRAR 解压，再导入解压出的文件夹",
        "{k} archives are not supported: extract it with 7-Zip or WinRAR, then import the folder",
        k=kind,
    )
