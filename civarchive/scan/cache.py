"""The incremental scan cache: one SQLite file of extraction results keyed by (path, size, mtime)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from civarchive.scan.extract import EXTRACTOR_VERSION, Extracted
from civarchive.workdir import make_private_file

CACHE_NAME = "inventory.sqlite3"
# The database and the files SQLite keeps beside it (WAL mode; a journal while creating it).
_FILES = ("", "-wal", "-shm", "-journal")
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
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            # A damaged cache file (disk full, killed mid-write on a bad file system): start over.
            self._reset()

    def _open(self) -> sqlite3.Connection:
        # SQLite follows links when it creates its files: a link planted in the cache folder
        # (an archive unpacked from a zip) would make it write wherever the link points.
        made = [make_private_file(Path(f"{self.path}{end}"), create=not end) for end in _FILES]
        if not all(made):
            raise sqlite3.DatabaseError("the cache files cannot be made safely")
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != EXTRACTOR_VERSION:
            # Extraction changed: everything cached is stale.
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM files")
            db.execute("DELETE FROM sheets")
            db.execute(f"PRAGMA user_version={EXTRACTOR_VERSION}")
            db.execute("COMMIT")
        db.execute("SELECT count(*) FROM files").fetchone()  # a damaged file fails here
        return db

    def _reset(self) -> None:
        self.close()
        for suffix in _FILES:
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
