"""Benchmark the page engine (issue 9 targets, design §8): documents into print-ready pages.

Measures in one run, each figure the median of ``--repeat`` runs (the machine is shared):
(a) cold rendering of PDF pages at 150 dpi by ``render_pages`` against ``pdftoppm -r 150
-jpeg`` over the same files on the same number of processes (target: within 1.3x);
(b) warm (cached) against cold; (c) MB per page; (d) LibreOffice: one ``convert_batch`` of
50 DOC/XLS files against one bare ``soffice --convert-to pdf`` call over the same 50
(target: within 1.2x); (e) peak memory of rendering the pages plus ``--photos`` thumbnails
in a subprocess: the largest process (what ``/usr/bin/time -v`` reports) and the sum over
the process tree, sampled every 50 ms; (f) ``civarchive bind`` of one volume holding the
PDFs' pages and the photos, as a clerk runs it: cold, warm, and warm with ``--documents
list`` (target: warm within 1.2x of list), the peak memory of each (target: under 600 MB
for 500 pages and 500 photos) and the volume's size per page.

Inputs are generated under bench/archives/pages (git-ignored): the real PDFs of the shared
corpus when it is present (each copy made distinct by a trailing comment, so the cache
cannot share them), else Pillow-made PDFs; DOC and XLS made once by LibreOffice.

    python bench/bench_pages.py [--copies 20] [--office 50] [--photos 500] [--jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARCHIVE = HERE / "archives" / "pages"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
REAL_PDFS = (
    "pdf-chinese-print-to-pdf.pdf",
    "pdf-epson-scan-5p.pdf",
    "pdf-libreoffice-multilang.pdf",
)

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))


def _evidence(root: Path, rel: str, fmt: str, kind: str = "document") -> object:
    from civarchive.kinds import Kind
    from civarchive.scan.models import Evidence

    data = (root / rel).read_bytes()
    width = height = None
    if kind == "photo":
        from PIL import Image

        with Image.open(root / rel) as img:
            width, height = img.size
    return Evidence(
        path=rel,
        kind=Kind(kind),
        format=fmt,
        size=len(data),
        mtime_ns=0,
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
    )


def make_pdfs(copies: int) -> list[Path]:
    """``copies`` distinct copies of each real PDF (or of three Pillow-made ones)."""
    from factories import make_image_pdf

    folder = ARCHIVE / "pdf"
    if folder.is_dir() and len(list(folder.glob("*.pdf"))) == copies * 3:
        return sorted(folder.glob("*.pdf"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = [CORPUS / name for name in REAL_PDFS if (CORPUS / name).is_file()]
    if len(sources) < 3:
        sources = [make_image_pdf(ARCHIVE / f"gen{n}.pdf", 2 + n) for n in range(3)]
    for source in sources:
        data = source.read_bytes()
        for n in range(copies):
            # Bytes after %%EOF are ignored by readers but change the content hash.
            (folder / f"{source.stem}-{n:03d}.pdf").write_bytes(data + f"\n% copy {n}\n".encode())
    return sorted(folder.glob("*.pdf"))


def make_office(count: int, soffice: str) -> list[Path]:
    """``count`` DOC and XLS files (half each), made once by LibreOffice from DOCX/XLSX."""
    from factories import make_docx, make_xlsx

    folder = ARCHIVE / "office"
    done = sorted([*folder.glob("*.doc"), *folder.glob("*.xls")]) if folder.is_dir() else []
    if len(done) == count:
        return done
    shutil.rmtree(folder, ignore_errors=True)
    src = ARCHIVE / "office-src"
    shutil.rmtree(src, ignore_errors=True)
    docs, sheets = [], []
    for n in range(count // 2):
        docs.append(
            make_docx(
                src / f"通知{n:03d}.docx", text=f"关于开展第{n}次学习活动的通知", paragraphs=30
            )
        )
    for n in range(count - count // 2):
        rows = [["序号", "活动", "人数"], *[[k, f"活动{n}-{k}", k * 3] for k in range(80)]]
        sheets.append(make_xlsx(src / f"统计{n:03d}.xlsx", rows))
    for target, files in (("doc", docs), ("xls", sheets)):
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--convert-to", target, "--outdir", str(folder), *map(str, files)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
    return sorted([*folder.glob("*.doc"), *folder.glob("*.xls")])


def _median(runs: list[float]) -> float:
    return statistics.median(runs)


def bench_render(pdfs: list[Path], jobs: int, repeat: int) -> dict[str, float]:
    from civarchive.bind.pages import render_pages

    root = pdfs[0].parent
    items = [_evidence(root, p.name, "pdf") for p in pdfs]
    cold, warm, pdftoppm = [], [], []
    pages = 0
    size = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            result = render_pages(items, root, Path(cache), jobs=jobs, show_progress=False)  # type: ignore[arg-type]
            cold.append(time.perf_counter() - started)
            pages, size = result.stats.pages_rendered, result.stats.bytes_written
            started = time.perf_counter()
            again = render_pages(items, root, Path(cache), jobs=jobs, show_progress=False)  # type: ignore[arg-type]
            warm.append(time.perf_counter() - started)
            assert again.stats.pages_rendered == 0
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            with ThreadPoolExecutor(jobs) as pool:
                list(
                    pool.map(
                        lambda p: subprocess.run(
                            ["pdftoppm", "-r", "150", "-jpeg", str(p), str(Path(out) / p.stem)],
                            check=True,
                            capture_output=True,
                        ),
                        pdfs,
                    )
                )
            pdftoppm.append(time.perf_counter() - started)
    return {
        "files": len(pdfs),
        "pages": pages,
        "cold_s": _median(cold),
        "warm_s": _median(warm),
        "pdftoppm_s": _median(pdftoppm),
        "cold_vs_pdftoppm": _median(cold) / _median(pdftoppm),
        "warm_vs_cold": _median(warm) / _median(cold),
        "ms_per_page": _median(cold) / max(1, pages) * 1000,
        "kb_per_page": size / max(1, pages) / 1024,
        "mb_per_page": size / max(1, pages) / 1e6,
    }


def bench_office(files: list[Path], soffice: str, repeat: int) -> dict[str, float]:
    from civarchive.bind.pages.office import Conversion, convert_batch

    ours, bare = [], []
    converted = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            items = [Conversion(str(n), path, path.suffix[1:]) for n, path in enumerate(files)]
            targets = {item.key: Path(out) / f"{item.key}.pdf" for item in items}
            started = time.perf_counter()
            outcome = convert_batch(items, targets, soffice=soffice)
            ours.append(time.perf_counter() - started)
            converted = len(outcome.converted)
        with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as profile:
            started = time.perf_counter()
            subprocess.run(
                [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", out, *map(str, files)],
                check=True, capture_output=True, timeout=1800,
            )  # fmt: skip
            bare.append(time.perf_counter() - started)
    return {
        "files": len(files),
        "converted": converted,
        "batch_s": _median(ours),
        "bare_soffice_s": _median(bare),
        "batch_vs_bare": _median(ours) / _median(bare),
    }


def make_photos(count: int) -> list[Path]:
    from factories import make_jpeg

    folder = ARCHIVE / "photos"
    if folder.is_dir() and len(list(folder.glob("*.jpg"))) == count:
        return sorted(folder.glob("*.jpg"))
    shutil.rmtree(folder, ignore_errors=True)
    for n in range(count):
        make_jpeg(
            folder / f"活动{n:04d}.jpg", size=(4000, 3000), color=(n % 255, 90, 140), quality=90
        )
    return sorted(folder.glob("*.jpg"))


_RSS_CHILD = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from bench_pages import _evidence
from civarchive.bind.pages import render_pages
from civarchive.bind.thumbs import make_pictures
pdf_root, photo_root, _, jobs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
docs = [_evidence(pdf_root, p.name, "pdf") for p in sorted(pdf_root.glob("*.pdf"))]
photos = [_evidence(photo_root, p.name, "jpeg", "photo") for p in sorted(photo_root.glob("*.jpg"))]
with tempfile.TemporaryDirectory() as cache:
    result = render_pages(docs, pdf_root, Path(cache) / "pages", jobs=jobs, show_progress=False)
    make_pictures(photos, photo_root, Path(cache) / "thumbs", long_side=1200, jobs=jobs, show_progress=False)
print(json.dumps({"pages": result.stats.pages_rendered, "photos": len(photos)}))
"""


def bench_memory(pdfs: list[Path], photos: list[Path], jobs: int) -> dict[str, float]:
    """Peak RSS of rendering the pages and the photos in a fresh process (and its workers)."""
    command = [
        sys.executable,
        "-c",
        _RSS_CHILD,
        str(pdfs[0].parent),
        str(photos[0].parent),
        str(HERE),
        str(jobs),
    ]
    timer = shutil.which("time") or "/usr/bin/time"
    if Path(timer).is_file():
        command = [timer, "-v", *command]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_sum = 0
    while process.poll() is None:
        peak_sum = max(peak_sum, _tree_rss(process.pid))
        time.sleep(0.05)
    out, err = process.communicate()
    counts = json.loads(out.decode().strip().splitlines()[-1])
    largest = next(
        (
            int(line.split(":")[1]) * 1024
            for line in err.decode().splitlines()
            if "Maximum resident" in line
        ),
        0,
    )
    return {**counts, "largest_process_mb": largest / 1e6, "tree_sum_mb": peak_sum / 1e6}


_VOLUME_SPEC = """\
civarchive: 1
title: 基准测试创建资料
unit: 基准测试单位
period: {start: 2021-01-01, end: 2023-12-31}
fonds: J012
retention: 永久
defaults:
  photo: {min_megapixels: 0, caption: optional}
categories:
  - id: '1'
    title: 思想道德建设
    indicators:
      - id: '1.1'
        title: 理想信念教育
        requires:
          - {kind: document, what: 学习文件}
          - {kind: photo, what: 活动照片}
"""


def make_distinct_pdfs(pages: int) -> list[Path]:
    """PDFs of 10 pages each (Pillow, like scans), no two pages alike: copies of one PDF
    would render to identical pictures, which a DOCX stores once, flattering size and memory."""
    from factories import page_picture

    folder = ARCHIVE / "distinct"
    count = max(1, pages // 10)
    if folder.is_dir() and len(list(folder.glob("*.pdf"))) == count:
        return sorted(folder.glob("*.pdf"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n in range(count):
        images = [page_picture(n * 10 + k, colour=k == 0) for k in range(10)]
        images[0].save(
            folder / f"通知{n:03d}.pdf",
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=100,
        )
    return sorted(folder.glob("*.pdf"))


def make_camera_photos(count: int, jobs: int) -> list[Path]:
    """``count`` distinct 12-megapixel camera-like JPEGs (bench_bind's generator, ~3 MB)."""
    from concurrent.futures import ProcessPoolExecutor

    from bench_bind import _one_photo

    folder = ARCHIVE / "camera"
    folder.mkdir(parents=True, exist_ok=True)
    work = [(folder / f"IMG_{n + 1:04d}.jpg", n + 1) for n in range(count)]
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_one_photo, work, chunksize=8))
    return [path for path, _ in work]


def make_volume_archive(pdfs: list[Path], photos: list[Path]) -> Path:
    """One indicator holding every PDF and photo (hard links: nothing is copied)."""
    root = ARCHIVE / "volume"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "1 思想道德建设" / "1.1 理想信念教育"
    (folder / "文件").mkdir(parents=True)
    (folder / "照片").mkdir(parents=True)
    (root / "civarchive.yaml").write_text(_VOLUME_SPEC, encoding="utf-8")
    for source, target in [
        *((p, folder / "文件" / f"2022年{p.name}") for p in pdfs),
        *((p, folder / "照片" / f"2022{p.name}") for p in photos),
    ]:
        os.link(source, target)
    return root


def _run_bind(root: Path, out: Path, jobs: int, *extra: str) -> dict[str, float]:
    """One ``civarchive bind`` in a subprocess: wall seconds, peak RSS of the largest process
    and of the whole tree (workers, LibreOffice)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "civarchive", "bind", str(root), "-o", str(out)]
    command += ["--jobs", str(jobs), "--quiet", "--as-of", "2023-12-31", *extra]
    timer = shutil.which("time") or "/usr/bin/time"
    if Path(timer).is_file():
        command = [timer, "-v", *command]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO
    )
    peak_sum = 0
    while process.poll() is None:
        peak_sum = max(peak_sum, _tree_rss(process.pid))
        time.sleep(0.05)
    _, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise RuntimeError(err.decode()[-2000:])
    largest = next(
        (
            int(line.split(":")[1]) * 1024
            for line in err.decode().splitlines()
            if "Maximum resident" in line
        ),
        0,
    )
    return {"s": wall, "largest_mb": largest / 1e6, "tree_mb": peak_sum / 1e6}


def bench_volume(pdfs: list[Path], photos: list[Path], jobs: int, repeat: int) -> dict[str, object]:
    """A whole bind of one volume: cold, then warm with documents and with ``--documents list``."""
    from pypdf import PdfReader

    root = make_volume_archive(pdfs, photos)
    out = ARCHIVE / "volume-out"
    pages = sum(len(PdfReader(p).pages) for p in pdfs)
    cold = _run_bind(root, out, jobs)
    size = sum(p.stat().st_size for p in out.glob("*.docx") if p.name != "总目录.docx")
    warm, listed = [], []
    for _ in range(repeat):  # alternated, so that the load of a shared machine hits both
        warm.append(_run_bind(root, out, jobs))
        listed.append(_run_bind(root, out, jobs, "--documents", "list"))
    warm_s = _median([r["s"] for r in warm])
    list_s = _median([r["s"] for r in listed])
    return {
        "document_pages": pages,
        "photos": len(photos),
        "cold": cold,
        "warm_s": warm_s,
        "warm_largest_mb": max(r["largest_mb"] for r in warm),
        "warm_tree_mb": max(r["tree_mb"] for r in warm),
        "list_s": list_s,
        "warm_vs_list": warm_s / list_s,
        "volume_mb": size / 1e6,
        "volume_mb_per_page": size / 1e6 / (pages + len(photos)),
        "peak_mb_per_page": cold["tree_mb"] / (pages + len(photos)),
    }


def _tree_rss(root: int) -> int:
    """Sum of the resident memory of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            resident = int((entry / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = resident
    total = 0
    for pid, resident in rss.items():
        walk = pid
        while walk in parents and walk != root and walk > 1:
            walk = parents[walk]
        if walk == root:
            total += resident
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies", type=int, default=20, help="copies of each PDF (3 PDFs, 10 pages a set)"
    )
    parser.add_argument(
        "--office", type=int, default=50, help="DOC/XLS files for the LibreOffice batch"
    )
    parser.add_argument(
        "--photos", type=int, default=500, help="photos beside the pages in the memory run"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["render", "office", "memory", "volume"]
    )
    args = parser.parse_args()
    pdfs = make_pdfs(args.copies)
    report: dict[str, object] = {"jobs": args.jobs, "repeat": args.repeat}
    if "render" not in args.skip and shutil.which("pdftoppm"):
        report["render"] = bench_render(pdfs, args.jobs, args.repeat)
        print(json.dumps(report["render"], indent=1), flush=True)
    soffice = shutil.which("soffice")
    if "office" not in args.skip and soffice:
        files = make_office(args.office, soffice)
        report["office"] = bench_office(files, soffice, args.repeat)
        print(json.dumps(report["office"], indent=1), flush=True)
    if "memory" not in args.skip:
        report["memory"] = bench_memory(pdfs, make_photos(args.photos), args.jobs)
        print(json.dumps(report["memory"], indent=1), flush=True)
    if "volume" not in args.skip:
        distinct = make_distinct_pdfs(args.copies * 10)
        photos = make_camera_photos(args.photos, args.jobs)
        report["volume"] = bench_volume(distinct, photos, args.jobs, args.repeat)
        print(json.dumps(report["volume"], indent=1), flush=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
