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

from civarchive.display import UNWRAPPED
from civarchive.formats import ScanFormat
from civarchive.outputs import recorded_outputs
from civarchive.scan.snapshot import Settings, SnapshotStore, stamp
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
    return inventory_of(walk_archive(root, spec=spec, use_cache=use_cache), jobs, progress)


def inventory_of(
    walked: WalkedArchive, jobs: int | None = None, progress: bool | None = None
) -> Inventory:
    """The inventory of an archive ``walk_archive`` walked: from its snapshot while nothing
    changed, else built (``jobs`` and ``progress`` as for ``scan``) and saved."""
    if walked.store is not None:
        from civarchive.scan.reload import inventory_from_snapshot

        saved = inventory_from_snapshot(walked.store, walked.key)
        if saved is not None:
            return saved
    from civarchive.scan import build

    inventory = build.build_inventory(walked.root, walked.walk, walked.store, jobs, progress)
    if walked.store is not None:
        build.save_snapshot(walked.store, walked.key, walked.settings, inventory)
    return inventory


def write_scan(
    root: str | os.PathLike[str],
    out: BinaryIO,
    output_format: ScanFormat = ScanFormat.JSON,
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
    color: bool = False,
    width: int = UNWRAPPED,
    verbose: bool = False,
) -> None:
    """Write what ``scan --format output_format`` prints to ``out``: the JSON inventory, the
    CSV, or the table (``color`` and ``width`` shape it — a terminal's width, or
    ``UNWRAPPED`` for a file or pipe — and ``verbose`` lists every file in it, not only the
    first screenful); the other arguments as ``scan``.

    The result never needs every model in memory: an unchanged archive's JSON is copied from
    its snapshot file to file, its table or CSV read back as kept beside it (neither rich,
    pydantic nor the spec loader is imported then); otherwise files are written or fed to
    the rendering one at a time as the snapshot is built.
    """
    state = walk_archive(root, spec=spec, use_cache=use_cache)
    if output_format is ScanFormat.JSON:
        _write_json(state, out, jobs, progress)
        return
    # Kept under a name saying what shaped it, one per family: a table for another
    # terminal width or colour is made again (and replaces this one).
    name = "csv" if output_format is ScanFormat.CSV else _table_name(color, width, verbose)
    kept = state.store.rendering(name, state.key) if state.store is not None else None
    if kept is not None:
        out.write(kept)
        return

    def make() -> Rendering:
        from civarchive.scan.render import CsvRendering, TableRendering

        if output_format is ScanFormat.CSV:
            return CsvRendering()
        return TableRendering(color=color, width=width, verbose=verbose)

    data = _rendered(state, make, jobs, progress)
    if state.store is not None:
        state.store.keep_rendering(name, state.key, data)
    out.write(data)


def _table_name(color: bool, width: int, verbose: bool) -> str:
    shown = "all" if verbose else "first"
    return f"table-{'unwrapped' if width >= UNWRAPPED else width}-{_colour(color)}-{shown}"


def _colour(color: bool) -> str:
    return "color" if color else "plain"


def _write_json(
    state: WalkedArchive, out: BinaryIO, jobs: int | None, progress: bool | None
) -> None:
    """An unchanged archive's JSON is copied from its snapshot: nothing else is imported."""
    saved = state.store.rendered_json(state.key) if state.store is not None else None
    if saved is not None:
        saved.copy_to(out)
        return
    from civarchive.scan import build
    from civarchive.scan.render import json_chunks

    if state.store is None:
        inventory = build.build_inventory(state.root, state.walk, None, jobs, progress)
        out.writelines(json_chunks(inventory))
        return
    # Each file goes straight into the snapshot: no model outlives its own line.
    args = (state.root, state.walk, state.store, state.key, state.settings, jobs, progress)
    build.build_snapshot(*args)
    saved = state.store.rendered_json(state.key)
    if saved is not None:
        saved.copy_to(out)
        return
    # Another scan replaced the snapshot meanwhile; the file cache is complete now.
    out.writelines(json_chunks(scan(state.root, spec=state.spec, jobs=jobs, progress=progress)))


def _rendered(
    state: WalkedArchive, make: Callable[[], Rendering], jobs: int | None, progress: bool | None
) -> bytes:
    """A rendering made a file at a time: from the snapshot while the archive is unchanged,
    else as the snapshot is built (or, without the cache, as the files are read)."""
    from civarchive.scan import build

    rendering = make()
    if state.store is None:
        head = build.build_stream(state.root, state.walk, jobs, progress, rendering.add)
        return rendering.finish(head)
    from civarchive.scan.reload import stream_snapshot

    saved = stream_snapshot(state.store, state.key, rendering.add)
    if saved is None:
        rendering = make()  # the torn snapshot may have fed it some files
        args = (state.root, state.walk, state.store, state.key, state.settings, jobs, progress)
        saved = build.build_snapshot(*args, tap=rendering.add)
    return rendering.finish(saved)


class WalkedArchive(NamedTuple):
    """An archive walked: its root, what the walk took from the spec (``settings``: ignore
    globs, the spec files with their size and mtime), the files, and ``key``, which names
    the inventory they give (no ``store``, and an empty key, without the cache)."""

    root: Path
    spec: Spec | str | os.PathLike[str] | None
    store: SnapshotStore | None
    settings: Settings
    walk: Walk
    key: str


def walk_archive(
    root: str | os.PathLike[str],
    *,
    spec: Spec | str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> WalkedArchive:
    """Walk the archive (``scan``'s first half; ``spec`` and ``use_cache`` as for ``scan``):
    the key tells, before any file is read, whether its inventory is the saved one."""
    base = Path(root).resolve()
    folder = _cache_folder(base) if use_cache else None
    store = SnapshotStore(folder) if folder is not None else None
    settings, fresh = _settings(base, spec, store)
    generated = recorded_outputs(base)  # a record, not a cache: read with use_cache=False too
    walked = walk(base, Ignore(list(settings.ignore), set(settings.spec_paths), generated))
    # The key follows the walk's order, which an unchanged folder keeps (a folder listed
    # in another order would only cost a rebuild): files are sorted only to build.
    key = _snapshot_key(base, settings, walked) if store is not None else ""
    if fresh and store is not None:
        store.keep_settings(key, settings)  # a spec touched, the snapshot still valid
    return WalkedArchive(base, spec, store, settings, walked, key)


def _cache_folder(root: Path) -> Path | None:
    """The archive's cache folder, or None where none can be had (then no cache is used)."""
    from civarchive.workdir import work_dir

    return work_dir(root)


def _settings(
    root: Path, spec: Spec | str | os.PathLike[str] | None, store: SnapshotStore | None
) -> tuple[Settings, bool]:
    """What the walk takes from the spec, from the last snapshot while the spec is unchanged,
    and whether it was taken from a spec file read now (to be kept for the next scan).

    A spec given as a path is loaded only when one of its files changed since the snapshot
    was saved (size or mtime): an unchanged archive is re-scanned without parsing YAML.
    """
    if spec is None:
        return Settings((), (), ()), False
    if isinstance(spec, str | os.PathLike):
        path = os.path.abspath(spec)
        saved = store.settings() if store is not None else None
        if saved is not None and _taken_from(saved, path):
            return saved, False
        before = stamp(path)  # taken before reading, so an edit meanwhile is seen next time
        from civarchive.spec.loader import load_spec

        loaded = load_spec(Path(path))
        return _settings_of(root, loaded, first=before), True
    return _settings_of(root, spec, first=None), False


def _taken_from(saved: Settings, path: str) -> bool:
    """Whether ``saved`` was taken from the spec at ``path`` and its files are unchanged."""
    return bool(saved.stamps) and saved.stamps[0][0] == path and saved.still_valid()


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
SNAPSHOT_FORMAT = 3


def _snapshot_key(root: Path, settings: Settings, walked: Walk) -> str:
    """A digest of everything an inventory is made from, short of the files' contents.

    The per-file cache trusts (path, size, mtime) and sheets are cached the same way, so an
    inventory is a function of the walk listing (files, sheets, walk problems, folders),
    what the walk took from the spec, the code that builds it (civarchive, pydantic) and the
    message language, and the paths of civarchive's own outputs. When the key matches,
    the whole inventory is reused as it was saved.
    """
    from civarchive.i18n import language
    from civarchive.version import __version__

    digest = hashlib.blake2b(digest_size=16)
    head = (
        f"{SNAPSHOT_FORMAT}\0{__version__}\0{language()}\0{root}\0{code_fingerprint()}\0"
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
    # civarchive's own outputs by path only: a report written again (a new mtime) leaves
    # the inventory as it was, and its snapshot valid.
    digest.update(b"\2" + "\0".join(sorted(walked.generated)).encode("utf-8"))
    return digest.hexdigest()


# The modules outside civarchive/scan whose code shapes an inventory (scan imports them).
_SHAPING_MODULES = (
    "atomic.py",
    "codes.py",
    "csvcell.py",
    "display.py",
    "findings.py",
    "formats.py",
    "i18n.py",
    "kinds.py",
    "outputs.py",
    "version.py",
)
# The libraries whose code shapes it too: pydantic serialises the models.
_SHAPING_LIBRARIES = ("pydantic", "pydantic_core")


@functools.cache
def code_fingerprint() -> str:
    """Size and mtime of the modules an inventory is made by: an edit or upgrade misses.

    Finding messages, caption rules and the models change between versions without the
    version number or EXTRACTOR_VERSION moving (above all while civarchive is developed).
    Covered: the scan package, the top-level modules it imports (``_SHAPING_MODULES``;
    add to it when scan starts importing another) and pydantic's own files, found without
    importing them (an upgrade writes them anew). About 30 stat calls.
    """
    import importlib.util

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
