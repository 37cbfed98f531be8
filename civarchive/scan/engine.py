"""The scan stage: walk, then reuse the last inventory whole or build it (see build.py).

This module is what an unchanged archive's re-scan runs, so it imports only the walk and
the snapshot: pydantic, SQLite, the spec loader and the extractors load on a miss.
"""

from __future__ import annotations

import functools
import hashlib
import os
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from civarchive.scan.snapshot import (
    RenderedJson,
    Settings,
    open_snapshot_json,
    read_rendered,
    read_settings,
    stamp,
    still_valid,
    write_rendered,
)
from civarchive.scan.walk import SPEC_NAME, Ignore, Walk, walk

if TYPE_CHECKING:
    from civarchive.scan.models import Inventory
    from civarchive.scan.render import Rendering
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
    return _inventory(_walk(Path(root), spec, use_cache), jobs, progress)


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
    result = _json_of(Path(root), spec, jobs, use_cache, progress)
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
    result = _json_of(Path(root), spec, jobs, use_cache, progress)
    if isinstance(result, RenderedJson):
        result.copy_to(out)
        return
    from civarchive.scan.render import json_chunks

    out.writelines(json_chunks(result))


def scan_rendered(
    root: str | os.PathLike[str],
    make: Callable[[], Rendering],
    name: str,
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> bytes:
    """What a ``make()`` rendering (``scan.render``: CSV, table) makes of the inventory, kept
    in the cache under ``name`` (letters, digits, "-") with the snapshot's key.

    An unchanged archive's rendering is read, not made again (rich takes half a second to
    lay out a thousand problems); otherwise the files are fed to it one at a time, so that
    their models are never all held at once.
    """
    state = _walk(Path(root), spec, use_cache)
    if state.folder is not None:
        saved = read_rendered(state.folder, name, state.key)
        if saved is not None:
            return saved
    data = _render(state, make, jobs, progress)
    if state.folder is not None:
        write_rendered(state.folder, name, state.key, data)
    return data


def _render(
    state: _Walked, make: Callable[[], Rendering], jobs: int | None, progress: bool | None
) -> bytes:
    from civarchive.scan import build

    rendering = make()
    if state.folder is None:
        head = build.build_stream(state.root, state.walk, jobs, progress, rendering.add)
        return rendering.finish(head)
    saved = build.stream_snapshot(state.folder, state.key, rendering.add)
    if saved is not None:
        return rendering.finish(saved)
    rendering = make()  # the torn snapshot may have fed it some files
    args = (state.root, state.walk, state.folder, state.key, state.settings, jobs, progress)
    head = build.build_snapshot(*args, tap=rendering.add)
    return rendering.finish(head)


class _Walked(NamedTuple):
    """An archive walked, and the key of the inventory it gives (none without the cache)."""

    root: Path
    spec: Spec | str | os.PathLike[str] | None
    folder: Path | None
    settings: Settings
    walk: Walk
    key: str


def _walk(root: Path, spec: Spec | str | os.PathLike[str] | None, use_cache: bool) -> _Walked:
    base = root.resolve()
    folder = _cache_folder(base) if use_cache else None
    settings = _settings(base, spec, folder)
    walked = walk(base, Ignore(list(settings.ignore), set(settings.spec_paths)))
    # The key follows the walk's order, which an unchanged folder keeps (a folder listed
    # in another order would only cost a rebuild): files are sorted only to build.
    key = _snapshot_key(base, settings, walked) if folder is not None else ""
    return _Walked(base, spec, folder, settings, walked, key)


def _inventory(state: _Walked, jobs: int | None, progress: bool | None) -> Inventory:
    """The inventory, from the snapshot when nothing changed, else built and saved."""
    from civarchive.scan import build

    if state.folder is not None:
        saved = build.inventory_from_snapshot(state.folder, state.key)
        if saved is not None:
            return saved
    inventory = build.build_inventory(state.root, state.walk, state.folder, jobs, progress)
    if state.folder is not None:
        build.save_snapshot(state.folder, state.key, state.settings, inventory)
    return inventory


def _json_of(
    root: Path,
    spec: Spec | str | os.PathLike[str] | None,
    jobs: int | None,
    use_cache: bool,
    progress: bool | None,
) -> Inventory | RenderedJson:
    return _json(_walk(root, spec, use_cache), jobs, progress)


def _json(state: _Walked, jobs: int | None, progress: bool | None) -> Inventory | RenderedJson:
    """The rendered JSON as saved in the snapshot (built into it on a miss); the inventory
    itself without the cache."""
    if state.folder is None:
        return _inventory(state, jobs, progress)
    rendered = open_snapshot_json(state.folder, state.key)
    if rendered is not None:
        return rendered
    from civarchive.scan import build

    # Each file goes straight into the snapshot: no model outlives its own line.
    args = (state.root, state.walk, state.folder, state.key, state.settings, jobs, progress)
    build.build_snapshot(*args)
    root, spec, folder, key = state.root, state.spec, state.folder, state.key
    del state, args  # the walk is freed before the JSON is read back
    rendered = open_snapshot_json(folder, key)
    if rendered is not None:
        return rendered
    # Another scan replaced the snapshot meanwhile; the file cache is complete now.
    return _inventory(_walk(root, spec, use_cache=True), jobs, progress)


def _cache_folder(root: Path) -> Path | None:
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
        if saved is not None and _taken_from(saved, path):
            return saved
        before = stamp(path)  # taken before reading, so an edit meanwhile is seen next time
        from civarchive.spec.loader import load_spec

        loaded = load_spec(Path(path))
        return _settings_of(root, loaded, first=before)
    return _settings_of(root, spec, first=None)


def _taken_from(saved: Settings, path: str) -> bool:
    """Whether ``saved`` was taken from the spec at ``path`` and its files are unchanged."""
    return bool(saved.stamps) and saved.stamps[0][0] == path and still_valid(saved)


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
_SHAPING_MODULES = (
    "__init__.py",
    "codes.py",
    "csvcell.py",
    "display.py",
    "findings.py",
    "i18n.py",
    "kinds.py",
)
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
