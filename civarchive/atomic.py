"""Write outputs atomically: a temporary name in the same folder, then a rename; or stdout.

Temporary files are named ``.NAME.XXXXXXXX.part`` (``tempfile.mkstemp``'s eight random
characters). While one exists its writer holds an exclusive lock on it (``flock``), so a
later run can tell the leftovers of a killed run (no live lock) from files being written
now, and removes only the former (``remove_stale_parts``). Where there is no ``flock``
(Windows), a leftover is removed once it is an hour old and Windows lets it be deleted
(it refuses while any process has the file open).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from civarchive.errors import UsageError
from civarchive.i18n import tr

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PART_SUFFIX = ".part"
# What mkstemp(prefix=f".{name}.", suffix=".part") makes, and nothing else.
PART_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$", re.DOTALL)
# Without locks, a leftover is taken as abandoned only when it is this old (seconds).
UNLOCKED_STALE_AGE = 3600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def new_part(folder: Path, name: str) -> tuple[int, str]:
    """Create ``folder/.NAME.XXXXXXXX.part`` and lock it: (its open descriptor, its path).

    The lock lasts while the descriptor is open: close it only once the file has been
    renamed into place or removed. (Where the lock cannot be taken, the file is still made.)
    """
    while True:
        fd, path = tempfile.mkstemp(prefix=f".{name}.", suffix=PART_SUFFIX, dir=folder)
        if fcntl is None:
            return fd, path
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # A run cleaning up may have removed the file between its creation and the
            # lock: then the path names nothing (or another file) and a new one is made.
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                return fd, path
        except OSError:
            return fd, path  # no locks on this file system: the file is still usable
        os.close(fd)


def remove_stale_parts(folder: Path, name: str | None = None) -> list[str]:
    """Remove the temporary files killed runs left in ``folder`` (not in its subfolders).

    Only regular files whose name matches ``.NAME.XXXXXXXX.part`` exactly (``NAME`` given:
    that output's only) and that no live process holds are removed; links are never
    followed. Returns the names removed. Never raises: a folder that cannot be listed is
    simply left as it is.
    """
    removed: list[str] = []
    try:
        with os.scandir(folder) as entries:
            candidates = [
                entry
                for entry in entries
                if (found := PART_NAME.match(entry.name)) is not None
                and (name is None or found["name"] == name)
                and entry.is_file(follow_symlinks=False)
            ]
    except OSError:
        return removed
    for entry in candidates:
        if _remove_if_abandoned(entry.path):
            removed.append(entry.name)
    return removed


def _remove_if_abandoned(path: str) -> bool:
    if fcntl is None:
        return _remove_if_old(path)
    try:
        fd = os.open(path, os.O_RDWR | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except OSError:
        return False  # gone meanwhile, a link, or not ours to open
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live process is writing it
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _remove_if_old(path: str) -> bool:
    try:
        if time.time() - os.stat(path, follow_symlinks=False).st_mtime < UNLOCKED_STALE_AGE:
            return False
        os.unlink(path)  # Windows refuses while a writer has it open
        return True
    except OSError:
        return False


@contextlib.contextmanager
def atomic_path(final: Path, *, tidy: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; rename it into place only on success.

    A crash or Ctrl-C leaves no file under the final name and removes the temporary one;
    a kill (SIGKILL, power loss) leaves it, and the next write of ``final`` removes it
    (``tidy=False``: not looked for, where the caller tidies the whole folder once).
    An OSError (disk full, read-only folder) carries ``final`` as its filename.
    """
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        if tidy:
            remove_stale_parts(final.parent, final.name)
        fd, name = new_part(final.parent, final.name)
    except OSError as error:
        raise _named(error, final) from None
    tmp = Path(name)
    try:
        # mkstemp creates 0600; outputs are ordinary files, so apply the usual umask instead.
        os.chmod(tmp, 0o666 & ~_umask())
        if fcntl is None:
            os.close(fd)  # Windows cannot rename a file that is open
            fd = -1
        yield tmp
        os.replace(tmp, final)
    except BaseException as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(error, OSError):
            raise _named(error, final) from None
        raise
    finally:
        if fd >= 0:
            os.close(fd)


def _named(error: OSError, final: Path) -> OSError:
    """``error`` with the output's path, so that the message names it (a write has none)."""
    if not error.filename:
        error.filename = str(final)
    return error


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(final: Path, *, cache: bool = False) -> Iterator[BinaryIO]:
    """A file to write ``final`` through: renamed into place, synced, once the block ends.

    ``cache=True``, for files of a cache folder (tidied when opened, see workdir.py) that
    are only a miss when lost: no fsync, no search for leftovers on each write.
    """
    with atomic_path(final, tidy=not cache) as tmp, open(tmp, "wb") as fh:
        yield fh
        fh.flush()
        if not cache:
            os.fsync(fh.fileno())


def write_bytes_atomic(final: Path, data: bytes, *, cache: bool = False) -> None:
    """Write ``data`` to ``final`` so that readers never see a half-written file."""
    with atomic_writer(final, cache=cache) as fh:
        fh.write(data)


def write_new(final: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``final`` atomically; never replace one that exists.

    Raises FileExistsError when ``final`` exists, even if it appeared while writing: the
    complete temporary file is hard-linked to the final name, which fails rather than
    overwrites (a rename would replace the other file).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, final)
        except FileExistsError:
            raise
        except OSError:
            # No hard links on this file system (FAT, some shares): check, then rename.
            if final.exists():
                raise FileExistsError(final) from None
            os.replace(tmp, final)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def output_stream(output: Path | None) -> Iterator[BinaryIO]:
    """Where a command's result goes: stdout (``None`` or ``-``), else ``output`` written
    atomically — nothing appears under its name unless the whole result was written.

    Raises UsageError when ``output`` is a folder.
    """
    if output is None or str(output) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if output.is_dir():
        raise UsageError(tr("输出路径是文件夹：{p}", "output path is a folder: {p}", p=output))
    if str(output) == os.devnull:
        with open(os.devnull, "wb") as sink:
            yield sink
        return
    with atomic_writer(output) as out:
        yield out


def write_output(data: bytes, output: Path | None) -> None:
    """Write a rendered result to ``output`` atomically, or to stdout (see ``output_stream``)."""
    with output_stream(output) as out:
        out.write(data)
