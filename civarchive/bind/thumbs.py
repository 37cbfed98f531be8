"""Print-sized JPEGs of photos and video key frames, cached by content hash, made in parallel."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
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
# Video key frames: v2 applies the stream's display rotation (portrait phone videos); v3
# picks the most detailed of several frames (a fade-in's first seconds are black).
VIDEO_SETTINGS_VERSION = 3
KEY_FRAME_POINTS = (0.1, 0.3, 0.5, 0.7)
"""Where in a clip key-frame candidates are taken, as fractions of its duration."""
KEY_FRAME_BUDGET_S = 4.0
MAX_FRAMES_PER_POINT = 300
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
    """The most detailed of a few frames spread over the clip (DA/T 78: not black, not blank).

    Candidates at KEY_FRAME_POINTS of the duration (from the start when it is unknown) are
    decoded, scored by ``frame_detail`` and the best kept; the first frame of a clip is often
    black, and a fade-in stays dark for a while. Decoding stops at KEY_FRAME_BUDGET_S; what
    was found by then is used.
    """
    import av

    deadline = time.monotonic() + KEY_FRAME_BUDGET_S
    best: PILImage | None = None
    best_score, angle = -1.0, 0
    with av.open(source) as container:
        stream = container.streams.video[0]
        for frame in _candidate_frames(container, stream, deadline):
            image: PILImage = frame.to_image()
            score = frame_detail(image)
            if score > best_score:
                best, best_score, angle = image, score, _rotation(frame, stream)
            if time.monotonic() > deadline:
                break
    if best is None:
        raise ValueError("no video frame")
    return _upright(best, angle)


def _candidate_frames(container: Any, stream: Any, deadline: float) -> Iterator[Any]:
    """One decoded frame at (or just after) each candidate point of the clip."""
    import av

    duration = _duration_seconds(container, stream)
    if not duration or not stream.time_base:
        yield from _spread_from_start(container, stream, deadline)
        return
    seen: set[int] = set()
    for point in KEY_FRAME_POINTS:
        target = int(duration * point / float(stream.time_base))
        try:
            container.seek(target, stream=stream, backward=True, any_frame=False)
        except av.error.FFmpegError:
            yield from _spread_from_start(container, stream, deadline)
            return
        frame = _first_frame_from(container, stream, target, deadline)
        if frame is not None and frame.pts not in seen:
            seen.add(frame.pts)
            yield frame
        if time.monotonic() > deadline:
            return


def _first_frame_from(container: Any, stream: Any, target: int, deadline: float) -> Any:
    """The first frame at or after ``target`` (decoding on from the key frame before it), or
    the last one decoded when the clip ends, the budget runs out or MAX_FRAMES_PER_POINT pass."""
    last = None
    for count, frame in enumerate(container.decode(stream)):
        last = frame
        if frame.pts is None or frame.pts >= target:
            break
        if count >= MAX_FRAMES_PER_POINT or time.monotonic() > deadline:
            break
    return last


def _spread_from_start(container: Any, stream: Any, deadline: float) -> Iterator[Any]:
    """Without a duration: every 8th of the first frames, as candidates."""
    container.seek(0)
    for count, frame in enumerate(container.decode(stream)):
        if count % 8 == 0:
            yield frame
        if count >= 8 * len(KEY_FRAME_POINTS) or time.monotonic() > deadline:
            return


def frame_detail(image: PILImage) -> float:
    """How much a frame shows: the spread of grey levels plus the edge energy of a 64-pixel
    greyscale thumbnail. Black, blank and faded frames score near 0."""
    from PIL import ImageFilter, ImageStat

    grey = image.convert("L")
    grey.thumbnail((64, 64))
    spread = ImageStat.Stat(grey).stddev[0]
    width, height = grey.size
    # The filter's border row and column see the edge of the image, not of its content.
    inner = (1, 1, max(2, width - 1), max(2, height - 1))
    edges = ImageStat.Stat(grey.filter(ImageFilter.FIND_EDGES).crop(inner)).mean[0]
    return float(spread + edges)


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
