"""Benchmark bind on 1,000 twelve-megapixel camera-like JPEGs (design §8).

Generates the archive once under bench/archives/bind-1000 (git-ignored), then measures in
the same run: (a) Pillow alone draft-decoding and thumbnailing every photo in one process,
(b) a cold bind (empty thumbnail cache), (c) a warm bind; each bind runs in a subprocess so
its peak RSS can be read from ``resource.getrusage(RUSAGE_CHILDREN)``.

    python bench/bench_bind.py [--photos 1000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARCHIVES = HERE / "archives"
INDICATORS = 10
LONG_SIDE = 1200  # what bind uses for --photos-per-page 2


def _spec_yaml(per_indicator: int) -> str:
    lines = [
        "civarchive: 1",
        "title: 基准测试创建资料",
        "unit: 基准测试单位",
        "period: {start: 2021-01-01, end: 2023-12-31}",
        "fonds: J012",
        "retention: 永久",
        "categories:",
        "  - id: '1'",
        "    title: 思想道德建设",
        "    indicators:",
    ]
    for n in range(1, INDICATORS + 1):
        lines += [
            f"      - id: '1.{n}'",
            f"        title: 指标{n}",
            "        requires:",
            f"          - {{kind: photo, what: 活动照片, min: {per_indicator}}}",
        ]
    return "\n".join(lines) + "\n"


def _one_photo(args: tuple[Path, int]) -> int:
    """A 4000×3000 JPEG with smooth structure plus sensor-like noise (~3 MB, like a camera's)."""
    import numpy as np
    from PIL import Image

    path, seed = args
    if path.exists():
        return path.stat().st_size
    rng = np.random.default_rng(seed)
    base = Image.fromarray(rng.integers(0, 255, (30, 40, 3), dtype=np.uint8)).resize(
        (4000, 3000), Image.BICUBIC
    )
    pixels = np.asarray(base).astype(np.int16) + rng.normal(0, 5, (3000, 4000, 1)).astype(np.int16)
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 600D"
    taken = dt.datetime(2022, 1, 1) + dt.timedelta(hours=seed * 7)
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    tmp = path.with_suffix(".part")
    tmp.write_bytes(buf.getvalue())
    os.replace(tmp, path)
    return len(buf.getvalue())


def generate(photos: int, jobs: int) -> Path:
    root = ARCHIVES / f"bind-{photos}"
    root.mkdir(parents=True, exist_ok=True)
    per = photos // INDICATORS
    (root / "civarchive.yaml").write_text(_spec_yaml(per), encoding="utf-8")
    work = []
    for n in range(photos):
        ind = n // per + 1
        folder = root / "1 思想道德建设" / f"1.{ind} 指标{ind}"
        folder.mkdir(parents=True, exist_ok=True)
        work.append((folder / f"IMG_{n + 1:04d}.jpg", n + 1))
    with ProcessPoolExecutor(jobs) as pool:
        sizes = list(pool.map(_one_photo, work, chunksize=8))
    print(f"archive: {root} ({photos} photos, {sum(sizes) / photos / 1e6:.2f} MB each on average)")
    return root


def pillow_alone(root: Path) -> float:
    """(a) the floor: draft-decode + thumbnail + exif_transpose + JPEG encode, one process."""
    from PIL import Image, ImageOps

    start = time.perf_counter()
    for path in sorted(root.rglob("*.jpg")):
        with Image.open(path) as img:
            img.draft("RGB", (LONG_SIDE, LONG_SIDE))
            img.thumbnail((LONG_SIDE, LONG_SIDE))
            img = ImageOps.exif_transpose(img)
            img.save(io.BytesIO(), "JPEG", quality=80)
    return time.perf_counter() - start


def _idle_ticks() -> int | None:
    """Idle CPU ticks of the whole machine (Linux), to tell a busy machine from a slow bind."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    return int(fields[4])


def run_bind(root: Path, out: Path, jobs: int) -> tuple[float, int, float, float | None]:
    """Run `civarchive bind` in a subprocess.

    Returns (seconds, peak RSS in KiB, CPU seconds of the bind and its workers, fraction of
    the machine's CPU left idle meanwhile — near 0 means other work competed for the cores).
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_maxrss
    cpu_before = usage.ru_utime + usage.ru_stime
    idle_before = _idle_ticks()
    start = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "civarchive",
        "bind",
        str(root),
        "-o",
        str(out),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    subprocess.run(cmd, check=True, env={**os.environ, "CI": "1"})
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    idle_after = _idle_ticks()
    idle = None
    if idle_before is not None and idle_after is not None:
        ticks = seconds * os.sysconf("SC_CLK_TCK") * (os.cpu_count() or 1)
        idle = round((idle_after - idle_before) / ticks, 2)
    # ru_maxrss of children is the max over all waited-for children; the bind is the largest.
    return seconds, max(usage.ru_maxrss, before), usage.ru_utime + usage.ru_stime - cpu_before, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--generate-only", action="store_true")
    args = parser.parse_args()
    root = generate(args.photos, args.jobs)
    if args.generate_only:
        return
    cache = root / ".civarchive"
    shutil.rmtree(cache / "thumbs", ignore_errors=True)
    # Scan once so both binds time bind's own work on top of a warm scan cache.
    subprocess.run(
        [sys.executable, "-m", "civarchive", "scan", str(root), "-o", os.devnull, "--quiet"],
        check=True,
        env={**os.environ, "CI": "1"},
    )
    alone = pillow_alone(root)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cold, rss_cold, cold_cpu, cold_idle = run_bind(root, out / "cold", args.jobs)
        warm, rss_warm, warm_cpu, _ = run_bind(root, out / "warm", args.jobs)
        docx_bytes = sum(
            p.stat().st_size for p in (out / "warm").glob("*.docx") if p.name != "总目录.docx"
        )
    n = args.photos
    figures = {
        "photos": n,
        "jobs": args.jobs,
        "pillow_alone_s": round(alone, 2),
        "pillow_alone_s_per_photo": round(alone / n, 4),
        "bind_cold_s": round(cold, 2),
        "bind_cold_s_per_photo": round(cold / n, 4),
        "ratio_cold_to_pillow": round(cold / alone, 2),
        "bind_cold_cpu_s": round(cold_cpu, 2),
        "bind_cold_parallelism": round(cold_cpu / cold, 2),
        "machine_idle_during_cold": cold_idle,
        "bind_warm_s": round(warm, 2),
        "bind_warm_s_per_photo": round(warm / n, 4),
        "bind_warm_cpu_s": round(warm_cpu, 2),
        "peak_rss_mb": round(max(rss_cold, rss_warm) / 1024, 1),
        "output_kb_per_photo": round(docx_bytes / n / 1024, 1),
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
