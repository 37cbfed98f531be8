"""What civarchive wrote into an archive with -o: recorded in its work folder, never evidence.

A report saved inside the archive (``check --format xlsx -o 台账.xlsx`` at its root, ``todo
-o 催办单.docx``) is civarchive's output, not evidence: counted, it would be an
``unassigned`` file in the next check. Every command that writes an ``-o`` file records it
here (archive-relative POSIX path, the name as the folder lists it), and the scan's walk
leaves a recorded path out of the inventory and lists it under ``generated`` instead (shown
as 「civarchive 生成」). A file of the archive that civarchive did not write is never replaced
by an output: that is refused (exit 2), so that no evidence is lost to a report.

The record lives in the archive's work folder (``.civarchive/outputs.json``, see
workdir.py). It is not a cache: ``--no-cache`` runs read and write it too.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

from civarchive.atomic import write_bytes_atomic
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.workdir import WORKDIR_NAME, open_private, say_once, work_dir

RECORD_NAME = "outputs.json"
_RECORD_VERSION = 1
# A record larger than this is not ours (a planted file): it is read as empty.
_MAX_RECORD_BYTES = 1 << 20


def recorded_outputs(root: Path) -> frozenset[str]:
    """The archive-relative paths civarchive recorded as its outputs in the archive at
    ``root`` (empty when there is no record). Nothing is made in the archive: a missing
    work folder or a torn record reads as no record."""
    folder = _existing_work_dir(root)
    if folder is None:
        return frozenset()
    return frozenset(_read(folder / RECORD_NAME))


def check_output_target(root: Path, output: Path | None) -> None:
    """Refuse (UsageError, exit 2) an ``output`` that would replace a file of the archive at
    ``root`` which civarchive did not write: evidence is never overwritten by a report."""
    if output is None or not os.path.lexists(output) or os.path.isdir(output):
        return  # nothing there to lose (a folder is refused as an output anyway)
    rel = _inside(root, output)
    if rel is None or rel in recorded_outputs(root):
        return
    raise UsageError(
        tr(
            "{p} 是档案中已有的文件，不是 civarchive 写的；为免覆盖证据，不写入它",
            "{p} is a file of the archive that civarchive did not write; it is not "
            "overwritten, so that no evidence is lost",
            p=output,
        ),
        hint=tr(
            "换一个文件名，或把报告写到档案之外；确是旧报告时先删除它",
            "choose another name, or write the report outside the archive; if it is an old "
            "report, delete it first",
        ),
    )


def record_output(root: Path, output: Path | None) -> str | None:
    """Record ``output``, just written, as civarchive's own when it lies inside the archive
    at ``root``; returns its archive-relative path (None: outside the archive, stdout).

    Entries whose file is gone are dropped as the record is written again. When the record
    cannot be written (no work folder, a full disk) this is said once on stderr: the file
    will then be read as a file of the archive by the next scan.
    """
    rel = _inside(root, output)
    if rel is None:
        return None
    folder = work_dir(root)
    if folder is None:
        _say_unrecorded(rel)
        return rel
    path = folder / RECORD_NAME
    kept = {entry for entry in _read(path) if _exists(root, entry)}
    kept.add(rel)
    data = {"civarchive-outputs": _RECORD_VERSION, "files": sorted(kept)}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    try:
        write_bytes_atomic(path, text.encode("utf-8"), cache=True)
    except OSError:
        _say_unrecorded(rel)
    return rel


def _say_unrecorded(rel: str) -> None:
    say_once(
        tr(
            "注意：无法记录 {p} 是 civarchive 写的，下次检查会把它当作档案文件",
            "note: {p} cannot be recorded as civarchive's output; the next check will "
            "read it as a file of the archive",
            p=rel,
        )
    )


def _existing_work_dir(root: Path) -> Path | None:
    """The folder ``record_output`` writes to, without making ``.civarchive``: None while
    the archive is writable and has no work folder yet (then nothing was recorded)."""
    local = root / WORKDIR_NAME
    try:
        info = os.lstat(local)
    except FileNotFoundError:
        info = None
    except OSError:
        return None
    if info is not None and stat.S_ISDIR(info.st_mode) and os.access(local, os.W_OK):
        return local
    if info is None and os.access(root, os.W_OK):
        return None
    # .civarchive is a link or a file, or the archive is read-only: the user cache.
    return work_dir(root)


def _read(path: Path) -> list[str]:
    try:
        with open_private(path) as fh:
            raw = fh.read(_MAX_RECORD_BYTES + 1)
    except OSError:
        return []
    if len(raw) > _MAX_RECORD_BYTES:
        return []
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return []
    if not isinstance(data, dict) or data.get("civarchive-outputs") != _RECORD_VERSION:
        return []
    files = data.get("files")
    if not isinstance(files, list):
        return []
    return [entry for entry in files if isinstance(entry, str) and entry]


def _exists(root: Path, rel: str) -> bool:
    with contextlib.suppress(OSError, ValueError):
        return stat.S_ISREG(os.lstat(root / rel).st_mode)
    return False


def _inside(root: Path, output: Path | None) -> str | None:
    """``output``'s path relative to ``root`` as the walk spells it (each name as its folder
    lists it: case and Unicode form as stored), or None when ``output`` is stdout, not an
    existing file, or not inside ``root``."""
    if output is None or str(output) in ("-", os.devnull):
        return None
    try:
        base = root.resolve()
        target = output.resolve()
        parts = target.relative_to(base).parts
    except (OSError, ValueError, RuntimeError):
        return None
    if not parts:
        return None
    names: list[str] = []
    folder = base
    for part in parts:
        name = _listed_name(folder, part)
        if name is None:
            return None
        names.append(name)
        folder = folder / name
    rel = "/".join(names)
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a name of undecodable bytes: the walk reports it as a bad name anyway
    return rel


def _listed_name(folder: Path, part: str) -> str | None:
    """``part`` as ``folder`` lists it: itself, or the entry that is the same file (a
    case-insensitive or normalising file system); None when there is none."""
    wanted = folder / part
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return None
    if part in names:
        return part
    for name in names:
        with contextlib.suppress(OSError):
            if os.path.samefile(folder / name, wanted):
                return name
    return None


# Paths named in full by ``generated_note``; the rest are counted.
_NOTE_PATHS = 5


def generated_note(paths: list[str]) -> str:
    """One line saying which files civarchive wrote into the archive and left out of the
    inventory (scan's table), e.g. 「civarchive 生成（不计入证据）：台账.xlsx、催办单.docx」."""
    shown = paths[:_NOTE_PATHS]
    rest = len(paths) - len(shown)
    listed = tr("、", ", ").join(shown)
    if rest:
        listed += tr(" 等 {n} 个", " and {n} more", n=rest)
    return tr(
        "civarchive 生成（不计入证据）：{p}", "written by civarchive (not evidence): {p}", p=listed
    )
