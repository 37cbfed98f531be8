"""The pipeline as the command line runs it, for any caller: find, scan, check, bind, organize.

``check_archive`` and ``bind_archive`` take the CLI's defaults (design §5): the spec is
``civarchive.yaml`` found from the archive (or the current folder) upwards, as git finds
``.git``, and the archive defaults to the spec's folder. The stage verbs stay available on
their own (``civarchive.scan.scan``, ``civarchive.check.check``, ``civarchive.bind.bind``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from civarchive.days import day_hint, read_day
from civarchive.errors import UsageError
from civarchive.i18n import tr

if TYPE_CHECKING:
    from civarchive.bind.models import BindResult
    from civarchive.check.models import Report, Summary
    from civarchive.check.saved import ReportStore
    from civarchive.formats import ReportFormat
    from civarchive.organize.intake import ImportResult
    from civarchive.organize.models import Plan
    from civarchive.scan.models import Inventory
    from civarchive.spec.models import Spec

PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class Located:
    """An archive's root folder and its spec file (None when there is none and none is needed)."""

    root: Path
    spec_path: Path | None

    def load_spec(self) -> Spec:
        """The spec, loaded and validated (SpecError listing every problem; UsageError if none)."""
        from civarchive.spec.loader import load_spec
        from civarchive.spec.locate import find_spec

        return load_spec(self.spec_path if self.spec_path is not None else find_spec(self.root))


def locate_archive(
    archive: PathLike | None = None, spec: PathLike | None = None, *, spec_required: bool = True
) -> Located:
    """Find the archive root and its spec file, without loading the spec.

    With ``spec`` the spec is that file; otherwise civarchive.yaml is searched for from
    ``archive`` (or the current folder) upwards. ``archive`` defaults to the spec's folder.
    Without ``spec_required`` a missing spec is fine (``spec_path`` None). Raises UsageError
    for an archive that is a file or does not exist, or a spec that cannot be found.
    """
    from civarchive.spec.locate import find_spec

    root = Path(archive) if archive is not None else None
    if root is not None and root.is_file():
        raise UsageError(
            tr(
                "档案应是一个文件夹，而不是文件：{p}",
                "the archive must be a folder, not a file: {p}",
                p=root,
            ),
            hint=tr(
                "给出档案根目录（放 civarchive.yaml 的文件夹）",
                "give the archive's root folder (where civarchive.yaml is)",
            ),
        )
    if root is not None and not root.is_dir():
        raise UsageError(
            tr("档案文件夹不存在：{p}", "archive folder not found: {p}", p=root),
            hint=tr("请检查路径", "check the path"),
        )
    spec_path = Path(spec) if spec is not None else None
    if spec_path is None:
        try:
            spec_path = find_spec(root or Path.cwd())
        except UsageError:
            if spec_required:
                raise
    if root is None:
        root = spec_path.parent if spec_path is not None else Path.cwd()
    return Located(root, spec_path)


@dataclass(frozen=True, slots=True)
class Scanned:
    """What ``scan_archive`` found: the archive's root, its spec, its inventory, and the
    seconds the scan took."""

    root: Path
    spec: Spec
    inventory: Inventory
    scan_seconds: float


def scan_archive(
    archive: PathLike | None = None,
    *,
    spec: PathLike | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> Scanned:
    """Locate the archive, load its spec and scan it (``scan``'s options), as ``check_archive``
    does before it checks. Raises UsageError and SpecError."""
    from civarchive.scan import scan

    located = locate_archive(archive, spec)
    loaded = located.load_spec()
    started = time.perf_counter()
    inventory = scan(located.root, spec=loaded, jobs=jobs, use_cache=use_cache, progress=progress)
    return Scanned(located.root, loaded, inventory, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class Checked:
    """What ``check_archive`` found: the spec, the inventory, the report, and the seconds the
    scan and the check took."""

    spec: Spec
    inventory: Inventory
    report: Report
    scan_seconds: float
    check_seconds: float

    @property
    def files(self) -> int:
        return len(self.inventory.files)

    @property
    def indicators(self) -> int:
        return len(self.report.indicators)


def check_archive(
    archive: PathLike | None = None,
    *,
    spec: PathLike | None = None,
    as_of: dt.date | str | None = None,
    strict: bool = False,
    owner: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
    git: bool = True,
) -> Checked:
    """Locate the archive, load its spec, scan it and check it, as ``civarchive check`` does.

    ``as_of`` (default today; a date or its YYYY-MM-DD text), ``strict``, ``owner`` and
    ``git`` are ``check``'s; ``jobs``, ``use_cache`` and ``progress`` are ``scan``'s. The
    report names the spec by its path relative to the archive when it lies inside it.
    Raises UsageError and SpecError.
    """
    day = parse_as_of(as_of) if isinstance(as_of, str) else as_of
    scanned = scan_archive(archive, spec=spec, jobs=jobs, use_cache=use_cache, progress=progress)
    started = time.perf_counter()
    report = _check(scanned.spec, scanned.inventory, scanned.root, day, strict, owner, git)
    return Checked(scanned.spec, scanned.inventory, report, scanned.scan_seconds, _since(started))


@dataclass(frozen=True, slots=True)
class Reported:
    """What ``report_archive`` gives: the report's JSON (the bytes of ``check --format
    json``) and summary, the files scanned, whether the report was made now (``fresh``) or
    read back, the seconds the scan and the check took, and the archive's root."""

    json: bytes
    summary: Summary
    files: int
    fresh: bool
    scan_seconds: float
    check_seconds: float
    root: Path
    # Where the report is kept, and under which key (None with use_cache=False).
    store: ReportStore | None = field(default=None, repr=False, compare=False)
    key: str | None = field(default=None, repr=False, compare=False)

    @property
    def indicators(self) -> int:
        return self.summary.indicators

    def report(self) -> Report:
        """The report itself (parsed from its JSON)."""
        from civarchive.check.models import Report

        return Report.model_validate_json(self.json)

    def render(
        self,
        fmt: ReportFormat,
        *,
        color: bool = False,
        verbose: bool = False,
        width: int | None = None,
    ) -> bytes:
        """The report in format ``fmt``, as ``civarchive.report.render`` gives it. The
        table is kept beside the report and read back while neither it nor its settings
        (colour, width, verbose) changed."""
        from civarchive.report import ReportFormat, render, rendering_settings

        if ReportFormat(fmt) is ReportFormat.JSON:
            return self.json
        settings = rendering_settings(fmt, color=color, verbose=verbose, width=width)
        store, key = self.store, self.key
        if store is None or key is None or settings is None:
            return render(self.report(), fmt, color=color, verbose=verbose, width=width)
        kept = store.read_rendering(key, settings)
        if kept is None:
            kept = render(self.report(), fmt, color=color, verbose=verbose, width=width)
            store.write_rendering(key, settings, kept)
        return kept


def report_archive(
    archive: PathLike | None = None,
    *,
    spec: PathLike | None = None,
    as_of: dt.date | str | None = None,
    strict: bool = False,
    owner: str | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
    git: bool = True,
) -> Reported:
    """``check_archive``'s report, as JSON, kept in the archive's cache for the next check.

    While nothing it depends on changed — the inventory (scan's key), the spec's files, the
    options, the git index the LFS probe reads, the language, civarchive itself — the saved
    report is read back: neither the inventory nor the spec is loaded (``check/saved.py``).
    ``use_cache=False`` neither reads nor keeps one.
    """
    from civarchive.check import git as git_probe
    from civarchive.check.saved import ReportStore, report_key
    from civarchive.i18n import language
    from civarchive.scan import inventory_of, walk_archive

    day = (parse_as_of(as_of) if isinstance(as_of, str) else as_of) or dt.date.today()
    located = locate_archive(archive, spec)
    started = time.perf_counter()
    walked = walk_archive(located.root, spec=located.spec_path, use_cache=use_cache)
    store = key = None
    if walked.store is not None and located.spec_path is not None:
        store = ReportStore(walked.store.folder)
        key = report_key(
            walked.key,
            walked.settings.stamps,
            spec_path=_relative(located.spec_path, walked.root),
            as_of=day,
            strict=strict,
            owner=owner,
            git_state=git_probe.index_state(walked.root) if git else None,
            language=language(),
        )
        saved = store.read(key)
        if saved is not None:
            files = len(walked.walk.files)
            return Reported(
                saved.json,
                saved.summary,
                files,
                False,
                _since(started),
                0.0,
                walked.root,
                store,
                key,
            )
    loaded = located.load_spec()
    inventory = inventory_of(walked, jobs, progress)
    scanned = time.perf_counter()
    checked = _check(loaded, inventory, located.root, day, strict, owner, git)
    from civarchive.report import json_format

    data = json_format.render(checked)
    if store is not None and key is not None:
        store.write(key, checked.summary, data)
    files = len(inventory.files)
    return Reported(
        data,
        checked.summary,
        files,
        True,
        scanned - started,
        _since(scanned),
        walked.root,
        store,
        key,
    )


def _since(started: float) -> float:
    return time.perf_counter() - started


def _check(
    spec: Spec,
    inventory: Inventory,
    root: Path,
    as_of: dt.date | None,
    strict: bool,
    owner: str | None,
    git: bool,
) -> Report:
    from civarchive.check import check

    shown = _shown_spec_path(spec, root)
    return check(spec, inventory, as_of=as_of, strict=strict, owner=owner, spec_path=shown, git=git)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def parse_as_of(text: str) -> dt.date:
    """An as-of date given as text in the date grammar (``civarchive.days``: 2023-10-15,
    2023/10/15, 2023.10.15, 2023年10月15日, 20231015); a UsageError names a bad one."""
    day = read_day(text)
    if day is None:
        raise UsageError(
            tr("--as-of 不是日期：{v}", "--as-of is not a date: {v}", v=text), hint=day_hint()
        )
    return day


def _shown_spec_path(spec: Spec, root: Path) -> str | None:
    if spec.path is None:
        return None
    try:
        return spec.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(spec.path)


@dataclass(frozen=True, slots=True)
class Bound:
    """What ``bind_archive`` did: the check it bound from, what it wrote, and its seconds."""

    checked: Checked
    result: BindResult
    bind_seconds: float


def bind_archive(
    archive: PathLike | None,
    out_dir: PathLike,
    *,
    spec: PathLike | None = None,
    as_of: dt.date | str | None = None,
    per: Literal["category", "all"] = "category",
    photos_per_page: Literal[1, 2, 4] = 2,
    documents: Literal["full", "list"] = "full",
    dpi: int = 150,
    final: bool = False,
    allow_gaps: bool = False,
    pdf: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
    compiler: str | None = None,
    checker: str | None = None,
) -> Bound:
    """Check the archive as ``check_archive`` does, then bind it into ``out_dir`` (``bind``).

    With ``pdf``, a missing LibreOffice is a DependencyError before anything is scanned.
    """
    from civarchive.bind import bind

    day = parse_as_of(as_of) if isinstance(as_of, str) else as_of
    if pdf:
        from civarchive.bind.pdf import find_soffice

        find_soffice()
    checked = check_archive(
        archive, spec=spec, as_of=day, jobs=jobs, use_cache=use_cache, progress=progress
    )
    started = time.perf_counter()
    result = bind(
        checked.spec,
        checked.inventory,
        checked.report,
        out_dir,
        per=per,
        photos_per_page=photos_per_page,
        documents=documents,
        dpi=dpi,
        final=final,
        allow_gaps=allow_gaps,
        pdf=pdf,
        jobs=jobs,
        progress=progress,
        compiler=compiler,
        checker=checker,
        use_cache=use_cache,
    )
    return Bound(checked, result, time.perf_counter() - started)


@dataclass(frozen=True, slots=True)
class Organized:
    """What ``organize_archive`` found and planned; nothing is moved until ``apply_plan``."""

    checked: Checked
    plan: Plan


def organize_archive(
    archive: PathLike | None = None,
    *,
    spec: PathLike | None = None,
    rename: bool = False,
    learn: bool = True,
    choose: Callable[[Plan, Spec], Mapping[str, str]] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> Organized:
    """Check the archive, then plan where its unsorted and misfiled files belong (design §5).

    ``choose`` (``civarchive organize --interactive``) is shown the plan and returns the
    indicator a person picked for files left for review (path -> indicator id); the plan is
    made again with those choices. The archive is only read: ``organize.apply_plan`` carries
    a plan out.
    """
    from civarchive.organize import build_plan

    checked = check_archive(
        archive, spec=spec, jobs=jobs, use_cache=use_cache, progress=progress, git=False
    )
    plan = build_plan(checked.spec, checked.inventory, checked.report, rename=rename, learn=learn)
    chosen = choose(plan, checked.spec) if choose is not None else None
    if chosen:
        plan = build_plan(
            checked.spec,
            checked.inventory,
            checked.report,
            chosen=chosen,
            rename=rename,
            learn=learn,
        )
    return Organized(checked, plan)


@dataclass(frozen=True, slots=True)
class Imported:
    """What ``import_into_archive`` did, and (with ``organize``) the plan for what landed."""

    checked: Checked
    result: ImportResult
    plan: Plan | None


def import_into_archive(
    sources: list[Path],
    archive: PathLike | None = None,
    *,
    spec: PathLike | None = None,
    organize: bool = False,
    jobs: int | None = None,
    use_cache: bool = True,
    progress: bool | None = None,
) -> Imported:
    """Import zips and folders into the archive's inbox (``organize.intake``); with
    ``organize``, check again and plan where the landed files belong (nothing is moved)."""
    from civarchive.organize import build_plan
    from civarchive.organize.intake import import_sources

    def check() -> Checked:
        return check_archive(
            archive, spec=spec, jobs=jobs, use_cache=use_cache, progress=progress, git=False
        )

    checked = check()
    root = Path(checked.inventory.root)
    result = import_sources(root, checked.spec, checked.inventory, sources)
    if not organize or not result.landed_paths:
        return Imported(checked, result, None)
    checked = check()  # the landed files are in the inventory now
    landed = set(result.landed_paths)
    plan = build_plan(checked.spec, checked.inventory, checked.report, only=landed)
    return Imported(checked, result, plan)
