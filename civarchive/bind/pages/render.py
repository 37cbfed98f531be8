"""Worker side: render PDF pages with PDFium, or an image filed as a document, into JPEGs."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from civarchive.bind.pages.models import Reason

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# The largest page kept at full resolution: A4 in the page's own orientation. A larger page
# (A3, a poster) is rendered down to it; the layout would shrink it to the A4 text area anyway.
A4_INCHES = (8.27, 11.69)
# libjpeg's default, like pdftoppm -jpeg: a grey text page at 150 dpi is 25–45 KB, a
# colour scan ~150 KB (measured on the real corpus), under the 250 KB a page may take.
JPEG_QUALITY = 75
# A pixel counts as coloured when two of its channels differ by this much (after a 4×
# reduction, which averages scanner noise away) ...
COLOUR_LEVEL = 48
# ... and a page is colour when more than this fraction of its pixels are: a red seal or
# a red 红头 line is far above it; JPEG fringes around black text are far below.
COLOUR_FRACTION = 0.0002
# PDFium's error codes for a password the document needs, or a security handler it lacks.
_PASSWORD_ERRORS = (4, 5)


@dataclass(frozen=True, slots=True)
class PageJob:
    """Render pages ``first`` .. ``last - 1`` of the PDF at ``source`` into ``out_dir``."""

    key: str
    source: str
    first: int
    last: int
    dpi: int
    out_dir: str


@dataclass(frozen=True, slots=True)
class ImageJob:
    """Make one page of the image at ``source`` (a scan or photo filed as a document)."""

    key: str
    source: str
    dpi: int
    out_dir: str


@dataclass(frozen=True, slots=True)
class DonePage:
    index: int
    name: str
    width: int
    height: int
    grey: bool
    size: int


@dataclass(slots=True)
class JobOutcome:
    """What a worker made: pages written, page indexes it could not load, the page count."""

    pages: list[DonePage] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    page_count: int = 0
    failure: Reason | None = None
    detail: str = ""


def page_name(index: int) -> str:
    return f"p{index + 1:04d}.jpg"


def render_pdf(job: PageJob) -> JobOutcome:
    """Worker: render a range of pages one at a time, each closed before the next."""
    import pypdfium2 as pdfium

    outcome = JobOutcome()
    try:
        # A file object, not a path: PDFium takes paths as UTF-8, archive names may not be.
        stream = open(job.source, "rb")  # noqa: SIM115 - closed by the document (autoclose)
    except OSError as error:
        outcome.failure, outcome.detail = Reason.CORRUPT, str(error)
        return outcome
    try:
        pdf = pdfium.PdfDocument(stream, autoclose=True)
    except pdfium.PdfiumError as error:
        stream.close()
        outcome.failure = (
            Reason.ENCRYPTED
            if getattr(error, "err_code", None) in _PASSWORD_ERRORS
            else Reason.CORRUPT
        )
        outcome.detail = str(error)
        return outcome
    try:
        outcome.page_count = len(pdf)
        for index in range(job.first, min(job.last, outcome.page_count)):
            image = _render_page(pdf, index, job.dpi)
            if image is None:
                outcome.missing.append(index)
                continue
            outcome.pages.append(save_page(image, Path(job.out_dir), index))
    finally:
        pdf.close()
    return outcome


def _render_page(pdf: object, index: int, dpi: int) -> PILImage | None:
    import pypdfium2 as pdfium

    try:
        page = pdf[index]  # type: ignore[index]
    except (pdfium.PdfiumError, IndexError, ValueError):
        return None  # a page the page tree promises but does not hold
    try:
        width, height = page.get_size()
        scale = _scale(width, height, dpi)
        if scale is None:
            return None
        bitmap = page.render(scale=scale, rev_byteorder=True, draw_annots=True)
        try:
            image: PILImage = bitmap.to_pil().copy()
        finally:
            bitmap.close()
        return image
    except (pdfium.PdfiumError, ValueError, MemoryError, OverflowError):
        return None
    finally:
        page.close()


def _scale(width: float, height: float, dpi: int) -> float | None:
    """Points → pixels at ``dpi``, reduced so that the page fits A4 (either orientation)."""
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return None
    scale = dpi / 72
    short_in, long_in = A4_INCHES
    fit = min(
        1.0,
        long_in * 72 / max(width, height),
        short_in * 72 / min(width, height),
    )
    return scale * fit


def render_image(job: ImageJob) -> JobOutcome:
    """Worker: one full page from an image, EXIF-rotated, decoded scaled to the print size."""
    from civarchive.bind.decode import ImageTooLarge, decode_fitted, to_rgb

    outcome = JobOutcome(page_count=1)
    short_in, long_in = A4_INCHES
    try:
        image = to_rgb(
            decode_fitted(job.source, round(long_in * job.dpi), round(short_in * job.dpi))
        )
    except (ImageTooLarge, MemoryError) as error:
        outcome.failure, outcome.detail = Reason.TOO_LARGE, str(error)
        return outcome
    except Exception as error:  # noqa: BLE001 - any decoder failure of any library is a note
        outcome.failure, outcome.detail = Reason.CORRUPT, f"{type(error).__name__}: {error}"
        return outcome
    outcome.pages.append(save_page(image, Path(job.out_dir), 0))
    return outcome


def save_page(image: PILImage, out_dir: Path, index: int) -> DonePage:
    """Write a page as JPEG (one band when it has no colour), atomically, into ``out_dir``."""
    import io

    if image.mode != "RGB":
        image = image.convert("RGB")
    grey = not has_colour(image)
    if grey:
        image = image.convert("L")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    data = buffer.getvalue()
    name = page_name(index)
    write_atomic(out_dir / name, data)
    return DonePage(index, name, image.width, image.height, grey, len(data))


def has_colour(image: PILImage) -> bool:
    """True when enough of an RGB image is visibly coloured (a seal, a red header, a photo)."""
    from PIL import ImageChops

    small = image.reduce(4) if min(image.size) >= 16 else image
    red, green, blue = small.split()
    spread = ImageChops.lighter(
        ImageChops.difference(red, green), ImageChops.difference(green, blue)
    )
    coloured = sum(spread.histogram()[COLOUR_LEVEL:])
    return coloured > small.width * small.height * COLOUR_FRACTION


def write_atomic(target: Path, data: bytes) -> None:
    """A cache file appears whole or not at all: written beside, locked, then renamed.

    The temporary name is civarchive's own (``.NAME.XXXXXXXX.part``), so a later run
    removes what a killed one left (``remove_stale_parts``).
    """
    from civarchive.atomic import write_bytes_atomic

    write_bytes_atomic(target, data, cache=True)
