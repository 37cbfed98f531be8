"""python-docx stays linear in pictures once accelerated (stock is quadratic), and pictures
added from files are not held in memory."""

from __future__ import annotations

import io
import time
from pathlib import Path

import docx
import pytest
from docx.parts.image import ImagePart
from PIL import Image

from civarchive.bind.docx.fast import accelerate


def _pngs(count: int, offset: int = 0) -> list[bytes]:
    blobs = []
    for n in range(offset, offset + count):
        buffer = io.BytesIO()
        Image.new("RGB", (16, 12), (n % 256, n // 256 % 256, 99)).save(buffer, "PNG")
        blobs.append(buffer.getvalue())
    return blobs


def _time_adding(count: int) -> float:
    document = accelerate(docx.Document())
    blobs = _pngs(count)
    # All pictures in one paragraph: times the picture path, not python-docx's paragraph append.
    paragraph = document.add_paragraph()
    # CPU time of this process: other work on the machine does not skew the ratio.
    start = time.process_time()
    for blob in blobs:
        paragraph.add_run().add_picture(io.BytesIO(blob))
    return time.process_time() - start


@pytest.mark.slow
def test_adding_pictures_scales_linearly() -> None:
    _time_adding(50)  # warm imports and caches
    small = min(_time_adding(100) for _ in range(3))
    large = min(_time_adding(400) for _ in range(3))
    # Linear: ~4x. Stock python-docx measured ~19x for the same pair (quadratic).
    assert large / small < 6, (small, large)


def _count_work(count: int, *, fast: bool) -> tuple[int, int]:
    """(image hashes, whole-body id scans) done while adding ``count`` pictures."""
    document = docx.Document()
    if fast:
        accelerate(document)
    counts = {"sha1": 0, "xpath": 0}
    sha1 = ImagePart.sha1
    body = document.part.element

    class Counting(type(body)):  # type: ignore[misc]
        def xpath(self, path, **kw):  # type: ignore[no-untyped-def]
            if path == "//@id":
                counts["xpath"] += 1
            return super().xpath(path, **kw)

    def counting_sha1(self):  # type: ignore[no-untyped-def]
        counts["sha1"] += 1
        return sha1.fget(self)

    ImagePart.sha1 = property(counting_sha1)  # type: ignore[method-assign,assignment]
    body.__class__ = Counting
    try:
        paragraph = document.add_paragraph()
        for blob in _pngs(count):
            paragraph.add_run().add_picture(io.BytesIO(blob))
    finally:
        ImagePart.sha1 = sha1  # type: ignore[method-assign]
    return counts["sha1"], counts["xpath"]


def test_work_per_picture_is_constant() -> None:
    # Stock python-docx hashes every earlier image again and scans the body for each picture.
    stock_hashes, stock_scans = _count_work(40, fast=False)
    assert stock_hashes == 40 * 39 // 2
    assert stock_scans == 40
    hashes, scans = _count_work(40, fast=True)
    assert hashes == 40  # each picture's own hash, once
    assert scans == 1  # the id counter is seeded once


def test_output_is_a_valid_document_with_unique_ids_and_shared_duplicates() -> None:
    document = accelerate(docx.Document())
    blobs = _pngs(20)
    for blob in blobs + blobs[:5]:  # five duplicates reuse their image part
        document.add_picture(io.BytesIO(blob))
    buffer = io.BytesIO()
    document.save(buffer)
    reopened = docx.Document(io.BytesIO(buffer.getvalue()))
    shapes = reopened.inline_shapes
    assert len(shapes) == 25
    assert len({shape._inline.docPr.id for shape in shapes}) == 25
    media = [p for p in reopened.part.package.iter_parts() if p.partname.startswith("/word/media/")]
    assert len(media) == 20
    assert sorted(p.partname.idx for p in media) == list(range(1, 21))


def test_picture_from_file_writes_what_add_picture_writes(tmp_path: Path) -> None:
    """The file path gives the same XML and media as python-docx's own add_picture of the
    bytes, but the part keeps only the path."""
    from docx.shared import Cm

    from civarchive.bind.docx.fast import add_picture_file

    files = []
    for n, blob in enumerate([*_pngs(3), _pngs(1)[0]]):
        path = tmp_path / f"cache-name-{n}.png"
        path.write_bytes(blob)
        files.append(path)
    stock, lean = accelerate(docx.Document()), accelerate(docx.Document())
    for path in files:
        stock.add_paragraph().add_run().add_picture(
            io.BytesIO(path.read_bytes()), width=Cm(2), height=Cm(1.5)
        )
        add_picture_file(lean.add_paragraph().add_run(), path, Cm(2), Cm(1.5))
    assert stock.element.xml == lean.element.xml
    stock_media = sorted((p.partname, p.blob) for p in stock.part.package.image_parts)
    lean_parts = list(lean.part.package.image_parts)
    assert [p._blob for p in lean_parts] == [b"", b"", b""]  # the duplicate shares a part
    assert sorted((p.partname, p.blob) for p in lean_parts) == stock_media
