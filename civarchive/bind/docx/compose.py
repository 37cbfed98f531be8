"""Merge other DOCX files into a document (docxcompose)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from civarchive.bind.docx.fast import resync_ids


class Merger:
    """Appends the body of other DOCX files to the end of one document."""

    def __init__(self, document: DocumentObject) -> None:
        self._document = document
        self._composer: Any = None

    def append(self, source: Path) -> None:
        """Append the body of the DOCX ``source``: its styles, numbering, pictures and notes
        come along; its headers and footers do not.

        Raises whatever python-docx or docxcompose raise on a broken or hostile file; the
        document is then left as it was only if the failure came before composing began.
        """
        import docx

        with _docxcompose_namespaces():
            from docxcompose.composer import Composer

            if self._composer is None:
                self._composer = Composer(self._document)
            appended = docx.Document(str(source))
            self._composer.append(appended)
        resync_ids(self._document)


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
