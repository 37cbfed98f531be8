"""The 归档章 (DA/T 22-2015 §8.2) drawn into the top right of a 件's first page image.

The stamp is 45 mm × 16 mm, six cells of 15 mm × 8 mm: 全宗号 | 年度 | 件号 over
机构（问题） | 保管期限 | 页数, in red. It goes into the first blank spot of the page's top
right (most documents leave a 25–37 mm top margin, GB/T 9704); when the top right holds
content, the page is shrunk just enough to free a strip above it, so the stamp never
covers anything. Without a CJK font the page is returned unstamped with the reason, and
the layout can draw the stamp as a DOCX text box instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from civarchive.bind.pages.models import PageImage
from civarchive.bind.pages.render import JPEG_QUALITY, write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from PIL.ImageFont import FreeTypeFont

STAMP_MM = (45.0, 16.0)
# Space kept between the stamp and the paper's edges, and around it to any ink.
EDGE_MM = (10.0, 6.0)
PAD_MM = 2.0
# Only the top quarter of the page and its right half are searched for a blank spot.
SEARCH_HEIGHT = 0.25
INK_LEVEL = 200
RED = (200, 16, 16)
# CJK families, best first: a 宋体-like serif suits the stamp (and matches the volume's
# fonts.conf mapping); any font fontconfig says covers Chinese will do after them.
PREFERRED_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "SimSun",
)
SYSTEM_FONTS = (
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
    ("/Library/Fonts/Songti.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
)


@dataclass(frozen=True, slots=True)
class StampFields:
    """The six values of a 归档章, as printed (empty cells stay empty)."""

    fonds: str = ""
    year: str = ""
    item: str = ""
    org: str = ""
    retention: str = ""
    pages: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.fonds, self.year, self.item, self.org, self.retention, self.pages)


@dataclass(frozen=True, slots=True)
class Stamped:
    """The first page with its stamp; ``placement`` says whether the page had to shrink."""

    page: PageImage
    placement: Literal["margin", "shrunk"]


@dataclass(frozen=True, slots=True)
class Unstamped:
    """The page could not be stamped (no CJK font, unreadable image); ``page`` is unchanged."""

    page: PageImage
    reason: str


StampResult = Stamped | Unstamped


def stamp_page(
    page: PageImage, fields: StampFields, target: Path, *, font: tuple[str, int] | None = None
) -> StampResult:
    """Write ``page`` with the 归档章 drawn in to ``target`` (JPEG, atomically).

    ``font`` is (file, face index) of a CJK font; None looks one up (``find_cjk_font``).
    """
    from PIL import Image

    chosen = font or find_cjk_font()
    if chosen is None:
        return Unstamped(page, "no CJK font found (install fonts-noto-cjk)")
    try:
        with Image.open(page.path) as img:
            image = img.convert("RGB")
    except OSError as error:
        return Unstamped(page, f"page image unreadable: {error}")
    try:
        stamped, placement = draw_stamp(image, fields, page.dpi, chosen)
    except OSError as error:  # the font file is unreadable or not a font
        return Unstamped(page, f"font {chosen[0]} unusable: {error}")
    import io

    buffer = io.BytesIO()
    stamped.save(buffer, "JPEG", quality=JPEG_QUALITY)
    write_atomic(target, buffer.getvalue())
    return Stamped(
        PageImage(target, stamped.width, stamped.height, page.dpi, grey=False), placement
    )


def draw_stamp(
    image: PILImage, fields: StampFields, dpi: int, font: tuple[str, int]
) -> tuple[PILImage, Literal["margin", "shrunk"]]:
    """The RGB ``image`` with the stamp drawn where it covers nothing."""
    from PIL import Image

    px = dpi / 25.4
    width, height = round(STAMP_MM[0] * px), round(STAMP_MM[1] * px)
    pad = max(1, round(PAD_MM * px))
    spot = _blank_spot(image, width + 2 * pad, height + 2 * pad, px)
    if spot is not None:
        result = image.copy()
        _draw(result, (spot[0] + pad, spot[1] + pad), (width, height), fields, dpi, font)
        return result, "margin"
    # No room: shrink the page so a strip for the stamp opens above its content.
    top = round(EDGE_MM[1] * px)
    strip = top + height + pad
    scale = (image.height - strip) / image.height
    small = image.resize(
        (max(1, round(image.width * scale)), image.height - strip), Image.Resampling.LANCZOS
    )
    result = Image.new("RGB", image.size, (255, 255, 255))
    result.paste(small, ((image.width - small.width) // 2, strip))
    right = image.width - round(EDGE_MM[0] * px)
    _draw(result, (max(0, right - width), top), (width, height), fields, dpi, font)
    return result, "shrunk"


def _blank_spot(image: PILImage, width: int, height: int, px: float) -> tuple[int, int] | None:
    """Top-left corner of the top-most, right-most ink-free ``width``×``height`` window."""
    cell = max(2, round(px))  # ~1 mm cells
    band_height = int(image.height * SEARCH_HEIGHT)
    if band_height < height or image.width < width * 2:
        return None
    band = image.crop((0, 0, image.width, band_height)).convert("L")
    ink = band.point(lambda v: 255 if v < INK_LEVEL else 0)
    cols, rows = image.width // cell, band_height // cell
    grid = ink.crop((0, 0, cols * cell, rows * cell)).reduce(cell).tobytes()
    # Summed-area table: the ink in any window in constant time.
    sums = [[0] * (cols + 1) for _ in range(rows + 1)]
    for r in range(rows):
        run = 0
        row, above, below = grid[r * cols : (r + 1) * cols], sums[r], sums[r + 1]
        for c in range(cols):
            run += row[c] > 0
            below[c + 1] = above[c + 1] + run
    need_c, need_r = -(-width // cell), -(-height // cell)
    right_edge = (image.width - round(EDGE_MM[0] * px)) // cell
    first_row = round(EDGE_MM[1] * px) // cell
    for r in range(first_row, rows - need_r + 1):
        for c in range(right_edge - need_c, cols // 2 - 1, -1):
            if c < 0:
                break
            inked = (
                sums[r + need_r][c + need_c]
                - sums[r][c + need_c]
                - sums[r + need_r][c]
                + sums[r][c]
            )
            if inked == 0:
                return c * cell, r * cell
    return None


def _draw(
    image: PILImage,
    origin: tuple[int, int],
    size: tuple[int, int],
    fields: StampFields,
    dpi: int,
    font: tuple[str, int],
) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    x0, y0 = origin
    width, height = size
    line = max(1, round(dpi / 100))
    cell_w, cell_h = width / 3, height / 2
    draw.rectangle((x0, y0, x0 + width, y0 + height), outline=RED, width=line)
    draw.line((x0, y0 + cell_h, x0 + width, y0 + cell_h), fill=RED, width=line)
    for k in (1, 2):
        x = x0 + k * cell_w
        draw.line((x, y0, x, y0 + height), fill=RED, width=line)
    for n, text in enumerate(fields.cells()):
        if not text:
            continue
        col, row = n % 3, n // 3
        face = _fitting_font(text, font, cell_w - 8 * line, cell_h - 3 * line)
        cx = x0 + (col + 0.5) * cell_w
        cy = y0 + (row + 0.5) * cell_h
        draw.text((cx, cy), text, fill=RED, font=face, anchor="mm")


def _fitting_font(text: str, font: tuple[str, int], width: float, height: float) -> FreeTypeFont:
    size = max(4, int(height * 0.7))
    while True:
        face = _font(font[0], font[1], size)
        left, top, right, bottom = face.getbbox(text)
        if (right - left <= width and bottom - top <= height) or size <= 4:
            return face
        size -= 1


@lru_cache(maxsize=64)
def _font(path: str, index: int, size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int] | None:
    """A font file (and face index) that covers Chinese, or None when the system has none."""
    found = fontconfig_cjk()
    if found is not None:
        return found
    windir = os.environ.get("WINDIR", "C:/Windows").replace("\\", "/")
    for path, index in SYSTEM_FONTS:
        path = path.replace("C:/Windows", windir)
        if Path(path).is_file():
            return path, index
    return None


def fontconfig_cjk() -> tuple[str, int] | None:
    """Ask fontconfig (Linux, BSD, macOS with it installed) for a regular CJK face."""
    if sys.platform == "win32":
        return None
    patterns = [f"{family}:lang=zh:style=Regular" for family in PREFERRED_FAMILIES]
    for pattern in [*patterns, ":lang=zh:style=Regular", ":lang=zh"]:
        answer = _fc_match(pattern)
        if answer is None:
            continue
        path, index, families, langs = answer
        wanted = pattern.split(":", 1)[0]
        if wanted and wanted not in families:
            continue  # fc-match always answers: this is its nearest, not the family asked
        if "zh-cn" in langs:
            return path, index
    return None


def _fc_match(pattern: str) -> tuple[str, int, list[str], list[str]] | None:
    try:
        done = subprocess.run(
            ["fc-match", "-f", "%{file}\\n%{index}\\n%{family}\\n%{lang}", pattern],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    fields = done.stdout.decode("utf-8", "replace").split("\n")
    if done.returncode != 0 or len(fields) != 4 or not fields[0]:
        return None
    index = int(fields[1]) if fields[1].isdigit() else 0
    return fields[0], index, fields[2].split(","), fields[3].split("|")
