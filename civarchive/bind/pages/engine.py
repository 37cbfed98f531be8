"""Parent side: route each document, convert office files in one batch, render in parallel."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from civarchive.atomic import remove_stale_parts
from civarchive.bind import budget
from civarchive.bind.pages import cache
from civarchive.bind.pages.models import (
    NotRendered,
    PageImage,
    PageSet,
    Reason,
    Rendered,
    RenderResult,
    RenderStats,
)
from civarchive.bind.pages.office import (
    PER_FILE_TIMEOUT,
    STAGE_EXTENSION,
    BatchOutcome,
    Conversion,
    convert_batch,
)
from civarchive.bind.pages.render import A4_INCHES, ImageJob, JobOutcome, PageJob
from civarchive.bind.soffice import which_soffice
from civarchive.codes import Code
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.kinds import Kind
from civarchive.progress import progress
from civarchive.scan.models import Evidence

DEFAULT_DPI = 150
MIN_DPI, MAX_DPI = 50, 600
# Pages rendered by the first job of each PDF (which also learns the real page count),
# then by each further job.
FIRST_CHUNK = 4
CHUNK = 8
# A document longer than this is bound with its first MAX_PAGES pages and says so: a page
# tree may promise any number (issue 14: a /Count of 1e23).
MAX_PAGES = 1000
IMAGE_FORMATS = frozenset({"jpeg", "png", "heic", "tiff", "webp", "bmp", "gif"})
OFFICE_FORMATS = frozenset(STAGE_EXTENSION)

Job = PageJob | ImageJob


@dataclass(slots=True)
class _Document:
    """One distinct content (by hash), wherever it appears in the archive."""

    sha256: str
    format: str
    source: Path
    paths: list[str]
    width: int | None = None
    height: int | None = None
    pdf: Path | None = None
    outcomes: list[JobOutcome] = field(default_factory=list)
    page_count: int = 0


def check_dpi(dpi: int) -> None:
    """Raise UsageError for a resolution no printer needs and no memory budget allows."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise UsageError(
            tr(
                "--dpi 须在 {lo} 到 {hi} 之间",
                "--dpi must be between {lo} and {hi}",
                lo=MIN_DPI,
                hi=MAX_DPI,
            )
        )


def render_pages(
    evidence: Sequence[Evidence],
    root: Path,
    cache_dir: Path,
    *,
    dpi: int = DEFAULT_DPI,
    jobs: int | None = None,
    show_progress: bool | None = None,
    soffice: str | None = None,
    convert_timeout: float = PER_FILE_TIMEOUT,
) -> PageSet:
    """Page images (or a reason there are none) for every document in ``evidence``.

    ``root`` is the archive; ``cache_dir`` keeps pages by content hash and dpi (pass a
    temporary folder for no cache: the returned paths point into it). Office documents go
    through one LibreOffice call (``soffice``: its path; None looks it up); without
    LibreOffice they are NotRendered(NEEDS_LIBREOFFICE). ``jobs`` caps the worker processes
    (default: the cores, less when memory is short). Never raises for a bad document;
    raises UsageError for a dpi outside 50–600.
    """
    check_dpi(dpi)
    cache_dir.mkdir(parents=True, exist_ok=True)
    counts = RenderStats()  # filled in as the work is done
    results: dict[str, RenderResult] = {}
    documents: dict[str, _Document] = {}
    for ev in evidence:
        if ev.path in results:
            continue
        early = _route(ev)
        if early is not None:
            results[ev.path] = early
            continue
        assert ev.sha256 is not None
        assert ev.format is not None
        doc = documents.get(ev.sha256)
        if doc is None:
            doc = _Document(ev.sha256, ev.format, root / ev.path, [], ev.width, ev.height)
            documents[ev.sha256] = doc
        doc.paths.append(ev.path)
    counts.documents = len(documents)
    todo: list[_Document] = []
    for doc in documents.values():
        pdf = _known_pdf(doc, cache_dir)
        folder = cache.page_dir(cache_dir, doc.sha256, dpi)
        found = cache.read(folder, dpi, pdf)
        if found is None:
            remove_stale_parts(folder)  # what a killed run left half-written
            todo.append(doc)
            continue
        if isinstance(found, Rendered):
            counts.pages_cached += found.page_count
        _give(results, doc, found)
    ready, waiting = _split(todo, cache_dir, counts)
    program = (soffice or which_soffice()) if waiting else None
    if waiting and program is None:
        for doc in waiting:
            counts.needs_libreoffice += len(doc.paths)
            missing = NotRendered(Reason.NEEDS_LIBREOFFICE, mergeable=doc.format == "docx")
            _give(results, doc, missing)
        waiting = []
    converted: list[_Document] = []
    if waiting and program is not None:
        # LibreOffice works (on one core) while the PDFs and scans render beside it.
        cancel = threading.Event()
        with ThreadPoolExecutor(1, thread_name_prefix="civarchive-convert") as thread:
            future = thread.submit(
                _convert, waiting, cache_dir, dpi, program, convert_timeout, cancel
            )
            try:
                _render(ready, cache_dir, dpi, jobs, show_progress)
            except BaseException:
                cancel.set()  # Ctrl-C or an error: end LibreOffice now, not after its batch
                raise
            converted = _take_conversions(future.result(), waiting, cache_dir, dpi, counts, results)
        _render(converted, cache_dir, dpi, jobs, show_progress)
    else:
        _render(ready, cache_dir, dpi, jobs, show_progress)
    for doc in [*ready, *converted]:
        result = _assemble(doc, cache.page_dir(cache_dir, doc.sha256, dpi), dpi)
        if isinstance(result, Rendered):
            counts.pages_rendered += result.page_count
            counts.bytes_written += sum(p.path.stat().st_size for p in result.pages)
        cache.write(cache.page_dir(cache_dir, doc.sha256, dpi), result, doc.format)
        _give(results, doc, result)
    ordered = {ev.path: results[ev.path] for ev in evidence if ev.path in results}
    return PageSet(ordered, counts)


def libreoffice_warning(count: int) -> str:
    """The one line bind prints when ``count`` documents wait for LibreOffice."""
    from civarchive.bind.soffice import INSTALL_HINT_EN, INSTALL_HINT_ZH

    return tr(
        "{n} 份文件的正文未装入：需安装 LibreOffice（{hint}），然后重新装订",
        "{n} documents were not bound in full: LibreOffice is needed ({hint}); then bind again",
        n=count,
        hint=tr(INSTALL_HINT_ZH, INSTALL_HINT_EN),
    )


def _route(ev: Evidence) -> NotRendered | None:
    """A result decided from the scan alone, or None when the document is worth opening."""
    if ev.sha256 is None or ev.format is None:
        return NotRendered(Reason.CORRUPT, "the file could not be read")
    if ev.format == "ofd":
        return NotRendered(Reason.OFD)
    if ev.format in OFFICE_FORMATS and ev.encrypted:
        return NotRendered(Reason.ENCRYPTED)
    if ev.format in OFFICE_FORMATS and any(f.code == Code.CORRUPT for f in ev.findings):
        # LibreOffice would import the damaged bytes as plain text: pages of noise.
        return NotRendered(
            Reason.CORRUPT, next(f.message for f in ev.findings if f.code == Code.CORRUPT)
        )
    if ev.format == "pdf" or ev.format in OFFICE_FORMATS:
        return None
    if ev.format in IMAGE_FORMATS and ev.kind == Kind.PHOTO:
        return None
    return NotRendered(Reason.UNSUPPORTED, ev.format)


def _known_pdf(doc: _Document, cache_dir: Path) -> Path | None:
    if doc.format == "pdf":
        return doc.source
    if doc.format in OFFICE_FORMATS:
        return cache.converted_pdf(cache_dir, doc.sha256)
    return None


def _give(results: dict[str, RenderResult], doc: _Document, result: RenderResult) -> None:
    for path in doc.paths:
        results[path] = result


def _split(
    todo: list[_Document], cache_dir: Path, counts: RenderStats
) -> tuple[list[_Document], list[_Document]]:
    """(documents with a PDF or image to render now, office documents still to convert)."""
    ready: list[_Document] = []
    waiting: list[_Document] = []
    for doc in todo:
        if doc.format not in OFFICE_FORMATS:
            doc.pdf = doc.source if doc.format == "pdf" else None
            ready.append(doc)
            continue
        pdf = cache.converted_pdf(cache_dir, doc.sha256)
        if pdf.is_file():
            doc.pdf = pdf
            counts.conversions_cached += 1
            ready.append(doc)
        else:
            waiting.append(doc)
    return ready, waiting


def _convert(
    waiting: list[_Document],
    cache_dir: Path,
    dpi: int,
    program: str,
    timeout: float,
    cancel: threading.Event,
) -> BatchOutcome:
    return convert_batch(
        [Conversion(doc.sha256, doc.source, doc.format) for doc in waiting],
        {doc.sha256: cache.converted_pdf(cache_dir, doc.sha256) for doc in waiting},
        soffice=program,
        per_file_timeout=timeout,
        cancel=cancel,
    )


def _take_conversions(
    outcome: BatchOutcome,
    waiting: list[_Document],
    cache_dir: Path,
    dpi: int,
    counts: RenderStats,
    results: dict[str, RenderResult],
) -> list[_Document]:
    """The converted documents, ready to render; failures become their results."""
    counts.soffice_runs += outcome.runs
    converted = []
    for doc in waiting:
        failure = outcome.failed.get(doc.sha256)
        if failure is not None:
            cache.write(cache.page_dir(cache_dir, doc.sha256, dpi), failure, doc.format)
            _give(results, doc, failure)
            continue
        doc.pdf = outcome.converted[doc.sha256]
        counts.converted += 1
        converted.append(doc)
    return converted


def _render(
    todo: list[_Document], cache_dir: Path, dpi: int, jobs: int | None, show: bool | None
) -> None:
    """Render every page of ``todo`` in parallel, one page in memory per worker at a time."""
    by_key = {doc.sha256: doc for doc in todo}
    first: list[Job] = []
    for doc in todo:
        out = str(cache.page_dir(cache_dir, doc.sha256, dpi))
        if doc.pdf is None:
            first.append(ImageJob(doc.sha256, str(doc.source), dpi, out))
        else:
            first.append(PageJob(doc.sha256, str(doc.pdf), 0, FIRST_CHUNK, dpi, out))
    _run_round(first, by_key, dpi, jobs, show, "正文页面 / document pages")
    rest: list[Job] = []
    for doc in todo:
        if doc.pdf is None or not doc.outcomes or doc.outcomes[0].failure is not None:
            continue
        doc.page_count = doc.outcomes[0].page_count
        out = str(cache.page_dir(cache_dir, doc.sha256, dpi))
        for start in range(FIRST_CHUNK, min(doc.page_count, MAX_PAGES), CHUNK):
            end = min(start + CHUNK, doc.page_count, MAX_PAGES)
            rest.append(PageJob(doc.sha256, str(doc.pdf), start, end, dpi, out))
    _run_round(rest, by_key, dpi, jobs, show, "正文页面 / document pages")


def _run_round(
    jobs_: list[Job],
    by_key: dict[str, _Document],
    dpi: int,
    jobs: int | None,
    show: bool | None,
    label: str,
) -> None:
    if not jobs_:
        return
    workers = budget.worker_count(jobs, len(jobs_))
    page_cost = _page_cost(dpi)

    def cost(job: Job) -> int:
        if isinstance(job, PageJob):
            return page_cost
        doc = by_key[job.key]
        return min(_image_cost(doc, dpi), budget.DECODE_BUDGET_BYTES)

    with progress(label, len(jobs_), enabled=show) as advance:
        for job, outcome in budget.run_budgeted(
            jobs_, run_job, cost=cost, crashed=_crashed, workers=workers
        ):
            by_key[job.key].outcomes.append(outcome)
            advance(1, sum(p.size for p in outcome.pages))


def run_job(job: Job) -> JobOutcome:
    """Worker entry point (top level, so that the pool can pickle it)."""
    from civarchive.bind.pages.render import render_image, render_pdf

    try:
        return render_pdf(job) if isinstance(job, PageJob) else render_image(job)
    except Exception as error:  # noqa: BLE001 - a hostile file is a note, never a failed bind
        detail = f"{type(error).__name__}: {error}"
        if isinstance(job, PageJob) and job.first > 0:
            return JobOutcome(missing=list(range(job.first, job.last)), detail=detail)
        return JobOutcome(failure=Reason.CORRUPT, detail=detail)


def _crashed(job: Job) -> JobOutcome:
    detail = "the renderer crashed on this file"
    if isinstance(job, PageJob) and job.first > 0:
        return JobOutcome(missing=list(range(job.first, job.last)), detail=detail)
    return JobOutcome(failure=Reason.CORRUPT, detail=detail)


def _page_cost(dpi: int) -> int:
    # The page bitmap, its PIL copy and the grey or reduced copies made from them.
    short_in, long_in = A4_INCHES
    return budget.image_cost(round(short_in * dpi), round(long_in * dpi), bands=4) * 3


def _image_cost(doc: _Document, dpi: int) -> int:
    if not doc.width or not doc.height:
        return budget.DECODE_BUDGET_BYTES // 4
    scale = 1
    if doc.format == "jpeg":
        # The JPEG decoder scales by up to 1/8 toward the print size while decoding.
        target = max(1, round(A4_INCHES[1] * dpi))
        while scale < 8 and max(doc.width, doc.height) // (scale * 2) >= target:
            scale *= 2
    return budget.image_cost(doc.width, doc.height, bands=4, scale=scale)


def _assemble(doc: _Document, folder: Path, dpi: int) -> RenderResult:
    """One result from the jobs of one document: pages in order, holes named."""
    if not doc.outcomes:
        return NotRendered(Reason.CORRUPT, "nothing was rendered")
    failure = next((o for o in doc.outcomes if o.failure is not None), None)
    if failure is not None and failure.failure is not None:
        return NotRendered(failure.failure, failure.detail)
    pages = sorted((p for o in doc.outcomes for p in o.pages), key=lambda p: p.index)
    if not pages:
        detail = next((o.detail for o in doc.outcomes if o.detail), "")
        return NotRendered(Reason.CORRUPT, detail or "no page could be rendered")
    last = pages[-1].index
    missing = sorted(i for o in doc.outcomes for i in o.missing if i < last)
    count = doc.page_count
    capped = count if count > MAX_PAGES and last == MAX_PAGES - 1 else None
    images = tuple(PageImage(folder / p.name, p.width, p.height, dpi, p.grey) for p in pages)
    return Rendered(images, doc.pdf, doc.format, tuple(i + 1 for i in missing), capped)


__all__ = ["DEFAULT_DPI", "MAX_PAGES", "libreoffice_warning", "render_pages"]
