"""The decode budget: workers capped, oversized jobs alone, a crashed worker reported."""

from __future__ import annotations

import os
import time
from pathlib import Path

from civarchive.bind import budget


def _record(job: tuple[str, int]) -> tuple[float, float]:
    """Worker: note when the job ran (wall clock, shared by all processes)."""
    _name, _cost = job
    start = time.time()
    time.sleep(0.3)
    return start, time.time()


def _die_on_b(job: str) -> str:
    if job == "b":
        os._exit(1)  # as a native decoder crashing on a hostile file
    return job.upper()


def test_worker_count_never_exceeds_cores_or_tasks() -> None:
    cores = os.cpu_count() or 1
    assert budget.worker_count(6, 100) <= cores
    assert budget.worker_count(None, 1) == 1
    assert budget.worker_count(1, 100) == 1
    assert 1 <= budget.worker_count(None, 100) <= cores


def test_jobs_over_the_budget_never_run_together() -> None:
    jobs = [("big1", 300), ("big2", 300), ("small1", 50), ("small2", 50)]
    ran = {
        job[0]: times
        for job, times in budget.run_budgeted(
            jobs, _record, cost=lambda j: j[1], crashed=lambda j: (0.0, 0.0), workers=2, budget=320
        )
    }
    assert sorted(ran) == ["big1", "big2", "small1", "small2"]

    def overlap(a: str, b: str) -> bool:
        return ran[a][0] < ran[b][1] - 0.05 and ran[b][0] < ran[a][1] - 0.05

    assert not overlap("big1", "big2")
    assert not overlap("big1", "small1")


def test_a_crashing_job_is_reported_and_the_others_finish() -> None:
    results = dict(
        budget.run_budgeted(
            ["a", "b", "c", "d"],
            _die_on_b,
            cost=lambda j: 1,
            crashed=lambda j: "crashed",
            workers=2,
        )
    )
    assert results == {"a": "A", "b": "crashed", "c": "C", "d": "D"}


def test_available_memory_is_known_on_linux() -> None:
    if Path("/proc/meminfo").is_file():
        available = budget.available_memory()
        assert available is not None
        assert available > 0
