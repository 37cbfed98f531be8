"""Test helper: a DOCX converted by LibreOffice, and the words of each PDF page with positions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from civarchive.bind.pdf import convert_all

Word = tuple[str, float, float]
"""(text, x, y) in PDF points, y from the bottom of the page."""


def to_pdf(source: Path) -> Path:
    """``source`` converted as bind converts volumes; skips where LibreOffice is missing."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui fonts-noto-cjk"
        )
    return convert_all([(source, source.with_suffix(".pdf"))])[0]


def page_words(pdf: Path) -> list[list[Word]]:
    """Each page's words in drawing order."""
    return [_words(page) for page in PdfReader(pdf).pages]


def _words(page: PageObject) -> list[Word]:
    words: list[Word] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            words.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return words
