"""The library embedded in a caller's process leaves that process as it found it (design §7).

Each verb is called twice: the first call imports what it needs, the second must then find
and leave the interpreter exactly as the caller set it — collector switched on or off,
nothing frozen, thresholds, environment, signal handlers — and must not change one module
global of civarchive (no flag, no cache a later call would depend on).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import signal
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from civarchive.bind import bind
from civarchive.check import check
from civarchive.scan import scan
from civarchive.spec.loader import load_spec
from tests.factories import make_docx, make_jpeg, make_pdf, write_spec

State = dict[str, object]


def _value_state(value: object) -> object:
    """What a module global is: its identity, and the size of a container or a cache."""
    if isinstance(value, dict | list | set):
        return (id(value), len(value))
    info = getattr(value, "cache_info", None)
    if callable(info):
        return (id(value), info().currsize)
    return id(value)


def _process_state() -> State:
    modules = {
        name: {
            key: _value_state(value)
            for key, value in vars(module).items()
            if not isinstance(value, types.ModuleType)
        }
        for name, module in list(sys.modules.items())
        if name == "civarchive" or name.startswith("civarchive.")
    }
    return {
        "gc enabled": gc.isenabled(),
        "gc frozen": gc.get_freeze_count(),
        "gc thresholds": gc.get_threshold(),
        "environment": dict(os.environ),
        "signals": {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)},
        "streams": (id(sys.stdout), id(sys.stderr)),
        "modules": modules,
    }


def _differences(before: State, after: State) -> list[str]:
    found = [k for k in before if k != "modules" and before[k] != after[k]]
    old, new = before["modules"], after["modules"]
    assert isinstance(old, dict)
    assert isinstance(new, dict)
    for name in sorted(set(old) & set(new)):
        changed = [k for k in old[name] if k in new[name] and old[name][k] != new[name][k]]
        added = [k for k in new[name] if k not in old[name]]
        found += [f"{name}.{k}" for k in changed + added]
    return found


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    write_spec(root)
    folder = root / "1 思想道德建设" / "1.1 理想信念教育"
    make_docx(folder / "2022年度学习计划.docx", created=dt.datetime(2022, 1, 5))
    make_pdf(folder / "2022年工作总结.pdf", pages=2)
    for n in range(20):  # enough files for the extraction pool
        make_jpeg(
            folder / f"活动{n:02d}.jpg",
            taken=dt.datetime(2022, 5, 1 + n),
            title=f"活动{n}",
            size=(64, 48),
        )
    return root


@pytest.fixture(params=["collector on", "collector off"])
def caller_gc(request: pytest.FixtureRequest) -> Iterator[None]:
    """The caller's own collector setting, restored after the test."""
    enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    if request.param == "collector off":
        gc.disable()
    gc.set_threshold(1234, 11, 12)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        else:
            gc.disable()


def _twice(verb: Callable[[], object]) -> list[str]:
    verb()  # the first call may import modules and fill nothing else
    before = _process_state()
    verb()
    return _differences(before, _process_state())


@pytest.mark.slow  # scan, check and bind twice in one process
@pytest.mark.usefixtures("caller_gc")
def test_scan_check_and_bind_leave_the_process_as_they_found_it(
    archive: Path, tmp_path: Path
) -> None:
    spec = load_spec(archive / "civarchive.yaml")
    out = tmp_path / "out"

    def cold_scan() -> object:
        # Without the cache every call reads every file, in the pool (two workers).
        return scan(archive, spec=spec, jobs=2, use_cache=False, progress=False)

    def cold_scan_here() -> object:
        # The same files read in this very process.
        return scan(archive, spec=spec, jobs=1, use_cache=False, progress=False)

    def warm_scan() -> object:
        return scan(archive, spec=archive / "civarchive.yaml", jobs=1, progress=False)

    inventory = scan(archive, spec=spec, jobs=1, progress=False)
    report = check(spec, inventory, as_of=dt.date(2023, 12, 31))

    def check_it() -> object:
        return check(spec, inventory, as_of=dt.date(2023, 12, 31))

    def bind_it() -> object:
        return bind(spec, inventory, report, out, jobs=2, progress=False)

    assert _twice(cold_scan) == []
    assert _twice(cold_scan_here) == []
    assert _twice(warm_scan) == []
    assert _twice(check_it) == []
    assert _twice(bind_it) == []
