"""The volume's 目录: its entries, their bookmarks, and the titles they point at."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docx.text.paragraph import Paragraph

from civarchive.bind.docx import DocumentBuilder, TocLine
from civarchive.bind.models import Volume

CATALOG_MARK = "_Toc_catalog"
RECORD_MARK = "_Toc_record"


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the volume's 目录: a heading, its TOC level (1–2) and its bookmark."""

    key: str
    """What the line points at: ``catalog``, ``record``, ``category:<id>``, ``indicator:<id>``."""
    level: int
    text: str
    bookmark: str
    bookmark_id: int
    page: int | None = None
    """Its page in the numbered body, from the plan (what the 目录 shows until a word
    processor computes the PAGEREF)."""


Marks = dict[str, TocEntry]
"""The 目录 entries by key: where each heading puts its bookmark."""


def toc_entries(volume: Volume, pages: dict[str, int] | None = None) -> list[TocEntry]:
    """The 目录 lines, in document order: each category and indicator, with its page in
    the numbered body from ``pages`` (key → page) when known.

    The 卷内目录 and 备考表 are not listed: they stand on unnumbered pages. Bookmark names
    are derived from the ids (``_Toc_ind_2_1``), made unique, and their ids follow the
    items' (``item_0001`` has id 1), so the output stays deterministic.
    """
    next_id = len(volume.items) + 1
    used: set[str] = set()
    entries: list[TocEntry] = []
    known = pages or {}

    def add(key: str, level: int, text: str, name: str) -> None:
        nonlocal next_id
        bookmark = _unique_mark(name, used)
        entries.append(TocEntry(key, level, text, bookmark, next_id, known.get(key)))
        next_id += 1

    for part in volume.categories:
        add(
            f"category:{part.id}",
            1,
            category_heading(part.id, part.title),
            f"_Toc_cat_{_mark_slug(part.id)}",
        )
        for section in part.sections:
            add(
                f"indicator:{section.indicator_id}",
                2,
                section.heading,
                f"_Toc_ind_{_mark_slug(section.indicator_id)}",
            )
    return entries


def category_heading(category_id: str, title: str) -> str:
    return f"{category_id} {title}"


def write_contents(builder: DocumentBuilder, entries: list[TocEntry]) -> None:
    """目录: a TOC field whose result we fill ourselves (LibreOffice never regenerates it)."""
    builder.paragraph("目录", builder.styles.toc_heading)
    builder.toc(
        [
            TocLine(entry.text, entry.bookmark, entry.level, str(entry.page or ""))
            for entry in entries
        ]
    )


def mark(builder: DocumentBuilder, paragraph: Paragraph, marks: Marks, key: str) -> None:
    """Put the bookmark of the 目录 entry ``key`` on ``paragraph``."""
    entry = marks.get(key)
    if entry is not None:
        builder.bookmark(paragraph, entry.bookmark, entry.bookmark_id)


def outline_title(builder: DocumentBuilder, text: str, marks: Marks, key: str) -> None:
    """A title in the TOC Heading look (卷内目录, 备考表), bookmarked when ``marks`` has
    ``key``. It stays out of the TOC and the outline: it stands on an unnumbered page."""
    title = builder.paragraph(text, builder.styles.toc_heading)
    mark(builder, title, marks, key)


def _mark_slug(identifier: str) -> str:
    # Bookmark names: ASCII letters, digits and "_" only, at most 40 characters (Word).
    ascii_id = unicodedata.normalize("NFKC", identifier)
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_id).strip("_")


def _unique_mark(name: str, used: set[str]) -> str:
    name = name.rstrip("_")[:36]
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{name}_{number}"
    used.add(candidate.casefold())
    return candidate
