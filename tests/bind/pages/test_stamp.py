"""The 归档章: in the blank top right when there is one, above a shrunk page when not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from civarchive.bind.pages.models import PageImage
from civarchive.bind.pages.stamp import (
    Stamped,
    StampFields,
    Unstamped,
    find_cjk_font,
    fontconfig_cjk,
    stamp_page,
)
from tests.bind.pages.conftest import likeness
from tests.factories import page_picture

FIELDS = StampFields("J012", "2023", "0007", "办公室", "永久", "12")


@pytest.fixture
def font() -> tuple[str, int]:
    found = find_cjk_font()
    if found is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    return found


def _page(tmp_path: Path, image: Image.Image, name: str = "p.jpg") -> PageImage:
    path = tmp_path / name
    image.save(path, "JPEG", quality=95)
    return PageImage(path, image.width, image.height, 150, grey=False)


def _red(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    import numpy as np

    pixels = np.asarray(image.convert("RGB").crop(box), dtype=int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return int(((red > 150) & (green < 90) & (blue < 90)).sum())


def test_the_stamp_goes_into_the_blank_top_right(tmp_path: Path, font: tuple[str, int]) -> None:
    original = page_picture(0, size=(1240, 1754))  # its dark block is at the top left
    result = stamp_page(_page(tmp_path, original), FIELDS, tmp_path / "out.jpg", font=font)
    assert isinstance(result, Stamped)
    assert result.placement == "margin"
    with Image.open(result.page.path) as stamped:
        stamped = stamped.convert("RGB")
    assert stamped.size == original.size
    # 45 × 16 mm at 150 dpi is 266 × 94 pixels of red ruling and text in the top right ...
    assert _red(stamped, (620, 0, 1240, 440)) > 1000
    assert _red(stamped, (0, 0, 620, 1754)) == 0
    # ... and the rest of the page is untouched.
    body = (0, 440, 1240, 1754)
    assert likeness(stamped.crop(body), original.crop(body)) > 0.99


def test_a_page_full_to_the_top_is_shrunk_to_make_room(
    tmp_path: Path, font: tuple[str, int]
) -> None:
    original = page_picture(1, size=(1240, 1754))
    draw = ImageDraw.Draw(original)
    for y in range(0, 600, 24):  # text right up to the paper's top edge
        draw.rectangle((40, y, 1200, y + 8), fill=(0, 0, 0))
    result = stamp_page(_page(tmp_path, original), FIELDS, tmp_path / "out.jpg", font=font)
    assert isinstance(result, Stamped)
    assert result.placement == "shrunk"
    with Image.open(result.page.path) as stamped:
        stamped = stamped.convert("RGB")
    strip = 35 + 94 + 12  # top edge, stamp, padding
    assert _red(stamped, (0, 0, 1240, strip)) > 1000
    # Everything of the page is still there, a little smaller, below the stamp.
    content = stamped.crop((0, strip, 1240, 1754))
    assert likeness(content, original) > 0.95


def test_same_fields_same_bytes(tmp_path: Path, font: tuple[str, int]) -> None:
    page = _page(tmp_path, page_picture(2, size=(1240, 1754)))
    stamp_page(page, FIELDS, tmp_path / "a.jpg", font=font)
    stamp_page(page, FIELDS, tmp_path / "b.jpg", font=font)
    assert (tmp_path / "a.jpg").read_bytes() == (tmp_path / "b.jpg").read_bytes()


def test_a_missing_font_leaves_the_page_unstamped(tmp_path: Path) -> None:
    page = _page(tmp_path, page_picture(0, size=(620, 877)))
    result = stamp_page(page, FIELDS, tmp_path / "out.jpg", font=(str(tmp_path / "none.ttc"), 0))
    assert isinstance(result, Unstamped)
    assert result.page == page
    assert "font" in result.reason
    assert not (tmp_path / "out.jpg").exists()


def test_fontconfig_finds_a_chinese_face_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = fontconfig_cjk()
    if found is not None:
        assert Path(found[0]).is_file()
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match
    assert fontconfig_cjk() is None
