"""Merge other DOCX files into a document (docxcompose), keeping the document's own sections."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from civarchive.bind.docx.fast import resync_ids


class Merger:
    """Appends the body of other DOCX files to the end of one document."""

    def __init__(self, document: DocumentObject) -> None:
        self._document = document
        self._composer: Any = None

    def append(self, source: Path) -> None:
        """Append the body of the DOCX ``source``: its styles, numbering, pictures and notes
        come along; its section properties (page size, margins, headers, footers) do not, so
        the document's own sections and page numbers go on unchanged.

        Raises whatever python-docx or docxcompose raise on a broken or hostile file; the
        document is then left as it was only if the failure came before composing began.
        """
        import docx

        with _docxcompose_namespaces():
            from docxcompose.composer import Composer

            if self._composer is None:
                self._composer = Composer(self._document)
            appended = docx.Document(str(source))
            _drop_inner_sections(appended)
            self._composer.append(appended)
            _fix_list_ids(self._document, self._composer.anum_id_mapping.values())
        resync_ids(self._document)


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
