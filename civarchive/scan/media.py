"""Video and audio metadata with PyAV: duration, resolution, codec, creation date, one decoded frame."""

from __future__ import annotations

from typing import Any

from civarchive.kinds import Kind
from civarchive.scan.dates import date_from_timestamp
from civarchive.scan.structure import CorruptFile

# Packets to read while looking for a first decodable frame: enough for any real file
# (the first key frame comes within a few packets) and bounded for hostile ones.
MAX_PACKETS = 200
# Packets to read after seeking near the claimed end, and how far before it to seek: a
# key frame comes every few seconds, so a real file's end is a few hundred packets away.
MAX_TAIL_PACKETS = 5000
_TAIL_SECONDS = 10.0

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
    first = pictures[0] if pictures else sounds[0]
    if first.codec_context is None:
        raise CorruptFile("no decoder for the media data (the stream is damaged)")
    facts: dict[str, Any] = {"duration_seconds": _header_duration(container, pictures + sounds)}
    if pictures:
        facts["width"] = first.codec_context.width or None
        facts["height"] = first.codec_context.height or None
        facts["codec"] = first.codec_context.name
    else:
        facts["kind"] = Kind.AUDIO
        facts["format"] = _audio_format(fmt)
        facts["codec"] = first.codec_context.name
    facts["_media_date"] = _creation_date(container)
    if not _decodes(container, first):
        what = "video frame" if pictures else "audio frame"
        raise CorruptFile(f"no decodable {what} (the media data is missing or damaged)", facts)
    facts["duration_seconds"] = _checked_duration(
        container, pictures + sounds, facts["duration_seconds"]
    )
    return facts


def _is_cover_art(stream: Any, av: Any) -> bool:
    try:
        return bool(stream.disposition & av.stream.Disposition.attached_pic)
    except (AttributeError, TypeError):
        return False


def _audio_format(fmt: str) -> str:
    # An MP4/QuickTime file with sound only is what phones save as .m4a (voice memos).
    return {"mp4": "m4a", "mov": "m4a", "wmv": "wma", "mkv": "mkv", "webm": "webm"}.get(fmt, fmt)


def _header_duration(container: Any, streams: list[Any]) -> float | None:
    """What the headers claim: the container's duration, else the longest stream's."""
    if container.duration:
        return round(float(container.duration) / 1_000_000, 3)
    return _longest(_stream_durations(streams))


def _stream_durations(streams: list[Any]) -> list[float]:
    return [float(s.duration * s.time_base) for s in streams if s.duration and s.time_base]


def _longest(seconds: list[float]) -> float | None:
    return round(max(seconds), 3) if seconds else None


def _checked_duration(container: Any, streams: list[Any], claimed: float | None) -> float | None:
    """The duration the packets bear out, not what a header claims.

    A header is a few bytes anyone can patch (an ``mvhd`` saying 1618 s for a 1 s clip gets
    past ``min_seconds``). The claim is checked against where the media actually ends: the
    demuxer seeks near the claimed end (through the file's index: cheap) and reads the last
    packets; their last timestamp is the duration whenever it disagrees with the claim. When
    the end cannot be reached within a bounded number of packets, the smaller of the
    container's and the streams' durations is kept.
    """
    streams_say = _longest(_stream_durations(streams))
    try:
        end = _media_end(container, claimed or streams_say or 0.0)
    except (ValueError, OSError, EOFError, OverflowError, ZeroDivisionError, IndexError):
        end = None
    if end is not None:
        if claimed is None or abs(claimed - end) > _tolerance(end):
            return round(end, 3)
        return claimed
    known = [d for d in (claimed, streams_say) if d is not None]
    return min(known) if known else None


def _tolerance(seconds: float) -> float:
    # Containers round, and audio priming or an edit list shifts the end a little.
    return max(1.0, seconds * 0.02)


def _media_end(container: Any, claimed: float) -> float | None:
    """Seconds from the start to the end of the last packet, or None if not found in bound."""
    start = (container.start_time or 0) / 1_000_000
    target = int(max(0.0, claimed - _TAIL_SECONDS) * 1_000_000)
    try:
        container.seek(target, backward=True, any_frame=False)
    except Exception:  # noqa: BLE001 - a container that cannot seek: read from the start
        container.seek(0)
    end: float | None = None
    for count, packet in enumerate(container.demux(), start=1):
        if count > MAX_TAIL_PACKETS:
            return None  # the end is too far away to find cheaply
        stamp = packet.pts if packet.pts is not None else packet.dts
        if stamp is None or packet.time_base is None:
            continue
        finish = float((stamp + (packet.duration or 0)) * packet.time_base) - start
        end = finish if end is None else max(end, finish)
    return end


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
