"""Metadata per kind, and damage reported as findings instead of crashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from civarchive.scan import extract as extract_module
from civarchive.scan.extract import EXTRACTOR_VERSION, FileJob, extract
from tests.factories import (
    make_docx,
    make_heic,
    make_jpeg,
    make_mp4,
    make_pdf,
    make_png,
    make_xlsx,
)
from tests.scan.conftest import by_name, codes, day, scan_nocache


def test_photo_facts_from_exif(archive: Path) -> None:
    make_jpeg(
        archive / "a.jpg",
        size=(2000, 1500),
        taken=dt.datetime(2022, 7, 14, 9, 30),
        orientation=6,
        title="道德讲堂活动",
        camera="Canon EOS 600D",
    )
    e = by_name(scan_nocache(archive))["a.jpg"]
    assert (e.width, e.height, e.megapixels, e.orientation) == (2000, 1500, 3.0, 6)
    assert (e.camera, e.title, day(e), e.date_source) == (
        "Canon EOS 600D",
        "道德讲堂活动",
        "2022-07-14",
        "exif",
    )
    # No caption sheet: the EXIF title is the caption (DA/T 50 fallback), with no sheet.
    assert e.caption is not None
    assert (e.caption.title, e.caption.sheet) == ("道德讲堂活动", None)
    assert e.sha256 is not None
    assert len(e.sha256) == 64


def test_image_description_is_a_title_but_camera_boilerplate_is_not(archive: Path) -> None:
    make_jpeg(archive / "utf8.jpg", description="志愿服务".encode(), camera=None, size=(32, 32))
    make_jpeg(archive / "gbk.jpg", description="文明实践".encode("gbk"), camera=None, size=(32, 32))
    make_jpeg(archive / "olympus.jpg", description="OLYMPUS DIGITAL CAMERA")
    files = by_name(scan_nocache(archive))
    assert files["utf8.jpg"].title == "志愿服务"
    assert files["gbk.jpg"].title == "文明实践"
    assert files["olympus.jpg"].title is None
    assert files["olympus.jpg"].caption is None


def test_heic_photo(archive: Path) -> None:
    make_heic(archive / "iphone.heic", size=(320, 240), taken=dt.datetime(2023, 1, 2, 8, 0))
    e = by_name(scan_nocache(archive))["iphone.heic"]
    assert (e.kind.value, e.format, e.width, e.height, day(e)) == (
        "photo",
        "heic",
        320,
        240,
        "2023-01-02",
    )
    assert codes(e) == []


def test_truncated_jpeg_is_corrupt_but_keeps_its_header_facts(archive: Path) -> None:
    source = make_jpeg(
        archive.parent / "whole.jpg", size=(2400, 1800), taken=dt.datetime(2022, 5, 1)
    )
    data = source.read_bytes()
    (archive / "cut.jpg").write_bytes(data[: len(data) * 2 // 3])
    e = by_name(scan_nocache(archive))["cut.jpg"]
    assert codes(e) == ["corrupt"]
    assert "truncated" in e.findings[0].message
    assert (e.width, day(e)) == (2400, "2022-05-01")


def test_truncated_png_is_corrupt(archive: Path) -> None:
    data = make_png(archive.parent / "whole.png", size=(64, 64)).read_bytes()
    (archive / "cut.png").write_bytes(data[:-20])
    assert codes(by_name(scan_nocache(archive))["cut.png"]) == ["corrupt"]


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bomb_is_a_finding_not_a_crash(archive: Path) -> None:
    (archive / "bomb.png").write_bytes(_png_header_only(100_000, 100_000))
    e = by_name(scan_nocache(archive))["bomb.png"]
    assert codes(e) == ["corrupt"]
    assert "too large" in e.findings[0].message


def test_empty_docx_is_empty_file(archive: Path) -> None:
    (archive / "计划.docx").write_bytes(b"")
    e = by_name(scan_nocache(archive))["计划.docx"]
    assert (e.kind.value, e.format, e.size, e.sha256, codes(e)) == (
        "document",
        "docx",
        0,
        None,
        ["empty_file"],
    )


def test_docx_core_properties(archive: Path) -> None:
    make_docx(
        archive / "notice.docx",
        title="学习计划",
        author="宣传部",
        created=dt.datetime(2022, 3, 1, 20, 0, tzinfo=dt.UTC),
    )
    e = by_name(scan_nocache(archive))["notice.docx"]
    assert (e.title, e.author) == ("学习计划", "宣传部")
    # 20:00 UTC is 04:00 the next morning in China (UTC+08:00).
    assert (day(e), e.date_source) == ("2022-03-02", "document")


def test_zip_bomb_disguised_as_docx_is_corrupt(archive: Path) -> None:
    bomb = archive / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("word/document.xml", "w") as part:
            block = bytes(1 << 20)
            for _ in range(40):  # 40 MB of zeros compress to ~40 KB: a 1000:1 ratio
                part.write(block)
    e = by_name(scan_nocache(archive))["bomb.docx"]
    assert codes(e) == ["corrupt"]
    assert "zip bomb" in e.findings[0].message


def test_pdf_pages_title_and_date(archive: Path) -> None:
    make_pdf(
        archive / "report.pdf", pages=3, title="年度总结", created=dt.datetime(2022, 12, 30, 10, 0)
    )
    e = by_name(scan_nocache(archive))["report.pdf"]
    assert (e.pages, e.title, day(e), e.date_source, codes(e)) == (
        3,
        "年度总结",
        "2022-12-30",
        "document",
        [],
    )


def test_damaged_pdf_is_corrupt(archive: Path) -> None:
    (archive / "broken.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n" + bytes(100)
    )
    assert codes(by_name(scan_nocache(archive))["broken.pdf"]) == ["corrupt"]


def test_encrypted_pdf_is_encrypted_not_corrupt(archive: Path) -> None:
    make_pdf(archive / "secret.pdf", pages=2, user_password="secret")
    e = by_name(scan_nocache(archive))["secret.pdf"]
    assert (e.kind.value, e.encrypted, codes(e)) == ("document", True, ["encrypted"])


def test_pdf_restricted_only_by_an_owner_password_is_readable(archive: Path) -> None:
    # Printing or copying restricted, but it opens without a password: not "encrypted".
    make_pdf(archive / "restricted.pdf", pages=3, title="学习计划", owner_password="owner")
    e = by_name(scan_nocache(archive))["restricted.pdf"]
    assert (e.encrypted, codes(e), e.pages, e.title) == (False, [], 3, "学习计划")


def test_video_facts_and_china_date(archive: Path) -> None:
    # 23:30 UTC on 13 July is 07:30 on 14 July in Beijing: the evidence date is the 14th.
    make_mp4(
        archive / "clip.mp4", seconds=2, size=(320, 240), created=dt.datetime(2022, 7, 13, 23, 30)
    )
    e = by_name(scan_nocache(archive))["clip.mp4"]
    assert (e.kind.value, e.width, e.height, e.codec) == ("video", 320, 240, "mpeg4")
    assert e.duration_seconds is not None
    assert 1.9 <= e.duration_seconds <= 2.1
    assert (day(e), e.date_source) == ("2022-07-14", "media")


def test_truncated_mp4_is_corrupt(archive: Path) -> None:
    data = make_mp4(archive.parent / "whole.mp4", seconds=1).read_bytes()
    (archive / "cut.mp4").write_bytes(data[:2000])
    e = by_name(scan_nocache(archive))["cut.mp4"]
    assert (e.kind.value, codes(e)) == ("video", ["corrupt"])


def test_extractor_version_is_a_positive_int() -> None:
    assert isinstance(EXTRACTOR_VERSION, int)
    assert EXTRACTOR_VERSION >= 1


def test_data_after_the_jpeg_end_marker_is_not_corruption(archive: Path) -> None:
    # Motion photos append a video after the JPEG; some tools pad with zeros.
    data = make_jpeg(archive.parent / "whole.jpg").read_bytes()
    (archive / "motion.jpg").write_bytes(data + b"\x00\x00\x00\x18ftypmp42" + bytes(5000))
    (archive / "padded.jpg").write_bytes(data + bytes(100))
    files = by_name(scan_nocache(archive))
    assert {p: codes(e) for p, e in files.items()} == {"motion.jpg": [], "padded.jpg": []}


def test_jpeg_without_image_data_is_corrupt(archive: Path) -> None:
    (archive / "header-only.jpg").write_bytes(
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    )
    e = by_name(scan_nocache(archive))["header-only.jpg"]
    assert (e.kind.value, codes(e)) == ("photo", ["corrupt"])


def _jobs(folder: Path) -> list[FileJob]:
    return [
        FileJob(str(p), p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    ]


def test_files_read_into_memory_and_streamed_give_the_same_record(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small files are hashed and parsed from one read; large ones are streamed and parsed
    # from their path. Both ways must record exactly the same facts and findings.
    jpeg = make_jpeg(archive / "photo.jpg").read_bytes()
    (archive / "cut.jpg").write_bytes(jpeg[: len(jpeg) // 2])
    (archive / "motion.jpg").write_bytes(jpeg + b"\x00\x00\x00\x18ftypmp42" + bytes(5000))
    png = make_png(archive / "image.png").read_bytes()
    (archive / "cut.png").write_bytes(png[:-12])
    make_docx(archive / "letter.docx")
    make_xlsx(archive / "ledger.xlsx", [["a", 1]])
    make_pdf(archive / "report.pdf", pages=3)
    (archive / "cut.pdf").write_bytes((archive / "report.pdf").read_bytes()[:200])
    make_mp4(archive / "clip.mp4", seconds=1)
    in_memory = [extract(job) for job in _jobs(archive)]
    monkeypatch.setattr(extract_module, "WHOLE_FILE_LIMIT", 0)
    streamed = [extract(job) for job in _jobs(archive)]
    assert in_memory == streamed
    assert all(row is not None and '"sha256":"' in row.evidence for row in in_memory)


def test_a_file_that_grew_since_the_walk_is_hashed_whole(archive: Path) -> None:
    path = make_jpeg(archive / "photo.jpg")
    job = _jobs(archive)[0]
    with path.open("ab") as handle:
        handle.write(bytes(1000))  # written to after the walk saw its size
    row = extract(job)
    assert row is not None
    assert json.loads(row.evidence)["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
