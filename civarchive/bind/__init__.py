"""The bind stage: Spec + Inventory + Report → DOCX volumes, 总目录, 归档文件目录.xlsx, optional PDF.

``build`` plans the volumes, ``thumbs`` makes the pictures, ``volume`` lays out each DOCX
volume and ``index`` the 总目录 (both through the DOCX layer ``docx``), ``catalog`` writes
the XLSX, ``pdf`` the conversion; ``bind`` imports them when called, so that
``import civarchive`` stays cheap.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from civarchive.atomic import remove_stale_parts, write_bytes_atomic
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.kinds import Kind
from civarchive.progress import progress as progress_bar
from civarchive.workdir import WORKDIR_NAME, work_dir, work_subdir

if TYPE_CHECKING:
    from civarchive.bind.models import BindResult, Item
    from civarchive.bind.thumbs import PictureResult
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
    from civarchive.bind.build import build_volumes
    from civarchive.bind.catalog import render_catalog
    from civarchive.bind.models import BindResult
    from civarchive.bind.thumbs import LONG_SIDE, make_pictures
    from civarchive.ooxml import fixed_datetime

    if per not in ("category", "all"):
        raise UsageError(tr("--per 只能是 category 或 all", "--per must be category or all"))
    if photos_per_page not in LONG_SIDE:
        raise UsageError(
            tr("--photos-per-page 只能是 1、2 或 4", "--photos-per-page must be 1, 2 or 4")
        )
    root = Path(inventory.root)
    out_dir = _check_out_dir(root, Path(out_dir))
    soffice = None
    if pdf:
        from civarchive.bind.pdf import find_soffice

        soffice = find_soffice()  # fail before any work when LibreOffice is missing
    when = fixed_datetime(report.as_of)
    volumes = build_volumes(
        spec,
        inventory,
        report,
        per=per,
        bind_date=when.date(),
        compiler=compiler or "",
        checker=checker or "",
    )
    items = [item for volume in volumes for item in volume.items]
    with tempfile.TemporaryDirectory(prefix="civarchive-thumbs-") as scratch:
        folder = work_dir(root) if use_cache else None
        cache = (work_subdir(folder, "thumbs") if folder is not None else None) or Path(scratch)
        pictures = make_pictures(
            [i.evidence for i in items if i.kind in (Kind.PHOTO, Kind.VIDEO)],
            root,
            cache,
            long_side=LONG_SIDE[photos_per_page],
            jobs=jobs,
            show_progress=progress,
        )

        def lookup(item: Item) -> PictureResult | None:
            return pictures.get(item.path)

        # python-docx (and lxml) load only when something is bound, not on `import civarchive`.
        from civarchive.bind.index import write_index
        from civarchive.bind.volume import EvidenceOptions, write_volume

        options = EvidenceOptions(
            root=root,
            pictures=lookup,
            photos_per_page=photos_per_page,
            embed_documents=embed_documents,
        )
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(out_dir)  # what a killed bind left (atomic.py says which)
        written: list[Path] = []
        with progress_bar("装订 / binding", len(volumes), enabled=progress) as advance:
            for volume in volumes:
                # Each volume goes straight to its file: nothing holds a whole DOCX in memory.
                target = out_dir / f"{volume.file_stem}.docx"
                write_volume(volume, target, options=options, when=when)
                written.append(target)
                advance(1, target.stat().st_size)
    index = out_dir / INDEX_NAME
    write_index(volumes, index, unit=spec.unit, spec_title=spec.title, when=when)
    catalog = out_dir / CATALOG_NAME
    write_bytes_atomic(catalog, render_catalog(volumes, when=when))
    pdfs: list[Path] = []
    if soffice is not None:
        from civarchive.bind.pdf import convert_all

        pdfs = convert_all([(path, path.with_suffix(".pdf")) for path in written], soffice=soffice)
    failures = sum(
        1 for i in items if i.kind in (Kind.PHOTO, Kind.VIDEO) and not _shown(pictures.get(i.path))
    )
    return BindResult(
        volumes=written,
        index=index,
        catalog=catalog,
        pdfs=pdfs,
        items=len(items),
        photos=sum(1 for i in items if i.kind == Kind.PHOTO),
        videos=sum(1 for i in items if i.kind == Kind.VIDEO),
        documents=sum(1 for i in items if i.kind == Kind.DOCUMENT),
        audio=sum(1 for i in items if i.kind == Kind.AUDIO),
        gaps=sum(len(v.gaps) for v in volumes),
        photo_failures=failures,
    )


def _shown(result: PictureResult | None) -> bool:
    from civarchive.bind.thumbs import Picture

    return isinstance(result, Picture)


def _check_out_dir(root: Path, out_dir: Path) -> Path:
    """Refuse an output folder inside the archive: the next scan would count the volumes.

    ``ARCHIVE/.civarchive/…`` is allowed, since scan ignores it (design §3).
    """
    resolved_root = root.resolve()
    resolved = out_dir.resolve()
    if resolved.is_relative_to(resolved_root) and not resolved.is_relative_to(
        resolved_root / WORKDIR_NAME
    ):
        raise UsageError(
            tr(
                "输出文件夹不能在档案内：{p}",
                "the output folder must not be inside the archive: {p}",
                p=out_dir,
            ),
            hint=tr(
                "否则下次扫描会把卷宗当作证据；请用档案外的文件夹，如 ../卷宗",
                "the next scan would count the volumes as evidence; use a folder outside it, e.g. ../volumes",
            ),
        )
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(
            tr("输出路径不是文件夹：{p}", "the output path is not a folder: {p}", p=out_dir)
        )
    return resolved
