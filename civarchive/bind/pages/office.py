"""Office documents to PDF: one LibreOffice call for the whole batch, a per-file watchdog."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from civarchive.atomic import atomic_path
from civarchive.bind.pages.models import NotRendered, Reason
from civarchive.bind.soffice import run_convert

# Formats LibreOffice turns into PDF, and the extension each is staged under: LibreOffice
# picks its import filter partly by extension, and a WPS 文字/ET/演示 file is the
# Word/Excel/PowerPoint binary format under another name.
STAGE_EXTENSION: dict[str, str] = {
    "docx": "docx",
    "doc": "doc",
    "wps": "doc",
    "xlsx": "xlsx",
    "xls": "xls",
    "et": "xls",
    "pptx": "pptx",
    "ppt": "ppt",
    "dps": "ppt",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "rtf": "rtf",
    "txt": "txt",
}
# Plain PDF export: the pages are rendered again at the volume's dpi anyway.
PDF_FILTER = "pdf:writer_pdf_Export"
# A file that makes no progress for this long is killed (with its LibreOffice), reported,
# and the rest of the batch goes on. The biggest real case measured, a 251-page DOCX with
# 1,000 photos, took 75 s.
PER_FILE_TIMEOUT = 180.0
# Zipped formats: what LibreOffice would have to parse (media excluded). Real documents
# hold a few MB of XML; a zip bomb under the scan's thresholds holds gigabytes.
MAX_XML_BYTES = 96 << 20
# A text file is decoded in memory to stage it as UTF-8.
MAX_TEXT_BYTES = 16 << 20


@dataclass(frozen=True, slots=True)
class Conversion:
    """One office document to convert: its cache key, where it is, its detected format."""

    key: str
    source: Path
    format: str


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    converted: dict[str, Path]
    failed: dict[str, NotRendered]
    runs: int


def convert_batch(
    items: list[Conversion],
    destination: dict[str, Path],
    *,
    soffice: str,
    per_file_timeout: float = PER_FILE_TIMEOUT,
    cancel: threading.Event | None = None,
) -> BatchOutcome:
    """Convert ``items`` to PDF with as few LibreOffice starts as possible.

    Each PDF lands atomically at ``destination[key]``. Normally one call converts all; when
    the watchdog kills a stuck call, the file it was on is tried once alone (a second
    timeout makes it a TIMEOUT failure) and the rest go on in a new call.
    """
    converted: dict[str, Path] = {}
    failed: dict[str, NotRendered] = {}
    runs = 0
    with tempfile.TemporaryDirectory(prefix="civarchive-convert-") as tmp:
        work = Path(tmp)
        staged: list[tuple[Conversion, Path]] = []
        for number, item in enumerate(items, start=1):
            problem = _refuse(item)
            if problem is not None:
                failed[item.key] = problem
                continue
            target = work / "in" / f"d{number:04d}.{STAGE_EXTENSION[item.format]}"
            try:
                _stage(item, target)
            except OSError as error:
                failed[item.key] = NotRendered(Reason.CORRUPT, str(error))
                continue
            staged.append((item, target))
        queue = staged
        alone = False
        while queue and not (cancel and cancel.is_set()):
            batch = queue[:1] if alone else queue
            out = work / f"out{runs}"
            out.mkdir()
            result = _run(soffice, [p for _, p in batch], out, per_file_timeout, cancel)
            runs += 1
            done = _collect(batch, out, destination, converted)
            left = [pair for pair in batch if pair[0].key not in done]
            if not result.timed_out:
                for item, _ in left:
                    detail = result.output[-300:]
                    failed[item.key] = NotRendered(Reason.CONVERSION_FAILED, detail)
                queue = queue[len(batch) :]
                alone = False
                continue
            if alone or len(batch) == 1:
                failed[batch[0][0].key] = NotRendered(
                    Reason.TIMEOUT, f"no progress in {per_file_timeout:g} s"
                )
                queue = queue[1:]
                alone = False
                continue
            # The call was killed: files it finished are kept; the first unfinished one is
            # the suspect and is tried alone, the others in the next call.
            queue = left + queue[len(batch) :]
            alone = True
    return BatchOutcome(converted, failed, runs)


def _refuse(item: Conversion) -> NotRendered | None:
    if item.format not in STAGE_EXTENSION:
        return NotRendered(Reason.UNSUPPORTED, item.format)
    if item.format == "txt":
        try:
            size = item.source.stat().st_size
        except OSError as error:
            return NotRendered(Reason.CORRUPT, str(error))
        if size > MAX_TEXT_BYTES:
            return NotRendered(Reason.TOO_LARGE, f"{size:,} bytes of text")
    if item.format in ("docx", "xlsx", "pptx", "odt", "ods", "odp"):
        try:
            with zipfile.ZipFile(item.source) as package:
                xml = sum(i.file_size for i in package.infolist() if "/media/" not in i.filename)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            return NotRendered(Reason.CORRUPT, str(error))
        if xml > MAX_XML_BYTES:
            return NotRendered(Reason.TOO_LARGE, f"{xml:,} bytes of XML")
    return None


def _stage(item: Conversion, target: Path) -> None:
    """Copy under an ASCII name (LibreOffice names its output after the input)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if item.format == "txt":
        # LibreOffice reads text as UTF-8; a GBK notice from Notepad would turn to noise.
        from charset_normalizer import from_bytes

        raw = item.source.read_bytes()
        best = from_bytes(raw).best()
        text = str(best) if best is not None else raw.decode("utf-8", "replace")
        target.write_text(text, encoding="utf-8-sig")
        return
    shutil.copyfile(item.source, target)


def _run(
    soffice: str, inputs: list[Path], out: Path, per_file: float, cancel: threading.Event | None
) -> _RunResult:
    watch = _Watchdog(out, per_file, cancel)
    # The whole call may take per-file time for each file; the watchdog ends it earlier.
    done = run_convert(
        soffice, PDF_FILTER, inputs, out, timeout=per_file * (len(inputs) + 1), stalled=watch
    )
    return _RunResult(done.timed_out, done.output)


@dataclass(frozen=True, slots=True)
class _RunResult:
    timed_out: bool
    output: str


class _Watchdog:
    """Says "stalled" when no new PDF appeared in ``out`` for ``seconds``, or on cancel."""

    def __init__(self, out: Path, seconds: float, cancel: threading.Event | None) -> None:
        self.out = out
        self.cancel = cancel
        self.seconds = seconds
        self.seen = 0
        self.since = time.monotonic()
        self.checked = 0.0

    def __call__(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            return True
        now = time.monotonic()
        if now - self.checked < 0.5:
            return False
        self.checked = now
        try:
            count = sum(1 for _ in self.out.glob("*.pdf"))
        except OSError:
            count = self.seen
        if count != self.seen:
            self.seen, self.since = count, now
        return now - self.since > self.seconds


def _collect(
    batch: list[tuple[Conversion, Path]],
    out: Path,
    destination: dict[str, Path],
    converted: dict[str, Path],
) -> set[str]:
    """Move every complete PDF of ``batch`` to its destination; return the keys done."""
    done = set()
    for item, staged in batch:
        produced = out / f"{staged.stem}.pdf"
        if not _complete_pdf(produced):
            continue
        final = destination[item.key]
        with atomic_path(final) as target:
            shutil.copyfile(produced, target)
        converted[item.key] = final
        done.add(item.key)
    return done


def _complete_pdf(path: Path) -> bool:
    """A PDF LibreOffice finished writing: it ends with %%EOF (a killed export does not)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 1024))
            return size > 0 and b"%%EOF" in fh.read()
    except OSError:
        return False
