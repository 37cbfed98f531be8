"""How much room text takes on the page, estimated from above, so a planned page always fits.

The volume's styles fix every line's height (exact 22 or 25 pt; single-spaced text is
counted at 1.5 × its size, above what Noto CJK (1.45) and 宋体 (1.3) need). What is
estimated is the number of lines a text wraps to: every CJK character takes a full em,
every other one 0.62 em (Times New Roman averages ~0.5), two characters of every line are
left for line-breaking rules (a 「，」 never starts a line), and a wrapped text gets one line
more. So the estimate only errs on the high side; the pages are planned with ``PAGE_PT``,
a further 8 % below the real text height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from civarchive.bind.docx import TEXT_HEIGHT_PT, TEXT_WIDTH_CM

TEXT_WIDTH_PT = TEXT_WIDTH_CM / 2.54 * 72
PAGE_PT = TEXT_HEIGHT_PT * 0.92
"""The height a planned page may fill (the text area is 637.8 pt)."""
SINGLE_SPACING = 1.5
"""Line height of single-spaced text, in ems (counted high on purpose)."""
_NARROW_EM = 0.62
_SPARE_CHARS = 2


class Role(Enum):
    """What a paragraph of the body is, which fixes its style and the room it takes."""

    CATEGORY = "category"
    INDICATOR = "indicator"
    REQUIREMENT = "requirement"
    FACT = "fact"
    GAP = "gap"
    NOTE = "note"
    ITEM = "item"
    RUNNING = "running"
    DETAIL = "detail"
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class Metrics:
    """A style's font size, line height and space before and after, in points."""

    size: float
    line: float
    before: float = 0.0
    after: float = 0.0


# Mirrors civarchive.bind.docx.styles (Heading 1 is single-spaced 小二 with 12/6 pt around;
# Heading 2 and 3, 缺项 and Normal exact 25 pt; 证据条目 exact 22 pt).
METRICS: dict[Role, Metrics] = {
    Role.CATEGORY: Metrics(18.0, 18.0 * SINGLE_SPACING, 12.0, 6.0),
    Role.INDICATOR: Metrics(16.0, 25.0, 12.0),
    Role.REQUIREMENT: Metrics(14.0, 25.0, 6.0),
    Role.FACT: Metrics(14.0, 22.0),
    Role.GAP: Metrics(14.0, 25.0),
    Role.NOTE: Metrics(14.0, 22.0),
    Role.ITEM: Metrics(14.0, 22.0),
    Role.RUNNING: Metrics(14.0, 22.0),
    Role.DETAIL: Metrics(14.0, 22.0),
    Role.PLAIN: Metrics(16.0, 25.0),
}


def lines(text: str, size: float, width: float = TEXT_WIDTH_PT) -> int:
    """Lines ``text`` (hard line breaks allowed) wraps to at ``size`` pt in ``width`` pt."""
    return sum(_wrapped(part, size, width) for part in text.split("\n"))


def _wrapped(text: str, size: float, width: float) -> int:
    advance = sum(size if _wide(c) else size * _NARROW_EM for c in text)
    room = max(size, width - _SPARE_CHARS * size)
    count = max(1, math.ceil(advance / room))
    return count + 1 if count > 1 else count


def _wide(char: str) -> bool:
    return ord(char) >= 0x2E80


def height(role: Role, text: str, width: float = TEXT_WIDTH_PT) -> float:
    """Points a paragraph of ``role`` holding ``text`` takes, spacing included."""
    metrics = METRICS[role]
    return metrics.before + metrics.after + metrics.line * lines(text, metrics.size, width)


def single_height(text: str, size: float, width: float) -> float:
    """Points single-spaced text of ``size`` pt takes in ``width`` pt (tables, captions)."""
    return size * SINGLE_SPACING * lines(text, size, width)


def split_text(text: str, size: float, width: float, max_lines: int) -> list[str]:
    """``text`` cut into pieces that each wrap to at most ``max_lines`` lines (≥ 1 char each)."""
    room = max(size, width - _SPARE_CHARS * size)
    # A piece that wraps counts one line more (``_wrapped``): fill max_lines - 1 lines.
    budget = room * max(1, max_lines - 1)
    pieces: list[str] = []
    current: list[str] = []
    used = 0.0
    for char in text:
        advance = room if char == "\n" else size if _wide(char) else size * _NARROW_EM
        if current and used + advance > budget:
            pieces.append("".join(current))
            current, used = [], 0.0
        current.append(char)
        used += advance
    if current or not pieces:
        pieces.append("".join(current))
    return pieces
