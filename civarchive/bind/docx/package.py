"""DOCX packages: a document written reproducibly straight to a file; a copy for LibreOffice."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from docx.document import Document as DocumentObject
from docx.opc.pkgwriter import PackageWriter

from civarchive.atomic import atomic_writer
from civarchive.bind.docx.fields import unwrap_toc
from civarchive.ooxml import zip_entry


class _ReproducibleZipWriter:
    """python-docx's physical package writer, with fixed entry metadata and stored media."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._zip.writestr(zip_entry(pack_uri.membername), blob)


def write_docx(document: DocumentObject, stream: BinaryIO) -> None:
    """Write ``document`` to the seekable ``stream`` as reproducible DOCX bytes, in one pass.

    Same parts, order and XML as ``Document.save``; but JPEG/PNG media are stored rather
    than deflated (a second deflate of 100 MB of JPEG took ~9 s of a 1,000-photo bind) and
    every entry carries the fixed timestamp of ``civarchive.ooxml``. Each part is written
    as it is serialised, so no copy of the whole package is held in memory.
    """
    package: Any = document.part.package
    for part in package.parts:
        part.before_marshal()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        writer = _ReproducibleZipWriter(archive)
        PackageWriter._write_content_types_stream(writer, package.parts)  # type: ignore[no-untyped-call]
        PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
        PackageWriter._write_parts(writer, package.parts)  # type: ignore[arg-type]


def save_docx(document: DocumentObject, target: Path) -> None:
    """Write ``document`` to ``target`` atomically: a crash leaves no half-written file."""
    with atomic_writer(target) as stream:
        write_docx(document, stream)


def copy_with_toc_unwrapped(source: Path, target: Path) -> None:
    """Copy the DOCX ``source`` to ``target`` with its TOC field unwrapped (see
    ``fields.unwrap_toc``), the copy LibreOffice converts to PDF.

    Every other zip entry is copied as it is; a file that is not a readable zip is copied
    byte for byte and LibreOffice reports on it.
    """
    try:
        with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as staged:
            for info in package.infolist():
                data = package.read(info)
                if info.filename == "word/document.xml":
                    data = unwrap_toc(data)
                staged.writestr(info, data, compress_type=info.compress_type)
    except (zipfile.BadZipFile, KeyError, ValueError):
        shutil.copyfile(source, target)
