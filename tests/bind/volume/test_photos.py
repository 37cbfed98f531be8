"""Photos and key frames: pictures upright and print-sized, captions under them, aligned."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from tests.bind.conftest import (
    IND_11,
    VOLUME_1,
    Bundle,
    docx_text,
)


def test_photos_and_key_frames_are_images_with_captions(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    assert len(volume.inline_shapes) == 5  # 4 photos + 1 video key frame
    text = docx_text(volume)
    for expected in (
        "照片号：J012-1-0003",
        "题名：学习活动1",
        "时间：2023-03-01　地点：机关会议室",
        "人物：全体干部",
        "摄影者：李四",
        "时长：0:03　分辨率：320×240",
        f"位置：{IND_11}/照片/手机.heic",
    ):
        assert expected in text
    # The photo with EXIF orientation 6 is embedded upright: the only portrait picture.
    with zipfile.ZipFile(out / VOLUME_1) as archive:
        sizes = [
            Image.open(io.BytesIO(archive.read(n))).size
            for n in archive.namelist()
            if n.startswith("word/media/")
        ]
    assert len(sizes) == 5
    assert sum(1 for w, h in sizes if h > w) == 1
    assert (
        max(
            len(zipfile.ZipFile(out / VOLUME_1).read(n))
            for n in zipfile.ZipFile(out / VOLUME_1).namelist()
            if n.startswith("word/media/")
        )
        < 250_000
    )


def test_photo_captions_align_with_the_picture(bound: tuple[Bundle, Path]) -> None:
    from civarchive.bind.docx import TEXT_WIDTH_CM

    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    grid = next(t for t in volume.tables if t._cells[0]._tc.xpath(".//w:drawing"))
    cell = grid.rows[0].cells[0]
    picture = volume.inline_shapes[0]
    caption = cell.paragraphs[1]
    assert caption.text.startswith("照片号：")
    content = TEXT_WIDTH_CM - 0.2  # the cell minus its 0.1 cm margins
    assert caption.paragraph_format.left_indent.cm == pytest.approx(
        (content - picture.width.cm) / 2, abs=0.02
    )
