"""Picture 件 in the PDF outline: an entry each, under its requirement's, at its page."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from civarchive.bind.outline import PictureGroup, add_picture_entries
from civarchive.bind.vector import bookmark_pages


def _volume() -> PdfReader:
    """Four pages with the outline LibreOffice makes (category, indicator, the photos'
    running head on page 2) and the pictures' named destinations."""
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(width=595, height=842)
    category = writer.add_outline_item(title="1 思想道德建设", page_number=0)
    indicator = writer.add_outline_item(title="1.1 理想信念教育", page_number=0, parent=category)
    writer.add_outline_item(title="1. 学习计划", page_number=0, parent=indicator)
    writer.add_outline_item(title="（二）学习活动照片", page_number=1, parent=indicator)
    writer.add_outline_item(title="（二）学习活动照片", page_number=3, parent=indicator)
    for name, page in (("item_0002", 1), ("item_0003", 1), ("item_0004", 2)):
        writer.add_named_destination(name, page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _tree(reader: PdfReader, entries: list[object], depth: int = 0) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []
    for entry in entries:
        if isinstance(entry, list):
            found += _tree(reader, entry, depth + 1)
        else:
            found.append((depth, entry.title, reader.get_destination_page_number(entry)))  # type: ignore[attr-defined]
    return found


def test_each_picture_gets_an_entry_under_its_group() -> None:
    reader = _volume()
    starts, destinations = bookmark_pages(reader)
    writer = PdfWriter(clone_from=reader)
    groups = [
        PictureGroup(
            "（二）学习活动照片",
            (
                ("item_0002", "2. 学习现场"),
                ("item_0003", "3. 专题学习"),
                ("item_0004", "4. 读书班"),
            ),
        ),
        PictureGroup("（三）不在目录里的标题", (("item_0004", "4. 读书班"),)),  # no such entry
        PictureGroup("（二）学习活动照片", (("item_9999", "9. 无书签"),)),  # no such bookmark
    ]
    assert add_picture_entries(writer, starts, destinations, groups) == 3
    buffer = io.BytesIO()
    writer.write(buffer)
    result = PdfReader(io.BytesIO(buffer.getvalue()))
    assert _tree(result, result.outline) == [
        (0, "1 思想道德建设", 0),
        (1, "1.1 理想信念教育", 0),
        (2, "1. 学习计划", 0),
        (2, "（二）学习活动照片", 1),
        (3, "2. 学习现场", 1),
        (3, "3. 专题学习", 1),
        (3, "4. 读书班", 2),
        # The same title on a later page (another requirement's pictures) is left alone.
        (2, "（二）学习活动照片", 3),
    ]
    # The group is closed: its ancestors still count only what was open before.
    group = result.outline[1][1][1]
    assert group.get("/Count") == -3  # type: ignore[union-attr]
