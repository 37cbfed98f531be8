"""The DOCX layer: the only code that touches python-docx internals, lxml and raw OOXML.

Layouts build documents through ``DocumentBuilder`` (paragraphs, tables, pictures,
bookmarks, fields, sections, merged documents) and save them with ``DocumentBuilder.save``;
``copy_with_toc_unwrapped`` prepares a saved document for LibreOffice.

- ``builder``: the typed API;      ``styles``: new document, page set-up, Chinese styles;
- ``sections``: page-number footers; ``compose``: merging other DOCX (docxcompose);
- ``fast``: constant-time python-docx paths, pictures kept on disk;
- ``elements``, ``fields``: raw WordprocessingML; ``package``: saving, the copy for PDF.
"""

from civarchive.bind.docx.builder import Column, DocumentBuilder, TocLine
from civarchive.bind.docx.package import copy_with_toc_unwrapped
from civarchive.bind.docx.sections import PageNumbers
from civarchive.bind.docx.styles import TEXT_HEIGHT_PT, TEXT_WIDTH_CM, Styles

__all__ = [
    "TEXT_HEIGHT_PT",
    "TEXT_WIDTH_CM",
    "Column",
    "DocumentBuilder",
    "PageNumbers",
    "Styles",
    "TocLine",
    "copy_with_toc_unwrapped",
]
