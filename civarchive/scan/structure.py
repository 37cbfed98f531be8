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
    return problem


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
