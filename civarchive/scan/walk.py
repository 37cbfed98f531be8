"""Walk an archive folder with os.scandir: list evidence files, caption sheets and walk problems."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from civarchive.atomic import PART_NAME, PART_SUFFIX
from civarchive.codes import Code

# Design §3: ignored silently. Names compare case-insensitively (Windows writes THUMBS.DB).
# 要求.md is the requirements sheet `civarchive init` writes into every indicator folder.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db", "要求.md"})
# Office lock files: Word/Excel ~$NAME, LibreOffice/WPS .~lock.NAME#, Word's ~WRL0001.tmp.
IGNORED_PREFIXES = ("~$", "._", ".~lock.", "~WRL")
IGNORED_FOLDERS = frozenset({".git", ".civarchive", ".svn", ".hg"})
SPEC_NAME = "civarchive.yaml"
CAPTION_SHEETS = frozenset({"captions.csv", "captions.xlsx", "说明.csv", "说明.xlsx"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Invisible marks that change the direction text is shown in: U+202E makes
# "报告\u202efdp.exe" read "报告exe.pdf". A name holding one is a bad name (design §4).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class WalkedFile(NamedTuple):
    """A file found by the walk: its OS path relative to the archive root (may hold
    surrogate escapes) and its display path, the very same string when the name is clean
    (one string per file matters at 100,000 files)."""

    os_rel: str
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
    seen_folders: set[tuple[int, int]] = field(default_factory=set)
    folders: list[str] = field(default_factory=list)  # display paths, empty ones included
    generated: list[str] = field(default_factory=list)  # civarchive's recorded outputs


def is_part(name: str) -> bool:
    """Whether ``name`` is one of civarchive's own temporary files (``.NAME.XXXXXXXX.part``,
    atomic.py): an output being written (``scan -o`` inside the archive writes while it
    walks) or a killed run's leftover, which the next write of that output removes."""
    return name.endswith(PART_SUFFIX) and PART_NAME.match(name) is not None


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
    """Not valid UTF-8 (lone surrogates after fsdecode), or holding control characters or
    direction controls (bidi overrides, isolates and marks)."""
    if _CONTROL.search(name) or BIDI_CONTROLS.search(name):
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
    """Decides which names and relative paths the walk skips, and which files are
    civarchive's own outputs (``generated``: recorded paths, see outputs.py)."""

    def __init__(
        self, patterns: list[str], spec_paths: set[str], generated: frozenset[str] = frozenset()
    ) -> None:
        self.generated = generated
        texts = [_glob_text(p) for p in patterns if p.strip()]
        self._any_glob = _alternation(texts)
        # For files, whose folders were matched on the way down (design §3 rules): a
        # pattern without "/" can only match the name, and most are "*.ext", an endswith.
        # ("**" spans folders, so a pattern with it is matched against the path.)
        self._suffixes = tuple(t[1:].lower() for t in texts if _is_suffix(t))
        by_name = [t for t in texts if "/" not in t and "**" not in t]
        self._any_name = _alternation([t for t in by_name if not _is_suffix(t)])
        self._by_path = [t for t in texts if t not in by_name]
        self._spec_paths = {p.casefold() for p in spec_paths} | {SPEC_NAME}
        # Names first: the full path is compared only for a file named like a spec file.
        self.spec_names = frozenset(p.rsplit("/", 1)[-1] for p in self._spec_paths)

    def folder(self, name: str, rel: str) -> bool:
        return name.lower() in IGNORED_FOLDERS or self.glob(rel)

    def file(self, name: str, rel: str) -> bool:
        lower = name.lower()
        if lower in IGNORED_NAMES or name.startswith(IGNORED_PREFIXES) or is_part(name):
            return True
        folded = lower if name.isascii() else name.casefold()  # the same for ASCII names
        if folded in self.spec_names and self.spec_file(rel):
            return True
        return self.glob(rel)

    def glob(self, rel: str) -> bool:
        """Whether a spec ``ignore`` glob matches the relative path ``rel``."""
        if self._any_glob is None:
            return False
        return self._any_glob.fullmatch(_nfc(rel)) is not None

    def files_of(self, prefix: str) -> FileGlob | None:
        """The glob test for the files of the folder ``prefix`` (None: nothing to test).

        Gives the same answers as ``glob`` for files inside folders the walk entered, but
        costs an endswith for most files instead of a regex over the whole path: a
        pattern with "/" is kept only where its literal start fits this folder.
        """
        folder = _nfc(prefix).lower()
        by_path = [t for t in self._by_path if _may_hold(folder, t)]
        if not (self._suffixes or self._any_name or by_path):
            return None
        return FileGlob(self._suffixes, self._any_name, _alternation(by_path))

    def spec_file(self, rel: str) -> bool:
        """Whether ``rel`` is one of the spec's own files (asked only when the name is one)."""
        return rel.casefold() in self._spec_paths


class FileGlob(NamedTuple):
    """The spec globs that can match a file of one folder, cheapest test first."""

    suffixes: tuple[str, ...]
    name: re.Pattern[str] | None
    path: re.Pattern[str] | None

    def __call__(self, name: str, lower: str, rel: str) -> bool:
        if self.suffixes and lower.endswith(self.suffixes):
            return True
        if self.name is not None and self.name.fullmatch(_nfc(name)) is not None:
            return True
        return self.path is not None and self.path.fullmatch(_nfc(rel)) is not None


def _glob_text(pattern: str) -> str:
    """A pattern as ``glob_regex`` reads it: NFC, forward slashes, no leading or trailing /
    (so it holds a "/" exactly when it is anchored at the archive root)."""
    return unicodedata.normalize("NFC", pattern.strip().replace("\\", "/")).strip("/")


def _is_suffix(text: str) -> bool:
    """``*.bak``: a star, then literal ASCII text (which lower() folds the way re does)."""
    rest = text[1:]
    return (
        text.startswith("*")
        and bool(rest)
        and rest.isascii()
        and not any(c in rest for c in "*?/[]")
    )


def _may_hold(folder: str, text: str) -> bool:
    """Whether a file of ``folder`` (NFC, lower case, ending in /) can match the path
    pattern ``text``: an anchored pattern's literal start and the folder must agree."""
    if "/" not in text:
        return True  # not anchored ("a**b"): it may match anywhere
    cut = min((i for i, c in enumerate(text) if c in "*?"), default=len(text))
    literal = text[:cut].lower()
    return folder.startswith(literal) or literal.startswith(folder)


def _alternation(texts: list[str]) -> re.Pattern[str] | None:
    # One alternation instead of a loop over patterns: fullmatch of the whole pattern is
    # "some pattern matches it all", one regex call per path whatever their number.
    if not texts:
        return None
    return re.compile(
        "|".join(f"(?:{glob_regex(t).pattern})" for t in texts), re.IGNORECASE | re.DOTALL
    )


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def walk(root: Path, ignore: Ignore) -> Walk:
    """List the archive iteratively (a stack of folders, no recursion), never following links."""
    result = Walk()
    _first_visit(os.stat(root), result)
    # (OS path, relative prefix, its display form, whether the prefix has a bad name); the
    # display form is the prefix itself while every name on the way is printable.
    top = ""  # one object for both: at the top, the prefix is its own display form
    stack: list[tuple[str, str, str, bool]] = [(os.fspath(root), top, top, False)]
    while stack:
        folder, prefix, shown, bad = stack.pop()
        try:
            with _listing(folder) as items:
                _visit_folder(items, folder, prefix, shown, bad, ignore, stack, result)
        except FileNotFoundError:
            continue  # removed while we walked: nothing left to report
        except OSError as error:
            where = shown.rstrip("/") or "."
            result.problems.append((Code.UNREADABLE, where, error.strerror or str(error)))
    return result


# Where the OS allows it, a folder is listed through a descriptor and its entries are
# stat'ed relative to it: the kernel then resolves one name per file, not the whole path
# (a fifth less time for the walk's stat calls, the bulk of a warm re-scan).
_BY_DESCRIPTOR = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")


@contextlib.contextmanager
def _listing(folder: str) -> Iterator[list[os.DirEntry[str]]]:
    """The entries of ``folder``, whose ``stat()`` works while the block runs."""
    if not _BY_DESCRIPTOR:
        with os.scandir(folder) as entries:
            yield list(entries)
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        with os.scandir(fd) as entries:
            items = list(entries)
        yield items
    finally:
        os.close(fd)


def _visit_folder(
    items: list[os.DirEntry[str]],
    folder: str,
    prefix: str,
    shown: str,
    bad: bool,
    ignore: Ignore,
    stack: list[tuple[str, str, str, bool]],
    result: Walk,
) -> None:
    """One folder's entries. The loop over ordinary files is the hot path of a warm re-scan
    (one pass per file of the archive), so it is inlined here with its lookups hoisted."""
    files = result.files
    new = tuple.__new__  # WalkedFile(...) would run NamedTuple's Python-level __new__
    spec_names = ignore.spec_names
    skip_names = IGNORED_NAMES | spec_names  # spec names: a hint, the path decides
    glob = ignore.files_of(prefix)
    suffixes = glob.suffixes if glob is not None else ()
    other_globs = glob if glob is not None and (glob.name or glob.path) else None
    generated = ignore.generated
    for entry in items:
        name = entry.name
        try:
            if not entry.is_file(follow_symlinks=False):
                _visit_other(entry, folder, prefix, shown, bad, ignore, stack, result)
                continue
            # Ignore.file's rules inlined, cheapest first.
            lower = name.lower()
            if name.startswith(IGNORED_PREFIXES) or (suffixes and lower.endswith(suffixes)):
                continue
            if lower.endswith(PART_SUFFIX) and is_part(name):
                continue
            rel = prefix + name
            if lower in skip_names and (lower in IGNORED_NAMES or ignore.spec_file(rel)):
                continue
            if other_globs is not None and other_globs(name, lower, rel):
                continue
            if generated and rel in generated:
                result.generated.append(rel)
                continue
            stat = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # vanished between listing and stat
        except OSError as error:
            result.problems.append(
                (Code.UNREADABLE, shown + _shown(name)[0], error.strerror or str(error))
            )
            continue
        if shown is prefix and name.isprintable():  # no control character, no bad byte
            walked = new(WalkedFile, (rel, rel, stat.st_size, stat.st_mtime_ns, bad))
        else:
            name_shown, name_bad = _shown(name)
            walked = WalkedFile(
                rel, shown + name_shown, stat.st_size, stat.st_mtime_ns, bad or name_bad
            )
        # Every caption sheet name ends in .csv or .xlsx: most files are decided by that.
        if lower.endswith((".csv", ".xlsx")) and _is_sheet(name, lower):
            result.sheets.append(walked)
        else:
            files.append(walked)


def _is_sheet(name: str, lower: str) -> bool:
    return lower in CAPTION_SHEETS or (
        not name.isascii() and unicodedata.normalize("NFC", lower) in CAPTION_SHEETS
    )


def _visit_other(
    entry: os.DirEntry[str],
    folder: str,
    prefix: str,
    shown: str,
    bad: bool,
    ignore: Ignore,
    stack: list[tuple[str, str, str, bool]],
    result: Walk,
) -> None:
    """A folder, a symlink or a special file (OSError propagates to the caller)."""
    name = entry.name
    rel = prefix + name
    if entry.is_dir(follow_symlinks=False):
        if ignore.folder(name, rel):
            return
        name_shown, name_bad = _shown(name)
        if not _first_visit(entry.stat(), result):
            # A Windows junction (not a symlink to Python 3.11) or a bind mount leading
            # back into the tree: treated like the link it is, or the walk never ends.
            result.problems.append((Code.SYMLINK, shown + name_shown, ""))
            return
        result.folders.append(shown + name_shown)
        rel_prefix = rel + "/"
        shown_prefix = rel_prefix if shown is prefix and name_shown is name else None
        path = os.path.join(folder, name)  # entry.path is the name alone when listed by fd
        stack.append((path, rel_prefix, shown_prefix or shown + name_shown + "/", bad or name_bad))
    elif entry.is_symlink():
        if not ignore.file(name, rel):
            result.problems.append((Code.SYMLINK, shown + _shown(name)[0], ""))
    elif not ignore.file(name, rel):
        # A FIFO, a socket or a device: never opened (a FIFO would block the reader
        # forever), but reported, since the clerk may have meant a file there.
        what = _special_kind(entry.stat(follow_symlinks=False).st_mode)
        result.problems.append((Code.UNSUPPORTED_TYPE, shown + _shown(name)[0], what))


def _special_kind(mode: int) -> str:
    """What a special file is, in the words scan records (English; codes.py translates)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "a special file, not a regular file"


def _first_visit(stat: os.stat_result, result: Walk) -> bool:
    """Record a folder's identity (device, inode of what it leads to); False if seen before."""
    key = (stat.st_dev, stat.st_ino)
    if key in result.seen_folders:
        return False
    result.seen_folders.add(key)
    return True


def _shown(name: str) -> tuple[str, bool]:
    """The display form of one name and whether it is a bad name."""
    if name.isprintable():  # neither control characters nor undecodable bytes (surrogates)
        return name, False
    return display_path(name), is_bad_name(name)
