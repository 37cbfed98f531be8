"""The bind stage: Spec + Inventory + Report → DOCX volumes, 总目录, 归档文件目录.xlsx, optional PDF.

``build`` plans the volumes, ``thumbs`` makes the pictures, ``pages`` renders the
documents' pages, ``volume`` plans each body page by page (the page facts, ``paging``) and
lays out each DOCX volume, ``index`` the 总目录 (both through the DOCX layer ``docx``),
``catalog`` writes the XLSX, ``pdf`` the conversion; ``bind`` imports them when called, so
that ``import civarchive`` stays cheap.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

from civarchive.atomic import remove_stale_parts, write_bytes_atomic
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.kinds import Kind
from civarchive.progress import progress as progress_bar
from civarchive.workdir import WORKDIR_NAME, work_dir, work_subdir

if TYPE_CHECKING:
    from civarchive.bind.models import BindResult, Item
    from civarchive.bind.pages.models import RenderResult
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
    documents: Literal["full", "list"] = "full",
    dpi: int = 150,
    final: bool = False,
    allow_gaps: bool = False,
    pdf: bool = False,
    jobs: int | None = None,
    progress: bool | None = None,
    compiler: str | None = None,
    checker: str | None = None,
    use_cache: bool = True,
) -> BindResult:
    """Bind the evidence the report counted into volumes under ``out_dir`` (design §6).

    ``documents="full"`` puts every page of every document into its volume (rendered at
    ``dpi``, office files through one LibreOffice batch; without LibreOffice a DOCX is
    merged in and other office files stay a card with a note); ``"list"`` gives a card per
    document. ``final`` makes the 迎检版: no status or gap lines, and every unmet requirement
    not accepted by a spec waiver is an UnexplainedGaps error (exit 1) unless ``allow_gaps``,
    which leaves a ruled 情况说明 block to fill in by hand.

    Reads the archive at ``inventory.root`` and never writes to it, except thumbnails and
    rendered pages in its work folder (``use_cache=False``: a temporary folder instead).
    Every output is written atomically and is byte-identical for identical input
    (SOURCE_DATE_EPOCH, else the report's as-of date, stamps the documents).
    ``progress=None`` shows bars on a terminal. Raises UsageError for bad options or an
    output folder inside the archive, SpecError for a bad archive_code template,
    DependencyError when ``pdf`` is asked and LibreOffice is missing.
    """
    from civarchive.bind.build import build_volumes
    from civarchive.bind.catalog import render_catalog
    from civarchive.bind.models import BindResult
    from civarchive.bind.pages import check_dpi
    from civarchive.bind.thumbs import LONG_SIDE, make_pictures
    from civarchive.reproducible import fixed_datetime

    if per not in ("category", "all"):
        raise UsageError(tr("--per 只能是 category 或 all", "--per must be category or all"))
    if photos_per_page not in LONG_SIDE:
        raise UsageError(
            tr("--photos-per-page 只能是 1、2 或 4", "--photos-per-page must be 1, 2 or 4")
        )
    if documents not in ("full", "list"):
        raise UsageError(tr("--documents 只能是 full 或 list", "--documents must be full or list"))
    check_dpi(dpi)
    root = Path(inventory.root)
    out_dir = _check_out_dir(root, Path(out_dir))
    soffice = None
    if pdf:
        from civarchive.bind.pdf import find_soffice

        soffice = find_soffice()  # fail before any work when LibreOffice is missing
    if final and not allow_gaps:
        from civarchive.bind.final import check_final

        check_final(report)
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
    with tempfile.TemporaryDirectory(prefix="civarchive-bind-") as scratch:
        folder = work_dir(root) if use_cache else None

        def cache_dir(name: str) -> Path:
            found = work_subdir(folder, name) if folder is not None else None
            return found or Path(scratch) / name

        pictures = make_pictures(
            [i.evidence for i in items if i.kind in (Kind.PHOTO, Kind.VIDEO)],
            root,
            cache_dir("thumbs"),
            long_side=LONG_SIDE[photos_per_page],
            jobs=jobs,
            show_progress=progress,
        )
        # python-docx (and lxml) load only when something is bound, not on `import civarchive`.
        from civarchive.bind.docx.compose import merge_problem
        from civarchive.bind.index import write_index
        from civarchive.bind.volume import EvidenceOptions, is_document, plan_body, write_volume

        shown_as_pages = [
            item.evidence
            for volume in volumes
            for section in volume.sections
            for block in section.requirements
            for item in block.items
            if is_document(item, block) and documents == "full"
        ]
        by_path = {ev.path: ev for ev in inventory.files}
        front_evidence = [by_path[p] for p in spec.front if p in by_path]
        rendered = None
        if shown_as_pages or front_evidence:
            from civarchive.bind.pages import render_pages

            # One call: the front documents share the LibreOffice batch and the workers.
            rendered = render_pages(
                [*shown_as_pages, *front_evidence],
                root,
                cache_dir("pages"),
                dpi=dpi,
                jobs=jobs,
                show_progress=progress,
            )
        results = rendered.results if rendered is not None else {}

        def picture(item: Item) -> PictureResult | None:
            return pictures.get(item.path)

        def pages(item: Item) -> RenderResult | None:
            return results.get(item.path)

        options = EvidenceOptions(
            root=root,
            pictures=picture,
            pages=pages,
            photos_per_page=photos_per_page,
            documents=documents,
            final=final,
            allow_gaps=allow_gaps,
            merge_problem=merge_problem,
        )
        plans = [plan_body(volume, options) for volume in volumes]
        volumes = [
            replace(volume, paging=plan.paging(number, len(volumes)))
            for number, (volume, plan) in enumerate(zip(volumes, plans, strict=True), start=1)
        ]
        from civarchive.bind.volume.front import FrontDocument, assessment_rows

        assessment = assessment_rows(report, volumes)
        front = [
            FrontDocument(PurePosixPath(path).stem, root / path, results.get(path))
            for path in spec.front
        ]
        # A single volume carries the front matter itself (design §6: --per all).
        inside = (assessment, front) if per == "all" else ((), ())
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(out_dir)  # what a killed bind left (atomic.py says which)
        written: list[Path] = []
        with progress_bar("装订 / binding", len(volumes), enabled=progress) as advance:
            for volume, plan in zip(volumes, plans, strict=True):
                # Each volume goes straight to its file: nothing holds a whole DOCX in memory.
                target = out_dir / f"{volume.file_stem}.docx"
                write_volume(
                    volume,
                    plan,
                    target,
                    when=when,
                    final=final,
                    assessment=inside[0],
                    front=inside[1],
                )
                written.append(target)
                advance(1, target.stat().st_size)
        index = out_dir / INDEX_NAME
        write_index(
            volumes,
            index,
            unit=spec.unit,
            spec_title=spec.title,
            when=when,
            assessment=assessment,
            front=front,
            final=final,
        )
    catalog = out_dir / CATALOG_NAME
    write_bytes_atomic(catalog, render_catalog(volumes, when=when))
    pdfs: list[Path] = []
    vector = 0
    if soffice is not None:
        from civarchive.bind.pdf import convert_all, finish_volume_pdf

        pdfs = convert_all(
            [(path, path.with_suffix(".pdf")) for path in [*written, index]], soffice=soffice
        )
        for target, plan in zip(pdfs, plans, strict=False):
            vector += finish_volume_pdf(target, plan.vector_pages(), plan.picture_groups())
    failures = sum(
        1 for i in items if i.kind in (Kind.PHOTO, Kind.VIDEO) and not _shown(pictures.get(i.path))
    )
    stats = rendered.stats if rendered is not None else None
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
        gaps=0 if final else sum(len(v.gaps) for v in volumes),
        photo_failures=failures,
        pages=sum(v.pages for v in volumes),
        pages_rendered=stats.pages_rendered if stats else 0,
        soffice_runs=stats.soffice_runs if stats else 0,
        needs_libreoffice=_waiting(results),
        exact_pages=all(plan.exact for plan in plans),
        vector_pages=vector,
    )


def _waiting(results: dict[str, RenderResult]) -> int:
    """Documents left as a card until LibreOffice is installed (a DOCX is merged instead)."""
    from civarchive.bind.pages.models import NotRendered, Reason

    return sum(
        1
        for result in results.values()
        if isinstance(result, NotRendered)
        and result.reason is Reason.NEEDS_LIBREOFFICE
        and not result.mergeable
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
