"""The inventory snapshot: the last scan's result in one file, reused whole while nothing changed.

Layout (text lines, then the rendered JSON)::

    civarchive-inventory-snapshot KEY FILES RENDERED_AT TOTAL    (numbers 20 digits wide)
    {"spec": [[path, size, mtime_ns], ...], "ignore": [...], "spec_paths": [...]}
    {the inventory without its files, compact JSON}
    {one compact JSON line per file}
    ...
    {the inventory as `scan --format json` renders it, indented}

The second line is what the walk needs from the spec; while the spec files keep their size
and mtime, an unchanged archive is recognised without loading (or even importing) the spec.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from civarchive.atomic import new_part
from civarchive.workdir import open_private

SNAPSHOT_NAME = "inventory.snapshot.json"
_MAGIC = b"civarchive-inventory-snapshot"

# (path, size, mtime_ns) of one spec file when the settings were taken from it.
Stamp = tuple[str, int, int]


class Settings(NamedTuple):
    """What a walk takes from the spec: its ignore globs and its own files (not evidence)."""

    stamps: tuple[Stamp, ...]
    ignore: tuple[str, ...]
    spec_paths: tuple[str, ...]

    def to_json(self) -> bytes:
        data = {"spec": self.stamps, "ignore": self.ignore, "spec_paths": self.spec_paths}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )

    def still_valid(self) -> bool:
        """Whether every spec file the settings were taken from is unchanged (stat only)."""
        return all(stamp(path) == (path, size, mtime) for path, size, mtime in self.stamps)

    @classmethod
    def from_json(cls, line: bytes) -> Settings | None:
        try:
            data = json.loads(line.decode("utf-8", "surrogatepass"))
            return cls(
                tuple((str(p), int(s), int(m)) for p, s, m in data["spec"]),
                tuple(str(p) for p in data["ignore"]),
                tuple(str(p) for p in data["spec_paths"]),
            )
        except (ValueError, TypeError, KeyError):
            return None


def stamp(path: str | os.PathLike[str]) -> Stamp | None:
    """The stamp of a spec file now, or None when it cannot be seen."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (os.fspath(path), stat.st_size, stat.st_mtime_ns)


class Snapshot(NamedTuple):
    """A saved inventory being read: its head (root, archive findings, folders) as compact
    JSON, and its files' compact lines, read one at a time (``lines`` raises ValueError
    where the file is torn)."""

    head: bytes
    lines: Iterator[bytes]


def _lines(fh: BinaryIO, count: int, end: int) -> Iterator[bytes]:
    """``count`` lines, the last one ending at ``end``; ValueError if the file says otherwise."""
    with fh:
        for _ in range(count):
            line = fh.readline()
            if not line.endswith(b"\n"):
                raise ValueError("the snapshot ends early")
            yield line
        if fh.tell() != end:
            raise ValueError("the snapshot's lines do not end where its header says")


class RenderedJson(NamedTuple):
    """The indented JSON of a saved snapshot: its file, open at the JSON, and its length.

    Held open, it stays the snapshot that was checked even if another scan replaces the
    file meanwhile (the replacement is a new file).
    """

    file: BinaryIO
    size: int

    def read(self) -> bytes:
        with self.file:
            return self.file.read(self.size)

    def copy_to(self, out: BinaryIO) -> None:
        """Write the JSON to ``out``, file to file in the kernel where the OS can."""
        with self.file:
            _copy(self.file, out, self.size)


def _copy(source: BinaryIO, out: BinaryIO, size: int) -> None:
    offset = source.tell()
    out.flush()
    try:
        while size > 0:
            sent = os.sendfile(out.fileno(), source.fileno(), offset, size)
            if sent == 0:
                break
            offset += sent
            size -= sent
    except (OSError, AttributeError, ValueError):
        pass  # no sendfile here, or not to this output (a test's BytesIO): copy as usual
    source.seek(offset)
    while size > 0:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            break
        out.write(chunk)
        size -= len(chunk)


_RENDERED_MAGIC = b"civarchive-rendered"
# Settings newer than the snapshot's own line, for the same snapshot (keep_settings).
_SETTINGS_NAME = "inventory.settings"
_SETTINGS_MAGIC = b"civarchive-settings"


def _header(fh: BinaryIO, key: str) -> tuple[int, int, int] | None:
    """(file lines, offset of the indented JSON, file size) from a snapshot's first line, or
    None when it was saved under another key or the file does not have the size it says."""
    words = fh.readline().split()
    if len(words) != 5 or words[0] != _MAGIC or words[1] != key.encode("ascii"):
        return None
    if os.fstat(fh.fileno()).st_size != int(words[4]):
        return None  # truncated (or grown): not the file that was written
    return int(words[2]), int(words[3]), int(words[4])


class SnapshotStore:
    """The snapshot of one archive, in its cache folder: the only reader and writer of the
    snapshot file and of the renderings kept beside it (``inventory.NAME``).

    Every read checks the key the caller computed from its walk: a snapshot saved under
    another key, torn or foreign, is a miss (None), never an error; every write goes to a
    temporary file renamed into place, and a failed write is only a miss next time.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / SNAPSHOT_NAME

    def settings(self) -> Settings | None:
        """The settings of the saved snapshot (a few short reads), or None: its own line, or
        the newer ones ``keep_settings`` kept beside it for the same key."""
        try:
            with open_private(self.path) as fh:
                words = fh.readline().split()
                if len(words) < 2 or words[0] != _MAGIC:
                    return None
                saved = Settings.from_json(fh.readline())
        except OSError:
            return None
        return self._kept_settings(words[1]) or saved

    def keep_settings(self, key: str, settings: Settings) -> None:
        """Keep ``settings`` for the snapshot saved under ``key`` (when it is that one): a spec
        touched or edited without a change to what the walk takes from it leaves the snapshot
        valid, and its settings, kept beside it, spare the next scans from parsing the spec."""
        try:
            with open_private(self.path) as fh:
                words = fh.readline().split()
        except OSError:
            return
        if len(words) < 2 or words[0] != _MAGIC or words[1] != key.encode("ascii"):
            return
        try:
            fd, temp = new_part(self.folder, _SETTINGS_NAME)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(
                    b"%s %s\n%s\n" % (_SETTINGS_MAGIC, key.encode("ascii"), settings.to_json())
                )
            os.replace(temp, self.folder / _SETTINGS_NAME)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)

    def _kept_settings(self, key: bytes) -> Settings | None:
        try:
            with open_private(self.folder / _SETTINGS_NAME) as fh:
                if fh.readline().split() != [_SETTINGS_MAGIC, key]:
                    return None
                return Settings.from_json(fh.readline())
        except OSError:
            return None

    def read(self, key: str) -> Snapshot | None:
        """The snapshot saved under ``key``, its files' lines read one at a time, or None."""
        try:
            fh = open_private(self.path)  # noqa: SIM115 - closed by the lines' reader
        except OSError:
            return None
        try:
            fields = _header(fh, key)
            if fields is not None:
                fh.readline()  # the settings: part of the key already
                return Snapshot(fh.readline(), _lines(fh, fields[0], fields[1]))
        except (OSError, ValueError):
            pass
        fh.close()
        return None

    def rendered_json(self, key: str) -> RenderedJson | None:
        """The rendered JSON of the snapshot saved under ``key``, held open, or None."""
        try:
            fh = open_private(self.path)  # noqa: SIM115 - handed to the caller
        except OSError:
            return None
        try:
            fields = _header(fh, key)
            if fields is not None:
                fh.seek(fields[1])
                return RenderedJson(fh, fields[2] - fields[1])
        except (OSError, ValueError):
            pass
        fh.close()
        return None

    def rendering(self, name: str, key: str) -> bytes | None:
        """A rendering ``keep_rendering`` kept under ``name`` for the snapshot ``key``, or None."""
        try:
            with open_private(self.folder / f"inventory.{name}") as fh:
                words = fh.readline().split()
                if len(words) != 3 or words[0] != _RENDERED_MAGIC or words[1] != key.encode():
                    return None
                data = fh.read()
        except OSError:
            return None
        return data if len(data) == int(words[2]) else None  # torn: a miss

    def keep_rendering(self, name: str, key: str, data: bytes) -> None:
        """Keep ``data`` (a rendering of the snapshot ``key``) under ``name`` (letters, digits,
        "-"); one per family (the part before "-"): tables for other widths are dropped."""
        try:
            fd, temp = new_part(self.folder, f"inventory.{name}")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"%s %s %d\n" % (_RENDERED_MAGIC, key.encode(), len(data)))
                fh.write(data)
            os.replace(temp, self.folder / f"inventory.{name}")
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            return
        family = name.split("-", 1)[0]
        for other in self.folder.glob(f"inventory.{family}-*"):
            if other.name != f"inventory.{name}":
                with contextlib.suppress(OSError):
                    other.unlink()

    def write(
        self,
        key: str,
        settings: Settings,
        head: bytes,
        files: Iterable[tuple[bytes, bytes]],
        shell: tuple[bytes, bytes, bytes],
    ) -> None:
        """Save a snapshot under ``key``: a temporary file renamed into place, so a concurrent
        scan reads the old snapshot or the new one, never a mix. No fsync: a snapshot lost or
        torn by a crash is only a cache miss (the header's sizes and JSON validation catch it).

        ``files`` gives, per file, its compact line and its piece of the rendered JSON, as the
        scan makes them, and ``shell`` the rendered JSON around the pieces: (before, after,
        what to write when there are no files); the pieces wait in a spool file until the
        lines are written, so that neither is ever held whole in memory.
        """
        try:
            fd, name = new_part(self.folder, SNAPSHOT_NAME)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh, tempfile.TemporaryFile(dir=self.folder) as spool:
                _write(fh, spool, key, settings, head, files, shell)
            os.replace(name, self.path)
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(name)
            if not isinstance(error, OSError):
                raise  # a full disk only costs the snapshot; anything else is a real error


def _write(
    fh: BinaryIO,
    spool: BinaryIO,
    key: str,
    settings: Settings,
    head: bytes,
    files: Iterable[tuple[bytes, bytes]],
    shell: tuple[bytes, bytes, bytes],
) -> None:
    prefix = _MAGIC + b" " + key.encode("ascii")
    # Fixed-width numbers, so that the header can be written again once they are known.
    fh.write(b"%s %020d %020d %020d\n" % (prefix, 0, 0, 0))
    fh.write(settings.to_json() + b"\n")
    fh.write(head + b"\n")
    count = 0
    for line, piece in files:
        fh.write(line + b"\n")
        spool.write(b"," + piece if count else piece)
        count += 1
    rendered_at = fh.tell()
    before, after, empty = shell
    if count:
        fh.write(before)
        spool.seek(0)
        shutil.copyfileobj(spool, fh, 1 << 20)
        fh.write(after)
    else:
        fh.write(empty)
    total = fh.tell()
    fh.seek(0)
    fh.write(b"%s %020d %020d %020d\n" % (prefix, count, rendered_at, total))
