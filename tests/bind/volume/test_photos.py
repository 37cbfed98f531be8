"""Photos and key frames: pictures upright and print-sized, captions under them, aligned."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from PIL import Image

from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
    docx_text,
)


def test_photos_and_key_frames_are_images_with_captions(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    volume = docx.Document(out / VOLUME_1)
    grids = [t for t in volume.tables if t._cells and t._cells[0]._tc.xpath(".//w:drawing")]
    in_grids = sum(len(t._tbl.xpath(".//w:drawing")) for t in grids)
    assert in_grids == 5  # 4 photos + 1 video key frame, besides the documents' 4 pages
    text = docx_text(volume)
    for expected in (
        "档号：J012-1-0003\n题名：学习活动1\n时间：2023年3月1日　地点：机关会议室\n"
        "人物：全体干部\n摄影者：李四",
        # No caption, no EXIF: only what is known; never 「时间：　地点：」 or an empty 摄影者.
        "档号：J012-1-0006\n题名：手机\n时间：2023年4月1日\n",
        "档号：J012-1-0007\n题名：宣讲\n时间：2023年5月1日\n"
        "时长：00:00:03　格式：MP4（MPEG-4）\n分辨率：320×240　大小：",
    ):
        assert expected in text
    grids = [t for t in volume.tables if t._cells[0]._tc.xpath(".//w:drawing")]
    captions = "\n".join(cell.text for grid in grids for cell in grid._cells)
    assert "题名：学习活动1" in captions
    assert "位置：" not in captions  # a file's path is in the catalog, not under its picture
    assert "地点：\n" not in text
    assert "时间：　" not in text
    # The photo with EXIF orientation 6 is embedded upright: the only portrait picture.
    with zipfile.ZipFile(out / VOLUME_1) as archive:
        sizes = [
            Image.open(io.BytesIO(archive.read(n))).size
            for n in archive.namelist()
            if n.startswith("word/media/")
        ]
    sizes = [s for s in sizes if max(s) <= 1200]  # not the documents' A4 pages
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
    extent = cell._tc.xpath(".//wp:extent")[0]
    picture_cm = int(extent.get("cx")) / 360000
    caption = cell.paragraphs[1]
    assert caption.text.startswith("档号：")
    content = TEXT_WIDTH_CM - 0.2  # the cell minus its 0.1 cm margins
    assert caption.paragraph_format.left_indent.cm == pytest.approx(
        (content - picture_cm) / 2, abs=0.02
    )


def test_caption_lines_put_the_photo_number_beside_the_code_and_the_exif_artist() -> None:
    from civarchive.bind.models import Item
    from civarchive.bind.volume.photos import caption_lines
    from civarchive.kinds import Kind
    from civarchive.scan.models import Caption, Evidence

    evidence = Evidence(path="a.jpg", kind=Kind.PHOTO, size=1, mtime_ns=0, artist="王摄影")
    caption = Caption(title="植树", place="后院", number="ZP-0012", sheet="captions.csv")
    item = Item(
        number=1,
        code="J012-WS·2023-Y-xcb-0001",
        doc_number="",
        responsible="宣传部",
        title="植树",
        date="",
        pages=1,
        kind=Kind.PHOTO,
        path="a.jpg",
        indicator="1.1",
        requirement="照片",
        retention="永久",
        evidence=evidence,
        caption=caption,
        photographer="王摄影",
    )
    assert caption_lines(item) == [
        "档号：J012-WS·2023-Y-xcb-0001　照片号：ZP-0012",
        "题名：植树",
        "地点：后院",
        "摄影者：王摄影",
    ]
