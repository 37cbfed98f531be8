"""Hostile and damaged files: every one yields a finding or clean facts, never an exception."""

from __future__ import annotations

import random
from pathlib import Path

from civarchive.scan.sniff import extension
from tests.factories import make_docx, make_jpeg, make_mp4, make_pdf, make_png, make_xlsx
from tests.scan.conftest import scan_nocache

MAGICS = {
    "jpg": b"\xff\xd8\xff\xe0",
    "png": b"\x89PNG\r\n\x1a\n",
    "tif": b"II*\x00",
    "webp": b"RIFF\x00\x00\x00\x00WEBP",
    "pdf": b"%PDF-1.7\n",
    "docx": b"PK\x03\x04",
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2",
    "avi": b"RIFF\x00\x00\x00\x00AVI LIST",
    "mkv": b"\x1a\x45\xdf\xa3",
    "mp3": b"ID3\x03\x00",
    # (Not AMR: its frames carry no checksum, so random bytes after "#!AMR" are valid noise.)
    "flac": b"fLaC",
    "wmv": b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c",
}


def test_magic_bytes_followed_by_garbage(archive: Path) -> None:
    rng = random.Random(7)
    for ext, magic in MAGICS.items():
        for n, size in enumerate((0, 10, 700, 20_000)):
            (archive / f"{ext}-{n}.{ext}").write_bytes(magic + rng.randbytes(size))
    inventory = scan_nocache(archive)
    assert len(inventory.files) == len(MAGICS) * 4
    for evidence in inventory.files:
        found = {f.code.value for f in evidence.findings}
        assert found & {"corrupt", "unsupported_type"}, (evidence.path, found)


def test_real_files_cut_at_many_points(archive: Path, tmp_path: Path) -> None:
    sources = [
        make_jpeg(tmp_path / "s/a.jpg", size=(300, 200)),
        make_png(tmp_path / "s/b.png"),
        make_pdf(tmp_path / "s/c.pdf", pages=2),
        make_docx(tmp_path / "s/d.docx"),
        make_xlsx(tmp_path / "s/e.xlsx", [["a", 1]]),
        make_mp4(tmp_path / "s/f.mp4", seconds=1),
    ]
    for source in sources:
        data = source.read_bytes()
        for fraction in (0.02, 0.3, 0.6, 0.95):
            cut = max(1, int(len(data) * fraction))
            (archive / f"{source.stem}-{cut}.{extension(source.name)}").write_bytes(data[:cut])
    inventory = scan_nocache(archive)
    assert len(inventory.files) == len(sources) * 4
    for evidence in inventory.files:
        assert [f.code.value for f in evidence.findings] == ["corrupt"], evidence.path


def test_semicolon_and_tab_separated_caption_sheets(archive: Path) -> None:
    make_jpeg(archive / "a/x.jpg")
    make_jpeg(archive / "b/y.jpg")
    (archive / "a/captions.csv").write_text("文件名;题名\r\nx.jpg;分号分隔\r\n", encoding="utf-8")
    (archive / "b/说明.csv").write_bytes("文件名\t题名\r\ny.jpg\t制表符分隔\r\n".encode("gbk"))
    titles = {e.path: e.caption.title if e.caption else None for e in scan_nocache(archive).files}
    assert titles == {"a/x.jpg": "分号分隔", "b/y.jpg": "制表符分隔"}
