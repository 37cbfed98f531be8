"""Extract one file: hash it, sniff its real type, read its metadata, and date it (captions aside)."""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from civarchive.findings import Code
from civarchive.kinds import Kind
from civarchive.scan.dates import date_from_name
from civarchive.scan.models import DateSource
from civarchive.scan.sniff import (
    HEAD_SIZE,
    Sniffed,
    extension,
    extension_disagrees,
    format_for_extension,
    kind_of,
    sniff,
)
from civarchive.scan.structure import CorruptFile, Digest, Source, digest, digest_bytes

# Bump whenever extraction changes what it records: every cached row is then re-extracted.
EXTRACTOR_VERSION = 7

# Files up to this size are read into memory once: hashed, checked and parsed from the same
# bytes instead of being opened and read again by each parser. Larger ones are streamed.
WHOLE_FILE_LIMIT = 32 << 20


@dataclass(frozen=True, slots=True)
class FileJob:
    """One file to extract: the real OS path to open and the archive-relative display path."""

    os_path: str
    path: str
    size: int
    mtime_ns: int


class Extracted(NamedTuple):
    """Extraction result as stored in the cache: the Evidence JSON (no caption, no findings)
    and the findings as ``[[code, detail], ...]`` so that messages are localised on each run."""

    path: str
    size: int
    mtime_ns: int
    evidence: str
    notes: str


def start_worker(parent: int) -> None:
    """Set up a worker process of the extraction pool (it runs in the worker, never the caller).

    The worker ends with its ``parent`` (``workers.die_with_parent``). What a forked worker
    inherits is frozen out of its collector's reach, so its collections never walk (nor
    copy, page by page) the parent's objects (Python's advice for fork without exec); and
    its collector runs whatever the parent's state, since parsers (pypdf above all) build
    reference cycles.
    """
    from civarchive.workers import die_with_parent

    die_with_parent(parent)
    gc.freeze()
    gc.enable()


def extract_many(jobs: list[FileJob]) -> list[Extracted | None]:
    """Extract a chunk of files (the unit of work sent to a worker process)."""
    return [extract(job) for job in jobs]


def extract(job: FileJob) -> Extracted | None:
    """Extract one file; None when it vanished since the walk (it is no longer evidence)."""
    fields: dict[str, Any] = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns}
    notes: list[tuple[Code, str]] = []
    name = job.path.rsplit("/", 1)[-1]
    try:
        _fill(job, name, fields, notes)
    except FileNotFoundError:
        return None
    except OSError as error:
        notes.append((Code.UNREADABLE, error.strerror or type(error).__name__))
        _guess_from_extension(name, fields)
        fields["sha256"] = None
    _date(fields, name)
    facts = {k: v for k, v in fields.items() if not k.startswith("_")}
    return Extracted(
        path=job.path,
        size=job.size,
        mtime_ns=job.mtime_ns,
        evidence=json.dumps(facts, ensure_ascii=False, separators=(",", ":")),
        notes=_notes_json(notes),
    )


def _notes_json(notes: list[tuple[Code, str]]) -> str:
    if not notes:
        return "[]"  # most files: what json.dumps gives, without its cost on every file
    return json.dumps([[str(code), detail] for code, detail in notes], ensure_ascii=False)


def crashed(job: FileJob) -> Extracted | None:
    """The record of a file whose reading killed the worker process (a native decoder crash)."""
    import hashlib

    name = job.path.rsplit("/", 1)[-1]
    fields: dict[str, Any] = {"path": job.path, "size": job.size, "mtime_ns": job.mtime_ns}
    _guess_from_extension(name, fields)
    try:
        with open(job.os_path, "rb") as handle:
            fields["sha256"] = hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None
    except OSError:
        fields["sha256"] = None
    _date(fields, name)
    return Extracted(
        path=job.path,
        size=job.size,
        mtime_ns=job.mtime_ns,
        evidence=json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
        notes=json.dumps([[str(Code.CORRUPT), "the file crashed the program reading it"]]),
    )


def _guess_from_extension(name: str, fields: dict[str, Any]) -> None:
    fmt = format_for_extension(extension(name))
    fields["kind"] = kind_of(fmt)
    fields["format"] = fmt


def _fill(job: FileJob, name: str, fields: dict[str, Any], notes: list[tuple[Code, str]]) -> None:
    if job.size == 0:
        # No content: kind from the extension so the clerk sees "an empty document".
        # No hash either: every empty file would otherwise be a "duplicate" of the others.
        _guess_from_extension(name, fields)
        notes.append((Code.EMPTY_FILE, ""))
        return
    source, sniffed, result = _read(job, name)
    fields.update(kind=sniffed.kind, format=sniffed.format, sha256=result.sha256)
    if sniffed.encrypted:
        fields["encrypted"] = True
    problem = sniffed.problem
    if problem is None:
        # A truncated photo still has a readable header (size, EXIF date): keep those facts,
        # and report the structural problem found while hashing first.
        meta_problem = _metadata(source, job.os_path, sniffed, fields)
        problem = result.problem or meta_problem
    if sniffed.archive is not None:
        sniffed.archive.close()
    if problem:
        notes.append((Code.CORRUPT, problem))
    elif fields.get("encrypted"):
        notes.append((Code.ENCRYPTED, ""))
    ext = extension(name)
    if extension_disagrees(fields.get("format"), ext):
        notes.append((Code.WRONG_EXTENSION, f".{ext} but the content is {fields['format']}"))
    if fields["kind"] == Kind.OTHER:
        notes.append((Code.UNSUPPORTED_TYPE, fields.get("format") or "unknown"))


def _read(job: FileJob, name: str) -> tuple[Source, Sniffed, Digest]:
    """Sniff and hash the file: from one read into memory when it is small, else streaming."""
    with open(job.os_path, "rb") as handle:
        if job.size <= WHOLE_FILE_LIMIT:
            # One byte more than the walk saw tells whether the file grew since (read(n)
            # allocates n bytes up front, so n must be the size, not the limit).
            data = handle.read(job.size + 1)
            if len(data) <= job.size:
                sniffed = sniff(data, data[:HEAD_SIZE], name)
                return data, sniffed, digest_bytes(data, sniffed.format)
            handle.seek(0)  # it is being written to: stream it as it is now
        head = handle.read(HEAD_SIZE)
        sniffed = sniff(job.os_path, head, name)
        return job.os_path, sniffed, digest(handle, sniffed.format)


def _metadata(source: Source, path: str, sniffed: Sniffed, fields: dict[str, Any]) -> str | None:
    """Add kind-specific facts to ``fields``; return a corruption detail or None.

    ``source`` is the content when it was read into memory; media files are always opened by
    ``path`` (FFmpeg probes and seeks the file itself).
    """
    fmt = sniffed.format or ""
    try:
        if sniffed.kind == Kind.PHOTO:
            from civarchive.scan.photos import photo_facts

            fields.update(photo_facts(source, fmt))
        elif sniffed.kind in (Kind.VIDEO, Kind.AUDIO):
            from civarchive.scan.media import media_facts

            fields.update(media_facts(path, fmt))
        elif sniffed.kind == Kind.DOCUMENT:
            from civarchive.scan.documents import document_facts

            fields.update(document_facts(source, fmt, sniffed.encrypted, sniffed.archive))
    except CorruptFile as error:
        fields.update(error.facts)
        return error.detail
    except (MemoryError, RecursionError) as error:
        # Hostile files can make parsers recurse or allocate without end: still a finding.
        return f"{type(error).__name__} while reading the file"
    except Exception as error:  # noqa: BLE001 - the parsers' boundary (design §7)
        # A parser library tripping over a hostile file in a way nobody foresaw (a missing
        # decoder object, an unexpected type) is still a file that cannot be read as its
        # type: a finding, never a crash of the whole scan.
        return f"{type(error).__name__}: {error}"
    return None


def _date(fields: dict[str, Any], name: str) -> None:
    """Pick the evidence date by the contract's precedence (the caption comes later, per run)."""
    candidates = (
        (fields.get("_exif_date"), DateSource.EXIF),
        (date_from_name(name), DateSource.FILENAME),
        (fields.get("_media_date"), DateSource.MEDIA),
        (fields.get("_doc_date"), DateSource.DOCUMENT),
    )
    for day, source in candidates:
        if day:
            fields["date"] = day
            fields["date_source"] = source
            return
