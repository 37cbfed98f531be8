"""The PDF volume's outline gets each photo and video 件, under its requirement's entry.

LibreOffice builds the outline from the DOCX's outline levels: categories, indicators and
under them a document's heading line or the first page of a requirement's pictures. A
picture has no heading line of its own (its caption stands under it), so its 件 is added
here, after the conversion: one entry per picture, pointing at the picture's named
destination (its Word bookmark), under the entry of its requirement's pictures, which is
left closed so that the outline still reads as indicators and their evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# Categories are at depth 0, indicators at 1, a requirement's pictures at 2.
GROUP_DEPTH = 2


@dataclass(frozen=True, slots=True)
class PictureGroup:
    """A requirement's pictures as the plan placed them: the running head that opens them
    (its text) and each picture's bookmark and outline title, in page order."""

    head: str
    pictures: tuple[tuple[str, str], ...]


def add_picture_entries(
    writer: Any,
    starts: dict[str, int],
    destinations: dict[str, Any],
    groups: Iterable[PictureGroup],
) -> int:
    """Add an entry per picture under its group's entry in ``writer``'s outline (a clone of
    the converted volume). ``starts`` and ``destinations`` map bookmark names to page
    indexes and to the reader's destinations. Returns how many entries were added; a group
    whose entry cannot be found exactly is left as it is."""
    nodes = list(_outline(writer))
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(writer.pages)}
    added = 0
    for group in groups:
        first = starts.get(group.pictures[0][0]) if group.pictures else None
        if first is None:
            continue
        parent = _group_entry(nodes, pages, group.head, first)
        if parent is None:
            continue
        entries = [
            _entry(writer, parent, title, starts[bookmark], destinations.get(bookmark))
            for bookmark, title in group.pictures
            if bookmark in starts
        ]
        _attach(parent, entries)
        added += len(entries)
    return added


def _outline(writer: Any) -> Iterator[tuple[int, Any]]:
    """(depth, indirect reference) of every outline entry, in reading order."""
    root = writer.root_object.get("/Outlines")
    if root is None:
        return
    stack = [(0, root.get_object().raw_get("/First") if "/First" in root.get_object() else None)]
    while stack:
        depth, ref = stack.pop()
        if ref is None:
            continue
        node = ref.get_object()
        yield depth, ref
        following = node.raw_get("/Next") if "/Next" in node else None
        stack.append((depth, following))
        if "/First" in node:
            stack.append((depth + 1, node.raw_get("/First")))


def _group_entry(
    nodes: list[tuple[int, Any]], pages: dict[int, int], head: str, page: int
) -> Any | None:
    """The childless entry at the group depth titled ``head`` that points at ``page``."""
    for depth, ref in nodes:
        node = ref.get_object()
        if depth != GROUP_DEPTH or "/First" in node or str(node.get("/Title", "")) != head:
            continue
        if _page_of(node, pages) == page:
            return ref
    return None


def _page_of(node: Any, pages: dict[int, int]) -> int | None:
    target = node.get("/Dest")
    if target is None and "/A" in node:
        target = node["/A"].get("/D")
    if not isinstance(target, list) or not target:
        return None  # a named destination: LibreOffice writes explicit ones for headings
    idnum = getattr(target[0], "idnum", None)  # an array keeps its page as a reference
    return pages.get(idnum) if idnum is not None else None


def _entry(writer: Any, parent: Any, title: str, page: int, destination: Any) -> Any:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NullObject,
        TextStringObject,
    )

    def number(value: Any) -> Any:
        return FloatObject(value) if isinstance(value, int | float) else NullObject()

    left = getattr(destination, "left", None)
    top = getattr(destination, "top", None)
    where = ArrayObject(
        [
            writer.pages[page].indirect_reference,
            NameObject("/XYZ"),
            number(left),
            number(top),
            NullObject(),
        ]
    )
    entry = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Parent"): parent,
            NameObject("/Dest"): where,
        }
    )
    return writer._add_object(entry)


def _attach(parent: Any, entries: list[Any]) -> None:
    """Chain ``entries`` as ``parent``'s children, the parent closed (a negative /Count):
    its ancestors' counts of open entries do not change."""
    from pypdf.generic import NameObject, NumberObject

    if not entries:
        return
    for previous, current in zip(entries, entries[1:], strict=False):
        previous.get_object()[NameObject("/Next")] = current
        current.get_object()[NameObject("/Prev")] = previous
    node = parent.get_object()
    node[NameObject("/First")] = entries[0]
    node[NameObject("/Last")] = entries[-1]
    node[NameObject("/Count")] = NumberObject(-len(entries))
