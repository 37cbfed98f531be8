"""The scan stage: walk, then reuse the last inventory whole or build it (see build.py).

This module is what an unchanged archive's re-scan runs, so it imports only the walk and
the snapshot: pydantic, SQLite, the spec loader and the extractors load on a miss.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import os
from array import array
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from civarchive.scan.snapshot import (
    RenderedJson,
    Settings,
    open_snapshot_json,
    read_settings,
    stamp,
    still_valid,
)
from civarchive.scan.walk import SPEC_NAME, Ignore, Walk, walk

if TYPE_CHECKING:
    from civarchive.scan.models import Inventory
    from civarchive.spec.models import Spec


def scan(
    root: str | os.PathLike[str],
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> Inventory:
    """Inventory every file under ``root`` (design §3, §7); the archive is never modified.

    ``spec`` adds its ``ignore`` globs and its own files to the ignore list (None: only the
    built-in rules); given as a path, the spec is loaded only when it changed since the
    last scan (``SpecError`` if it is invalid). ``jobs`` is the number of worker processes
    (None: one per CPU). ``use_cache=False`` re-reads every file and leaves the cache
    untouched. ``progress`` forces the progress bar on or off (None: on when stderr is a
    terminal outside CI). Files are sorted by their relative POSIX path; the same archive
    always gives the same Inventory, cached or not.
    """
    inventory = _scan(Path(root), spec, jobs, use_cache, progress, as_json=False)
    assert not isinstance(inventory, RenderedJson)
    return inventory


def scan_json(
    root: str | os.PathLike[str],
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> bytes:
    """``render_json(scan(...))``, the bytes of ``scan --format json``, same arguments.

    When nothing changed since the last scan the saved JSON is returned as it is: no model
    is built and neither pydantic nor the spec loader is imported.
    """
    result = _scan(Path(root), spec, jobs, use_cache, progress, as_json=True)
    if isinstance(result, RenderedJson):
        return result.read()
    from civarchive.scan.render import render_json

    return render_json(result)


def write_scan_json(
    root: str | os.PathLike[str],
    out: BinaryIO,
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> None:
    """Write ``scan_json(...)`` to ``out`` (``scan --format json``); the saved JSON of an
    unchanged archive is copied file to file, never held in memory."""
    result = _scan(Path(root), spec, jobs, use_cache, progress, as_json=True)
    if isinstance(result, RenderedJson):
        result.copy_to(out)
        return
    from civarchive.scan.render import json_chunks

    out.writelines(json_chunks(result))


def _scan(
    root: Path,
    spec: Spec | str | os.PathLike[str] | None,
    jobs: int | None,
    use_cache: bool,
    progress: bool | None,
    *,
    as_json: bool,
) -> Inventory | RenderedJson:
    base = root.resolve()
    folder = _cache_folder(base) if use_cache else None
    settings = _settings(base, spec, folder)
    with _gc_paused():
        walked = walk(base, Ignore(list(settings.ignore), set(settings.spec_paths)))
        walked.files.sort(key=itemgetter(1))  # by display path
        key = _snapshot_key(base, settings, walked) if folder is not None else ""
        if folder is not None:
            saved = _saved(folder, key, as_json)
            if saved is not None:
                return saved
        from civarchive.scan import build

        if folder is not None and as_json:
            # Each file goes straight into the snapshot: no model outlives its own line.
            build.build_snapshot(base, walked, folder, key, settings, jobs, progress)
            del walked  # freed before the JSON is read back
            rendered = open_snapshot_json(folder, key)
            if rendered is not None:
                return rendered
            # Another scan replaced the snapshot meanwhile; the file cache is complete now.
            return _scan(root, spec, jobs, use_cache, progress, as_json=False)
        inventory = build.build_inventory(base, walked, folder, jobs, progress)
        if folder is not None:
            build.save_snapshot(folder, key, settings, inventory)
    return inventory


def _saved(folder: Path, key: str, as_json: bool) -> Inventory | RenderedJson | None:
    if as_json:
        return open_snapshot_json(folder, key)
    from civarchive.scan.build import inventory_from_snapshot

    return inventory_from_snapshot(folder, key)


def _cache_folder(root: Path) -> Path:
    from civarchive.workdir import work_dir

    return work_dir(root)


def _settings(
    root: Path, spec: Spec | str | os.PathLike[str] | None, folder: Path | None
) -> Settings:
    """What the walk takes from the spec, from the last snapshot while the spec is unchanged.

    A spec given as a path is loaded only when one of its files changed since the snapshot
    was saved (size or mtime): an unchanged archive is re-scanned without parsing YAML.
    """
    if spec is None:
        return Settings((), (), ())
    if isinstance(spec, str | os.PathLike):
        path = os.path.abspath(spec)
        saved = read_settings(folder) if folder is not None else None
        if _settings_for(saved, path):
            assert saved is not None
            return saved
        before = stamp(path)  # taken before reading, so an edit meanwhile is seen next time
        from civarchive.spec.loader import load_spec

        loaded = load_spec(Path(path))
        return _settings_of(root, loaded, first=before)
    return _settings_of(root, spec, first=None)


def _settings_for(saved: Settings | None, path: str) -> bool:
    """Whether ``saved`` was taken from the spec at ``path`` and its files are unchanged."""
    if saved is None or not saved.stamps or saved.stamps[0][0] != path:
        return False
    return still_valid(saved)


def _settings_of(root: Path, spec: Spec, first: tuple[str, int, int] | None) -> Settings:
    spec_paths = {SPEC_NAME}
    stamps = []
    for index, file in enumerate(spec.files):
        resolved = Path(file).resolve()
        taken = first if index == 0 and first is not None else stamp(os.path.abspath(file))
        if taken is not None:
            stamps.append(taken)
        try:
            spec_paths.add(resolved.relative_to(root).as_posix())
        except ValueError:
            continue  # a spec outside the archive is not in the walk anyway
    return Settings(tuple(stamps), tuple(spec.ignore), tuple(sorted(spec_paths)))


# Bump when the snapshot's layout or meaning changes.
SNAPSHOT_FORMAT = 2


def _snapshot_key(root: Path, settings: Settings, walked: Walk) -> str:
    """A digest of everything an inventory is made from, short of the files' contents.

    The per-file cache trusts (path, size, mtime) and sheets are cached the same way, so an
    inventory is a function of the walk listing (files, sheets, walk problems, folders),
    what the walk took from the spec, the code that builds it (civarchive, pydantic) and the
    message language. When the key matches, the whole inventory is reused as it was saved.
    """
    from civarchive import __version__
    from civarchive.i18n import language

    digest = hashlib.blake2b(digest_size=16)
    head = (
        f"{SNAPSHOT_FORMAT}\0{__version__}\0{language()}\0{root}\0{_code_fingerprint()}\0"
        f"{settings.ignore}\0{settings.spec_paths}"
    )
    digest.update(head.encode("utf-8", "surrogatepass"))
    for listing in (walked.files, sorted(walked.sheets)):
        # Column by column, so that the work runs in C (a formatted line per file would
        # cost 2 µs each). The display path and the bad-name flag follow from the OS path.
        os_rels, _, sizes, mtimes, _ = zip(*listing, strict=True) if listing else ((),) * 5
        digest.update(b"\1")
        digest.update("\0".join(os_rels).encode("utf-8", "surrogatepass"))
        digest.update(_numbers(sizes))
        digest.update(_numbers(mtimes))
    digest.update(repr(sorted(walked.problems)).encode("utf-8", "surrogatepass"))
    # An empty folder changes no file, yet check must see it (a new indicator folder).
    digest.update("\0".join(sorted(walked.folders)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# The modules outside civarchive/scan whose code shapes an inventory (scan imports them).
_SHAPING_MODULES = ("__init__.py", "codes.py", "display.py", "findings.py", "i18n.py", "kinds.py")
# The libraries whose code shapes it too: pydantic serialises the models.
_SHAPING_LIBRARIES = ("pydantic", "pydantic_core")


@functools.cache
def _code_fingerprint() -> str:
    """Size and mtime of the modules an inventory is made by: an edit or upgrade misses.

    Finding messages, caption rules and the models change between versions without the
    version number or EXTRACTOR_VERSION moving (above all while civarchive is developed).
    Covered: the scan package, the top-level modules it imports (``_SHAPING_MODULES``;
    add to it when scan starts importing another) and pydantic's own files, found without
    importing them (an upgrade writes them anew). About 30 stat calls.
    """
    import importlib.util

    import civarchive

    package = os.path.dirname(os.path.abspath(civarchive.__file__))
    paths = [os.path.join(package, name) for name in _SHAPING_MODULES]
    with os.scandir(os.path.join(package, "scan")) as listing:
        paths.extend(entry.path for entry in listing if entry.name.endswith(".py"))
    for library in _SHAPING_LIBRARIES:
        found = importlib.util.find_spec(library)
        paths.append(found.origin if found is not None and found.origin else library)
    entries = []
    for path in sorted(paths):
        try:
            stat = os.stat(path)
        except OSError:
            continue  # a module that does not exist in this build
        entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.blake2b("\n".join(entries).encode("utf-8", "surrogatepass")).hexdigest()


def _numbers(values: tuple[int, ...]) -> bytes:
    try:
        return array("q", values).tobytes()
    except OverflowError:  # an mtime past the year 2262
        return " ".join(map(str, values)).encode("ascii")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # Building 100,000 models makes the cyclic garbage collector run over an ever larger
    # heap again and again (30 % of a warm scan); nothing built here forms cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile is still in the youngest generation: the first
            # collection after enabling would walk it all (0.25 s at 100,000 files). Frozen,
            # it is left to reference counting, which frees these acyclic models anyway.
            gc.freeze()
            gc.enable()
