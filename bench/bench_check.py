"""Time `check()` alone on an in-memory 100,000-file Inventory and a 300-indicator Spec (design §8).

Run: python bench/bench_check.py [--files 100000] [--indicators 300] [--repeat 3]
Prints the best wall time of check(), of building the inventory, and the peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import resource
import sys
import time

from civarchive.check import check
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence, Inventory
from civarchive.spec.models import Spec

CATEGORIES = 10
NUMERALS = "一二三四五六七八九十"


def build_spec(indicators: int) -> Spec:
    per_category = max(1, indicators // CATEGORIES)
    categories = []
    for c in range(1, CATEGORIES + 1):
        items = []
        for i in range(1, per_category + 1):
            items.append(
                {
                    "id": f"{c}.{i}",
                    "title": f"指标{c}.{i}",
                    "points": 1 + i % 4,
                    "owner": f"o{i % 5}",
                    "due": "2023-06-30",
                    "requires": [
                        {
                            "kind": "document",
                            "what": "年度计划",
                            "match": ["计划"],
                            "per_year": True,
                        },
                        {
                            "kind": "photo",
                            "what": "活动照片",
                            "min": 4,
                            "caption": "required",
                            "min_megapixels": 2,
                        },
                        {"kind": "video", "what": "视频", "min_seconds": 10},
                        {"kind": "any", "what": "其他材料", "min": 2},
                    ],
                }
            )
        categories.append({"id": str(c), "title": f"类别{c}", "indicators": items})
    return Spec.model_validate(
        {
            "civarchive": 1,
            "title": "基准",
            "unit": "基准单位",
            "period": {"start": "2021-01-01", "end": "2023-12-31"},
            "owners": [{"id": f"o{n}", "name": f"部门{n}"} for n in range(5)],
            "waivers": [{"code": "low_resolution", "path": "一、类别1", "reason": "基准"}],
            "categories": categories,
        }
    )


def build_inventory(spec: Spec, files: int, seed: int = 7) -> Inventory:
    rng = random.Random(seed)
    indicators = spec.indicators()
    out = []
    for n in range(files):
        category, indicator = indicators[n % len(indicators)]
        year = 2020 + rng.randrange(5)  # some out of period
        roll = rng.random()
        folder = f"{NUMERALS[int(category.id) - 1]}、{category.title}/{indicator.id} {indicator.title}/{year}年"
        if roll < 0.01:
            folder = f"杂项/{year}"  # unassigned
        date = (
            f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            if rng.random() > 0.05
            else None
        )
        content = hashlib.sha256(str(n if rng.random() > 0.01 else n // 7).encode()).hexdigest()
        kind_roll = rng.random()
        common = {"size": 1000 + n, "mtime_ns": n, "sha256": content, "date": date}
        if kind_roll < 0.60:
            evidence = Evidence(
                path=f"{folder}/IMG_{n:06d}.jpg",
                kind=Kind.PHOTO,
                megapixels=rng.choice([0.5, 3.0, 12.0]),
                caption=Caption(title="活动") if rng.random() > 0.2 else None,
                **common,
            )
        elif kind_roll < 0.90:
            name = "学习计划" if rng.random() < 0.3 else "会议纪要"
            evidence = Evidence(path=f"{folder}/{name}{n:06d}.docx", kind=Kind.DOCUMENT, **common)
        elif kind_roll < 0.95:
            evidence = Evidence(
                path=f"{folder}/VID_{n:06d}.mp4",
                kind=Kind.VIDEO,
                duration_seconds=rng.choice([5.0, 60.0]),
                **common,
            )
        else:
            evidence = Evidence(path=f"{folder}/junk{n:06d}.bin", kind=Kind.OTHER, **common)
        out.append(evidence)
    out.sort(key=lambda e: e.path)
    return Inventory(root="/nonexistent/bench-archive", files=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    spec = build_spec(args.indicators)
    started = time.perf_counter()
    inventory = build_inventory(spec, args.files)
    built = time.perf_counter() - started

    rss_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings, cpu = [], []
    report = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = check(spec, inventory, as_of=dt.date(2023, 1, 1), git=False)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert report is not None
    started = time.perf_counter()
    size = len(report.model_dump_json())
    dumped = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"files={len(inventory.files)} indicators={len(spec.indicators())} findings={len(report.findings)}"
    )
    print(f"build inventory (in memory): {built:.2f} s")
    print(
        f"check(): best {min(timings):.3f} s wall, {min(cpu):.3f} s CPU; all {', '.join(f'{t:.3f}' for t in timings)}"
    )
    # On a busy machine the wall time includes waiting for a core; the CPU time does not.
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"report JSON dump: {dumped:.3f} s, {size / 1e6:.1f} MB")
    print(
        f"completeness={report.summary.completeness} errors={report.summary.errors} warnings={report.summary.warnings}"
    )
    print(
        f"peak RSS: {peak_mb:.0f} MB, of which {rss_before_mb:.0f} MB before check() (python {sys.version.split()[0]})"
    )


if __name__ == "__main__":
    main()
