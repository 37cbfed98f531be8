"""Hash a file once, streaming, and check on the way that JPEG and PNG files are complete."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO, Any

CHUNK = 1 << 20

# Where extractors read a file from: its path, or its whole content when the file was small
# enough to be read into memory once (hashed and parsed from the same bytes, not read again).
Source = str | bytes


def open_source(source: Source) -> str | IO[bytes]:
    """What a parser library accepts: the path itself, or a fresh stream over the content."""
    return io.BytesIO(source) if isinstance(source, bytes) else source


class CorruptFile(Exception):
    """Raised by extractors: the file cannot be opened or decoded as its format."""

    def __init__(self, detail: str, facts: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.facts = facts or {}  # what could be read before the damage showed


@dataclass(frozen=True, slots=True)
class Digest:
    sha256: str
    problem: str | None  # why the structure is incomplete, or None


def digest(handle: IO[bytes], fmt: str | None) -> Digest:
    """SHA-256 of the whole stream; for JPEG also whether image data ends with EOI, for PNG IEND.

    A truncated photo is the most common corruption (an interrupted copy or upload) and
    decoding pixels costs ten times the hashing, so the check rides on the hashing pass:
    a JPEG must have a start-of-scan segment followed by an end-of-image marker (inside
    entropy-coded data 0xFF is always stuffed, so FFD9 there can only be the real EOI); a
    PNG must contain its IEND chunk. Almost every file ends with its marker, which is
    checked on the last bytes read; only when data follows it (motion photos append a
    video, some tools pad) is the file searched again.
    """
    sha = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    scan_start = _jpeg_scan_start(handle) if fmt == "jpeg" else None
    handle.seek(0)
    tail = b""
    size = 0
    while True:
        count = handle.readinto(buffer)  # type: ignore[attr-defined]
        if not count:
            break
        sha.update(view[:count])
        size += count
        tail = (tail + bytes(view[max(0, count - 64) : count]))[-64:]
    return Digest(sha.hexdigest(), _problem(handle, fmt, scan_start, tail, size))


def digest_bytes(data: bytes, fmt: str | None) -> Digest:
    """The same as ``digest`` for a file already read whole into memory."""
    handle = io.BytesIO(data)
    scan_start = _jpeg_scan_start(handle) if fmt == "jpeg" else None
    return Digest(
        hashlib.sha256(data).hexdigest(), _problem(handle, fmt, scan_start, data[-64:], len(data))
    )


def _problem(
    handle: IO[bytes], fmt: str | None, scan_start: int | None, tail: bytes, size: int
) -> str | None:
    """Why a JPEG or PNG is structurally incomplete, given its last bytes; None when it is not."""
    problem = None
    if fmt == "jpeg":
        if scan_start is None:
            problem = "JPEG has no image data (no start-of-scan segment)"
        elif not _ends_with(tail, b"\xff\xd9") and not _search(
            handle, b"\xff\xd9", scan_start, size
        ):
            problem = "image data is truncated (no end-of-image marker)"
    elif (
        fmt == "png"
        and not _ends_with(tail, b"IEND\xaeB`\x82")
        and not _search(handle, b"IEND\xaeB`\x82", 8, size)
    ):
        problem = "PNG is truncated (no IEND chunk)"
    elif fmt in BOX_FORMATS:
        problem = _box_problem(handle, size)
    elif fmt in ("avi", "webp", "wav"):
        problem = _riff_problem(handle, size)
    elif fmt == "amr":
        problem = _amr_problem(handle, size)
    return problem


# ISO base media files (MP4, QuickTime, 3GP, M4A, HEIC): a sequence of top-level boxes, each
# starting with its size. A copy cut short leaves the last box (mostly ``mdat``, the media
# data) claiming more bytes than the file has, although the header still opens and the
# first frame still decodes: the box sizes are checked while the file is hashed anyway.
BOX_FORMATS = frozenset({"mp4", "mov", "m4a", "3gp", "heic", "avif", "cr3"})
# Top-level box types whose size is trusted; past anything else (a vendor's trailer, such as
# the one Samsung phones append) the file is not judged.
_TOP_BOXES = frozenset(
    {
        b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"meta", b"moof", b"mfra",
        b"uuid", b"pnot", b"udta", b"pdin", b"styp", b"sidx", b"prfl", b"junk", b"PICT",
    }
)  # fmt: skip
_MAX_BOXES = 100_000


def _box_problem(handle: IO[bytes], size: int) -> str | None:
    offset = 0
    for _ in range(_MAX_BOXES):
        if offset >= size:
            return None
        handle.seek(offset)
        head = handle.read(16)
        kind = head[4:8]
        if len(head) < 8 or kind not in _TOP_BOXES:
            return None  # padding or an unknown trailer: not ours to judge
        length = int.from_bytes(head[0:4], "big")
        if length == 1 and len(head) == 16:
            length = int.from_bytes(head[8:16], "big")  # a 64-bit size follows the type
        elif length == 0:
            return None  # the box runs to the end of the file
        if length < 8:
            return f"damaged: the {kind.decode('latin-1')} box has an impossible size"
        if offset + length > size:
            return (
                f"truncated: the {kind.decode('latin-1')} box needs {length:,} bytes, "
                f"the file has {size - offset:,} left"
            )
        offset += length
    return None


def _riff_problem(handle: IO[bytes], size: int) -> str | None:
    """AVI, WebP and WAV: each RIFF chunk (AVI over 1 GB continues in ``RIFF AVIX`` chunks)
    must fit in the file."""
    offset = 0
    while offset + 8 <= size:
        handle.seek(offset)
        head = handle.read(8)
        if head[:4] != b"RIFF":
            return None
        length = int.from_bytes(head[4:8], "little")
        if length in (0, 0xFFFFFFFF):
            return None  # written by a recorder that never went back to fill it in
        if offset + 8 + length > size:
            return f"truncated: the RIFF chunk needs {8 + length:,} bytes, the file has {size - offset:,}"
        offset += 8 + length + (length & 1)
    return None


# Bytes per AMR frame by its frame type (header byte included): narrow-band, wide-band.
_AMR_NB = (13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1)
_AMR_WB = (18, 24, 33, 37, 41, 47, 51, 59, 61, 6, 1, 1, 1, 1, 1, 1)
_AMR_MAX_BYTES = 64 << 20  # six hours of speech; larger files are not walked


def _amr_problem(handle: IO[bytes], size: int) -> str | None:
    """An AMR file is a magic line and frames whose size their first byte gives: the last
    frame of a copy cut short is incomplete."""
    if size > _AMR_MAX_BYTES:
        return None
    handle.seek(0)
    data = handle.read(size)
    if data.startswith(b"#!AMR-WB\n"):
        sizes, offset = _AMR_WB, 9
    elif data.startswith(b"#!AMR\n"):
        sizes, offset = _AMR_NB, 6
    else:
        return None  # multi-channel or unknown: not judged
    while offset < size:
        offset += sizes[(data[offset] >> 3) & 0x0F]
    if offset > size:
        return "truncated: the last AMR frame is incomplete"
    return None


def _ends_with(tail: bytes, marker: bytes) -> bool:
    return tail.rstrip(b"\x00\r\n ").endswith(marker)


def _search(handle: IO[bytes], marker: bytes, start: int, size: int) -> bool:
    """Whether ``marker`` occurs at or after offset ``start`` (read again in chunks)."""
    if start >= size:
        return False
    handle.seek(start)
    previous = b""
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            return False
        if (previous + chunk).find(marker) >= 0:
            return True
        previous = chunk[-(len(marker) - 1) :]


def _jpeg_scan_start(handle: IO[bytes]) -> int | None:
    """Offset just after the SOS segment header, walking the marker segments; None if absent."""
    handle.seek(2)
    while True:
        head = handle.read(4)
        if len(head) < 4 or head[0] != 0xFF:
            return None
        marker = head[1]
        if marker == 0xFF:  # fill bytes before a marker
            handle.seek(-3, 1)
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            handle.seek(-2, 1)
            continue
        if marker == 0xD9:
            return None
        length = int.from_bytes(head[2:4], "big")
        if length < 2:
            return None
        end = handle.tell() - 2 + length
        if marker == 0xDA:
            return end
        handle.seek(end)
