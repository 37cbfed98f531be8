"""The PDF volume with each PDF source page as its original vector page, not a picture of it.

LibreOffice converts the DOCX volume, in which every document page is a JPEG; for a page
that came from a PDF (the source itself, or LibreOffice's PDF of an office file) and holds
text, the picture's image object is turned into a form XObject drawing the source page,
scaled by the same placement: text stays selectable, the file small, and everything
LibreOffice drew around it (the heading line, the 归档章, the page number) stays as it was.

A page is found by the volume's named destinations (each 件's bookmark), its picture by
its pixel size; anything that does not match exactly is left as the picture.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A source page whose own pictures weigh more than this is a scan: its picture is better.
MAX_SOURCE_IMAGE_BYTES = 2 << 20
# The picture and the source page must have the same shape (pages rendered down to A4 keep
# their aspect); this much difference is rounding.
ASPECT_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class VectorPage:
    """A page image of the volume that may be replaced by its source page.

    ``offset`` counts pages from the 件's first page (its ``bookmark``); ``width`` and
    ``height`` are the picture's pixels; ``page`` is the source page's index in ``source``.
    """

    bookmark: str
    offset: int
    source: Path
    page: int
    width: int
    height: int


def draw_vector_pages(writer: Any, starts: dict[str, int], pages: Iterable[VectorPage]) -> int:
    """Draw every page of ``pages`` that can be matched from its source PDF in ``writer`` (a
    clone of the volume; ``starts``: bookmark → page index, ``bookmark_pages``); returns how
    many were. Never raises for a source PDF pypdf cannot read: that page stays a picture."""
    sources: dict[Path, Any] = {}
    done = 0
    for page in pages:
        start = starts.get(page.bookmark)
        if start is None or start + page.offset >= len(writer.pages):
            continue
        image = _the_picture(writer.pages[start + page.offset], page.width, page.height)
        if image is None:
            continue
        source = _source_page(sources, page)
        if source is None or not _worth_it(source, page):
            continue
        try:
            _become_form(image, source, writer)
        except Exception:  # noqa: BLE001 - any pypdf failure on a source leaves the picture
            continue
        done += 1
    return done


def bookmark_pages(reader: Any) -> tuple[dict[str, int], dict[str, Any]]:
    """Bookmark name → page index and → destination, from the named destinations LibreOffice
    exports (it writes ``item_0001`` as ``item5F0001``: "_" hex-escaped without the "#")."""
    pages: dict[str, int] = {}
    destinations: dict[str, Any] = {}
    for name, destination in reader.named_destinations.items():
        try:
            index = reader.get_destination_page_number(destination)
        except Exception:  # noqa: BLE001 - a destination pypdf cannot resolve is skipped
            continue
        key = str(name).lstrip("/").replace("#5F", "_").replace("5F", "_")
        pages[key] = index
        destinations[key] = destination
    return pages, destinations


def _the_picture(page: Any, width: int, height: int) -> Any | None:
    """The one image object of ``width``×``height`` pixels ``page`` draws, or None."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    contents = page.get_contents()
    if xobjects is None or contents is None:
        return None
    xobjects = xobjects.get_object()
    drawn = {
        operands[0] for operands, operator in contents.operations if operator == b"Do" and operands
    }
    found = []
    for name in drawn:
        obj = xobjects.get(name)
        image = obj.get_object() if obj is not None else None
        if (
            image is not None
            and image.get("/Subtype") == "/Image"
            and image.get("/Width") == width
            and image.get("/Height") == height
        ):
            found.append(image)
    return found[0] if len(found) == 1 else None


def _source_page(sources: dict[Path, Any], page: VectorPage) -> Any | None:
    from pypdf import PdfReader

    try:
        reader = sources.get(page.source)
        if reader is None:
            reader = sources[page.source] = PdfReader(page.source)
        if reader.is_encrypted:
            return None
        return reader.pages[page.page]
    except Exception:  # noqa: BLE001 - a damaged source: its page stays a picture
        return None


def _worth_it(source: Any, page: VectorPage) -> bool:
    """Text on the page, pictures of modest weight, the shape of the rendered picture."""
    try:
        contents = source.get_contents()
        if contents is None or b"BT" not in contents.get_data():
            return False
        resources = source.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        weight = 0
        for ref in (xobjects.get_object() if xobjects is not None else {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                # The stored (encoded) bytes: pypdf drops /Length once read, and decoding a
                # scan just to weigh it would cost its pixels in memory.
                weight += len(getattr(obj, "_data", b""))
        if weight > MAX_SOURCE_IMAGE_BYTES:
            return False
        width, height = _shown_size(source)
    except Exception:  # noqa: BLE001
        return False
    if width <= 0 or height <= 0:
        return False
    return abs(width / height - page.width / page.height) <= ASPECT_TOLERANCE * width / height


def _shown_size(source: Any) -> tuple[float, float]:
    box = source.cropbox
    width, height = float(box.width), float(box.height)
    if int(source.get("/Rotate", 0) or 0) % 180:
        return height, width
    return width, height


def _become_form(image: Any, source: Any, writer: Any) -> None:
    """Turn the image object ``image`` into a form XObject drawing ``source`` in the unit
    square the image filled (upright, as the page is shown)."""
    from pypdf.generic import (
        ArrayObject,
        EncodedStreamObject,
        FloatObject,
        NameObject,
        StreamObject,
    )

    box = source.cropbox
    x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    rotate = int(source.get("/Rotate", 0) or 0) % 360
    if rotate % 90:
        raise ValueError("rotation not a multiple of 90")
    matrix = _unit_matrix(x0, y0, x1, y1, rotate)
    content = source.get_contents().get_data()
    resources = source.get("/Resources")
    entries: dict[str, Any] = {
        "/Type": NameObject("/XObject"),
        "/Subtype": NameObject("/Form"),
        "/BBox": ArrayObject([FloatObject(v) for v in (x0, y0, x1, y1)]),
        "/Matrix": ArrayObject([FloatObject(v) for v in matrix]),
        "/Filter": NameObject("/FlateDecode"),
    }
    if resources is not None:
        entries["/Resources"] = resources.get_object().clone(writer)
    for key in list(image.keys()):
        del image[key]
    for key, value in entries.items():
        image[NameObject(key)] = value
    StreamObject.set_data(image, zlib.compress(content))
    if isinstance(image, EncodedStreamObject):
        image.decoded_self = None


def _unit_matrix(
    x0: float, y0: float, x1: float, y1: float, rotate: int
) -> tuple[float, float, float, float, float, float]:
    """The PDF matrix taking the box (x0, y0, x1, y1) shown turned by ``rotate`` degrees
    clockwise onto the unit square an image XObject fills."""
    w, h = x1 - x0, y1 - y0
    if rotate == 90:
        return (0.0, -1 / w, 1 / h, 0.0, -y0 / h, x1 / w)
    if rotate == 180:
        return (-1 / w, 0.0, 0.0, -1 / h, x1 / w, y1 / h)
    if rotate == 270:
        return (0.0, 1 / w, -1 / h, 0.0, y1 / h, -x0 / w)
    return (1 / w, 0.0, 0.0, 1 / h, -x0 / w, -y0 / h)
