"""The volume's 备考表: counts, gaps, and who compiled and checked it."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm

from civarchive.bind.docx import DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.volume.contents import Marks, outline_title
from civarchive.bind.volume.forms import write_form
from civarchive.kinds import Kind

RECORD_WIDTHS = (3.2, 12.4)
RECORD_ROW_CM = 1.2
RECORD_NOTE_CM = 12.0  # the 情况说明 box


def write_record(builder: DocumentBuilder, volume: Volume, marks: Marks) -> None:
    """备考表: 情况说明 (counts, then every gap), 整理人/日期, 检查人/日期."""
    outline_title(builder, "备考表", marks, "record")
    documents = [i for i in volume.items if i.kind == Kind.DOCUMENT]
    pages = sum(i.pages or 0 for i in documents)
    summary = (
        f"本卷共 {len(volume.items)} 件：文件 {len(documents)} 件（{pages} 页），"
        f"照片 {volume.count(Kind.PHOTO)} 张，视频 {volume.count(Kind.VIDEO)} 个，"
        f"音频 {volume.count(Kind.AUDIO)} 个；缺项 {len(volume.gaps)} 处。"
    )
    rows = [
        ("情况说明", summary),
        ("整理人", volume.compiler),
        ("整理日期", volume.bind_date.isoformat()),
        ("检查人", volume.checker),
        ("检查日期", volume.bind_date.isoformat() if volume.checker else ""),
    ]
    table = write_form(builder, rows, widths=RECORD_WIDTHS, row_height=RECORD_ROW_CM)
    # 情况说明 is the form's large box, as on the printed 备考表; it lists the gaps too and
    # may run onto the next page when there are many, so this one row may split.
    note = table.rows[0]
    note.height = Cm(RECORD_NOTE_CM)
    builder.allow_row_split(note)
    box = note.cells[1]
    box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for gap in volume.gaps:
        builder.cell_paragraph(box, gap, builder.styles.gap)
