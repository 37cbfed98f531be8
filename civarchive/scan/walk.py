"""Walk an archive folder with os.scandir: list evidence files, caption sheets and walk problems."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from civarchive.findings import Code

# Design §3: ignored silently. Names compare case-insensitively (Windows writes THUMBS.DB).
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
IGNORED_PREFIXES = ("~$", "._")
IGNORED_FOLDERS = frozenset({".git", ".civarchive", ".svn", ".hg"})
SPEC_NAME = "civarchive.yaml"
CAPTION_SHEETS = frozenset({"captions.csv", "captions.xlsx", "说明.csv", "说明.xlsx"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class WalkedFile:
    """A file found by the walk: its OS path (may hold surrogate escapes) and display path."""

    os_path: str
    path: str
    size: int
    mtime_ns: int
    bad_name: bool


@dataclass(slots=True)
class Walk:
    """Everything the walk found, each list in walk order (the caller sorts)."""

    files: list[WalkedFile] = field(default_factory=list)
    sheets: list[WalkedFile] = field(default_factory=list)
    problems: list[tuple[Code, str, str]] = field(default_factory=list)  # (code, path, detail)


def display_path(rel: str) -> str:
    """A printable, JSON-safe form of a relative path whose bytes may not be valid UTF-8.

    On POSIX, ``os.fsdecode`` turns undecodable bytes into lone surrogates, which cannot be
    written as UTF-8; rendering them as ``\\xb2`` keeps the path readable and unique enough.
    """
    try:
        rel.encode("utf-8")
        return rel
    except UnicodeEncodeError:
        return os.fsencode(rel).decode("utf-8", "backslashreplace")


def is_bad_name(name: str) -> bool:
    """Not valid UTF-8 (lone surrogates after fsdecode) or containing control characters."""
    if _CONTROL.search(name):
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a spec ``ignore`` glob: ``*`` and ``?`` stay inside one folder, ``**`` spans folders.

    A pattern without ``/`` matches a name at any depth (``*.bak``); one with ``/`` matches
    the path from the archive root (``草稿/**``). Matching a folder ignores all inside it.
    """
    text = unicodedata.normalize("NFC", pattern.strip().replace("\\", "/")).lstrip("/")
    anchored = "/" in text.rstrip("/")
    text = text.rstrip("/")
    out = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{body}(?:/.*)?", re.IGNORECASE | re.DOTALL)


class Ignore:
    """Decides which names and relative paths the walk skips."""

    def __init__(self, patterns: list[str], spec_paths: set[str]) -> None:
        self._globs = [glob_regex(p) for p in patterns if p.strip()]
        self._spec_paths = {p.casefold() for p in spec_paths}

    def folder(self, name: str, rel: str) -> bool:
        return name.lower() in IGNORED_FOLDERS or self._glob(rel)

    def file(self, name: str, rel: str) -> bool:
        lower = name.lower()
        if lower in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES):
            return True
        if rel.casefold() in self._spec_paths or rel == SPEC_NAME:
            return True
        return self._glob(rel)

    def _glob(self, rel: str) -> bool:
        if not self._globs:
            return False
        text = unicodedata.normalize("NFC", rel)
        return any(g.fullmatch(text) for g in self._globs)


def walk(root: Path, ignore: Ignore) -> Walk:
    """List the archive iteratively (a stack of folders, no recursion), never following links."""
    result = Walk()
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                items = list(entries)
        except FileNotFoundError:
            continue  # removed while we walked: nothing left to report
        except OSError as error:
            result.problems.append(
                (
                    Code.UNREADABLE,
                    display_path(prefix.rstrip("/")) or ".",
                    error.strerror or str(error),
                )
            )
            continue
        for entry in items:
            _visit(entry, prefix, ignore, stack, result)
    return result


def _visit(
    entry: os.DirEntry[str], prefix: str, ignore: Ignore, stack: list[tuple[str, str]], result: Walk
) -> None:
    name = entry.name
    rel = prefix + name
    try:
        if entry.is_symlink():
            if not ignore.file(name, rel):
                result.problems.append((Code.SYMLINK, display_path(rel), ""))
            return
        if entry.is_dir(follow_symlinks=False):
            if not ignore.folder(name, rel):
                stack.append((entry.path, rel + "/"))
            return
        if not entry.is_file(follow_symlinks=False):
            return  # sockets, fifos, devices: not files an archive holds
        if ignore.file(name, rel):
            return
        stat = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return  # vanished between listing and stat
    except OSError as error:
        result.problems.append((Code.UNREADABLE, display_path(rel), error.strerror or str(error)))
        return
    walked = WalkedFile(
        os_path=entry.path,
        path=display_path(rel),
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        bad_name=is_bad_name(rel),
    )
    if (
        name.lower() in CAPTION_SHEETS
        or unicodedata.normalize("NFC", name).lower() in CAPTION_SHEETS
    ):
        result.sheets.append(walked)
    else:
        result.files.append(walked)
