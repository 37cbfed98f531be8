"""Bounded memory for decoding in worker processes: how many workers, how much at once.

Issue 14: six 13300×13300 PNGs decoded by six workers at once took 4.5 GB. Every decode
job states what it will cost (pixels × bytes per pixel); the pool only starts a job while
the costs in flight stay within ``DECODE_BUDGET_BYTES`` (a job above it runs alone), and
the worker count is capped by memory as well as by cores. A worker whose decoder still
runs away hits its own data limit (Linux) and is reported, never the machine.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

# What all workers may hold in decoded pixels at one time.
DECODE_BUDGET_BYTES = 384 << 20
# One decode larger than this is refused: with the parent and a worker's own footprint it
# would pass bind's 1 GB ceiling. (A 150-megapixel RGB PNG is 450 MB; JPEGs decode scaled.)
SINGLE_DECODE_LIMIT_BYTES = 512 << 20
# A worker's own memory besides its decode: interpreter, libraries, one encoded page.
WORKER_FOOTPRINT_BYTES = 96 << 20
# bind's own ceiling (issue 14) and what its parent process keeps for the volume model.
RSS_CEILING_BYTES = 1 << 30
PARENT_RESERVE_BYTES = 256 << 20
# Linux: a worker may allocate this much beyond what it inherited, then its decoder fails.
WORKER_DATA_LIMIT_BYTES = SINGLE_DECODE_LIMIT_BYTES + (256 << 20)

Job = TypeVar("Job")
Result = TypeVar("Result")


def worker_count(requested: int | None, tasks: int) -> int:
    """Workers for ``tasks`` jobs: at most the cores, and what memory allows.

    ``requested`` (``-j``) lowers the count; it never raises it past the cores (more
    processes than cores only add memory) nor past what fits under the RSS ceiling.
    """
    cores = os.cpu_count() or 1
    wanted = min(requested or cores, cores)
    spare = RSS_CEILING_BYTES - PARENT_RESERVE_BYTES - DECODE_BUDGET_BYTES
    by_ceiling = max(1, spare // WORKER_FOOTPRINT_BYTES)
    available = available_memory()
    by_machine = (
        max(1, available // (WORKER_FOOTPRINT_BYTES + DECODE_BUDGET_BYTES // 2))
        if available
        else by_ceiling
    )
    return max(1, min(wanted, by_ceiling, by_machine, tasks))


def available_memory() -> int | None:
    """Bytes of memory the system can give now, or None where it cannot be asked."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def image_cost(width: int, height: int, bands: int = 3, scale: int = 1) -> int:
    """Bytes a decoder holds for an image of ``width``×``height`` decoded at 1/``scale``."""
    scale = max(1, scale)
    return max(1, (width // scale + 1) * (height // scale + 1) * max(1, bands))


def run_budgeted(
    jobs: Sequence[Job],
    work: Callable[[Job], Result],
    *,
    cost: Callable[[Job], int],
    crashed: Callable[[Job], Result],
    workers: int,
    budget: int = DECODE_BUDGET_BYTES,
) -> Iterator[tuple[Job, Result]]:
    """Run ``work`` over ``jobs`` in ``workers`` processes; yield (job, result) as they end.

    A job starts only while the costs in flight stay within ``budget`` (a job above it runs
    alone). Native decoders can crash the process running them: when a worker dies, the
    jobs it may have held run again one at a time, and the one that kills its worker again
    yields ``crashed(job)``; the others go on.
    """
    if workers <= 1:
        for job in jobs:
            yield job, work(job)
        return
    remaining: deque[Job] = deque(jobs)
    suspects: deque[Job] = deque()
    while remaining or suspects:
        if suspects:
            job = suspects.popleft()
            try:
                yield from _pass(deque([job]), work, cost, 1, budget)
            except _Broken:
                yield job, crashed(job)
            continue
        try:
            yield from _pass(remaining, work, cost, workers, budget)
        except _Broken as broken:
            suspects.extend(broken.in_flight)


class _Broken(Exception):
    def __init__(self, in_flight: list[Any]) -> None:
        super().__init__("a worker process died")
        self.in_flight = in_flight


def _pass(
    queue: deque[Job],
    work: Callable[[Job], Result],
    cost: Callable[[Job], int],
    workers: int,
    budget: int,
) -> Iterator[tuple[Job, Result]]:
    """Drain ``queue`` through one pool; on a dead worker raise _Broken with the jobs lost."""
    import multiprocessing

    # fork shares the imported libraries and is cheap; elsewhere spawn is the only choice.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    pending: dict[Future[Result], tuple[Job, int]] = {}
    in_flight = 0
    from civarchive.workers import worker_initargs

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=worker_initargs(),
    )
    try:
        while queue or pending:
            # Start jobs while they fit; an oversized one starts only on an idle pool.
            while queue and len(pending) < workers * 2:
                price = cost(queue[0])
                if pending and in_flight + price > budget:
                    break
                job = queue.popleft()
                pending[pool.submit(work, job)] = (job, price)
                in_flight += price
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job, price = pending.pop(future)
                in_flight -= price
                try:
                    result = future.result()
                except BrokenProcessPool:
                    lost = [job, *(j for j, _ in pending.values())]
                    pending.clear()
                    raise _Broken(lost) from None
                yield job, result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(parent: int) -> None:
    from civarchive.workers import die_with_parent

    # Ctrl-C is the parent's; a killed parent takes its workers with it.
    die_with_parent(parent)
    # What the fork inherited is moved out of this worker's collector's reach, so that its
    # collections never touch (and copy) the parent's pages; done here, in the worker, the
    # caller's own collector is left as it was (design §7).
    gc.freeze()
    limit_worker_memory()


def limit_worker_memory() -> None:
    """Cap this worker's data (heap and private mappings) at what it has plus an allowance.

    Linux only: a decoder that runs away then fails to allocate (Python's MemoryError, or
    the native library aborts the worker, which the pool reports) instead of taking the
    machine's memory.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as fh:
            data = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmData:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = data + WORKER_DATA_LIMIT_BYTES
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError, StopIteration):
        pass
