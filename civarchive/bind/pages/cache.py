"""The page cache: one folder per (content hash, dpi), trusted only through its manifest.

Layout under the cache folder (``.civarchive/pages/`` by default)::

    <sha256>-<dpi>-v<N>/p0001.jpg …   the pages, each written atomically
    <sha256>-<dpi>-v<N>/manifest.json written last: the folder's commit record
    converted/<sha256>-v<N>.pdf        LibreOffice's PDF of an office document

A crash before the manifest leaves pages nobody trusts; a manifest whose pages are gone or
changed size is ignored and the document rendered again.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from civarchive.bind.pages.models import NotRendered, PageImage, Reason, Rendered, RenderResult
from civarchive.bind.pages.render import write_atomic
from civarchive.workdir import open_private

# Bump when the same input would give other pages (renderer settings, quality, colour test).
PAGES_VERSION = 1
# Bump when LibreOffice is called differently (filter options, fonts).
CONVERTED_VERSION = 1
MANIFEST = "manifest.json"
# A manifest lists at most MAX_PAGES pages of ~100 bytes each.
MAX_MANIFEST_BYTES = 1 << 20
# Failures that depend on the file alone are cached; the rest (no LibreOffice, a timeout on
# a busy machine) are tried again next time.
CACHED_FAILURES = frozenset(
    {Reason.ENCRYPTED, Reason.CORRUPT, Reason.CONVERSION_FAILED, Reason.TOO_LARGE}
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CachedPage(_Frozen):
    name: str
    width: int
    height: int
    grey: bool
    size: int


class Manifest(_Frozen):
    """What a cache folder holds for one document at one dpi."""

    version: Literal[1] = 1
    format: str
    pages: list[CachedPage] = []
    unreadable_pages: list[int] = []
    capped_from: int | None = None
    failure: Reason | None = None
    detail: str = ""


def page_dir(cache_dir: Path, sha256: str, dpi: int) -> Path:
    return cache_dir / f"{sha256}-{dpi}-v{PAGES_VERSION}"


def converted_pdf(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / "converted" / f"{sha256}-v{CONVERTED_VERSION}.pdf"


def read(folder: Path, dpi: int, pdf: Path | None) -> RenderResult | None:
    """The cached result in ``folder``, or None when there is none worth trusting."""
    try:
        with open_private(folder / MANIFEST) as fh:
            manifest = Manifest.model_validate_json(fh.read(MAX_MANIFEST_BYTES))
    except (OSError, ValidationError, ValueError):
        return None
    if manifest.failure is not None:
        return NotRendered(manifest.failure, manifest.detail)
    pages = []
    for page in manifest.pages:
        path = folder / page.name
        if "/" in page.name or "\\" in page.name or page.name.startswith("."):
            return None
        try:
            info = path.lstat()  # a link in the cache is never followed
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size != page.size:
            return None
        pages.append(PageImage(path, page.width, page.height, dpi, page.grey))
    if not pages:
        return None
    return Rendered(
        tuple(pages),
        pdf if pdf is not None and pdf.is_file() else None,
        manifest.format,
        tuple(manifest.unreadable_pages),
        manifest.capped_from,
    )


def write(folder: Path, result: RenderResult, fmt: str) -> None:
    """Record ``result`` as the folder's manifest (after its pages are on disk)."""
    if isinstance(result, NotRendered):
        if result.reason not in CACHED_FAILURES:
            return
        manifest = Manifest(format=fmt, failure=result.reason, detail=result.detail)
    else:
        manifest = Manifest(
            format=fmt,
            pages=[
                CachedPage(
                    name=p.path.name,
                    width=p.width,
                    height=p.height,
                    grey=p.grey,
                    size=p.path.stat().st_size,
                )
                for p in result.pages
            ],
            unreadable_pages=list(result.unreadable_pages),
            capped_from=result.capped_from,
        )
    data = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    write_atomic(folder / MANIFEST, data.encode("utf-8"))
