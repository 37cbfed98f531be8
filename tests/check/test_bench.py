"""The check benchmark still runs (on a small size) and its synthetic archive exercises the checks."""

from __future__ import annotations

import datetime as dt

from bench.bench_check import build_inventory, build_spec
from civarchive.check import check
from civarchive.check.models import Status


def test_small_benchmark_run_is_deterministic() -> None:
    spec = build_spec(30)
    inventory = build_inventory(spec, 3000)
    first = check(spec, inventory, as_of=dt.date(2023, 1, 1), git=False)
    second = check(spec, inventory, as_of=dt.date(2023, 1, 1), git=False)
    assert first == second
    assert first.summary.indicators == 30
    assert {r.status for r in first.indicators} <= {Status.COMPLETE, Status.PARTIAL, Status.MISSING}
    codes = {f.code.value for f in first.findings}
    assert {"duplicate", "unassigned", "out_of_period", "low_resolution", "undated"} <= codes
    assert any(f.waived for f in first.findings)
