"""DOCX packages: a document written reproducibly straight to a file; a copy for LibreOffice."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape as xml_escape

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import _ContentTypesItem
from lxml import etree

from civarchive.atomic import atomic_writer
from civarchive.bind.docx.fields import unwrap_toc
from civarchive.reproducible import zip_entry

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>civarchive</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>{company}</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
# What python-docx's template brings along that says nothing true of our document: its
# page preview picture and an empty bibliography store.
_LEFTOVER_RELATIONSHIPS = (RT.THUMBNAIL, RT.CUSTOM_XML)


def set_app_properties(document: DocumentObject, *, company: str) -> None:
    """Replace the template's docProps/app.xml (「Microsoft Macintosh Word」, its page and word
    counts) with ours naming ``company``, and drop the template's thumbnail and custom XML."""
    package: Any = document.part.package
    for owner in (package, document.part):
        for r_id, rel in list(owner.rels.items()):
            if not rel.is_external and rel.reltype in _LEFTOVER_RELATIONSHIPS:
                del owner.rels[r_id]
                owner.rels._target_parts_by_rId.pop(r_id, None)
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            text = _APP_XML.format(company=xml_escape(company))
            rel.target_part._blob = text.encode("utf-8")


def write_docx(document: DocumentObject, stream: BinaryIO) -> None:
    """Write ``document`` to the seekable ``stream`` as reproducible DOCX bytes, in one pass.

    Same parts, order and bytes as ``Document.save``; but JPEG/PNG media are stored rather
    than deflated (a second deflate of 100 MB of JPEG took ~9 s of a 1,000-photo bind) and
    every entry carries the fixed timestamp of ``civarchive.reproducible``. XML parts are
    serialised straight into their zip entry and pictures read from their files as they are
    written, so no copy of a part, let alone of the package, is held in memory.
    """
    package: Any = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        content_types = _ContentTypesItem.from_parts(parts)  # type: ignore[no-untyped-call]
        archive.writestr(zip_entry(CONTENT_TYPES_URI.membername), content_types.blob)
        archive.writestr(zip_entry(PACKAGE_URI.rels_uri.membername), package.rels.xml)
        for part in parts:
            entry = zip_entry(part.partname.membername)
            if type(part).blob is XmlPart.blob:
                with archive.open(entry, "w") as target:
                    etree.ElementTree(part.element).write(target, encoding="UTF-8", standalone=True)
            else:
                archive.writestr(entry, part.blob)
            if len(part.rels):
                archive.writestr(zip_entry(part.partname.rels_uri.membername), part.rels.xml)


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
