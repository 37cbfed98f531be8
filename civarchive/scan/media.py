"""Video and audio metadata with PyAV: duration, resolution, codec, creation date, one decoded frame."""

from __future__ import annotations

from typing import Any

from civarchive.kinds import Kind
from civarchive.scan.dates import date_from_timestamp
from civarchive.scan.structure import CorruptFile

# Packets to read while looking for a first decodable frame: enough for any real file
# (the first key frame comes within a few packets) and bounded for hostile ones.
MAX_PACKETS = 200

# Apple's own capture time (with the local offset) is better than the container's
# creation_time, which iOS rewrites on export (the corpus iPhone 5 clip differs by 11 months).
_DATE_KEYS = ("com.apple.quicktime.creationdate", "creation_time")


def media_facts(path: str, fmt: str) -> dict[str, Any]:
    """Read a video or audio file's facts; raise CorruptFile when it has no decodable frame.

    A file whose container opens but holds no decodable picture or sound (an empty mdat, as
    in a recording the phone never finished) is corrupt: there is nothing to show as evidence.
    """
    import av

    try:
        with av.open(path, metadata_errors="ignore") as container:
            return _container_facts(container, fmt)
    except CorruptFile:
        raise
    except (
        av.error.FFmpegError,
        ValueError,
        OSError,
        IndexError,
        ZeroDivisionError,
        OverflowError,
    ) as error:
        raise CorruptFile(f"{type(error).__name__}: {error}") from None


def _container_facts(container: Any, fmt: str) -> dict[str, Any]:
    import av

    pictures = [s for s in container.streams.video if not _is_cover_art(s, av)]
    sounds = list(container.streams.audio)
    if not pictures and not sounds:
        raise CorruptFile("no video or audio stream")
    facts: dict[str, Any] = {"duration_seconds": _duration(container, pictures + sounds)}
    if pictures:
        stream = pictures[0]
        facts["width"] = stream.codec_context.width or None
        facts["height"] = stream.codec_context.height or None
        facts["codec"] = stream.codec_context.name
    else:
        facts["kind"] = Kind.AUDIO
        facts["format"] = _audio_format(fmt)
        facts["codec"] = sounds[0].codec_context.name
    facts["_media_date"] = _creation_date(container)
    first = pictures[0] if pictures else sounds[0]
    if not _decodes(container, first):
        what = "video frame" if pictures else "audio frame"
        raise CorruptFile(f"no decodable {what} (the media data is missing or damaged)", facts)
    return facts


def _is_cover_art(stream: Any, av: Any) -> bool:
    try:
        return bool(stream.disposition & av.stream.Disposition.attached_pic)
    except (AttributeError, TypeError):
        return False


def _audio_format(fmt: str) -> str:
    # An MP4/QuickTime file with sound only is what phones save as .m4a (voice memos).
    return {"mp4": "m4a", "mov": "m4a", "wmv": "wma", "mkv": "mkv", "webm": "webm"}.get(fmt, fmt)


def _duration(container: Any, streams: list[Any]) -> float | None:
    if container.duration:
        return round(float(container.duration) / 1_000_000, 3)
    seconds = [float(s.duration * s.time_base) for s in streams if s.duration and s.time_base]
    return round(max(seconds), 3) if seconds else None


def _creation_date(container: Any) -> str | None:
    for key in _DATE_KEYS:
        day = date_from_timestamp(container.metadata.get(key))
        if day:
            return day
    for stream in container.streams:
        day = date_from_timestamp(stream.metadata.get("creation_time"))
        if day:
            return day
    return None


def _decodes(container: Any, stream: Any) -> bool:
    for packets, packet in enumerate(container.demux(stream), start=1):
        try:
            if any(True for _ in packet.decode()):
                return True
        except (ValueError, OSError, EOFError):
            pass  # one bad packet is not yet a broken file
        if packets >= MAX_PACKETS:
            break
    try:
        # Flush the decoder: short clips may only yield their frame at the end.
        return any(True for _ in stream.codec_context.decode(None))
    except (ValueError, OSError, EOFError, TypeError):
        return False
