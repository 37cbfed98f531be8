"""python-docx made linear in pictures and paragraphs: constant-time lookups, pictures kept on disk.

Stock python-docx 1.2 is O(n²) in pictures: ``ImageParts._get_by_sha1`` re-hashes every
image already in the package on each ``add_picture``, ``_next_image_partname`` scans every
part name, ``StoryPart.next_id`` runs an xpath over the whole body, and ``Part.relate_to``
scans every relationship (twice: to find a match, then a free rId). For 1,000 photos that
is ~75 s instead of ~2 s. ``accelerate(document)`` swaps those lookups for dictionaries and
counters on that one document; everything else stays python-docx's.

A picture added from a file (``add_picture_file``) keeps only its path, hash and type in
memory; its bytes are read again when the package is written, so a volume of thousands of
photos does not hold them all. These classes reach into python-docx internals: the
dependency is pinned to a minor version in pyproject.toml.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any, cast

from docx.document import Document as DocumentObject
from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.package import ImageParts
from docx.parts.document import DocumentPart
from docx.parts.image import ImagePart
from docx.shared import Emu, Length
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run


class FileImagePart(ImagePart):
    """An image part whose bytes stay in their file until the package is written.

    The file must not change until then: bind's pictures are content-addressed cache files
    written once, atomically.
    """

    def __init__(self, partname: PackURI, content_type: str, path: Path, sha1: str) -> None:
        super().__init__(partname, content_type, b"")
        self._path = path
        self._sha1 = sha1

    @property
    def blob(self) -> bytes:
        return self._path.read_bytes()

    @property
    def sha1(self) -> str:
        return self._sha1


class FastImageParts(ImageParts):
    """ImageParts with a sha1 → part index and a running part number."""

    def __init__(self, existing: ImageParts | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._by_sha1: dict[str, ImagePart] = {}
        self._last_number = 0
        for part in existing or ():
            self.append(part)

    def append(self, item: ImagePart) -> None:
        super().append(item)
        self._by_sha1.setdefault(item.sha1, item)
        self._last_number = max(self._last_number, item.partname.idx or 0)

    def _get_by_sha1(self, sha1: str) -> ImagePart | None:
        return self._by_sha1.get(sha1)

    def _next_image_partname(self, ext: str) -> PackURI:
        # Never reuses a freed number (nothing is freed while building), so no scan is needed.
        return PackURI(f"/word/media/image{self._last_number + 1}.{ext}")

    def _add_image_part(self, image: Image) -> ImagePart:
        part: ImagePart = ImagePart.from_image(image, self._next_image_partname(image.ext))
        self.append(part)
        return part

    def add_file(self, path: Path) -> ImagePart:
        """The part for the picture in ``path``: an existing one with the same bytes, else a
        new file-backed part. Raises UnrecognizedImageError for a file that is no picture."""
        blob = path.read_bytes()
        sha1 = hashlib.sha1(blob).hexdigest()
        existing = self._by_sha1.get(sha1)
        if existing is not None:
            return existing
        if blob[:3] == b"\xff\xd8\xff":  # bind's pictures are JPEGs: no header to parse
            ext, content_type = "jpg", CT.JPEG
        else:  # the header gives content type and extension
            image = Image.from_blob(blob)
            ext, content_type = image.ext, image.content_type
        part = FileImagePart(self._next_image_partname(ext), content_type, path, sha1)
        self.append(part)
        return part


class FastDocumentPart(DocumentPart):
    """DocumentPart whose ``next_id`` and ``relate_to`` use counters and an index."""

    _next_shape_id: int
    _rel_index: dict[tuple[str, int], str]
    _next_rid: int

    def relate_to(self, target: Any, reltype: str, is_external: bool = False) -> str:
        if is_external:
            return super().relate_to(target, reltype, is_external)
        if not hasattr(self, "_rel_index"):
            self._rel_index = {
                (rel.reltype, id(rel.target_part)): rel.rId
                for rel in self.rels.values()
                if not rel.is_external
            }
            self._next_rid = 1
        key = (reltype, id(target))
        rid = self._rel_index.get(key)
        if rid is not None and rid in self.rels:
            return rid
        while f"rId{self._next_rid}" in self.rels:
            self._next_rid += 1
        rid = f"rId{self._next_rid}"
        self.rels.add_relationship(reltype, target, rid)
        self._rel_index[key] = rid
        return rid

    @property
    def next_id(self) -> int:
        if not hasattr(self, "_next_shape_id"):
            self.resync_ids()
        value = self._next_shape_id
        self._next_shape_id += 1
        return value

    def resync_ids(self) -> None:
        """Re-seed the counter after foreign XML (an appended document) brought its own ids."""
        used = [int(v) for v in self._element.xpath("//@id") if v.isdigit()]
        self._next_shape_id = max(used, default=0) + 1


def accelerate(document: DocumentObject) -> DocumentObject:
    """Make picture insertion constant-time for ``document`` (built with ``docx.Document()``)."""
    part: Any = document.part
    package: Any = part.package
    current = package.image_parts
    if not isinstance(current, FastImageParts):
        # image_parts is a lazyproperty cached in the instance __dict__; replace the cache.
        package.__dict__["image_parts"] = FastImageParts(current)
    if not isinstance(part, FastDocumentPart):
        part.__class__ = FastDocumentPart
    return document


def resync_ids(document: DocumentObject) -> None:
    """Call after appending foreign content so new shape ids stay unique."""
    part: Any = document.part
    if isinstance(part, FastDocumentPart):
        part.resync_ids()


def add_picture_file(run: Run, path: Path, width: Length, height: Length) -> None:
    """Append the picture in ``path`` to ``run`` at ``width`` × ``height``.

    The same XML as ``run.add_picture(BytesIO(bytes), width, height)`` — the picture is named
    ``image.jpg`` whatever its file's name — without keeping the bytes in memory.
    """
    document_part: Any = run.part
    image_parts: FastImageParts = document_part.package.image_parts
    image_part = image_parts.add_file(path)
    rid = document_part.relate_to(image_part, RT.IMAGE)
    inline = _new_pic_inline(document_part.next_id, rid, image_part.filename, width, height)
    run._r.add_drawing(inline)


_INLINES: dict[str, CT_Inline] = {}


def _new_pic_inline(shape_id: int, rid: str, filename: str, cx: Length, cy: Length) -> CT_Inline:
    """``CT_Inline.new_pic_inline``'s element, copied from a parsed one (it parses two XML
    strings per picture; a copy costs a third)."""
    template = _INLINES.get(filename)
    if template is None:
        template = _INLINES[filename] = CT_Inline.new_pic_inline(
            1, "rId1", filename, Emu(1), Emu(1)
        )
    inline: Any = copy.deepcopy(template)
    inline.extent.cx, inline.extent.cy = Emu(cx), Emu(cy)
    inline.docPr.id = shape_id
    inline.docPr.name = f"Picture {shape_id}"
    pic = inline.graphic.graphicData.pic
    pic.blipFill.blip.embed = rid
    pic.spPr.cx, pic.spPr.cy = Emu(cx), Emu(cy)
    return cast(CT_Inline, inline)


def set_paragraph_style(paragraph: Paragraph, style: BaseStyle) -> None:
    """Apply a paragraph style in O(1).

    ``paragraph.style = style`` asks python-docx whether ``style`` is the default style, which
    reads every style's attributes (~10 ms per paragraph with the stock template).
    """
    # w:pPr is always a paragraph's first child and w:pStyle its first: no schema walk needed.
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    pstyle = ppr.find(qn("w:pStyle"))
    if pstyle is None:
        pstyle = OxmlElement("w:pStyle")
        ppr.insert(0, pstyle)
    pstyle.set(qn("w:val"), style.style_id)


def set_table_style(table: Table, style: BaseStyle) -> None:
    """Apply a table style in O(1) (same trap as paragraphs)."""
    table._tbl.tblPr.style = style.style_id
