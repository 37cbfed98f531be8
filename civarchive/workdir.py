"""Where civarchive keeps its own files for an archive: ARCHIVE/.civarchive, or the user cache.

Everything there is civarchive's own and is never reached through a link: an archive that
arrives as a zip or a git checkout can hold a ``.civarchive`` link (or links inside it)
aimed anywhere, and following one would write the cache wherever it points. A
``.civarchive`` that is a link or a file is left alone and the user cache is used; inside
the cache folder, a link or a file of the wrong type is removed and made anew.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from civarchive.atomic import remove_stale_parts
from civarchive.i18n import tr

WORKDIR_NAME = ".civarchive"
_GITIGNORE = "# civarchive's cache; never commit it\n*\n"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)

# Notes already printed in this process (each is said once, not per scan of a long session).
_SAID: set[str] = set()


def work_dir(root: Path) -> Path | None:
    """A writable folder for caches of the archive at ``root`` (design §7), or None.

    ``ARCHIVE/.civarchive/`` (with its own ``.gitignore``) when the archive is writable and
    that name is free or a real folder; otherwise a folder in the user cache directory named
    after the archive's absolute path, so that a read-only archive (a CD, a share mounted
    read-only) is never written to. None when neither can be used: the caller then works
    without a cache, and this is said once on stderr. Temporary files that killed runs left
    in the folder are removed.
    """
    root = root.resolve()
    folder = _local(root) or _user_cache(root)
    if folder is None:
        say_once(
            tr(
                "注意：档案内和用户缓存目录都无法写入缓存，本次不使用缓存（会慢一些）",
                "note: no cache folder can be written (neither in the archive nor in the user "
                "cache); running without a cache, which is slower",
            )
        )
        return None
    remove_stale_parts(folder)
    return folder


def work_subdir(folder: Path, name: str) -> Path | None:
    """``folder/name`` as a real folder of the cache (``thumbs``, ``pages``...), or None.

    A link or a file in its place is removed first (the cache is civarchive's own); None
    when the folder cannot be made (read-only, immutable): the caller works without it.
    Leftover temporary files in it are removed.
    """
    path = folder / name
    if not _real_folder(path, replace=True):
        say_once(
            tr(
                "注意：缓存文件夹 {p} 无法使用，本次不缓存它",
                "note: the cache folder {p} cannot be used; running without it",
                p=path,
            )
        )
        return None
    remove_stale_parts(path)
    return path


def open_private(path: Path | str) -> BinaryIO:
    """Open a cache file for reading without following a link, and only if it is a regular
    file (a FIFO planted there would block an ordinary open forever). OSError otherwise."""
    path = os.fspath(path)
    if not _NOFOLLOW and os.path.islink(path):  # Windows: no O_NOFOLLOW, check first
        raise OSError(40, "is a symbolic link", path)
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(21, "not a regular file", path)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def make_private_file(path: Path, *, create: bool = True) -> bool:
    """Make sure ``path`` is a regular file of the cache (created empty if missing and
    ``create``), never a link: a link, a FIFO or an empty folder in its place is removed.
    False when that cannot be done."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError:
        return False
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            _remove(path, info)
        except OSError:
            return False
        info = None
    if info is not None or not create:
        return True
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC | _BINARY, 0o666)
    except OSError:
        return False
    os.close(fd)
    return True


def say_once(message: str) -> None:
    """Print a note on stderr the first time it is given in this process."""
    if message in _SAID:
        return
    _SAID.add(message)
    with contextlib.suppress(OSError, ValueError):
        print(message, file=sys.stderr)


def _local(root: Path) -> Path | None:
    local = root / WORKDIR_NAME
    try:
        info = os.lstat(local)
    except FileNotFoundError:
        try:
            local.mkdir()
        except OSError:
            return None  # a read-only archive: the user cache, as design §7 says
        info = os.lstat(local)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        # A link (from a zip or a git checkout) or a file: never followed, never removed,
        # since it belongs to the archive's tree.
        say_once(
            tr(
                "注意：{p} 不是真实的文件夹（是链接或文件），不会跟随或改动它；缓存改放在用户缓存目录",
                "note: {p} is not a real folder (a link or a file); it is neither followed nor "
                "changed, and the cache goes to the user cache folder",
                p=local,
            )
        )
        return None
    if not os.access(local, os.W_OK) or not _gitignore(local):
        return None
    return local


def _gitignore(folder: Path) -> bool:
    """Write the cache's own .gitignore once (never through a link); False if impossible."""
    path = folder / ".gitignore"
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            return True
        _remove(path, info)
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, 0o666
        )
    except FileExistsError:
        return True  # another run wrote it meanwhile
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_GITIGNORE)
    except OSError:  # a full disk: the cache would not fare better
        with contextlib.suppress(OSError):
            os.unlink(path)
        return False
    return True


def _user_cache(root: Path) -> Path | None:
    try:
        import platformdirs

        key = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
        base = Path(platformdirs.user_cache_dir("civarchive", appauthor=False))
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    folder = base / f"{root.name}-{key}"
    if not _real_folder(folder, replace=True) or not os.access(folder, os.W_OK):
        return None
    return folder


def _real_folder(path: Path, *, replace: bool) -> bool:
    """Whether ``path`` is (or has now been made) a real folder, not a link to one."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError:
        return False
    if info is not None and stat.S_ISDIR(info.st_mode):
        return True
    if info is not None:
        if not replace:
            return False
        try:
            _remove(path, info)
        except OSError:
            return False
    try:
        path.mkdir()
    except FileExistsError:
        return _real_folder(path, replace=False)  # made by a concurrent run
    except OSError:
        return False
    return True


def _remove(path: Path, info: os.stat_result) -> None:
    """Remove a cache entry of the wrong type: a link or file is unlinked (never followed);
    a folder where a file belongs is removed only when empty."""
    if stat.S_ISDIR(info.st_mode):
        os.rmdir(path)
    else:
        os.unlink(path)
