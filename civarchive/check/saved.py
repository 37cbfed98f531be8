"""Reports kept for unchanged inputs: a check of what an earlier check saw is read back.

A report is a function of the inventory, the spec, the check's options (as-of day, strict,
owner, Git LFS probe), the git index the probe reads, the message language and the code
that makes it. ``report_key`` digests all of them; while it matches, ``check`` of an
unchanged archive copies the saved JSON instead of loading 100,000 files and matching them
again (what ``scan``'s snapshot does for the inventory). Layout of ``report.json`` in the
archive's cache folder::

    civarchive-report KEY SIZE               (SIZE: bytes of the JSON that follows)
    {the report's summary, compact JSON}
    {the report as `check --format json` writes it}

Beside it, ``report.rendered`` keeps the last rendering asked for (the terminal table:
rich takes most of a second to lay out 300 indicators) under the same key and the
rendering's own settings (format, colour, width, verbose), laid out the same way.

Any doubt — another key, a torn or foreign file — is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from civarchive.atomic import new_part
from civarchive.check.models import Summary
from civarchive.workdir import open_private

REPORT_NAME = "report.json"
RENDERED_NAME = "report.rendered"
_MAGIC = b"civarchive-report"
_RENDERED_MAGIC = b"civarchive-rendering"
# Bump when the layout or the meaning of the saved file changes.
_FORMAT = 1


class SavedReport(NamedTuple):
    """A report read back: its summary, and its JSON as the JSON format writes it."""

    summary: Summary
    json: bytes


def report_key(
    inventory_key: str,
    spec_files: Sequence[tuple[str, int, int]],
    *,
    spec_path: str | None,
    as_of: dt.date,
    strict: bool,
    owner: str | None,
    git_state: str | None,
    language: str,
) -> str:
    """The digest of everything a report is made from.

    ``inventory_key`` names the inventory (``scan.walk_archive``'s key); ``spec_files`` are
    the spec's files with their size and mtime, as scan trusts them; ``git_state`` is
    ``git.index_state`` (None: no LFS probe). The code is every module of civarchive (size
    and mtime) and pydantic's version, so an edited or upgraded build never serves a stale
    report.
    """
    parts = (
        _FORMAT,
        inventory_key,
        list(spec_files),
        spec_path,
        as_of.isoformat(),
        strict,
        owner,
        git_state,
        language,
        civarchive_fingerprint(),
    )
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@functools.cache
def civarchive_fingerprint() -> str:
    """Size and mtime of every module of civarchive, and pydantic's version."""
    import pydantic_core

    package = Path(__file__).resolve().parents[1]
    entries = [pydantic_core.__version__]
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(entries).encode("utf-8", "surrogatepass")).hexdigest()


class ReportStore:
    """The report kept in an archive's cache folder: its only reader and writer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / REPORT_NAME
        self.rendered_path = folder / RENDERED_NAME

    def read(self, key: str) -> SavedReport | None:
        """The report saved under ``key``, or None."""
        try:
            with open_private(self.path) as fh:
                words = fh.readline().split()
                if len(words) != 3 or words[0] != _MAGIC or words[1] != key.encode("ascii"):
                    return None
                summary = Summary.model_validate_json(fh.readline())
                data = fh.read()
        except (OSError, ValueError, ValidationError):
            return None
        return SavedReport(summary, data) if len(data) == int(words[2]) else None

    def write(self, key: str, summary: Summary, data: bytes) -> None:
        """Keep ``data`` (the report's JSON) under ``key``; a failure is a miss next time."""
        header = b"%s %s %d\n" % (_MAGIC, key.encode("ascii"), len(data))
        self._replace(REPORT_NAME, header + summary.model_dump_json().encode("utf-8") + b"\n", data)

    def read_rendering(self, key: str, settings: str) -> bytes | None:
        """The rendering kept for the report under ``key`` with ``settings``, or None."""
        try:
            with open_private(self.rendered_path) as fh:
                words = fh.readline().split()
                data = fh.read()
        except (OSError, ValueError):
            return None
        wanted = [_RENDERED_MAGIC, key.encode("ascii"), _digest(settings).encode("ascii")]
        if len(words) != 4 or words[:3] != wanted or not words[3].isdigit():
            return None
        return data if len(data) == int(words[3]) else None

    def write_rendering(self, key: str, settings: str, data: bytes) -> None:
        """Keep one rendering of the report under ``key``; a failure is a miss next time."""
        digest = _digest(settings).encode("ascii")
        header = b"%s %s %s %d\n" % (_RENDERED_MAGIC, key.encode("ascii"), digest, len(data))
        self._replace(RENDERED_NAME, header, data)

    def _replace(self, name: str, head: bytes, data: bytes) -> None:
        try:
            fd, temp = new_part(self.folder, name)
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(head)
                fh.write(data)
            os.replace(temp, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
