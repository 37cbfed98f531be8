"""Print-sized JPEGs of photos and video key frames, cached by content hash, made in parallel."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civarchive.bind.budget import DECODE_BUDGET_BYTES, image_cost, run_budgeted, worker_count
from civarchive.bind.decode import ImageTooLarge, decode_fitted, to_rgb
from civarchive.kinds import Kind
from civarchive.progress import progress
from civarchive.scan.models import Evidence

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# Bump when the pictures change for the same input (size, quality, rotation handling).
SETTINGS_VERSION = 1
# Video key frames: v2 applies the stream's display rotation (portrait phone videos).
VIDEO_SETTINGS_VERSION = 2
JPEG_QUALITY = 80
# Long side in pixels per --photos-per-page: ~150 dpi at the printed size, and < 250 KB.
LONG_SIDE: dict[int, int] = {1: 1600, 2: 1200, 4: 900}


@dataclass(frozen=True, slots=True)
class Picture:
    """A ready-to-embed JPEG on disk (in the cache) and its pixel size."""

    path: Path
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class PictureFailure:
    """Why a photo or video could not be shown; the item is listed as text instead."""

    reason: str


PictureResult = Picture | PictureFailure
# (path, absolute source, kind, long side, cache target, width, height, format)
Job = tuple[str, str, str, int, str, int, int, str]


def cache_name(ev: Evidence, long_side: int) -> str:
    version = VIDEO_SETTINGS_VERSION if ev.kind == Kind.VIDEO else SETTINGS_VERSION
    return f"{ev.sha256}-{long_side}-v{version}.jpg"


def make_pictures(
    evidence: list[Evidence],
    root: Path,
    cache_dir: Path,
    *,
    long_side: int,
    jobs: int | None = None,
    show_progress: bool | None = None,
) -> dict[str, PictureResult]:
    """A picture (or a failure) for every photo and video in ``evidence``, keyed by path.

    Cached pictures are reused; the rest are made by ``jobs`` processes (default and most:
    the CPU count, fewer when memory is short), never decoding more than the budget of
    ``civarchive.bind.budget`` at once.
    """
    results: dict[str, PictureResult] = {}
    todo: list[Job] = []
    queued: set[str] = set()
    cache_dir.mkdir(parents=True, exist_ok=True)
    for ev in evidence:
        if ev.path in results or ev.path in queued:
            continue
        if ev.sha256 is None:
            results[ev.path] = PictureFailure("文件无法读取")
            continue
        target = cache_dir / cache_name(ev, long_side)
        cached = _read_cached(target)
        if cached is not None:
            results[ev.path] = cached
            continue
        queued.add(ev.path)
        todo.append(
            (
                ev.path,
                str(root / ev.path),
                ev.kind.value,
                long_side,
                str(target),
                ev.width or 0,
                ev.height or 0,
                ev.format or "",
            )
        )
    if not todo:
        return results
    workers = worker_count(jobs, len(todo))
    with progress("缩略图 / pictures", len(todo), enabled=show_progress) as advance:
        for job, error in run_budgeted(
            todo, _make_picture, cost=_cost, crashed=_crashed, workers=workers
        ):
            results[job[0]] = _finish(job, error)
            advance(1, 0)
    return results


def _cost(job: Job) -> int:
    """Bytes the decode of ``job`` holds (issue 14: six 177-megapixel PNGs took 4.5 GB)."""
    _path, _source, kind, long_side, _target, width, height, fmt = job
    if not width or not height:
        return DECODE_BUDGET_BYTES // 4
    scale = 1
    if fmt == "jpeg" and kind != Kind.VIDEO:
        # The JPEG decoder scales by up to 1/8 toward the thumbnail while decoding.
        while scale < 8 and max(width, height) // (scale * 2) >= long_side:
            scale *= 2
    return min(image_cost(width, height, bands=4, scale=scale), DECODE_BUDGET_BYTES)


def _crashed(job: Job) -> str:
    return "解码时崩溃"


def _finish(job: Job, error: str | None) -> PictureResult:
    if error is not None:
        return PictureFailure(error)
    cached = _read_cached(Path(job[4]))
    return cached if cached is not None else PictureFailure("缩略图缓存不可写")


def _read_cached(target: Path) -> Picture | None:
    if not target.is_file():
        return None
    from PIL import Image

    from civarchive.workdir import open_private

    try:
        with open_private(target) as fh, Image.open(fh) as img:
            return Picture(target, img.width, img.height)
    except Exception:
        return None  # a damaged cache entry is simply made again


def _make_picture(job: Job) -> str | None:
    """Worker: write the picture for one file into the cache; return an error text or None."""
    _path, source, kind, long_side, target, *_ = job
    try:
        image = _key_frame(source) if kind == Kind.VIDEO else decode_fitted(source, long_side)
        image = to_rgb(image)
        if max(image.size) > long_side:
            image.thumbnail((long_side, long_side))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (MemoryError, ImageTooLarge):
        return "图像过大，无法解码"
    except Exception as error:  # any decoder failure of any library becomes a note, not a crash
        return f"无法解码（{type(error).__name__}）"
    _write_atomic(Path(target), buffer.getvalue())
    return None


def _key_frame(source: str) -> PILImage:
    import av

    with av.open(source) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        duration = _duration_seconds(container, stream)
        if duration and duration > 2 and stream.time_base:
            # ~10% in: the first frame of a clip is often black or a fade-in.
            offset = int(duration * 0.1 / float(stream.time_base))
            try:
                container.seek(offset, stream=stream, backward=True, any_frame=False)
            except av.error.FFmpegError:
                container.seek(0)
        for frame in container.decode(stream):
            image: PILImage = frame.to_image()  # type: ignore[no-untyped-call]
            return _upright(image, _rotation(frame, stream))
    raise ValueError("no video frame")


def _rotation(frame: Any, stream: Any) -> int:
    """Counter-clockwise degrees the frame must turn to be seen upright.

    Phones store portrait video as landscape frames plus a display matrix (iPhone: -90).
    FFmpeg hands the matrix to each decoded frame (PyAV ``frame.rotation``); files tagged
    the old way only carry a clockwise ``rotate`` entry in the stream metadata.
    """
    angle = getattr(frame, "rotation", 0) or 0
    if not angle:
        tag = str((getattr(stream, "metadata", None) or {}).get("rotate", "0")).strip()
        angle = -int(tag) if tag.lstrip("-").isdigit() else 0
    return int(round(angle / 90)) * 90 % 360


def _upright(image: PILImage, angle: int) -> PILImage:
    from PIL import Image

    turns = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180}
    turns[270] = Image.Transpose.ROTATE_270
    return image.transpose(turns[angle]) if angle in turns else image


def _duration_seconds(container: Any, stream: Any) -> float | None:
    if getattr(stream, "duration", None) and getattr(stream, "time_base", None):
        return float(stream.duration * stream.time_base)
    if getattr(container, "duration", None):
        return float(container.duration) / 1_000_000
    return None


def _write_atomic(target: Path, data: bytes) -> None:
    from civarchive.atomic import write_bytes_atomic

    write_bytes_atomic(target, data, cache=True)
