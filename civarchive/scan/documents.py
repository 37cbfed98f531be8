"""Document metadata: pages, title, author and creation date of PDF, OOXML, OFD and old OLE files."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
import zipfile
from typing import Any
from xml.etree import ElementTree

from civarchive.scan.dates import date_from_datetime, date_from_pdf, date_from_timestamp
from civarchive.scan.sniff import zip_bomb_reason
from civarchive.scan.structure import CorruptFile, Source, open_source

# Metadata parts are a few KB; refuse to read more than this from any zip entry.
MAX_XML_BYTES = 4 << 20
# Page tree nodes walked to count a PDF's pages (a 10,000-page document has about 10,100).
MAX_PAGE_NODES = 200_000
# A page count an Office file's own statistics (docProps/app.xml, OLE summary) may claim;
# beyond it the number is not a document's but a hostile file's.
MAX_CLAIMED_PAGES = 100_000


def document_facts(
    source: Source, fmt: str, encrypted: bool, archive: zipfile.ZipFile | None = None
) -> dict[str, Any]:
    """Read a document's facts; raise CorruptFile when it cannot be opened as ``fmt``.

    ``archive`` is the document's zip when sniffing opened (and bomb-checked) it already;
    it is closed here.
    """
    if fmt == "pdf":
        return _pdf(source)
    if fmt in ("docx", "xlsx", "pptx") and not encrypted:
        return _ooxml(archive or _open_zip(source))
    if fmt == "ofd":
        return _ofd(archive or _open_zip(source))
    if fmt in ("doc", "xls", "ppt", "wps") and not encrypted:
        return _ole(source)
    return {}


def _pdf(source: Source) -> dict[str, Any]:
    from pypdf import PdfReader

    # pypdf reports recoverable damage on its logger and as warnings; the finding is ours.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    facts: dict[str, Any] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(open_source(source), strict=False)
            # An owner-password-only PDF (printing or copying restricted) opens with the empty
            # user password: anyone can read it at inspection, so it is not "encrypted".
            if reader.is_encrypted and not _try_decrypt(reader):
                facts["encrypted"] = True
                facts["pages"] = _safe_pages(reader)
                return facts
            facts["pages"] = _page_count(reader)
            info = _safe_info(reader)
    except CorruptFile:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise CorruptFile(f"not a readable PDF: {type(error).__name__}: {error}") from None
    facts["title"] = _text(info.get("/Title"))
    facts["author"] = _text(info.get("/Author"))
    facts["_doc_date"] = date_from_pdf(_text(info.get("/CreationDate")))
    return facts


def _page_count(reader: Any) -> int | None:
    """The pages the page tree actually holds: its leaves, counted without trusting /Count.

    ``/Count`` is a number anyone can write (one PDF claimed 1e23 pages, and the 备考表
    printed it); the tree's leaves are what a reader can reach. Walking the tree reads each
    page's small dictionary, never its content. A tree larger than any real document, or
    one that cannot be read, gives None: the page count is unknown.
    """
    from pypdf.generic import DictionaryObject, IndirectObject

    try:
        root = reader.trailer["/Root"]["/Pages"].get_object()
    except Exception:  # noqa: BLE001 - no readable page tree: unknown
        return None
    if not isinstance(root, DictionaryObject):
        return None
    stack = [root]
    seen: set[tuple[int, int]] = set()
    leaves = 0
    for _ in range(MAX_PAGE_NODES):
        if not stack:
            return leaves or None
        node = stack.pop()
        kids = node.get("/Kids")
        if kids is None or node.get("/Type") == "/Page":
            leaves += node.get("/Type") != "/Pages"
            continue
        for kid in _array(kids):
            if isinstance(kid, IndirectObject):
                key = (kid.idnum, kid.generation)
                if key in seen:
                    continue  # a loop in the tree (or a page listed twice): counted once
                seen.add(key)
            child = kid.get_object()
            if isinstance(child, DictionaryObject):
                stack.append(child)
    return None  # more nodes than any real document: not counted


def _array(value: Any) -> list[Any]:
    value = value.get_object() if hasattr(value, "get_object") else value
    return list(value) if isinstance(value, list) else []


def _try_decrypt(reader: Any) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - unsupported algorithms raise their own errors
        return False


def _safe_pages(reader: Any) -> int | None:
    # pypdf answers len(pages) of an encrypted file with its /Count, unchecked.
    try:
        return _page_count(reader)
    except Exception:  # noqa: BLE001 - the page tree of an encrypted file may be unreadable
        return None


def _safe_info(reader: Any) -> dict[str, Any]:
    try:
        return dict(reader.metadata or {})
    except Exception:  # noqa: BLE001 - a broken /Info is not a broken document
        return {}


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    return text or None


def _open_zip(source: Source) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(open_source(source))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptFile(f"not a readable zip: {error}") from None
    bomb = zip_bomb_reason(archive)
    if bomb:
        archive.close()
        raise CorruptFile(bomb)
    return archive


def _read_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise CorruptFile(f"{name} is too large ({info.file_size:,} bytes)")
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_XML_BYTES + 1)
        return ElementTree.fromstring(data)
    except (zipfile.BadZipFile, OSError, EOFError, ElementTree.ParseError, ValueError) as error:
        raise CorruptFile(f"{name} is damaged: {error}") from None


def _child_text(root: ElementTree.Element | None, local: str) -> str | None:
    if root is None:
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == local and element.text:
            return _text(element.text)
    return None


def _ooxml(zipped: zipfile.ZipFile) -> dict[str, Any]:
    with zipped as archive:
        core = _read_xml(archive, "docProps/core.xml")
        app = _read_xml(archive, "docProps/app.xml")
        if "[Content_Types].xml" not in archive.namelist():
            raise CorruptFile("no [Content_Types].xml: not a complete Office document")
    pages = _child_text(app, "Pages") or _child_text(app, "Slides")
    return {
        "title": _child_text(core, "title"),
        "author": _child_text(core, "creator"),
        "pages": _plausible_pages(pages),
        "_doc_date": date_from_timestamp(_child_text(core, "created")),
    }


def _ofd(zipped: zipfile.ZipFile) -> dict[str, Any]:
    with zipped as archive:
        root = _read_xml(archive, "OFD.xml")
        if root is None:
            raise CorruptFile("no OFD.xml")
        doc_root = _child_text(root, "DocRoot")
        document = _read_xml(archive, doc_root.lstrip("/")) if doc_root else None
    pages = None
    if document is not None:
        pages = sum(1 for e in document.iter() if e.tag.rsplit("}", 1)[-1] == "Page") or None
    return {
        "title": _child_text(root, "Title"),
        "author": _child_text(root, "Author"),
        "pages": pages,
        "_doc_date": date_from_timestamp(_child_text(root, "CreationDate")),
    }


def _ole(source: Source) -> dict[str, Any]:
    import olefile

    try:
        with olefile.OleFileIO(open_source(source)) as ole:
            meta = ole.get_metadata()
    except Exception as error:  # noqa: BLE001 - olefile raises assorted errors on damage
        raise CorruptFile(f"not a readable OLE document: {type(error).__name__}: {error}") from None
    encoding = _codepage(getattr(meta, "codepage", None))
    created = getattr(meta, "create_time", None)
    if isinstance(created, dt.datetime):
        # OLE property times are FILETIME, which is UTC.
        created = created.replace(tzinfo=dt.UTC)
    pages = getattr(meta, "num_pages", None)
    return {
        "title": _decode(getattr(meta, "title", None), encoding),
        "author": _decode(getattr(meta, "author", None), encoding),
        "pages": _plausible_pages(pages),
        "_doc_date": date_from_datetime(created),
    }


def _plausible_pages(value: object) -> int | None:
    """A page count an Office file states about itself, when it is one a document can have
    (these statistics are written by the editor and never checked against the content)."""
    if isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isdigit() and len(text) <= 9 else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_CLAIMED_PAGES:
        return value
    return None


def _codepage(value: object) -> str:
    if isinstance(value, int):
        if value == 65001:
            return "utf-8"
        if value in (936, 54936):
            return "gb18030"
        if 1250 <= value <= 1258 or value in (437, 850, 932, 949, 950):
            return f"cp{value}"
    return "gb18030"


def _decode(value: object, encoding: str) -> str | None:
    if isinstance(value, bytes):
        value = value.decode(encoding, "replace")
    return _text(value)
