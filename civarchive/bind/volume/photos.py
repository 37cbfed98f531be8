"""Photos and video key frames in a volume: a grid of pictures, each with its caption below."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu
from docx.table import _Cell

from civarchive.bind.docx import TEXT_WIDTH_CM, Column, DocumentBuilder
from civarchive.bind.models import Item
from civarchive.bind.thumbs import Picture
from civarchive.bind.volume.text import date_text, duration_text
from civarchive.kinds import Kind

# Picture box (width, height) in cm per --photos-per-page, leaving room for the caption.
PICTURE_BOX: dict[int, tuple[float, float]] = {1: (15.0, 15.5), 2: (15.0, 7.0), 4: (7.2, 5.4)}


def write_picture_grid(
    builder: DocumentBuilder, run: Sequence[tuple[Item, Picture]], photos_per_page: int
) -> None:
    """One table for consecutive pictures: a column (two for 4 per page) per picture, a row
    each that never splits, so a picture and its caption stay on one page."""
    if not run:
        return
    columns = 2 if photos_per_page == 4 else 1
    box_w, box_h = PICTURE_BOX[photos_per_page]
    width = TEXT_WIDTH_CM / columns
    table = builder.table([Column("", width)] * columns, header=False)
    for start in range(0, len(run), columns):
        row, _ = builder.row(table, [""] * columns, [width] * columns)
        for cell, (item, picture) in zip(row.cells, run[start : start + columns], strict=False):
            _picture_cell(builder, cell, item, picture, box_w, box_h)


def _picture_cell(
    builder: DocumentBuilder, cell: _Cell, item: Item, picture: Picture, box_w: float, box_h: float
) -> None:
    paragraph = cell.paragraphs[0]
    builder.set_style(paragraph, builder.styles.caption)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    builder.bookmark(paragraph, item.bookmark, item.number)
    scale = min(Cm(box_w) / picture.width, Cm(box_h) / picture.height)
    shown_width = int(picture.width * scale)
    builder.picture(paragraph, picture.path, Emu(shown_width), Emu(int(picture.height * scale)))
    # One paragraph, a line break per field (python-docx turns "\n" into w:br), starting
    # under the picture's left edge rather than at the cell border.
    caption = builder.cell_paragraph(cell, style=builder.styles.caption)
    content_width = builder.cell_content_width(cell, Cm(box_w))
    caption.paragraph_format.left_indent = Emu(max(0, (content_width - shown_width) // 2))
    caption.add_run("\n".join(caption_lines(item)))


def caption_lines(item: Item) -> list[str]:
    """The caption under a photo (DA/T 50 elements) or a video's key frame."""
    caption = item.caption
    ev = item.evidence
    if item.kind == Kind.VIDEO:
        lines = [f"档号：{item.code}", f"题名：{item.title}"]
        size = f"{ev.width}×{ev.height}" if ev.width and ev.height else "未知"
        lines.append(f"时长：{duration_text(ev.duration_seconds)}　分辨率：{size}")
    else:
        lines = [f"照片号：{item.photo_number}", f"题名：{item.title}"]
    when = (caption.date if caption and caption.date else None) or date_text(item.date)
    place = caption.place if caption else None
    lines.append(f"时间：{when or ''}" + (f"　地点：{place}" if place else ""))
    if caption and caption.people:
        lines.append(f"人物：{caption.people}")
    if caption and caption.background:
        lines.append(f"背景：{caption.background}")
    # Only a caption names the photographer; the unit is not one (leave the field to fill in).
    lines.append(f"摄影者：{caption.photographer if caption and caption.photographer else ''}")
    lines.append(f"位置：{item.shown_path}")
    return lines
