"""Tell a file's real format and evidence kind from its content (magic bytes), not its name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from typing import Any

from civarchive.kinds import Kind
from civarchive.scan.structure import Source, open_source

# How many leading bytes sniffing needs; ``filetype`` itself looks at most at 8 KiB.
HEAD_SIZE = 8192

# Design §3: the evidence kinds and the formats that make them up.
FORMAT_KIND: dict[str, Kind] = {
    **dict.fromkeys(
        ("pdf", "docx", "doc", "wps", "xlsx", "xls", "pptx", "ppt", "ofd", "txt"), Kind.DOCUMENT
    ),
    **dict.fromkeys(("jpeg", "png", "heic", "tiff", "webp", "bmp"), Kind.PHOTO),
    **dict.fromkeys(("mp4", "mov", "avi", "mkv", "webm", "wmv", "flv", "3gp"), Kind.VIDEO),
    **dict.fromkeys(("mp3", "m4a", "wav", "amr", "aac", "flac", "wma"), Kind.AUDIO),
}

# Extensions that name each format; an extension listed here for another format is a
# ``wrong_extension``. Unknown extensions and no extension at all are never findings.
FORMAT_EXTENSIONS: dict[str, frozenset[str]] = {
    "jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "png": frozenset({"png"}),
    "heic": frozenset({"heic", "heif", "hif"}),
    "tiff": frozenset({"tif", "tiff"}),
    "webp": frozenset({"webp"}),
    "bmp": frozenset({"bmp", "dib"}),
    "gif": frozenset({"gif"}),
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx", "docm", "dotx", "dotm"}),
    "xlsx": frozenset({"xlsx", "xlsm", "xltx", "xltm"}),
    "pptx": frozenset({"pptx", "pptm", "ppsx", "potx"}),
    "doc": frozenset({"doc", "dot"}),
    "wps": frozenset({"wps", "wpt"}),
    "xls": frozenset({"xls", "xlt", "et"}),
    "ppt": frozenset({"ppt", "pps", "pot", "dps"}),
    "ofd": frozenset({"ofd"}),
    "txt": frozenset({"txt", "text"}),
    "mp4": frozenset({"mp4", "m4v"}),
    "mov": frozenset({"mov", "qt"}),
    "3gp": frozenset({"3gp", "3g2", "3gpp"}),
    "avi": frozenset({"avi"}),
    "mkv": frozenset({"mkv", "mka"}),
    "webm": frozenset({"webm"}),
    "wmv": frozenset({"wmv", "asf"}),
    "wma": frozenset({"wma"}),
    "flv": frozenset({"flv"}),
    "mp3": frozenset({"mp3"}),
    "m4a": frozenset({"m4a", "m4b"}),
    "wav": frozenset({"wav", "wave"}),
    "amr": frozenset({"amr"}),
    "aac": frozenset({"aac"}),
    "flac": frozenset({"flac"}),
    "zip": frozenset({"zip"}),
    "rar": frozenset({"rar"}),
    "7z": frozenset({"7z"}),
}

# Formats whose content is legitimately found under another format's extension.
_ALSO_ACCEPTED: dict[str, frozenset[str]] = {
    # An audio-only MP4/QuickTime file is audio (m4a) whatever its container brand says.
    "m4a": frozenset({"mp4", "mov"}),
    # Word, WPS and Excel happily save an old binary file under the other's name.
    "doc": frozenset({"wps"}),
    "wps": frozenset({"doc"}),
    "txt": frozenset({"csv", "log", "md"}),
    "zip": frozenset(),
}

_EXTENSION_FORMAT: dict[str, str] = {
    ext: fmt for fmt, exts in FORMAT_EXTENSIONS.items() for ext in exts
}

_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a file's bytes say it is; ``problem`` explains why it cannot be opened as such."""

    kind: Kind
    format: str | None
    encrypted: bool = False
    problem: str | None = None
    # The zip of an Office or OFD document as opened for sniffing, handed on so that the
    # document reader does not parse its central directory a second time; the caller closes it.
    archive: zipfile.ZipFile | None = field(default=None, compare=False, repr=False)


def extension(name: str) -> str:
    """The lower-case extension of a file name, without the dot ("" when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def format_for_extension(ext: str) -> str | None:
    """The format an extension claims, or None for an extension we do not know."""
    return _EXTENSION_FORMAT.get(ext)


def kind_of(fmt: str | None) -> Kind:
    return FORMAT_KIND.get(fmt or "", Kind.OTHER)


def extension_disagrees(fmt: str | None, ext: str) -> bool:
    """True when a known extension names a format other than the detected one."""
    if fmt is None or not ext:
        return False
    claimed = _EXTENSION_FORMAT.get(ext)
    if claimed is None:
        return False
    return claimed != fmt and ext not in _ALSO_ACCEPTED.get(fmt, frozenset())


def sniff(source: Source, head: bytes, name: str) -> Sniffed:
    """Decide format and kind from the first bytes of a file (named ``name``).

    Containers (ZIP, OLE) are opened to tell DOCX from XLSX from OFD and DOC from XLS. A
    broken container whose extension names a container format is that format with a
    ``problem`` (so a truncated DOCX is a corrupt document, not an unknown file).
    """
    ext = extension(name)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(source, ext)
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(source, ext)
    fmt = _sniff_magic(head)
    if fmt is None:
        return _unknown(ext)
    return Sniffed(kind_of(fmt), fmt)


def _unknown(ext: str) -> Sniffed:
    # Garbage under an evidence extension (a ".jpg" that is not a JPEG) is a corrupt photo:
    # the clerk meant it as evidence. Anything else is simply a type we do not handle.
    claimed = _EXTENSION_FORMAT.get(ext)
    if claimed is not None and claimed in FORMAT_KIND:
        return Sniffed(FORMAT_KIND[claimed], claimed, problem=f"content is not a valid {claimed}")
    return Sniffed(Kind.OTHER, None)


def _sniff_magic(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:4] == b"RIFF":
        return {b"WEBP": "webp", b"AVI ": "avi", b"WAVE": "wav"}.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _sniff_ftyp(head)
    if head[4:8] in (b"moov", b"mdat", b"wide", b"pnot"):
        return "mov"  # QuickTime files older than the ftyp box
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"#!AMR"):
        return "amr"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"FLV\x01"):
        return "flv"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head[:64] else "mkv"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "wmv"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "aac"  # ADTS sync word, layer 0
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"  # MPEG audio frame sync
    if _looks_like_text(head):
        return "txt"  # checked before filetype: 5 us against 50 us, and never a binary format
    return _sniff_filetype(head)


def _sniff_ftyp(head: bytes) -> str:
    major = head[8:12]
    size = int.from_bytes(head[0:4], "big")
    brands = {major} | {head[i : i + 4] for i in range(16, min(size, len(head), 64), 4)}
    if major in _HEIF_BRANDS or (major not in (b"qt  ",) and brands & {b"heic", b"heix"}):
        return "heic"
    if major in (b"avif", b"avis"):
        return "avif"  # not an evidence format of design §3: reported unsupported
    if major == b"crx ":
        return "cr3"  # Canon raw
    if major == b"qt  ":
        return "mov"
    if major.startswith(b"3g"):
        return "3gp"
    if major in (b"M4A ", b"M4B "):
        return "m4a"
    return "mp4"


def _sniff_filetype(head: bytes) -> str | None:
    import filetype

    guess = filetype.guess(head)
    if guess is None:
        return None
    ext = str(guess.extension)
    return {"jpg": "jpeg", "tif": "tiff", "heif": "heic", "m4v": "mp4"}.get(ext, ext)


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            # The head may cut a multi-byte character in two: fine if only the end fails.
            if error.start >= len(head) - 3:
                return True
    return False


# A zip entry declaring more than this, or compressing better than this ratio, is refused:
# no office document holds a 1 GB XML part, and only a zip bomb compresses 1000:1.
ZIP_MAX_ENTRY = 1 << 30
ZIP_MAX_RATIO = 1000
ZIP_RATIO_FLOOR = 16 << 20


def zip_bomb_reason(archive: zipfile.ZipFile) -> str | None:
    """Why a zip's declared sizes look like a decompression bomb, or None when they look sane."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > ZIP_MAX_ENTRY or total > 4 * ZIP_MAX_ENTRY:
            return f"zip entry {info.filename!r} declares {info.file_size:,} bytes (zip bomb?)"
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_RATIO_FLOOR and ratio > ZIP_MAX_RATIO:
            return f"zip entry {info.filename!r} compresses {ratio:,.0f}:1 (zip bomb?)"
    return None


def _sniff_zip(source: Source, ext: str) -> Sniffed:
    claimed = _EXTENSION_FORMAT.get(ext)
    broken_as = claimed if claimed in ("docx", "xlsx", "pptx", "ofd") else "zip"
    try:
        archive = zipfile.ZipFile(open_source(source))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return Sniffed(kind_of(broken_as), broken_as, problem=f"not a readable zip: {error}")
    fmt = _zip_format(archive.namelist())
    bomb = zip_bomb_reason(archive)
    if bomb or fmt not in ("docx", "xlsx", "pptx", "ofd"):
        archive.close()
        return Sniffed(kind_of(fmt), fmt, problem=bomb)
    return Sniffed(kind_of(fmt), fmt, archive=archive)


def _zip_format(names: list[str]) -> str:
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" in names or any(n.startswith(("word/", "xl/", "ppt/")) for n in names):
        for prefix, fmt in _OOXML_PARTS:
            if any(n.startswith(prefix) for n in names):
                return fmt
    return "zip"


def _sniff_ole(source: Source, ext: str) -> Sniffed:
    import olefile

    try:
        with olefile.OleFileIO(open_source(source)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
            return _ole_format(ole, streams, ext)
    except (OSError, ValueError, IndexError, KeyError, TypeError) as error:
        claimed = _EXTENSION_FORMAT.get(ext)
        fmt = claimed if claimed in ("doc", "xls", "ppt", "wps") else "ole"
        return Sniffed(kind_of(fmt), fmt, problem=f"not a readable OLE file: {error}")


def _ole_format(ole: Any, streams: set[str], ext: str) -> Sniffed:
    by_lower = {s.lower(): s for s in streams}
    # An encrypted OOXML file is an OLE box around the encrypted zip (it may also carry a
    # decoy WordDocument stream, so this test comes first).
    if "encryptedpackage" in by_lower or "encryptioninfo" in by_lower:
        claimed = _EXTENSION_FORMAT.get(ext)
        fmt = claimed if claimed in ("docx", "xlsx", "pptx", "doc", "xls", "ppt") else "docx"
        return Sniffed(Kind.DOCUMENT, fmt, encrypted=True)
    if "worddocument" in by_lower:
        is_wps = ext in ("wps", "wpt") or any("wps" in s for s in by_lower)
        encrypted = _word_encrypted(_stream_head(ole, by_lower["worddocument"], 16))
        return Sniffed(Kind.DOCUMENT, "wps" if is_wps else "doc", encrypted=encrypted)
    book = by_lower.get("workbook") or by_lower.get("book")
    if book is not None:
        encrypted = _excel_encrypted(_stream_head(ole, book, _BIFF_SCAN))
        return Sniffed(Kind.DOCUMENT, "xls", encrypted=encrypted)
    if "powerpoint document" in by_lower:
        user = by_lower.get("current user")
        encrypted = user is not None and _powerpoint_encrypted(_stream_head(ole, user, 16))
        return Sniffed(Kind.DOCUMENT, "ppt", encrypted=encrypted)
    return Sniffed(Kind.OTHER, "ole")


# How much of an XLS workbook stream is searched for the FILEPASS record (it follows the
# first BOF within a few records; the globals before it are small).
_BIFF_SCAN = 16 << 10
_BIFF_BOF, _BIFF_EOF, _BIFF_FILEPASS = 0x0809, 0x000A, 0x002F
# [MS-PPT] 2.3.2 CurrentUserAtom.headerToken of a document encrypted with a password.
_PPT_ENCRYPTED_TOKEN = 0xF3D1C4DF


def _stream_head(ole: Any, name: str, size: int) -> bytes:
    with ole.openstream(name) as stream:
        return bytes(stream.read(size))


def _word_encrypted(fib: bytes) -> bool:
    """[MS-DOC] 2.5.2 FibBase: wIdent 0xA5EC, then fEncrypted (bit 8 of the flags at 0x0A)."""
    if len(fib) < 12 or int.from_bytes(fib[0:2], "little") != 0xA5EC:
        return False
    return bool(int.from_bytes(fib[10:12], "little") & 0x0100)


def _excel_encrypted(biff: bytes) -> bool:
    """[MS-XLS] 2.4.117 FilePass: present in the globals substream of a password-protected book."""
    position = 0
    while position + 4 <= len(biff):
        record = int.from_bytes(biff[position : position + 2], "little")
        length = int.from_bytes(biff[position + 2 : position + 4], "little")
        if record == _BIFF_FILEPASS:
            return True
        if record == _BIFF_EOF or (position == 0 and record != _BIFF_BOF):
            return False
        position += 4 + length
    return False


def _powerpoint_encrypted(current_user: bytes) -> bool:
    """[MS-PPT] 2.3.2: the Current User stream's header token says whether a password is set."""
    return (
        len(current_user) >= 16
        and int.from_bytes(current_user[12:16], "little") == _PPT_ENCRYPTED_TOKEN
    )
