"""总目录.docx: the 自评表, the 分册目录, each volume's indicators (working copy), the front documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from civarchive.bind.docx import Column, DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.volume.front import (
    AssessmentRow,
    FrontDocument,
    write_assessment,
    write_front_documents,
    write_volume_list,
)

STATUS_COLUMNS = (
    Column("编号", 1.6),
    Column("指标", 6.4),
    Column("完成情况", 2.4),
    Column("件数", 1.4),
    Column("缺项", 3.8),
)


def write_index(
    volumes: list[Volume],
    target: Path,
    *,
    unit: str,
    spec_title: str,
    when: dt.datetime,
    assessment: Sequence[AssessmentRow] = (),
    front: Sequence[FrontDocument] = (),
    final: bool = False,
) -> None:
    """Write 总目录 to ``target`` (atomically, reproducibly): the title block, the 测评体系对照表
    (自评表) from ``assessment``, the 分册目录, in the working copy each volume's indicators
    with their status and gaps, then the ``front`` documents, each from a new page."""
    builder = DocumentBuilder.create(
        title=f"{spec_title}（总目录）", subject=spec_title, author=unit, company=unit, when=when
    )
    styles = builder.styles
    builder.paragraph(unit, styles.title)
    builder.paragraph(spec_title, styles.title)
    builder.paragraph("总目录", styles.title)
    if assessment:
        write_assessment(builder, assessment)
    write_volume_list(builder, volumes, final=final)
    if not final:
        _write_status(builder, volumes)
    write_front_documents(builder, front)
    builder.save(target)


def _write_status(builder: DocumentBuilder, volumes: list[Volume]) -> None:
    """Per volume, each indicator's status, count and gaps: the materials group's checklist."""
    widths = [w for _, w in STATUS_COLUMNS]
    for number, volume in enumerate(volumes, start=1):
        # The stem already starts with the category id ("1 组织领导"): no second number.
        builder.paragraph(
            volume.file_stem if volume.file_stem[:1].isdigit() else f"{number}. {volume.file_stem}",
            builder.styles.heading2,
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
                widths,
            )
