"""Every document as print-ready pages: PDF via PDFium, office files via one LibreOffice batch.

``render_pages`` is the engine the volume layout calls; ``stamp`` draws the 归档章. The
package does not touch python-docx: it hands over JPEG page images in a cache.
"""

from __future__ import annotations

from civarchive.bind.pages.engine import (
    DEFAULT_DPI,
    MAX_DPI,
    MAX_PAGES,
    MIN_DPI,
    check_dpi,
    libreoffice_warning,
    render_pages,
)
from civarchive.bind.pages.models import (
    NOTES,
    NotRendered,
    PageImage,
    PageSet,
    Reason,
    Rendered,
    RenderResult,
    RenderStats,
)

__all__ = [
    "DEFAULT_DPI",
    "MAX_DPI",
    "MAX_PAGES",
    "MIN_DPI",
    "check_dpi",
    "NOTES",
    "NotRendered",
    "PageImage",
    "PageSet",
    "Reason",
    "RenderResult",
    "RenderStats",
    "Rendered",
    "libreoffice_warning",
    "render_pages",
]
