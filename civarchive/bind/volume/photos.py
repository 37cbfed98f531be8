"""Photos and video key frames in a volume: a grid of pictures, each with its caption below."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu
from docx.table import _Cell

from civarchive.bind.docx import TEXT_WIDTH_CM, Column, DocumentBuilder
from civarchive.bind.models import Item
from civarchive.bind.thumbs import Picture
from civarchive.bind.volume.text import date_text, duration_text, media_format_text, size_text
from civarchive.kinds import Kind

CAPTION_PT = 10.5
"""Captions are 五号 (the 照片说明 style)."""


def write_picture_grid(
    builder: DocumentBuilder,
    cells: Sequence[tuple[Item, Picture]],
    columns: int,
    box: tuple[float, float],
) -> None:
    """One table for the pictures of a page: ``columns`` per row, each picture within
    ``box`` (width, height in pt) and its caption below, rows never split over pages."""
    if not cells:
        return
    width = TEXT_WIDTH_CM / columns
    box_w, box_h = box[0] / 72 * 2.54, box[1] / 72 * 2.54
    table = builder.table([Column("", width)] * columns, header=False)
    for start in range(0, len(cells), columns):
        row, _ = builder.row(table, [""] * columns, [width] * columns)
        for cell, (item, picture) in zip(row.cells, cells[start : start + columns], strict=False):
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
    """The description of a photo (DA/T 50), a video's key frame or a recording (DA/T 78):
    档号 with the 照片号 beside it, 题名, 时间 and 地点, for video and audio 时长, 格式,
    分辨率 and 大小, then 人物, 背景 (内容), 摄影者 (摄制者, 录制者). An element with no value
    is left out, never printed empty; dates read 2023年5月12日 everywhere."""
    caption = item.caption
    ev = item.evidence
    media = item.kind in (Kind.VIDEO, Kind.AUDIO)
    head = f"档号：{item.code}"
    if item.photo_number:
        head += f"　照片号：{item.photo_number}"
    lines = [head, _element("题名", item.title)]
    lines.append(
        _joined(("时间", date_text(item.date)), ("地点", caption.place if caption else None))
    )
    if media:
        size = (
            f"{ev.width}×{ev.height}" if item.kind == Kind.VIDEO and ev.width and ev.height else ""
        )
        # Two short lines: under a picture the caption is as narrow as the picture.
        lines.append(
            _joined(
                ("时长", duration_text(ev.duration_seconds)),
                ("格式", media_format_text(ev.format, ev.codec)),
            )
        )
        lines.append(_joined(("分辨率", size), ("大小", size_text(ev.size) if ev.size else "")))
    maker = {Kind.VIDEO: "摄制者", Kind.AUDIO: "录制者"}.get(item.kind, "摄影者")
    lines += [
        _element("人物", caption.people if caption else None),
        _element("内容" if media else "背景", caption.background if caption else None),
        _element(maker, item.photographer),
    ]
    return [line for line in lines if line]


def _element(label: str, value: str | None) -> str:
    return f"{label}：{value}" if value else ""


def _joined(*elements: tuple[str, str | None]) -> str:
    return "　".join(text for text in (_element(k, v) for k, v in elements) if text)
