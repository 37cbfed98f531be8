"""What the page engine hands the volume layout: page images, or why there are none."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Reason(StrEnum):
    """Why a document's content cannot be put into the volume."""

    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    NEEDS_LIBREOFFICE = "needs_libreoffice"
    CONVERSION_FAILED = "conversion_failed"
    TIMEOUT = "timeout"
    OFD = "ofd"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"


# The visible note the volume prints on the card of a 件 whose content is not bound in.
# The volume is Chinese whatever the console language; one home for each sentence.
NOTES: dict[Reason, str] = {
    Reason.ENCRYPTED: "加密文件，无法装入正文",
    Reason.CORRUPT: "文件损坏",
    Reason.NEEDS_LIBREOFFICE: "正文未装入：需安装 LibreOffice",
    Reason.CONVERSION_FAILED: "正文未装入：LibreOffice 无法转换此文件",
    Reason.TIMEOUT: "正文未装入：LibreOffice 转换超时",
    Reason.OFD: "正文未装入：OFD 版式文件暂不能装入，请另存为 PDF 后重新装订",
    Reason.TOO_LARGE: "正文未装入：文件过大",
    Reason.UNSUPPORTED: "正文未装入：此格式不能装入",
}


@dataclass(frozen=True, slots=True)
class PageImage:
    """One rendered page: a JPEG in the cache, its pixel size and the dpi it was made at.

    The printed size at full scale is ``width / dpi`` × ``height / dpi`` inches; the layout
    fits it to the text area, aspect kept. ``grey`` pages are stored as one-band JPEGs.
    """

    path: Path
    width: int
    height: int
    dpi: int
    grey: bool

    @property
    def number(self) -> int:
        """The page's number in its document (from 1), from the cache file's name p0001.jpg."""
        digits = self.path.stem.lstrip("p")
        return int(digits) if digits.isdigit() else 1


@dataclass(frozen=True, slots=True)
class Rendered:
    """A document whose every reachable page was rendered, in order.

    ``pdf`` is the PDF the pages came from (the source itself, or LibreOffice's conversion
    in the cache), for a later vector PDF volume; None for an image filed as a document.
    ``unreadable_pages`` are 1-based numbers of pages PDFium could not load between
    readable ones (their place is not filled); pages a lying page count promises past the
    last readable one are not counted. ``capped_from`` is the document's page count when
    only the first ``MAX_PAGES`` were rendered.
    """

    pages: tuple[PageImage, ...]
    pdf: Path | None
    source_format: str
    unreadable_pages: tuple[int, ...] = ()
    capped_from: int | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True, slots=True)
class NotRendered:
    """A document that stays a card in the volume, with ``note`` printed on it.

    ``mergeable`` is True for a DOCX when LibreOffice is missing: the layout may merge its
    content with docxcompose instead of printing the note.
    """

    reason: Reason
    detail: str = ""
    mergeable: bool = False

    @property
    def note(self) -> str:
        return NOTES[self.reason]


RenderResult = Rendered | NotRendered


@dataclass(slots=True)
class RenderStats:
    """What one ``render_pages`` call did; a warm run has ``pages_rendered == 0``.

    Mutable: the engine counts into it as it goes.
    """

    documents: int = 0
    pages_rendered: int = 0
    pages_cached: int = 0
    converted: int = 0
    conversions_cached: int = 0
    soffice_runs: int = 0
    needs_libreoffice: int = 0
    bytes_written: int = 0


@dataclass(frozen=True, slots=True)
class PageSet:
    """Every requested document's result, keyed by archive-relative path, and the stats."""

    results: dict[str, RenderResult]
    stats: RenderStats
