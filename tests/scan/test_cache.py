"""The incremental cache: hits read nothing, changes invalidate, concurrency, read-only archives."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from civarchive.scan import extract as extract_module
from civarchive.scan import scan
from civarchive.scan.cache import CACHE_NAME
from civarchive.scan.render import render_json
from tests.factories import make_jpeg, make_png
from tests.scan.conftest import cached_rows, disguise


def _scan(root: Path, **kwargs: object) -> object:
    return scan(root, jobs=1, progress=False, **kwargs)  # type: ignore[arg-type]


def test_warm_scan_extracts_nothing(archive: Path) -> None:
    for n in range(5):
        make_jpeg(archive / f"{n}.jpg")
    cold = _scan(archive)
    assert cached_rows(archive) == 5
    for n in range(5):
        disguise(archive / f"{n}.jpg")
    warm = _scan(archive)
    assert render_json(warm) == render_json(cold)  # type: ignore[arg-type]
    assert (archive / ".civarchive" / CACHE_NAME).is_file()


def test_cache_hit_trusts_size_and_mtime(archive: Path) -> None:
    path = make_jpeg(archive / "a.jpg", size=(640, 480))
    _scan(archive)
    stat = path.stat()
    # Same size and mtime, different content: the cache (by design) returns the old facts.
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cached = _scan(archive).files[0]  # type: ignore[attr-defined]
    fresh = _scan(archive, use_cache=False).files[0]  # type: ignore[attr-defined]
    assert cached.sha256 != fresh.sha256


def test_changed_size_or_mtime_is_re_extracted(archive: Path) -> None:
    path = make_jpeg(archive / "a.jpg", size=(640, 480))
    _scan(archive)
    make_jpeg(path, size=(800, 600))
    assert _scan(archive).files[0].width == 800  # type: ignore[attr-defined]
    stat = path.stat()
    make_png(path, size=(800, 600))  # now a PNG named .jpg
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    evidence = _scan(archive).files[0]  # type: ignore[attr-defined]
    assert (evidence.format, [f.code.value for f in evidence.findings]) == (
        "png",
        ["wrong_extension"],
    )


def test_extractor_version_change_invalidates_everything(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.scan import engine

    make_jpeg(archive / "a.jpg")
    _scan(archive)
    with sqlite3.connect(archive / ".civarchive" / CACHE_NAME) as db:
        db.execute("PRAGMA user_version=0")  # as an older civarchive left it
    # An older civarchive is other code too, so its snapshot is not reused either.
    monkeypatch.setattr(engine, "code_fingerprint", lambda: "an older build")
    _scan(archive)
    assert cached_rows(archive) == 1  # emptied for the new version, then read again
    with sqlite3.connect(archive / ".civarchive" / CACHE_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == extract_module.EXTRACTOR_VERSION


def test_deleted_files_leave_the_cache(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_jpeg(archive / "b.jpg")
    _scan(archive)
    (archive / "b.jpg").unlink()
    _scan(archive)
    with sqlite3.connect(archive / ".civarchive" / CACHE_NAME) as db:
        assert [r[0] for r in db.execute("SELECT path FROM files")] == ["a.jpg"]


def test_no_cache_writes_nothing(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    _scan(archive, use_cache=False)
    assert not (archive / ".civarchive").exists()


def test_damaged_cache_file_is_rebuilt(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    (archive / ".civarchive").mkdir()
    (archive / ".civarchive" / CACHE_NAME).write_bytes(b"this is not a database" * 100)
    first = _scan(archive).files[0]  # type: ignore[attr-defined]
    assert first.format == "jpeg"
    disguise(archive / "a.jpg")
    assert _scan(archive).files[0] == first  # type: ignore[attr-defined]


def test_read_only_archive_falls_back_to_the_user_cache(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Running as root ignores permissions, so the archive is made unwritable for our purpose
    # by a regular FILE named .civarchive: the cache folder cannot be created there.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    make_jpeg(archive / "a.jpg")
    (archive / ".civarchive").write_text("not a folder", encoding="utf-8")
    _scan(archive)
    caches = list((tmp_path / "user-cache").rglob(CACHE_NAME))
    assert len(caches) == 1
    assert (archive / ".civarchive").read_text(encoding="utf-8") == "not a folder"
    first = _scan(archive).files[0]  # type: ignore[attr-defined]
    disguise(archive / "a.jpg")
    assert _scan(archive).files[0] == first  # type: ignore[attr-defined]  # the fallback cache


_WORKER = """
import sys
from pathlib import Path
from civarchive.scan import scan
from civarchive.scan.render import render_json
sys.stdout.buffer.write(render_json(scan(Path(sys.argv[1]), jobs=1, progress=False)))
"""


def test_two_processes_scanning_at_once_both_succeed(archive: Path) -> None:
    for n in range(40):
        make_jpeg(archive / f"d{n % 4}/{n}.jpg", size=(64, 48))
    env = {**os.environ, "CIVARCHIVE_LANG": "en"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(archive)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode() for o in outputs]
    assert outputs[0][0] == outputs[1][0]
    with sqlite3.connect(archive / ".civarchive" / CACHE_NAME) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 40


def test_parsed_caption_sheets_are_cached_by_size_and_mtime(archive: Path) -> None:
    from tests.factories import make_caption_csv

    make_jpeg(archive / "a.jpg")
    sheet = make_caption_csv(archive / "captions.csv", [["a.jpg", "甲一", "", "", "", "", ""]])
    assert _scan(archive).files[0].caption.title == "甲一"  # type: ignore[attr-defined]
    stat = sheet.stat()
    make_caption_csv(sheet, [["a.jpg", "乙二", "", "", "", "", ""]])  # same size in UTF-8
    os.utime(sheet, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _scan(archive).files[0].caption.title == "甲一"  # type: ignore[attr-defined]
    os.utime(sheet, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert _scan(archive).files[0].caption.title == "乙二"  # type: ignore[attr-defined]
    sheet.unlink()
    assert _scan(archive).files[0].caption is None  # type: ignore[attr-defined]
    with sqlite3.connect(archive / ".civarchive" / CACHE_NAME) as db:
        assert db.execute("SELECT count(*) FROM sheets").fetchone()[0] == 0
