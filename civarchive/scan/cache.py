"""The incremental scan cache: one SQLite file of extraction results keyed by (path, size, mtime)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from civarchive.scan.extract import EXTRACTOR_VERSION, Extracted

CACHE_NAME = "inventory.sqlite3"
# The last inventory rendered as JSON, headed by the key of the walk it came from.
SNAPSHOT_NAME = "inventory.snapshot.json"
_SNAPSHOT_MAGIC = b"civarchive-inventory-snapshot"
# Two scans of one archive at once (a clerk and CI) wait for each other's short write.
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    evidence TEXT NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sheets (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    rows TEXT NOT NULL
);
"""


class ScanCache:
    """Cached extractions of one archive; every failure degrades to "no cache", never an error.

    Rows are read in one pass in path order (``rows()``), which the scan merges with its
    sorted file list, so no dict of the whole table is held in memory; new results are
    written in batches of a few thousand rows, each batch one transaction.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CACHE_NAME
        # False when the rows were thrown away on opening (new extractor, damaged file):
        # then nothing derived from them, the snapshot included, may be trusted.
        self.intact = True
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            # A damaged cache file (disk full, killed mid-write on a bad file system): start over.
            self._reset()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != EXTRACTOR_VERSION:
            # Extraction changed: everything cached is stale.
            self.intact = False
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM files")
            db.execute("DELETE FROM sheets")
            db.execute(f"PRAGMA user_version={EXTRACTOR_VERSION}")
            db.execute("COMMIT")
        db.execute("SELECT count(*) FROM files").fetchone()  # a damaged file fails here
        return db

    def _reset(self) -> None:
        self.intact = False
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(self.path) + suffix).unlink()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            self._db = None

    def rows(self) -> Iterator[Extracted]:
        """Every cached row in path order (SQLite's binary order of UTF-8 = str order)."""
        if self._db is None:
            return
        try:
            cursor = self._db.execute(
                "SELECT path, size, mtime_ns, evidence, notes FROM files ORDER BY path"
            )
            for row in cursor:
                yield Extracted(*row)
        except sqlite3.DatabaseError:
            return  # a damaged page: the remaining files are simply read again

    def sheets(self) -> dict[str, tuple[int, int, str]]:
        """Parsed caption sheets: path -> (size, mtime_ns, rows as JSON). A few hundred rows."""
        if self._db is None:
            return {}
        try:
            cursor = self._db.execute("SELECT path, size, mtime_ns, rows FROM sheets")
            return {path: (size, mtime, rows) for path, size, mtime, rows in cursor}
        except sqlite3.DatabaseError:
            return {}

    def save_sheets(self, fresh: list[tuple[str, int, int, str]], gone: list[str]) -> None:
        """Store newly parsed sheets and forget sheets no longer in the archive."""
        if self._db is None or not (fresh or gone):
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO sheets VALUES (?, ?, ?, ?)", fresh)
            self._db.executemany("DELETE FROM sheets WHERE path = ?", [(p,) for p in gone])
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("ROLLBACK")

    def save(self, fresh: Iterable[Extracted] = (), gone: Iterable[str] = ()) -> None:
        """Store new extractions and forget files no longer in the archive."""
        if self._db is None:
            return
        fresh_rows = [(e.path, e.size, e.mtime_ns, e.evidence, e.notes) for e in fresh]
        gone_rows = [(p,) for p in gone]
        if not fresh_rows and not gone_rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", fresh_rows)
            self._db.executemany("DELETE FROM files WHERE path = ?", gone_rows)
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError:
            # A full disk or a read-only cache must not fail the scan: results are still right.
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.close()
            self._db = None


class Snapshot(NamedTuple):
    """A saved inventory: its head (root and archive findings) and one line per file, as
    compact JSON, for loading; and where the indented JSON that ``scan --format json``
    wrote for it starts, so that it can be written again without serialising anything."""

    head: bytes
    files: list[bytes]
    rendered_at: int


def read_snapshot(folder: Path, key: str) -> Snapshot | None:
    """The snapshot saved under ``key``, or None (absent, saved under another key, torn)."""
    try:
        with open(folder / SNAPSHOT_NAME, "rb") as fh:
            fields = _header(fh, key)
            if fields is None:
                return None
            count, rendered_at = fields
            head = fh.readline()
            lines = fh.read(rendered_at - fh.tell()).split(b"\n")
    except (OSError, ValueError):
        return None
    if len(lines) != count + 1 or lines[-1] != b"":  # the last file line ends with \n
        return None
    lines.pop()
    return Snapshot(head, lines, rendered_at)


def read_snapshot_json(folder: Path, key: str) -> bytes | None:
    """The indented JSON of the snapshot saved under ``key``, or None."""
    try:
        with open(folder / SNAPSHOT_NAME, "rb") as fh:
            fields = _header(fh, key)
            if fields is None:
                return None
            fh.seek(fields[1])
            return fh.read()
    except (OSError, ValueError):
        return None


def _header(fh: BinaryIO, key: str) -> tuple[int, int] | None:
    """(file lines, offset of the indented JSON) from a snapshot's first line, or None when
    it was saved under another key or the file does not have the size the header says."""
    words = fh.readline().split()
    if len(words) != 5 or words[0] != _SNAPSHOT_MAGIC or words[1] != key.encode("ascii"):
        return None
    if os.fstat(fh.fileno()).st_size != int(words[4]):
        return None  # truncated (or grown): not the file that was written
    return int(words[2]), int(words[3])


def write_snapshot(
    folder: Path,
    key: str,
    head: bytes,
    files: Iterable[bytes],
    count: int,
    render: Callable[[], bytes],
) -> None:
    """Save a snapshot under ``key``: a temporary file renamed into place, so a concurrent
    scan reads the old snapshot or the new one, never a mix. No fsync: a snapshot lost or
    torn by a crash is only a cache miss (the header's sizes and JSON validation catch it).

    ``files`` (``count`` lines) are written as they come and ``render`` is called after
    them, so that neither all lines nor a copy of them is held beside the rendered JSON.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=f".{SNAPSHOT_NAME}.", suffix=".part", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            prefix = b"%s %s %d " % (_SNAPSHOT_MAGIC, key.encode("ascii"), count)
            # Fixed-width numbers, so that the header can be written again once they are known.
            fh.write(b"%s%020d %020d\n" % (prefix, 0, 0))
            fh.write(head + b"\n")
            for line in files:
                fh.write(line + b"\n")
            rendered_at = fh.tell()
            fh.write(render())
            total = fh.tell()
            fh.seek(0)
            fh.write(b"%s%020d %020d\n" % (prefix, rendered_at, total))
        os.replace(name, folder / SNAPSHOT_NAME)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
