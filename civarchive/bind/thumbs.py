"""Print-sized JPEGs of photos and video key frames, cached by content hash, made in parallel."""

from __future__ import annotations

import io
import os
import warnings
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

    Cached pictures are reused; the rest are made by ``jobs`` processes (default: CPU count).
    """
    results: dict[str, PictureResult] = {}
    todo: list[tuple[str, str, str, int, str]] = []
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
        todo.append((ev.path, str(root / ev.path), ev.kind.value, long_side, str(target)))
    if not todo:
        return results
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with progress("缩略图 / pictures", len(todo), enabled=show_progress) as advance:
        if workers == 1:
            for job in todo:
                results[job[0]] = _finish(job, _make_picture(job))
                advance(1, 0)
        else:
            results.update(_parallel(todo, workers, advance))
    return results


def _parallel(
    todo: list[tuple[str, str, str, int, str]], workers: int, advance: object
) -> dict[str, PictureResult]:
    results: dict[str, PictureResult] = {}
    from civarchive.workers import die_with_parent, worker_initargs

    # Workers ignore Ctrl-C (the parent cancels the pool) and end with the parent.
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=worker_initargs()
    )
    try:
        # A bounded window of submissions keeps memory flat and lets Ctrl-C stop quickly.
        pending: dict[Future[str | None], tuple[str, str, str, int, str]] = {}
        jobs = iter(todo)
        for job in jobs:
            pending[pool.submit(_make_picture, job)] = job
            if len(pending) >= workers * 4:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                results[job[0]] = _finish(job, future.result())
                advance(1, 0)  # type: ignore[operator]
                nxt = next(jobs, None)
                if nxt is not None:
                    pending[pool.submit(_make_picture, nxt)] = nxt
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def _finish(job: tuple[str, str, str, int, str], error: str | None) -> PictureResult:
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


def _make_picture(job: tuple[str, str, str, int, str]) -> str | None:
    """Worker: write the picture for one file into the cache; return an error text or None."""
    _path, source, kind, long_side, target = job
    try:
        image = _key_frame(source) if kind == Kind.VIDEO else _photo(source, long_side)
        image = _to_rgb(image)
        if max(image.size) > long_side:
            image.thumbnail((long_side, long_side))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except MemoryError:
        return "图像过大，无法解码"
    except Exception as error:  # any decoder failure of any library becomes a note, not a crash
        return f"无法解码（{type(error).__name__}）"
    _write_atomic(Path(target), buffer.getvalue())
    return None


def _photo(source: str, long_side: int) -> PILImage:
    from PIL import Image, ImageOps

    _register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(source) as img:
            # draft() lets the JPEG decoder scale by 1/2..1/8 while decoding: half the time.
            img.draft("RGB", (long_side, long_side))
            img.thumbnail((long_side, long_side))
            # Rotating the small image is 20x cheaper than rotating the original (notes-tech).
            return ImageOps.exif_transpose(img)


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


def _to_rgb(image: PILImage) -> PILImage:
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


_HEIF_REGISTERED = False


def _register_heif() -> None:
    global _HEIF_REGISTERED
    if _HEIF_REGISTERED:
        return
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # HEIC photos then fail to decode and are listed as text
        pass
    _HEIF_REGISTERED = True


def _write_atomic(target: Path, data: bytes) -> None:
    from civarchive.atomic import write_bytes_atomic

    write_bytes_atomic(target, data, cache=True)


def pictured(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence that is shown as a picture: photos and videos."""
    return [ev for ev in evidence if ev.kind in (Kind.PHOTO, Kind.VIDEO)]
