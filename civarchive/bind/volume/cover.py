"""The volume's 封面: the title block centred in large type, the register table low on the page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from docx.shared import Pt

from civarchive.bind.docx import TEXT_HEIGHT_PT, TEXT_WIDTH_CM, DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.volume.forms import FORM_PT, write_form
from civarchive.bind.volume.text import date_text, text_width_em

# Room above the title block and between it and the register table, which then sits in the
# lower half of the page; both shrink when long titles need the room (cover_layout).
COVER_TOP_PT = 75.0
COVER_GAP_PT = 72.0
COVER_WIDTHS = (3.2, 10.8)
COVER_ROW_CM = 1.0
XIAOER_PT, ERHAO_PT, YIHAO_PT = 18.0, 22.0, 26.0  # 小二, 二号, 一号


@dataclass(frozen=True, slots=True)
class CoverLayout:
    """What the 封面 shows and the two spaces that place it on one page."""

    titles: list[tuple[str, float]]
    """(text, size in pt), top to bottom."""
    rows: list[tuple[str, str]]
    """The register table: (label, value)."""
    top_pt: float
    gap_pt: float


def cover_layout(volume: Volume) -> CoverLayout:
    """The cover's content, with spaces shrunk so that long titles still fit one page."""
    # A single volume (--per all) is titled after the spec: say it once, not twice.
    single = volume.title == volume.spec_title
    titles = [(volume.unit, XIAOER_PT)]
    titles += [] if single else [(volume.spec_title, ERHAO_PT)]
    titles.append((volume.title, YIHAO_PT))
    rows = [
        ("立档单位", volume.unit),
        ("案卷题名", volume.title if single else f"{volume.spec_title}（{volume.title}）"),
        ("起止日期", dates_text(volume)),
        ("保管期限", volume.retention),
        ("密级", volume.secrecy),
        ("档号", _code_range(volume)),
        ("件数", f"{len(volume.items)} 件"),
        ("页数", f"{volume.paging.total} 页" if volume.paging else ""),
        ("册次", volume.paging.volume_label if volume.paging else ""),
        ("立卷日期", date_text(volume.bind_date.strftime("%Y%m%d"))),
    ]
    text_width = TEXT_WIDTH_CM / 2.54 * 72
    # Title lines are set at twice their size; the Title style adds 12 pt above and below.
    titles_pt = 24 + sum(2 * size * _lines(text, size, text_width) for text, size in titles)
    value_width = (COVER_WIDTHS[1] - 0.2) / 2.54 * 72
    row_pt = COVER_ROW_CM / 2.54 * 72
    # A wrapped value line of 四号 CJK text takes ~1.45 × 14 pt; 1 pt per border.
    table_pt = sum(
        max(row_pt, 1.45 * FORM_PT * _lines(value, FORM_PT, value_width)) + 1 for _, value in rows
    )
    free = TEXT_HEIGHT_PT - titles_pt - table_pt - 36  # 36 pt of margin for error
    gap = max(12.0, min(COVER_GAP_PT, free - COVER_TOP_PT))
    top = max(0.0, min(COVER_TOP_PT, free - gap))
    return CoverLayout(titles, rows, round(top, 1), round(gap, 1))


def write_cover(builder: DocumentBuilder, volume: Volume) -> None:
    """封面 (one page)."""
    layout = cover_layout(volume)
    builder.spacer(layout.top_pt)
    for text, size in layout.titles:
        line = builder.paragraph(style=builder.styles.title)
        line.add_run(text).font.size = Pt(size)
        # The Title style's contextual spacing packs same-style lines; give each air.
        line.paragraph_format.line_spacing = Pt(size * 2)
    builder.spacer(layout.gap_pt)
    write_form(builder, layout.rows, widths=COVER_WIDTHS, row_height=COVER_ROW_CM)


def _code_range(volume: Volume) -> str:
    """档号起止 on one line when it fits the register's value cell, else broken after the
    dash, so that no 档号 is split (a DA/T 22 档号 is some 23 characters)."""
    text = volume.code_range
    width = (COVER_WIDTHS[1] - 0.2) / 2.54 * 72
    if " — " in text and text_width_em(text) * FORM_PT > width:
        return text.replace(" — ", " —\n", 1)
    return text


def dates_text(volume: Volume) -> str:
    """起止日期: the earliest and the latest dated 件 (not the spec's period), or "" when none
    is dated: 2021年3月1日至2023年5月2日."""
    span = volume.date_range
    if span is None:
        return ""
    first, last = (date_text(d) for d in span)
    return first if first == last else f"{first}至{last}"


def _lines(text: str, size: float, width: float) -> int:
    """Lines ``text`` takes at ``size`` pt in ``width`` pt: CJK full width, the rest ~half."""
    advance = sum(size if ord(c) >= 0x2E80 else size * 0.55 for c in text)
    return max(1, math.ceil(advance / width))
