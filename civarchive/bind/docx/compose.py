"""Merge other DOCX files into a document (docxcompose), keeping the document's own sections."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from civarchive.bind.docx.elements import PPR_ORDER, child_in_order
from civarchive.bind.docx.fast import resync_ids

# What a merged DOCX may hold once inflated: python-docx keeps every part in memory, and a
# zip bomb under the scan's thresholds inflates to gigabytes (issue 14). Real documents
# hold a few MB of XML and some MB of pictures.
MAX_XML_BYTES = 64 << 20
MAX_PACKAGE_BYTES = 256 << 20
_CHUNK = 1 << 20
# A DTD in a part: Word never writes one; entities in it are the XXE and billion-laughs
# attacks (python-docx does not expand them, but they would not survive into the volume).
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


class UnsafeDocument(ValueError):
    """A DOCX refused before python-docx reads it; the message says why, in Chinese."""


def merge_problem(source: Path) -> str | None:
    """Why the DOCX ``source`` must not be merged (Chinese, for the note in the volume), or
    None. Every part is read as a stream, stopping at the caps: nothing is inflated whole."""
    try:
        with zipfile.ZipFile(source) as package:
            total = xml = 0
            for info in package.infolist():
                is_xml = info.filename.endswith((".xml", ".rels"))
                with package.open(info) as stream:
                    tail = b""
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        xml += len(chunk) if is_xml else 0
                        if total > MAX_PACKAGE_BYTES or xml > MAX_XML_BYTES:
                            return "文件解压后过大"
                        window = tail + chunk
                        if is_xml and any(m in window for m in _DTD_MARKERS):
                            return "文件含 DTD 声明（可能不安全）"
                        tail = chunk[-16:]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return "文件损坏"
    return None


class Merger:
    """Appends the body of other DOCX files to the end of one document."""

    def __init__(self, document: DocumentObject) -> None:
        self._document = document
        self._composer: Any = None

    def append(self, source: Path) -> None:
        """Append the body of the DOCX ``source``: its styles, numbering, pictures and notes
        come along; its section properties (page size, margins, headers, footers) do not, so
        the document's own sections and page numbers go on unchanged.

        Paragraphs of the appended body that hold a picture get single line spacing: a
        style's exact spacing (the volume's Normal has exact 25 pt) would clip a picture to
        a strip that high.

        Raises UnsafeDocument for what ``merge_problem`` refuses, and whatever python-docx or
        docxcompose raise on a broken file; the document is then left as it was only if the
        failure came before composing began.
        """
        import docx

        problem = merge_problem(source)
        if problem is not None:
            raise UnsafeDocument(problem)
        body = self._document.element.body
        start = _append_index(body)
        before = len(body)
        with _docxcompose_namespaces():
            from docxcompose.composer import Composer

            if self._composer is None:
                self._composer = Composer(self._document)
            appended = docx.Document(str(source))
            _drop_inner_sections(appended)
            self._composer.append(appended)
            _fix_list_ids(self._document, self._composer.anum_id_mapping.values())
        for element in body[start : start + len(body) - before]:
            _unclip_pictures(element)
        resync_ids(self._document)


def _append_index(body: Any) -> int:
    """Where docxcompose inserts: before the body's own w:sectPr, else at the end."""
    for index, child in enumerate(body):
        if child.tag == qn("w:sectPr"):
            return index
    return len(body)


def _unclip_pictures(element: Any) -> None:
    """Single line spacing on every paragraph in ``element`` that holds a picture."""
    pictures = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
    for paragraph in element.iter(qn("w:p")):
        if not any(True for tag in pictures for _ in paragraph.iter(tag)):
            continue
        ppr = paragraph.get_or_add_pPr()
        spacing = child_in_order(ppr, "w:spacing", PPR_ORDER)
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")


def _drop_inner_sections(document: DocumentObject) -> None:
    """Remove the section breaks inside a document's body (w:pPr/w:sectPr), leaving one section.

    docxcompose keeps the section properties of a multi-section document and even applies the
    first one to everything before it; one section makes it skip both.
    """
    for sectpr in list(document.element.body.iter(qn("w:sectPr"))):
        parent = sectpr.getparent()
        if parent is not None and parent.tag == qn("w:pPr"):
            parent.remove(sectpr)


def _fix_list_ids(document: DocumentObject, abstract_ids: Any) -> None:
    """Give the list definitions just appended a deterministic w:nsid.

    docxcompose draws them from ``random.random()`` (so that numbering restarts), which made
    two binds of the same archive differ; a hash of the definition's id is as unique.
    """
    wanted = {str(value) for value in abstract_ids}
    if not wanted:
        return
    numbering = document.part.numbering_part.element
    for abstract in numbering.iterchildren(qn("w:abstractNum")):
        number = abstract.get(qn("w:abstractNumId"))
        nsid = abstract.find(qn("w:nsid"))
        if number in wanted and nsid is not None:
            nsid.set(qn("w:val"), f"{zlib.crc32(f'civarchive-list-{number}'.encode()):08X}")


@contextlib.contextmanager
def _docxcompose_namespaces() -> Iterator[None]:
    """Give docxcompose the namespace table it needs, only while it composes.

    docxcompose (utils.py) rebinds python-docx's global ``nsmap["cp"]`` to the custom-properties
    namespace on import and queries through that global table. Left in place, every document
    saved afterwards in the process writes its core properties (lastModifiedBy, revision) in
    the wrong namespace; so the table is restored as soon as composing is done.
    """
    from docx.oxml.ns import nsmap

    saved = dict(nsmap)
    try:
        from docxcompose.utils import NS

        nsmap.update(NS)
        yield
    finally:
        nsmap.clear()
        nsmap.update(saved)
