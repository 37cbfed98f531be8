"""The volume's 备考表: counts, gaps, exceptions in writing, and who compiled and checked it."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm
from docx.table import _Cell

from civarchive.bind.docx import DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.volume.contents import Marks, outline_title
from civarchive.bind.volume.forms import write_form
from civarchive.bind.volume.text import date_text, reason_label
from civarchive.kinds import Kind

RECORD_WIDTHS = (3.2, 12.4)
RECORD_ROW_CM = 1.2
RECORD_NOTE_CM = 12.0  # the 情况说明 box


def write_record(
    builder: DocumentBuilder, volume: Volume, marks: Marks, *, final: bool = False
) -> None:
    """备考表: 情况说明 (counts, every gap, waivers, 不适用 indicators, files counted toward
    nothing by reason, undated 件), 整理人/日期, 检查人/日期. The final copy (迎检版) states
    no gaps: each is explained where its evidence would stand."""
    outline_title(builder, "备考表", marks, "record")
    day = date_text(volume.bind_date.strftime("%Y%m%d"))
    rows = [
        ("情况说明", summary_text(volume, final=final)),
        ("整理人", volume.compiler),
        ("整理日期", day),
        ("检查人", volume.checker),
        ("检查日期", day if volume.checker else ""),
    ]
    table = write_form(builder, rows, widths=RECORD_WIDTHS, row_height=RECORD_ROW_CM)
    # 情况说明 is the form's large box, as on the printed 备考表; it lists the gaps and the
    # exceptions too and may run onto the next page when there are many, so this row may split.
    note = table.rows[0]
    note.height = Cm(RECORD_NOTE_CM)
    builder.allow_row_split(note)
    box = note.cells[1]
    box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for gap in () if final else volume.gaps:
        builder.cell_paragraph(box, gap, builder.styles.gap)
    _write_exceptions(builder, box, volume)


def summary_text(volume: Volume, *, final: bool = False) -> str:
    """本卷共 8 件（52 页）：文件 2 件，照片 4 张，视频 1 个，音频 1 个；缺项 1 处。 (The final
    copy leaves the gap count out.)"""
    documents = volume.count(Kind.DOCUMENT)
    pages = f"（{volume.paging.total} 页）" if volume.paging is not None else ""
    return (
        f"本卷共 {len(volume.items)} 件{pages}：文件 {documents} 件，"
        f"照片 {volume.count(Kind.PHOTO)} 张，视频 {volume.count(Kind.VIDEO)} 个，"
        f"音频 {volume.count(Kind.AUDIO)} 个"
        + ("。" if final else f"；缺项 {len(volume.gaps)} 处。")
    )


def exception_lines(volume: Volume) -> list[tuple[str, list[str]]]:
    """The exceptions the volume explains in writing, as (heading, lines), empty groups left
    out: waived requirements with their reasons, not-applicable indicators with their notes,
    the files that count toward nothing by reason, the 件 without a date."""
    groups: list[tuple[str, list[str]]] = []
    waived = [
        f"{section.indicator_id} {block.what}：{block.waiver}"
        for section in volume.sections
        for block in section.waived
    ]
    groups.append(("经批准的例外（豁免）", waived))
    not_applicable = [
        f"{s.title}：{s.note or '本指标不适用'}" for s in volume.sections if s.status == "不适用"
    ]
    groups.append(("不适用的指标", not_applicable))
    by_reason: dict[str, list[str]] = {}
    for excluded in volume.excluded:
        waiver = f"（已豁免：{excluded.waiver}）" if excluded.waiver else ""
        by_reason.setdefault(reason_label(excluded.code), []).append(f"{excluded.path}{waiver}")
    for label, lines in by_reason.items():
        groups.append((f"未计入的文件：{label}（{len(lines)} 个）", lines))
    undated = [f"{item.number}. {item.title}（{item.code}）" for item in volume.undated]
    groups.append(("尚无日期的件（档号暂不含年度，注明日期后补）", undated))
    return [(heading, lines) for heading, lines in groups if lines]


def _write_exceptions(builder: DocumentBuilder, box: _Cell, volume: Volume) -> None:
    for heading, lines in exception_lines(volume):
        builder.cell_paragraph(box, style=builder.styles.table_text).add_run(heading).bold = True
        for line in lines:
            builder.cell_paragraph(box, line, builder.styles.table_text)
