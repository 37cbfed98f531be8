"""The real camera/phone/office files of the shared corpus, checked against SOURCES.md facts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civarchive.scan import scan
from civarchive.scan.models import Evidence
from tests.scan.conftest import day

CORRUPT = {
    "docx-truncated.docx",
    "heic-corrupted.heic",
    "heic-iphone8-exif-undecodable.heic",
    "jpeg-pixel6-gps-no-scan-data.jpg",
    "jpeg-truncated-progressive.jpg",
    "mp4-android-metadata-empty-mdat.mp4",
}
ENCRYPTED = {"docx-encrypted-password-solrcell.docx", "pdf-encrypted-libreoffice.pdf"}

# name: (kind, format, date) — dates per SOURCES.md (EXIF as written; zoned times in China time).
EXPECTED: dict[str, tuple[str, str, str | None]] = {
    "3gp-h263.3gp": ("video", "3gp", None),
    "amr-nb.amr": ("audio", "amr", None),
    "avi-mpeg4-mp3.avi": ("video", "avi", None),
    "doc-word97.doc": ("document", "doc", "2003-03-12"),  # 2003-03-11 22:09 UTC
    "docx-encrypted-password-solrcell.docx": ("document", "docx", None),
    "docx-libreoffice.docx": ("document", "docx", "2014-06-18"),
    "docx-truncated.docx": ("document", "docx", None),
    "docx-word-chinese-images.docx": ("document", "docx", "2018-06-12"),
    "docx-word-mac-coreprops.docx": ("document", "docx", "2014-12-14"),  # 22:02 UTC
    "docx-wps-chinese.docx": ("document", "docx", "2018-06-21"),
    "heic-corrupted.heic": ("photo", "heic", None),
    "heic-iphone-xs-gps.heic": ("photo", "heic", "2021-07-06"),
    "heic-iphone8-exif-undecodable.heic": ("photo", "heic", "2019-05-26"),
    "heic-iphone8plus.heic": ("photo", "heic", "2018-07-31"),
    "heic-xiaomi-gps.heic": ("photo", "heic", "2023-04-27"),
    "jpeg-canon-600d-xptitle-xpcomment.jpg": ("photo", "jpeg", "2015-06-11"),
    "jpeg-canon-powershot-s40.jpg": ("photo", "jpeg", "2003-12-14"),
    "jpeg-cmyk.jpg": ("photo", "jpeg", None),  # only IFD0 DateTime, which is not evidence
    "jpeg-google-pixel-gps.jpg": ("photo", "jpeg", "2018-07-25"),
    "jpeg-nikon-d800-broken-exif.jpg": ("photo", "jpeg", "2013-09-11"),
    "jpeg-nokia-n70-iptc.jpg": ("photo", "jpeg", "2006-07-08"),
    "jpeg-olympus-nul-padded-exif.jpg": ("photo", "jpeg", "2018-04-27"),
    "jpeg-pixel6-gps-no-scan-data.jpg": ("photo", "jpeg", "2024-05-07"),
    "jpeg-progressive-canon-30d-nan-gps.jpg": ("photo", "jpeg", "2007-08-15"),
    "jpeg-progressive-canon-t2i.jpg": ("photo", "jpeg", "2015-12-05"),
    "jpeg-truncated-progressive.jpg": ("photo", "jpeg", None),
    "jpeg-xiaomi-empty-gps-ifd.jpg": ("photo", "jpeg", "2020-07-27"),
    "m4a-iphone-voice-memo.m4a": ("audio", "m4a", "2016-01-04"),
    "mov-iphone5-h264.mov": ("video", "mov", "2015-01-20"),  # Apple creationdate 12:45-08:00
    "mp4-android-metadata-empty-mdat.mp4": ("video", "mp4", "2017-07-14"),  # 19:16 UTC
    "mp4-ios-h264.mp4": ("video", "mp4", "2015-05-08"),  # 18:28 UTC
    "mp4-iphone-broken.mp4": ("video", "mp4", "2015-11-29"),
    "ofd-suwell-chinese.ofd": ("document", "ofd", "2012-06-05"),
    "ofd-wps.ofd": ("document", "ofd", "2021-06-04"),
    "pdf-broken-xref.pdf": ("document", "pdf", None),
    "pdf-chinese-print-to-pdf.pdf": ("document", "pdf", "2023-03-17"),
    "pdf-encrypted-libreoffice.pdf": ("document", "pdf", None),
    "pdf-epson-scan-5p.pdf": ("document", "pdf", None),
    "pdf-libreoffice-multilang.pdf": ("document", "pdf", "2022-06-06"),
    "png-exif-chunk-gps.png": ("photo", "png", "2003-12-14"),
    "pptx-powerpoint.pptx": ("document", "pptx", "2008-01-04"),
    "tiff-canon-5d3-iptc-xmp.tif": ("photo", "tiff", "2013-09-07"),
    "webp-canon-exif.webp": ("photo", "webp", "2003-12-14"),
    "xlsx-excel-mac-chinese.xlsx": ("document", "xlsx", "2019-08-01"),
    "xlsx-wps-chinese.xlsx": ("document", "xlsx", "2020-03-15"),  # 18:06 UTC
}


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Evidence]:
    from tests.conftest import REAL_CORPUS

    if not REAL_CORPUS.is_dir():
        pytest.skip(f"real-file corpus not found at {REAL_CORPUS}")
    root = tmp_path_factory.mktemp("corpus") / "archive"
    shutil.copytree(REAL_CORPUS, root)
    (root / "SOURCES.md").unlink()
    inventory = scan(root, use_cache=False, progress=False)
    return {e.path: e for e in inventory.files}


def test_corpus_fixture_is_present(real_corpus: Path) -> None:
    assert (real_corpus / "SOURCES.md").is_file()


def test_kinds_formats_and_dates(corpus_files: dict[str, Evidence]) -> None:
    for n in range(2, 9):
        EXPECTED.setdefault(f"jpeg-exif-orientation-{n}.jpg", ("photo", "jpeg", None))
    got = {name: (e.kind.value, e.format, day(e)) for name, e in corpus_files.items()}
    assert got == EXPECTED


def test_corrupt_and_encrypted_files(corpus_files: dict[str, Evidence]) -> None:
    corrupt = {
        name for name, e in corpus_files.items() if any(f.code == "corrupt" for f in e.findings)
    }
    assert corrupt == CORRUPT
    assert {name for name, e in corpus_files.items() if e.encrypted} == ENCRYPTED
    encrypted = {
        name: [f.code.value for f in e.findings] for name, e in corpus_files.items() if e.encrypted
    }
    assert encrypted == dict.fromkeys(ENCRYPTED, ["encrypted"])
    others = {
        name: [f.code.value for f in e.findings]
        for name, e in corpus_files.items()
        if name not in CORRUPT | ENCRYPTED
    }
    assert all(found == [] for found in others.values()), others


def test_sha256_matches_sources(corpus_files: dict[str, Evidence], real_corpus: Path) -> None:
    listed = {}
    text = (real_corpus / "SOURCES.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) == 64:
            listed[parts[1]] = parts[0]
    assert {name: e.sha256 for name, e in corpus_files.items()} == listed


def test_photo_details(corpus_files: dict[str, Evidence]) -> None:
    canon = corpus_files["jpeg-canon-600d-xptitle-xpcomment.jpg"]
    assert (canon.width, canon.height, canon.camera, canon.title) == (
        1394,
        930,
        "Canon EOS 600D",
        "Squirrel at berkely",
    )
    assert canon.caption is not None
    assert (canon.caption.title, canon.caption.sheet) == ("Squirrel at berkely", None)
    for n in range(2, 9):
        photo = corpus_files[f"jpeg-exif-orientation-{n}.jpg"]
        assert photo.orientation == n
        assert (photo.width, photo.height) == ((1800, 1200) if n < 5 else (1200, 1800))
    olympus = corpus_files["jpeg-olympus-nul-padded-exif.jpg"]
    assert olympus.camera == "OLYMPUS IMAGING CORP. E-M10"
    assert corpus_files["heic-iphone8plus.heic"].megapixels == 12.19
    assert corpus_files["jpeg-xiaomi-empty-gps-ifd.jpg"].orientation == 6


def test_media_and_document_details(corpus_files: dict[str, Evidence]) -> None:
    mov = corpus_files["mov-iphone5-h264.mov"]
    assert (mov.width, mov.height, mov.codec, mov.duration_seconds) == (1920, 1080, "h264", 1.008)
    assert corpus_files["amr-nb.amr"].duration_seconds == 4.36
    assert corpus_files["pdf-epson-scan-5p.pdf"].pages == 5
    assert corpus_files["pdf-chinese-print-to-pdf.pdf"].pages == 4
    assert corpus_files["pptx-powerpoint.pptx"].pages == 2
    assert corpus_files["pptx-powerpoint.pptx"].title == "SlideShow Sample"
    assert corpus_files["doc-word97.doc"].author == "Bob Otterberg"
    assert corpus_files["docx-libreoffice.docx"].author == "Ladislav Laník"
    suwell = corpus_files["ofd-suwell-chinese.ofd"]
    assert (suwell.title, suwell.author, suwell.pages) == ("11.4 字型变换", "朱文荣", 4)
