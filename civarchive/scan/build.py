"""Build an inventory: cached rows where files are unchanged, parallel extraction for the
rest, caption sheets applied; and the snapshot that lets the next scan skip all of it."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from civarchive.findings import Code, Finding
from civarchive.i18n import tr
from civarchive.progress import progress as progress_bar
from civarchive.scan.cache import ScanCache
from civarchive.scan.captions import (
    SheetError,
    SheetRows,
    normalise_name,
    read_sheet,
    rows_from_json,
    rows_to_json,
    sheet_problems,
)
from civarchive.scan.dates import EvidenceDate
from civarchive.scan.extract import (
    Extracted,
    FileJob,
    crashed,
    extract,
    extract_many,
    start_worker,
)
from civarchive.scan.models import EVIDENCE_JSON, Caption, DateSource, Evidence, Inventory
from civarchive.scan.render import json_piece, json_shell
from civarchive.scan.snapshot import Settings, SnapshotStore
from civarchive.scan.walk import BIDI_CONTROLS

if TYPE_CHECKING:
    from civarchive.scan.walk import Walk, WalkedFile

# Files per task sent to a worker: large enough to amortise the inter-process traffic,
# small enough that results stream back and memory stays bounded.
CHUNK_FILES = 32
# Below this many files to extract a process pool costs more than it saves.
POOL_THRESHOLD = 16
# Fresh extractions written to the cache per transaction.
SAVE_BATCH = 2000


@contextlib.contextmanager
def _files_in_order(
    root: Path, walked: Walk, store: SnapshotStore | None, jobs: int | None, show: bool | None
) -> Iterator[tuple[Inventory, Iterator[Evidence]]]:
    """The inventory without its files, and its files one at a time in path order.

    Caption sheets are read first, so that each file leaves complete (caption applied) and
    a consumer can write it out and forget it: a cold scan of 100,000 files then never holds
    all their models. ``store``'s folder holds the scan cache (None: no cache).
    """
    walked.files.sort(key=itemgetter(1))  # by display path
    cache = ScanCache(store.folder) if store is not None else None
    try:
        sheets = _read_sheets(root, walked.sheets, cache)
        captions, orphans = _match_captions([f.path for f in walked.files], sheets)
        findings = [
            Finding.of(code, path=path, detail=detail) for code, path, detail in walked.problems
        ]
        findings.extend(orphans)
        findings.sort(key=lambda f: (f.path or "", f.code, f.message))
        head = Inventory(
            root=str(root),
            findings=findings,
            folders=sorted(walked.folders),
            generated=sorted(walked.generated),
        )
        files = (
            _captioned(evidence, captions.get(index))
            for index, evidence in _evidence_in_order(root, walked.files, cache, jobs, show)
        )
        yield head, files
    finally:
        if cache is not None:
            cache.close()


def build_inventory(
    root: Path, walked: Walk, store: SnapshotStore | None, jobs: int | None, show: bool | None
) -> Inventory:
    """The inventory of the walked files, every model in memory (the library's ``scan``)."""
    with _files_in_order(root, walked, store, jobs, show) as (head, files):
        return head.model_copy(update={"files": list(files)})


def build_snapshot(
    root: Path,
    walked: Walk,
    store: SnapshotStore,
    key: str,
    settings: Settings,
    jobs: int | None,
    show: bool | None,
    tap: Callable[[Evidence], None] | None = None,
) -> Inventory:
    """Build the inventory straight into the snapshot of ``key``, a file at a time, each
    also given to ``tap``; the inventory's head (without files) is returned."""
    with _files_in_order(root, walked, store, jobs, show) as (head, files):
        _write(store, key, settings, head, _tapped(files, tap) if tap is not None else files)
    return head


def build_stream(
    root: Path, walked: Walk, jobs: int | None, show: bool | None, add: Callable[[Evidence], None]
) -> Inventory:
    """Without the cache: give each file to ``add`` in path order, keep none; the head."""
    with _files_in_order(root, walked, None, jobs, show) as (head, files):
        for evidence in files:
            add(evidence)
    return head


def _tapped(files: Iterator[Evidence], tap: Callable[[Evidence], None]) -> Iterator[Evidence]:
    for evidence in files:
        tap(evidence)
        yield evidence


def save_snapshot(store: SnapshotStore, key: str, settings: Settings, inventory: Inventory) -> None:
    """Save ``inventory`` as the snapshot of ``key``."""
    head = inventory.model_copy(update={"files": []})
    _write(store, key, settings, head, iter(inventory.files))


def _write(
    store: SnapshotStore, key: str, settings: Settings, head: Inventory, files: Iterator[Evidence]
) -> None:
    compact = EVIDENCE_JSON.serializer.to_json
    entries = ((compact(e, exclude_defaults=True), json_piece(e)) for e in files)
    store.write(key, settings, head.model_dump_json().encode(), entries, json_shell(head))


def _evidence_in_order(
    root: Path,
    files: list[WalkedFile],
    cache: ScanCache | None,
    jobs: int | None,
    show: bool | None,
) -> Iterator[tuple[int, Evidence]]:
    """(index, Evidence) for every walked file (sorted by path), in that order: cached rows
    where size and mtime still match, fresh extractions for the rest (vanished files are
    left out). Results waiting for an earlier file are held as their small cached rows."""
    ready: list[Extracted | None] = [None] * len(files)
    todo: list[tuple[int, FileJob]] = []
    gone: list[str] = []
    rows = cache.rows() if cache is not None else iter(())
    row = next(rows, None)
    for index, f in enumerate(files):
        # Merge join: both sequences are in path order.
        while row is not None and row.path < f.path:
            gone.append(row.path)
            row = next(rows, None)
        if row is not None and row.path == f.path:
            hit, row = row, next(rows, None)
            if hit.size == f.size and hit.mtime_ns == f.mtime_ns:
                ready[index] = hit
                continue
        todo.append((index, FileJob(os.path.join(root, f.os_rel), f.path, f.size, f.mtime_ns)))
    while row is not None:
        gone.append(row.path)
        row = next(rows, None)
    if cache is not None:
        cache.save(gone=gone)
    results = _extract_todo(todo, cache, jobs, show)
    waiting = {index for index, _ in todo}
    for index, walked in enumerate(files):
        while index in waiting:  # results come as workers finish, not in path order
            done, extracted = next(results)
            waiting.discard(done)
            ready[done] = extracted
        row = ready[index]
        if row is not None:  # None: vanished during the scan
            ready[index] = None
            yield index, _evidence(row, walked)
    for _ in results:  # nothing is left to come: let it save its last batch
        pass


def _extract_todo(
    todo: list[tuple[int, FileJob]], cache: ScanCache | None, jobs: int | None, show: bool | None
) -> Iterator[tuple[int, Extracted | None]]:
    """(index, result) for each file to extract, as the workers finish them (None: vanished);
    fresh results are saved to the cache in batches as they come."""
    index_of = {job.path: index for index, job in todo}
    fresh: list[Extracted] = []
    total_bytes = sum(job.size for _, job in todo)
    with progress_bar("scan", len(todo), enabled=show if total_bytes else False) as advance:
        for job, extracted in _run([job for _, job in todo], jobs):
            advance(1, job.size)
            if extracted is not None and cache is not None:
                fresh.append(extracted)
                if len(fresh) >= SAVE_BATCH:
                    # Saved as we go: memory stays flat and an interrupted cold scan keeps
                    # what it has read.
                    cache.save(fresh)
                    fresh.clear()
            yield index_of[job.path], extracted
    if cache is not None:
        cache.save(fresh)


def _run(todo: list[FileJob], jobs: int | None) -> Iterator[tuple[FileJob, Extracted | None]]:
    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if workers == 1 or len(todo) < POOL_THRESHOLD:
        for job in todo:
            yield job, extract(job)
        return
    yield from _run_pool(todo, workers)


def _run_pool(todo: list[FileJob], workers: int) -> Iterator[tuple[FileJob, Extracted | None]]:
    """Extract in worker processes; a file that kills its worker is a finding, not a crash.

    Image, video and PDF decoders are native code: a hostile file can crash the process
    reading it. When a worker dies, the files not yet done are read again one at a time in
    a single worker, so the file that crashes it is known; it is reported ``corrupt`` and
    the rest go back to the full pool.
    """
    from concurrent.futures.process import BrokenProcessPool

    remaining = list(todo)
    isolate = False
    while remaining:
        done: set[str] = set()
        # When isolating, only the files that were in flight are suspects; read one at a
        # time in one worker they run in order, so the first not done is the culprit.
        batch = remaining[: workers * 3 * CHUNK_FILES] if isolate else remaining
        try:
            for job, result in _pool_pass(
                batch, 1 if isolate else workers, 1 if isolate else CHUNK_FILES
            ):
                done.add(job.path)
                yield job, result
            isolate = False
        except BrokenProcessPool:
            if isolate:
                culprit = next(job for job in batch if job.path not in done)
                done.add(culprit.path)
                yield culprit, crashed(culprit)
            isolate = not isolate
        remaining = [job for job in remaining if job.path not in done]


def _pool_pass(
    todo: list[FileJob], workers: int, chunk_size: int
) -> Iterator[tuple[FileJob, Extracted | None]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # fork is cheap and shares the already imported modules; elsewhere spawn is the only choice.
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    chunks = [todo[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]
    from civarchive.workers import worker_initargs

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=worker_initargs(),
    )
    with pool:
        pending: dict[Future[list[Extracted | None]], list[FileJob]] = {}
        queue = iter(chunks)
        # Keep only a few chunks in flight so results never pile up in memory.
        for chunk in _take(queue, workers * 3):
            pending[pool.submit(extract_many, chunk)] = chunk
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                yield from zip(chunk, future.result(), strict=True)
                for more in _take(queue, 1):
                    pending[pool.submit(extract_many, more)] = more


def _take(queue: Iterator[list[FileJob]], count: int) -> list[list[FileJob]]:
    out = []
    for _ in range(count):
        chunk = next(queue, None)
        if chunk is None:
            break
        out.append(chunk)
    return out


def _evidence(row: Extracted, walked: WalkedFile) -> Evidence:
    evidence = EVIDENCE_JSON.validate_json(row.evidence)
    notes = json.loads(row.notes) if row.notes != "[]" else []
    findings = (
        [Finding.of(Code.BAD_NAME, path=evidence.path, detail=_bad_name_detail(walked.os_rel))]
        if walked.bad_name
        else []
    )
    findings.extend(
        Finding.of(Code(code), path=evidence.path, detail=detail) for code, detail in notes
    )
    if not findings:
        return evidence
    return replace(evidence, findings=tuple(findings))


def _read_sheets(
    root: Path, sheets: list[WalkedFile], cache: ScanCache | None
) -> list[SheetRows | Finding]:
    """Every caption sheet's rows (or the finding that says why it cannot be read), in path
    order. Parsed rows are cached by (path, size, mtime) like files: an edited sheet has a
    new mtime and is parsed again, so captions always follow the sheet."""
    cached = cache.sheets() if cache is not None else {}
    fresh: list[tuple[str, int, int, str]] = []
    out: list[SheetRows | Finding] = []
    for sheet in sorted(sheets, key=lambda s: s.path):
        hit = cached.get(sheet.path)
        if hit is not None and hit[0] == sheet.size and hit[1] == sheet.mtime_ns:
            out.append(rows_from_json(sheet.path, hit[2]))
            continue
        try:
            rows = read_sheet(os.path.join(root, sheet.os_rel), sheet.path)
        except SheetError as error:
            out.append(Finding.of(Code.CORRUPT, path=sheet.path, detail=str(error)))
            continue
        except OSError as error:
            detail = error.strerror or str(error)
            out.append(Finding.of(Code.UNREADABLE, path=sheet.path, detail=detail))
            continue
        out.append(rows)
        fresh.append((sheet.path, sheet.size, sheet.mtime_ns, rows_to_json(rows)))
    if cache is not None:
        seen = {sheet.path for sheet in sheets}
        cache.save_sheets(fresh, [path for path in cached if path not in seen])
    return out


def _match_captions(
    paths: list[str], sheets: list[SheetRows | Finding]
) -> tuple[dict[int, tuple[Caption, str | None]], list[Finding]]:
    """Caption rows by the index of the file they name (in the sheet's own folder), and the
    findings for rows naming no file and for sheets that cannot be read.

    Done on every run, after the file cache, so editing a sheet updates the captions
    although the photos themselves are unchanged. Matched against the walk, before any file
    is read: a file that vanishes during the scan leaves its row unused, not reported.
    """
    findings: list[Finding] = []
    by_folder: dict[str, list[int]] = {}
    for index, path in enumerate(paths):
        by_folder.setdefault(_folder(path), []).append(index)
    captions: dict[int, tuple[Caption, str | None]] = {}
    for rows in sheets:
        if isinstance(rows, Finding):
            findings.append(rows)
            continue
        findings.extend(
            Finding.of(Code.BAD_CAPTION, path=rows.sheet, detail=detail)
            for detail in sheet_problems(rows)
        )
        _match(rows, paths, by_folder.get(_folder(rows.sheet), []), captions, findings)
    return captions, findings


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _match(
    rows: SheetRows,
    paths: list[str],
    indexes: list[int],
    captions: dict[int, tuple[Caption, str | None]],
    findings: list[Finding],
) -> None:
    exact: dict[str, int] = {}
    stems: dict[str, list[int]] = {}
    for index in indexes:
        name = normalise_name(paths[index].rpartition("/")[2])
        exact.setdefault(name, index)
        stems.setdefault(name.rpartition(".")[0] or name, []).append(index)
    for name, caption, day in rows.rows:
        key = normalise_name(name)
        found: int | None = exact.get(key)
        if found is None and len(stems.get(key, [])) == 1:
            # "IMG_0001" names "IMG_0001.jpg" when only one file has that stem.
            found = stems[key][0]
        if found is None:
            findings.append(Finding.of(Code.CAPTION_ORPHAN, path=rows.sheet, detail=name))
            continue
        captions.setdefault(found, (caption, day))  # the first sheet (in path order) wins


def _captioned(evidence: Evidence, entry: tuple[Caption, str | None] | None) -> Evidence:
    """The file with its caption row applied, or else its EXIF title as its caption."""
    if entry is not None:
        caption, day = entry
        if not day:
            return replace(evidence, caption=caption)
        date = EvidenceDate.parse(day)
        return replace(evidence, caption=caption, date=date, date_source=DateSource.CAPTION)
    if evidence.title and evidence.kind == "photo":
        # DA/T 50 fallback: the title the camera or photo software wrote into EXIF.
        return replace(evidence, caption=Caption(title=evidence.title))
    return evidence


def _bad_name_detail(os_rel: str) -> str:
    """What is wrong with a bad name beyond the message: a direction control it holds, or
    how it reads as GBK."""
    control = BIDI_CONTROLS.search(os_rel)
    if control is not None:
        return f"; holds U+{ord(control.group()):04X}, a direction control"
    return _gbk_reading(os_rel)


def _gbk_reading(os_rel: str) -> str:
    """How a mojibake name reads as GBK (zips from Chinese Windows store GBK names), or ""."""
    base = os.path.basename(os_rel)
    if not any("\udc80" <= c <= "\udcff" for c in base):
        return ""  # valid UTF-8 with a control character: nothing to re-read
    raw = os.fsencode(base)
    try:
        name = raw.decode("gbk")
    except UnicodeDecodeError:
        return ""
    if not name.isprintable():
        return ""
    return tr(
        "；按 GBK 解读为“{n}”（可能来自 GBK 编码的压缩包）",
        "; read as GBK it is “{n}” (from a GBK zip?)",
        n=name,
    )
