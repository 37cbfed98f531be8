"""Kinds and formats come from content; extensions that disagree are reported."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from civarchive.scan.sniff import extension_disagrees, sniff
from tests.factories import (
    make_docx,
    make_jpeg,
    make_mp4,
    make_office_files,
    make_pdf,
    make_png,
    make_wav,
    make_xlsx,
    mark_ppt_encrypted,
)
from tests.scan.conftest import by_name, codes, scan_nocache


def _kind_format(archive: Path, rel: str) -> tuple[str, str | None, list[str]]:
    evidence = by_name(scan_nocache(archive))[rel]
    return evidence.kind.value, evidence.format, codes(evidence)


def test_every_generated_kind_is_recognised(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    make_png(archive / "b.png")
    make_docx(archive / "c.docx")
    make_xlsx(archive / "d.xlsx", [["a", 1]])
    make_pdf(archive / "e.pdf", pages=2)
    make_mp4(archive / "f.mp4", seconds=1)
    make_wav(archive / "g.wav")
    (archive / "h.txt").write_text("会议纪要\n第一项", encoding="gb18030")
    inventory = by_name(scan_nocache(archive))
    got = {path: (e.kind.value, e.format) for path, e in inventory.items()}
    assert got == {
        "a.jpg": ("photo", "jpeg"),
        "b.png": ("photo", "png"),
        "c.docx": ("document", "docx"),
        "d.xlsx": ("document", "xlsx"),
        "e.pdf": ("document", "pdf"),
        "f.mp4": ("video", "mp4"),
        "g.wav": ("audio", "wav"),
        "h.txt": ("document", "txt"),
    }
    assert all(not e.findings for e in inventory.values()), {
        p: codes(e) for p, e in inventory.items()
    }


def test_png_named_jpg_is_wrong_extension_but_counts_as_photo(archive: Path) -> None:
    make_png(archive / "活动.jpg")
    kind, fmt, found = _kind_format(archive, "活动.jpg")
    assert (kind, fmt, found) == ("photo", "png", ["wrong_extension"])


def test_jpeg_extensions_are_equivalent_and_no_extension_is_fine(archive: Path) -> None:
    for name in ("a.JPG", "b.jpeg", "c.jpe", "noext"):
        make_jpeg(archive / name)
    inventory = by_name(scan_nocache(archive))
    assert {p: codes(e) for p, e in inventory.items()} == {
        "a.JPG": [],
        "b.jpeg": [],
        "c.jpe": [],
        "noext": [],
    }
    assert inventory["noext"].format == "jpeg"


def test_docx_named_doc_disagrees() -> None:
    assert extension_disagrees("docx", "doc")
    assert not extension_disagrees("tiff", "tif")
    assert not extension_disagrees("heic", "heif")
    assert not extension_disagrees("jpeg", "")
    assert not extension_disagrees("jpeg", "unknownext")


def test_docx_with_large_first_entry_is_still_docx(archive: Path) -> None:
    # filetype calls such a file plain "zip"; the content types tell the truth.
    source = make_docx(archive.parent / "src.docx")
    target = archive / "big-first.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("zz-padding.bin", bytes(200_000))
        for info in src.infolist():
            out.writestr(info, src.read(info))
    assert _kind_format(archive, "big-first.docx") == ("document", "docx", [])


def test_plain_zip_is_other_and_unsupported(archive: Path) -> None:
    with zipfile.ZipFile(archive / "资料.zip", "w") as out:
        out.writestr("a.txt", "hello")
    assert _kind_format(archive, "资料.zip") == ("other", "zip", ["unsupported_type"])


def test_unknown_bytes_are_unsupported_type(archive: Path) -> None:
    (archive / "blob.bin").write_bytes(bytes(range(256)) * 4)
    assert _kind_format(archive, "blob.bin") == ("other", None, ["unsupported_type"])


def test_garbage_under_a_photo_extension_is_a_corrupt_photo(archive: Path) -> None:
    (archive / "坏.jpg").write_bytes(bytes(range(256)) * 4)
    assert _kind_format(archive, "坏.jpg") == ("photo", "jpeg", ["corrupt"])


def test_ofd_is_a_document(archive: Path) -> None:
    with zipfile.ZipFile(archive / "公文.ofd", "w") as out:
        out.writestr(
            "OFD.xml",
            '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocInfo>'
            "<ofd:Title>通知</ofd:Title><ofd:CreationDate>2022-7-4</ofd:CreationDate></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        out.writestr(
            "Doc_0/Document.xml",
            '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>'
            '<ofd:Page ID="1"/><ofd:Page ID="2"/></ofd:Pages></ofd:Document>',
        )
    evidence = by_name(scan_nocache(archive))["公文.ofd"]
    assert (evidence.kind.value, evidence.format, evidence.pages, evidence.title) == (
        "document",
        "ofd",
        2,
        "通知",
    )
    assert (str(evidence.date), evidence.date_source) == ("2022-07-04", "document")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "mov"),
        (b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x00isom", "3gp"),
        (b"\x00\x00\x00\x14ftypM4A \x00\x00\x00\x00isom", "m4a"),
        (b"\x00\x00\x00\x14ftypisom\x00\x00\x00\x00mp41", "mp4"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x10mdat", "mov"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "avif"),
        (b"RIFF\x00\x00\x00\x00AVI LIST", "avi"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01matroska", "mkv"),
        (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c", "wmv"),
        (b"FLV\x01\x05\x00\x00\x00\x09", "flv"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00", "mp3"),
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", "aac"),
        (b"#!AMR\n", "amr"),
        (b"fLaC\x00\x00\x00\x22", "flac"),
        (b"BM" + bytes(60), "bmp"),
    ],
)
def test_magic_bytes(head: bytes, fmt: str) -> None:
    assert sniff("unused", head, "x").format == fmt


def test_encrypted_ooxml_in_ole_is_an_encrypted_document(tmp_path: Path) -> None:
    olefile = pytest.importorskip("olefile")
    assert olefile  # the writer below needs only the standard library
    path = tmp_path / "enc.docx"
    path.write_bytes(_ole_with_streams(["EncryptionInfo", "EncryptedPackage", "WordDocument"]))
    sniffed = sniff(str(path), path.read_bytes()[:8192], "enc.docx")
    assert (sniffed.kind.value, sniffed.format, sniffed.encrypted) == ("document", "docx", True)


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Password-protected and plain Office files as LibreOffice writes them (one run)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    make_office_files(
        soffice,
        folder,
        {
            "加密.doc": "secret",
            "加密.docx": "secret",
            "加密.xls": "secret",
            "加密.xlsx": "secret",
            "加密.pptx": "secret",
            "普通.doc": None,
            "普通.xls": None,
            "普通.ppt": None,
            "标记加密.ppt": None,
        },
    )
    mark_ppt_encrypted(folder / "标记加密.ppt")
    return folder


@pytest.mark.soffice
def test_password_protected_office_files_of_every_format(office_files: Path) -> None:
    inventory = by_name(scan_nocache(office_files))
    got = {path: (e.format, e.encrypted, codes(e)) for path, e in inventory.items()}
    assert got == {
        # Word: the FIB's fEncrypted bit; Excel: a FILEPASS record after the first BOF;
        # OOXML: an OLE box holding EncryptionInfo and EncryptedPackage; PowerPoint: the
        # Current User header token.
        "加密.doc": ("doc", True, ["encrypted"]),
        "加密.docx": ("docx", True, ["encrypted"]),
        "加密.xls": ("xls", True, ["encrypted"]),
        "加密.xlsx": ("xlsx", True, ["encrypted"]),
        "加密.pptx": ("pptx", True, ["encrypted"]),
        "标记加密.ppt": ("ppt", True, ["encrypted"]),
        "普通.doc": ("doc", False, []),
        "普通.xls": ("xls", False, []),
        "普通.ppt": ("ppt", False, []),
    }


def test_encrypted_documents_from_other_writers(archive: Path, real_corpus: Path) -> None:
    # Word for Mac (ECMA-376 Standard encryption with a decoy WordDocument stream) and a
    # LibreOffice PDF with a user password; a PDF restricted by an owner password only opens
    # without one and is no encrypted document.
    for name in ("docx-encrypted-password-solrcell.docx", "pdf-encrypted-libreoffice.pdf"):
        shutil.copy(real_corpus / name, archive / name)
    make_pdf(archive / "需要密码.pdf", user_password="secret")
    make_pdf(archive / "仅限制打印.pdf", owner_password="owner")
    got = {path: (e.encrypted, codes(e)) for path, e in by_name(scan_nocache(archive)).items()}
    assert got == {
        "docx-encrypted-password-solrcell.docx": (True, ["encrypted"]),
        "pdf-encrypted-libreoffice.pdf": (True, ["encrypted"]),
        "需要密码.pdf": (True, ["encrypted"]),
        "仅限制打印.pdf": (False, []),
    }


def _ole_with_streams(names: list[str]) -> bytes:
    """A minimal valid OLE2 compound file holding empty streams with the given names."""
    sector = 512
    entries = io.BytesIO()

    def entry(name: str, kind: int, child: int = -1, right: int = -1) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        raw = encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little")
        raw += bytes([kind, 1])  # type, colour black
        raw += (-1 & 0xFFFFFFFF).to_bytes(4, "little")  # left sibling
        raw += (right & 0xFFFFFFFF).to_bytes(4, "little")
        raw += (child & 0xFFFFFFFF).to_bytes(4, "little")
        raw += bytes(16 + 4 + 16)  # clsid, state, times
        raw += (0xFFFFFFFE).to_bytes(4, "little") + bytes(8)  # start sector, size
        return raw

    entries.write(entry("Root Entry", 5, child=1))
    for n, name in enumerate(names, start=1):
        entries.write(entry(name, 2, right=n + 1 if n < len(names) else -1))
    directory = entries.getvalue().ljust(
        sector * (((len(names) + 1) * 128 + sector - 1) // sector), b"\x00"
    )
    dir_sectors = len(directory) // sector
    fat = [0xFFFFFFFD]  # sector 0 holds the FAT itself
    for n in range(dir_sectors):
        fat.append(n + 2 if n < dir_sectors - 1 else 0xFFFFFFFE)
    fat_bytes = b"".join(v.to_bytes(4, "little") for v in fat).ljust(sector, b"\xff")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += (0x3E).to_bytes(2, "little") + (3).to_bytes(2, "little") + b"\xfe\xff"
    header += (9).to_bytes(2, "little") + (6).to_bytes(2, "little") + bytes(6)
    header += (0).to_bytes(4, "little")  # directory sectors (v3: 0)
    header += (1).to_bytes(4, "little")  # FAT sectors
    header += (1).to_bytes(4, "little")  # first directory sector
    header += bytes(4) + (4096).to_bytes(4, "little")
    header += (0xFFFFFFFE).to_bytes(4, "little") + bytes(4)  # mini FAT
    header += (0xFFFFFFFE).to_bytes(4, "little") + bytes(4)  # DIFAT
    header += (0).to_bytes(4, "little") + b"\xff" * (436 - 4)
    assert len(header) == sector
    return header + fat_bytes + directory


def test_mp4_with_only_sound_is_audio(archive: Path) -> None:
    import av

    path = archive / "录音.m4a"
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=8000)
        for frame_index in range(20):
            frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.sample_rate = 8000
            frame.pts = frame_index * 1024
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    evidence = by_name(scan_nocache(archive))["录音.m4a"]
    assert (evidence.kind.value, evidence.format, codes(evidence)) == ("audio", "m4a", [])
    assert evidence.duration_seconds is not None
    assert evidence.duration_seconds > 2


def test_mov_container_is_video(archive: Path) -> None:
    make_mp4(archive / "clip.mov", container="mov", created=dt.datetime(2022, 7, 13, 23, 30))
    evidence = by_name(scan_nocache(archive))["clip.mov"]
    assert (evidence.kind.value, evidence.format) == ("video", "mov")
