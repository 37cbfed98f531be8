"""Convert bound volumes to PDF through LibreOffice, with Chinese fonts mapped to Noto CJK,
then finish each: source PDF pages drawn as vector pages, every picture 件 in the outline."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from civarchive.atomic import atomic_path, atomic_writer
from civarchive.bind.soffice import FONTS_CONF, find_soffice, run_convert
from civarchive.errors import CivarchiveError
from civarchive.i18n import tr

if TYPE_CHECKING:
    from civarchive.bind.outline import PictureGroup
    from civarchive.bind.vector import VectorPage

# Our pictures are already print-sized: LibreOffice's re-sampling to 300 dpi would only
# cost time (notes-tech: 68–75 s → 14 s for 1,000 photos). Headings become the PDF outline
# (bookmarks) and Word bookmarks named destinations, which ``vector`` finds pages by.
# JSON filter options: LO ≥ 7.4.
PDF_FILTER = (
    "pdf:writer_pdf_Export:{"
    '"ReduceImageResolution":{"type":"boolean","value":"false"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
TIMEOUT_SECONDS = 1800
# The pictures' outline entries are added by rewriting the PDF in memory (pypdf): above
# this size a volume keeps LibreOffice's outline (memory stays bounded, issue 14).
OUTLINE_ONLY_MAX_BYTES = 256 << 20

__all__ = ["FONTS_CONF", "PDF_FILTER", "convert_all", "find_soffice", "finish_volume_pdf"]


def convert_all(jobs: list[tuple[Path, Path]], *, soffice: str | None = None) -> list[Path]:
    """Convert each (DOCX, PDF) pair with one LibreOffice start; every PDF is written atomically."""
    if not jobs:
        return []
    from civarchive.bind.docx import copy_with_toc_unwrapped

    program = soffice or find_soffice()
    with tempfile.TemporaryDirectory(prefix="civarchive-pdf-") as tmp:
        work = Path(tmp)
        staged = []
        (work / "in").mkdir()
        for number, (source, _) in enumerate(jobs, start=1):
            # ASCII names: LibreOffice names its output after the input, whatever the locale.
            target = work / "in" / f"volume{number}.docx"
            copy_with_toc_unwrapped(source, target)
            staged.append(target)
        try:
            done = run_convert(program, PDF_FILTER, staged, work / "out", timeout=TIMEOUT_SECONDS)
        except OSError as error:
            raise CivarchiveError(
                tr(
                    "LibreOffice 转换 PDF 失败：{e}",
                    "LibreOffice could not convert to PDF: {e}",
                    e=error,
                )
            ) from None
        written = []
        for number, (source, final) in enumerate(jobs, start=1):
            produced = work / "out" / f"volume{number}.pdf"
            if done.timed_out or done.returncode != 0 or not produced.is_file():
                detail = done.output[-300:]
                raise CivarchiveError(
                    tr(
                        "LibreOffice 转换 PDF 失败：{f}",
                        "LibreOffice could not convert {f} to PDF",
                        f=source.name,
                    ),
                    hint=detail or None,
                )
            with atomic_path(final) as target:
                shutil.copyfile(produced, target)
            written.append(final)
    return written


def finish_volume_pdf(
    volume_pdf: Path, vector_pages: list[VectorPage], pictures: list[PictureGroup]
) -> int:
    """Rewrite ``volume_pdf`` (atomically, once) with its source PDF pages as vector pages
    (``vector``) and an outline entry per picture 件 (``outline``); returns the number of
    vector pages. Left as it is when neither applies."""
    from pypdf import PdfReader, PdfWriter

    from civarchive.bind.outline import add_picture_entries
    from civarchive.bind.vector import bookmark_pages, draw_vector_pages

    if not vector_pages and not pictures:
        return 0
    if not vector_pages and volume_pdf.stat().st_size > OUTLINE_ONLY_MAX_BYTES:
        return 0  # pypdf holds the whole file: the pictures' entries are not worth that
    reader = PdfReader(volume_pdf)
    starts, destinations = bookmark_pages(reader)
    writer = PdfWriter(clone_from=reader)
    drawn = draw_vector_pages(writer, starts, vector_pages)
    entries = add_picture_entries(writer, starts, destinations, pictures)
    if drawn or entries:
        with atomic_writer(volume_pdf) as stream:
            writer.write(stream)
    return drawn
