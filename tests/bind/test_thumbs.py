"""Print-sized pictures: EXIF rotation, HEIC, video key frames, failures, cache, size."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from civarchive.bind.thumbs import Picture, PictureFailure, frame_detail, make_pictures
from civarchive.kinds import Kind
from civarchive.scan.models import Evidence
from tests.factories import colour_bars, make_heic, make_jpeg, make_mp4


def _ev(root: Path, rel: str, kind: Kind = Kind.PHOTO) -> Evidence:
    data = (root / rel).read_bytes()
    return Evidence(
        path=rel, kind=kind, size=len(data), mtime_ns=0, sha256=hashlib.sha256(data).hexdigest()
    )


def test_orientation_6_becomes_portrait(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "a.jpg", size=(800, 600), orientation=6)
    result = make_pictures(
        [_ev(tmp_path, "a.jpg")], tmp_path, tmp_path / "cache", long_side=400, jobs=1
    )
    picture = result["a.jpg"]
    assert isinstance(picture, Picture)
    assert (picture.width, picture.height) == (300, 400)
    with Image.open(picture.path) as img:
        assert img.size == (300, 400)
        assert img.format == "JPEG"
        assert img.getexif().get(0x0112) in (None, 1)


def test_heic_and_video_key_frame(tmp_path: Path) -> None:
    make_heic(tmp_path / "p.heic", size=(640, 480), taken=dt.datetime(2023, 1, 1))
    make_mp4(tmp_path / "v.mp4", seconds=3, size=(320, 240))
    evidence = [_ev(tmp_path, "p.heic"), _ev(tmp_path, "v.mp4", Kind.VIDEO)]
    result = make_pictures(evidence, tmp_path, tmp_path / "cache", long_side=500, jobs=2)
    heic, frame = result["p.heic"], result["v.mp4"]
    assert isinstance(heic, Picture)
    assert (heic.width, heic.height) == (500, 375)
    assert isinstance(frame, Picture)
    assert (frame.width, frame.height) == (320, 240)  # never enlarged
    with Image.open(frame.path) as img:
        # The factory paints the left quarter red: a real decoded frame, not a blank.
        r, g, b = img.convert("RGB").getpixel((10, 120))
        assert r > 200
        assert g < 60
        assert b < 60


@pytest.mark.parametrize(("seconds", "gop"), [(4.0, 12), (4.0, 250), (12.0, 25)])
def test_a_fade_in_gets_a_detailed_key_frame_not_a_black_one(
    tmp_path: Path, seconds: float, gop: int
) -> None:
    # Issue 10: the frame at 10 % of a fade-in is black. The chosen frame is the most
    # detailed candidate, even when the only key frame is the first (gop longer than the clip).
    make_mp4(tmp_path / "fade.mp4", seconds=seconds, size=(320, 240), fade_in=0.6, gop=gop)
    result = make_pictures(
        [_ev(tmp_path, "fade.mp4", Kind.VIDEO)], tmp_path, tmp_path / "cache", long_side=400
    )
    frame = result["fade.mp4"]
    assert isinstance(frame, Picture)
    full = Image.fromarray(colour_bars((320, 240), np).astype(np.uint8))
    with Image.open(frame.path) as img:
        assert img.convert("L").getextrema()[1] > 200  # near full brightness: past the fade
        # As detailed as the picture at full brightness (the 70 % candidate), JPEG aside.
        assert frame_detail(img) > 0.9 * frame_detail(full)


def test_frame_detail_scores_black_and_blank_low() -> None:
    black = Image.new("RGB", (320, 240))
    grey = Image.new("RGB", (320, 240), (128, 128, 128))
    bars = Image.new("RGB", (320, 240))
    for n in range(8):
        bars.paste((255 * (n % 2),) * 3, (n * 40, 0, n * 40 + 40, 240))
    assert frame_detail(black) == 0
    assert frame_detail(grey) == 0
    assert frame_detail(bars) > 100


@pytest.mark.parametrize(
    "content",
    [b"", b"not an image at all", b"\xff\xd8\xff\xe0" + b"\x00" * 50],
    ids=["empty", "garbage", "truncated"],
)
def test_undecodable_photo_is_a_failure_not_a_crash(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.jpg").write_bytes(content)
    result = make_pictures(
        [_ev(tmp_path, "bad.jpg")], tmp_path, tmp_path / "cache", long_side=400, jobs=1
    )
    assert isinstance(result["bad.jpg"], PictureFailure)
    assert "无法解码" in result["bad.jpg"].reason


def test_truncated_real_jpeg_and_unreadable(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "whole.jpg", size=(800, 600))
    data = (tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 3])
    gone = Evidence(path="gone.jpg", kind=Kind.PHOTO, size=0, mtime_ns=0, sha256=None)
    result = make_pictures(
        [_ev(tmp_path, "cut.jpg"), gone], tmp_path, tmp_path / "cache", long_side=400, jobs=1
    )
    # Pillow pads a truncated JPEG only when told to; either way nothing crashes.
    assert isinstance(result["cut.jpg"], Picture | PictureFailure)
    assert result["gone.jpg"] == PictureFailure("文件无法读取")


def test_cache_is_reused(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "a.jpg", size=(800, 600))
    evidence = [_ev(tmp_path, "a.jpg")]
    first = make_pictures(evidence, tmp_path, tmp_path / "cache", long_side=400, jobs=1)["a.jpg"]
    assert isinstance(first, Picture)
    stamp = first.path.stat().st_mtime_ns
    second = make_pictures(evidence, tmp_path, tmp_path / "cache", long_side=400, jobs=1)["a.jpg"]
    assert second == first
    assert first.path.stat().st_mtime_ns == stamp
    # Another size is another cache entry.
    other = make_pictures(evidence, tmp_path, tmp_path / "cache", long_side=300, jobs=1)["a.jpg"]
    assert isinstance(other, Picture)
    assert other.path != first.path


@pytest.mark.slow
def test_twelve_megapixel_photo_stays_small(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    base = Image.fromarray(rng.integers(0, 255, (30, 40, 3), dtype=np.uint8)).resize(
        (4000, 3000), Image.BICUBIC
    )
    noisy = np.clip(
        np.asarray(base).astype(np.int16) + rng.normal(0, 5, (3000, 4000, 1)).astype(np.int16),
        0,
        255,
    )
    Image.fromarray(noisy.astype(np.uint8)).save(tmp_path / "big.jpg", quality=90)
    picture = make_pictures(
        [_ev(tmp_path, "big.jpg")], tmp_path, tmp_path / "cache", long_side=1200, jobs=1
    )["big.jpg"]
    assert isinstance(picture, Picture)
    assert (picture.width, picture.height) == (1200, 900)
    assert picture.path.stat().st_size < 250_000


def test_real_corpus_orientations_and_heic(real_corpus: Path, tmp_path: Path) -> None:
    # SOURCES.md: every orientation example shows as 1800x1200 once rotated; the iPhone 8 Plus
    # HEIC is 3024x4032; two HEIC files cannot be decoded.
    expected: dict[str, tuple[int, int] | None] = {
        f"jpeg-exif-orientation-{n}.jpg": (600, 400) for n in range(2, 9)
    }
    expected |= {
        "heic-iphone8plus.heic": (450, 600),
        "jpeg-cmyk.jpg": None,
        "heic-corrupted.heic": None,
        "heic-iphone8-exif-undecodable.heic": None,
    }
    evidence = [_ev(real_corpus, name) for name in expected]
    result = make_pictures(evidence, real_corpus, tmp_path / "cache", long_side=600, jobs=2)
    for name, size in expected.items():
        picture = result[name]
        if name.startswith("heic-") and size is None:
            assert isinstance(picture, PictureFailure), name
        elif size is not None:
            assert isinstance(picture, Picture), name
            assert (picture.width, picture.height) == size, name
        else:
            assert isinstance(picture, Picture), name  # CMYK is converted to RGB
            with Image.open(picture.path) as img:
                assert img.mode == "RGB"


@pytest.mark.parametrize(
    ("degrees", "red_at"),
    [(-90, (120, 20)), (90, (120, 300)), (180, (300, 120)), (0, (20, 120))],
    ids=["iphone-portrait", "ccw-90", "upside-down", "none"],
)
def test_video_key_frame_is_shown_upright(
    tmp_path: Path, degrees: int, red_at: tuple[int, int]
) -> None:
    try:
        make_mp4(tmp_path / "v.mp4", seconds=3, rotation=degrees)
    except RuntimeError as error:
        pytest.skip(str(error))
    result = make_pictures(
        [_ev(tmp_path, "v.mp4", Kind.VIDEO)], tmp_path, tmp_path / "cache", long_side=400, jobs=1
    )
    frame = result["v.mp4"]
    assert isinstance(frame, Picture)
    portrait = degrees in (90, -90)
    assert (frame.width, frame.height) == ((240, 320) if portrait else (320, 240))
    with Image.open(frame.path) as img:
        # The red quarter ends up where the rotation takes the frame's left edge.
        r, g, b = img.convert("RGB").getpixel(red_at)
        assert (r > 200, g < 60, b < 60) == (True, True, True), (r, g, b)


def test_real_phone_videos_are_not_rotated(real_corpus: Path, tmp_path: Path) -> None:
    # SOURCES.md: neither real phone clip carries a rotation; their frames stay landscape.
    names = {"mov-iphone5-h264.mov": (400, 225), "mp4-ios-h264.mp4": (352, 288)}
    evidence = [_ev(real_corpus, name, Kind.VIDEO) for name in names]
    result = make_pictures(evidence, real_corpus, tmp_path / "cache", long_side=400, jobs=1)
    for name, size in names.items():
        picture = result[name]
        assert isinstance(picture, Picture), name
        assert (picture.width, picture.height) == size, name
