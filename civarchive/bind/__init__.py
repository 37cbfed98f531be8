"""The bind stage: Spec + Inventory + Report → DOCX volumes, 总目录, 归档文件目录.xlsx, optional PDF.

``run`` does the work (``build`` plans the volumes, ``writer`` writes the DOCX, ``thumbs``
the pictures, ``catalog`` the XLSX, ``pdf`` the conversion). Only ``bind`` is here,
importing its parts when called, so that ``import civarchive`` stays cheap.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from civarchive.bind.models import BindResult
    from civarchive.check.models import Report
    from civarchive.scan.models import Inventory
    from civarchive.spec.models import Spec

__all__ = ["CATALOG_NAME", "INDEX_NAME", "bind"]

INDEX_NAME = "总目录.docx"
CATALOG_NAME = "归档文件目录.xlsx"


def bind(
    spec: Spec,
    inventory: Inventory,
    report: Report,
    out_dir: str | os.PathLike[str],
    *,
    per: Literal["category", "all"] = "category",
    photos_per_page: Literal[1, 2, 4] = 2,
    embed_documents: bool = False,
    pdf: bool = False,
    jobs: int | None = None,
    progress: bool | None = None,
    compiler: str | None = None,
    checker: str | None = None,
    use_cache: bool = True,
) -> BindResult:
    """Bind the evidence the report counted into volumes under ``out_dir`` (design §6).

    Reads the archive at ``inventory.root`` and never writes to it, except thumbnails in its
    work folder (``use_cache=False``: a temporary folder instead). Every output is written
    atomically and is byte-identical for identical input (SOURCE_DATE_EPOCH, else the
    report's as-of date, stamps the documents). ``progress=None`` shows bars on a terminal.
    Raises UsageError for bad options or an output folder inside the archive, SpecError for
    a bad archive_code template, DependencyError when ``pdf`` is asked and LibreOffice is
    missing.
    """
    from civarchive.bind.run import run_bind

    return run_bind(
        spec,
        inventory,
        report,
        out_dir,
        per=per,
        photos_per_page=photos_per_page,
        embed_documents=embed_documents,
        pdf=pdf,
        jobs=jobs,
        progress=progress,
        compiler=compiler,
        checker=checker,
        use_cache=use_cache,
    )
