"""总目录.docx: every volume with its 档号 range and counts, then each volume's indicators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from civarchive.bind.docx import Column, DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.kinds import Kind

VOLUME_COLUMNS = (
    Column("序号", 1.0),
    Column("卷名", 3.6),
    Column("档号起止", 4.2),
    Column("件数", 1.2),
    Column("页数", 1.2),
    Column("照片", 1.2),
    Column("视频", 1.2),
    Column("缺项", 2.0),
)
STATUS_COLUMNS = (
    Column("编号", 1.6),
    Column("指标", 6.4),
    Column("完成情况", 2.4),
    Column("件数", 1.4),
    Column("缺项", 3.8),
)


def write_index(
    volumes: list[Volume], target: Path, *, unit: str, spec_title: str, when: dt.datetime
) -> None:
    """Write 总目录 to ``target`` (atomically, reproducibly)."""
    builder = DocumentBuilder.create(
        title=f"{spec_title}（总目录）", subject=spec_title, author=unit, company=unit, when=when
    )
    styles = builder.styles
    builder.paragraph(unit, styles.title)
    builder.paragraph(spec_title, styles.title)
    builder.paragraph("总目录", styles.title)
    widths = [w for _, w in VOLUME_COLUMNS]
    table = builder.table(VOLUME_COLUMNS)
    for number, volume in enumerate(volumes, start=1):
        builder.row(
            table,
            [
                str(number),
                volume.file_stem,
                volume.code_range,
                str(len(volume.items)),
                str(volume.pages),
                str(volume.count(Kind.PHOTO)),
                str(volume.count(Kind.VIDEO)),
                str(len(volume.gaps)),
            ],
            widths,
        )
    status_widths = [w for _, w in STATUS_COLUMNS]
    for number, volume in enumerate(volumes, start=1):
        # The stem already starts with the category id ("1 组织领导"): no second number.
        builder.paragraph(
            volume.file_stem if volume.file_stem[:1].isdigit() else f"{number}. {volume.file_stem}",
            styles.heading2,
        )
        table = builder.table(STATUS_COLUMNS)
        for section in volume.sections:
            builder.row(
                table,
                [
                    section.indicator_id,
                    section.heading,
                    section.status,
                    str(len(section.items)),
                    "；".join(section.gaps),
                ],
                status_widths,
            )
    builder.save(target)
