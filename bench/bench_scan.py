"""Measure `civarchive scan` against its floors (walk, hashing) and exiftool, as whole processes.

    python bench/bench_scan.py bench/archives/10k [--repeat 3] [--jobs N] [--json results.json]

Every step runs as a separate process, timed with time.perf_counter around the whole
process, with its peak RSS as wait4 reports it through GNU time or a tiny launcher (the
largest single process of the step, counting the children it waited for: scan workers,
sha256sum under xargs):

  cold scan    `civarchive scan ARCHIVE --format json -o /dev/null` after deleting ARCHIVE/.civarchive
  warm scan    the same again on the unchanged archive (the cache is warm)
  check        `civarchive check ARCHIVE --format json -o /dev/null` on the warm cache
  hashlib      every file hashed once with hashlib.file_digest in one fresh python process
  sha256sum    `xargs -0 sha256sum` over the same files
  walk         os.scandir + one stat per file in a fresh python process
  exiftool     `exiftool -r -json -fast` over the photos, when exiftool is installed

Nothing is dropped from the page cache (that needs root); instead the archive is read once,
unmeasured, before the first step so that every step sees the same warm cache. The table
says whether the archive fits in the available memory, i.e. whether "warm" is true.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "heic", "heif", "tif", "tiff", "webp", "bmp")
SKIP_DIRS = {".civarchive", ".git"}

HASH_SCRIPT = """
import hashlib, sys
names = open(sys.argv[1], "rb").read().split(b"\\0")
for name in filter(None, names):
    with open(name, "rb") as fh:
        hashlib.file_digest(fh, "sha256")
"""

WALK_SCRIPT = """
import os, sys
def walk(path):
    n = 0
    with os.scandir(path) as it:
        for entry in it:
            if entry.is_dir(follow_symlinks=False):
                n += walk(entry.path)
            else:
                entry.stat(follow_symlinks=False)
                n += 1
    return n
print(walk(sys.argv[1]))
"""


@dataclass(slots=True)
class Step:
    """One measured command and its repetitions."""

    name: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    skipped: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")


# Linux charges a child the RSS its parent had at fork (kept across exec), so measuring
# straight from this process would add our own size to every step. A tiny intermediate
# process forks the command instead and reports the command's own peak.
RSS_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
os._exit(os.waitstatus_to_exitcode(status))
"""


def _rss_wrapper(report: Path) -> list[str]:
    """GNU time (about 1 MB of inherited RSS) when installed, else a python launcher (about 7 MB)."""
    gnu_time = Path("/usr/bin/time")
    if (
        gnu_time.exists()
        and subprocess.run([str(gnu_time), "--version"], capture_output=True).returncode == 0
    ):
        return [str(gnu_time), "-f", "%M", "-o", str(report)]
    return [sys.executable, "-S", "-c", RSS_LAUNCHER, str(report)]


def run_measured(
    argv: list[str], *, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Run one process to completion; return (wall seconds, CPU seconds, peak RSS in MB).

    CPU seconds (user + system, the command and the workers it waited for) are what a
    shared machine disturbs least: compare them when the wall times are noisy.
    """
    with tempfile.TemporaryDirectory(prefix="civarchive-rss-") as tmp:
        report = Path(tmp) / "maxrss"
        wrapped = [*_rss_wrapper(report), *argv]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(
            wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
        )
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        # civarchive exits 1 when it finds errors in the archive: that is a result, not a failure.
        if proc.returncode not in (0, 1):
            tail = proc.stderr.decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}:\n{tail}")
        # ru_maxrss is in KiB on Linux; it covers the command and the children it waited for.
        text = report.read_text().strip().splitlines()
        return elapsed, cpu, int(text[-1]) / 1024


def list_files(root: Path) -> tuple[list[bytes], int]:
    """Every regular file under ``root`` (outside the cache), and their total size."""
    names: list[bytes] = []
    total = 0
    stack = [os.fsencode(root)]
    while stack:
        with os.scandir(stack.pop()) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    if os.fsdecode(entry.name) not in SKIP_DIRS:
                        stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    names.append(entry.path)
                    total += entry.stat(follow_symlinks=False).st_size
    names.sort()
    return names, total


def available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def prime_page_cache(list_file: Path) -> None:
    subprocess.run([sys.executable, "-c", HASH_SCRIPT, str(list_file)], check=True)


def code_version() -> str:
    """The civarchive version and the git commit of its source tree (marked dirty when edited)."""
    try:
        import civarchive
    except ImportError:
        return "civarchive not importable"
    source = Path(civarchive.__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(source), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return civarchive.__version__
    return f"{civarchive.__version__} at {commit}{' + uncommitted changes' if dirty else ''}"


def civarchive_command() -> list[str]:
    """The console script of this interpreter's environment, like the walk and hashlib steps.

    Not the first ``civarchive`` on PATH: under pyenv that is a shell shim which re-resolves
    the version on every call (0.1-0.3 s), a cost the python-run floors do not pay.
    """
    beside = Path(sys.executable).with_name("civarchive")
    if beside.is_file():
        return [str(beside)]
    exe = shutil.which("civarchive")
    return [exe] if exe else [sys.executable, "-m", "civarchive"]


def measure(
    archive: Path, *, repeat: int, jobs: int | None, with_exiftool: bool, with_check: bool
) -> dict[str, object]:
    names, total_bytes = list_files(archive)
    version = code_version()
    tmp = Path(tempfile.mkdtemp(prefix="civarchive-bench-"))
    try:
        list_file = tmp / "files.lst"
        list_file.write_bytes(b"\0".join(names) + b"\0")
        memory = available_memory()
        prime_page_cache(list_file)

        cli = civarchive_command()
        jobs_args = ["--jobs", str(jobs)] if jobs else []
        scan = [*cli, "scan", str(archive), "--format", "json", "-o", os.devnull, *jobs_args]
        env = {**os.environ, "CI": "1"}  # no progress bars in measured runs
        exiftool = shutil.which("exiftool")
        photo_args = [arg for ext in PHOTO_EXTENSIONS for arg in ("-ext", ext)]

        steps = {
            name: Step(name)
            for name in (
                "cold scan",
                "warm scan",
                "check (warm)",
                "hashlib",
                "sha256sum",
                "walk",
                "exiftool",
            )
        }
        if not with_check:
            steps["check (warm)"].skipped = "--no-check"
        if not exiftool:
            steps["exiftool"].skipped = "exiftool not installed"
        elif not with_exiftool:
            steps["exiftool"].skipped = "--no-exiftool"

        def record(name: str, argv: list[str]) -> None:
            seconds, cpu, rss = run_measured(argv, env=env)
            steps[name].seconds.append(seconds)
            steps[name].cpu_seconds.append(cpu)
            steps[name].peak_rss_mb.append(rss)
            print(f"  {name:<14} {seconds:8.2f} s {cpu:8.2f} cpu s {rss:8.0f} MB", file=sys.stderr)

        for n in range(repeat):
            print(f"repetition {n + 1}/{repeat}", file=sys.stderr)
            shutil.rmtree(archive / ".civarchive", ignore_errors=True)
            record("cold scan", scan)
            record("warm scan", scan)
            if with_check:
                record(
                    "check (warm)",
                    [*cli, "check", str(archive), "--format", "json", "-o", os.devnull, *jobs_args],
                )
            record("hashlib", [sys.executable, "-c", HASH_SCRIPT, str(list_file)])
            record("sha256sum", ["sh", "-c", f"xargs -0 sha256sum < '{list_file}'"])
            record("walk", [sys.executable, "-c", WALK_SCRIPT, str(archive)])
            if exiftool and with_exiftool:
                record(
                    "exiftool",
                    [exiftool, "-r", "-json", "-fast", "-q", "-q", *photo_args, str(archive)],
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if code_version() != version:
        # Others may commit to an editable install while we measure: say so rather than mix silently.
        version += f" (changed during the run, now {code_version()})"

    return {
        "archive": str(archive),
        "civarchive": version,
        "files": len(names),
        "bytes": total_bytes,
        "photos": sum(
            1
            for n in names
            if n.rsplit(b".", 1)[-1].lower().decode(errors="replace") in PHOTO_EXTENSIONS
        ),
        "memory_available": memory,
        "page_cache": "warm"
        if memory and total_bytes < memory * 0.8
        else "partly cold (archive larger than free RAM)",
        "repeat": repeat,
        "jobs": jobs,
        "cpus": os.cpu_count(),
        "steps": {name: {**asdict(step), "median": step.median} for name, step in steps.items()},
    }


def _ratio(results: dict[str, object], a: str, b: str) -> str:
    steps = results["steps"]
    assert isinstance(steps, dict)
    x, y = steps[a]["median"], steps[b]["median"]
    if not steps[a]["seconds"] or not steps[b]["seconds"] or y == 0:
        return "n/a"
    return f"{x / y:.2f}x"


def render(results: dict[str, object]) -> str:
    steps = results["steps"]
    assert isinstance(steps, dict)
    gb = int(results["bytes"]) / 1e9  # type: ignore[call-overload]
    memory = results["memory_available"]
    lines = [
        f"archive    {results['archive']}: {results['files']:,} files ({results['photos']:,} photos), {gb:.2f} GB",
        f"machine    {results['cpus']} CPUs, {int(memory) / 1e9 if memory else float('nan'):.1f} GB available; "  # type: ignore[call-overload]
        f"page cache {results['page_cache']}; scan --jobs {results['jobs'] or 'default'}",
        f"code       civarchive {results['civarchive']}",
        f"runs       median of {results['repeat']}",
        "",
        f"{'step':<14} {'median s':>9} {'min s':>8} {'cpu s':>8} {'files/s':>10} {'MB/s':>8} {'peak RSS MB':>12}",
    ]
    files, size_mb = int(results["files"]), int(results["bytes"]) / 1e6  # type: ignore[call-overload]
    for name, step in steps.items():
        if step["skipped"] or not step["seconds"]:
            lines.append(f"{name:<14} {'skipped: ' + (step['skipped'] or 'not run'):>9}")
            continue
        med = step["median"]
        lines.append(
            f"{name:<14} {med:9.2f} {min(step['seconds']):8.2f} {statistics.median(step['cpu_seconds']):8.2f} "
            f"{files / med:10,.0f} {size_mb / med:8.0f} "
            f"{max(step['peak_rss_mb']):12.0f}"
        )
    lines += [
        "",
        f"cold scan / hashlib      {_ratio(results, 'cold scan', 'hashlib')}   (hashing is the floor)",
        f"cold scan / sha256sum    {_ratio(results, 'cold scan', 'sha256sum')}",
        f"warm scan / walk         {_ratio(results, 'warm scan', 'walk')}   (a bare scandir+stat walk is the floor)",
        f"cold scan / exiftool     {_ratio(results, 'cold scan', 'exiftool')}   (exiftool reads the photos' metadata only)",
        f"check / warm scan        {_ratio(results, 'check (warm)', 'warm scan')}   (check = warm scan + matching + report)",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark civarchive scan against walking, hashing and exiftool."
    )
    parser.add_argument(
        "archive", type=Path, help="archive folder (e.g. made by bench/make_archive.py)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="repetitions; the table shows the median (default 3)"
    )
    parser.add_argument("--jobs", type=int, help="pass --jobs N to civarchive scan/check")
    parser.add_argument("--no-exiftool", action="store_true", help="skip the exiftool comparison")
    parser.add_argument("--no-check", action="store_true", help="skip the check step")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON here")
    args = parser.parse_args(argv)
    if not args.archive.is_dir():
        parser.error(f"{args.archive} is not a folder")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    results = measure(
        args.archive.resolve(),
        repeat=args.repeat,
        jobs=args.jobs,
        with_exiftool=not args.no_exiftool,
        with_check=not args.no_check,
    )
    sys.stdout.write(render(results))
    if args.json:
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
