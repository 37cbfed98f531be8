"""Decode a photo or scan scaled to a box, EXIF-rotated, within the memory budget."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

from civarchive.bind.budget import SINGLE_DECODE_LIMIT_BYTES

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


class ImageTooLarge(ValueError):
    """Decoding the image would take more memory than one decode may."""


def decode_fitted(source: str, long_side: int, short_side: int | None = None) -> PILImage:
    """The image at ``source`` fitted into ``long_side``×``short_side`` (never enlarged).

    JPEGs are scaled by the decoder itself (draft mode: 1/2 to 1/8, half the time and a
    64th of the memory); the EXIF orientation is applied to the small result. Pillow's own
    "decompression bomb" check is replaced by a budget of what the decode really holds, so
    that a 200-megapixel phone JPEG is read (scaled) while a 177-megapixel PNG is refused
    (ImageTooLarge). Decoder errors propagate: the caller turns them into a note.
    """
    from PIL import Image, ImageOps

    _register_heif()
    short_side = short_side or long_side
    with warnings.catch_warnings(), _own_size_check():
        warnings.simplefilter("ignore")
        with Image.open(source) as img:
            width, height = img.size
            box = (long_side, short_side) if width >= height else (short_side, long_side)
            img.draft(None, box)  # only JPEG acts on it; the size drops before decoding
            cost = decode_bytes(img.size[0], img.size[1], img.mode)
            if cost > SINGLE_DECODE_LIMIT_BYTES:
                raise ImageTooLarge(f"{width}×{height} pixels would need {cost >> 20} MB to decode")
            img.thumbnail(box)
            # Rotating the small image is 20x cheaper than rotating the original (notes-tech).
            return ImageOps.exif_transpose(img)


def decode_bytes(width: int, height: int, mode: str) -> int:
    """Bytes Pillow holds for a decoded ``mode`` image (RGB is stored as 4 bytes a pixel)."""
    per_pixel = 1 if mode in ("1", "L", "P") else 2 if mode.startswith("I;16") else 4
    return max(1, width) * max(1, height) * per_pixel


def to_rgb(image: PILImage) -> PILImage:
    """RGB on white: transparent areas print as paper, not black."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


@contextlib.contextmanager
def _own_size_check() -> Iterator[None]:
    from PIL import Image

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


_HEIF_REGISTERED = False


def _register_heif() -> None:
    global _HEIF_REGISTERED
    if _HEIF_REGISTERED:
        return
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # HEIC photos then fail to decode and become a note
        pass
    _HEIF_REGISTERED = True
