"""A Volume as a DOCX dossier: 封面, 目录, 卷内目录, the indicators' evidence, 备考表.

One module per part: ``cover``, ``contents`` (目录), ``item_table`` (卷内目录), ``plan``
(every page of the body, decided before anything is written) and ``body`` (the body
written from its plan), ``photos`` (picture grids and captions), ``record`` (备考表);
``forms``, ``measure`` and ``text`` are shared by them. All write through
``civarchive.bind.docx.DocumentBuilder``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from civarchive.bind.docx import DocumentBuilder, PageNumbers
from civarchive.bind.models import Volume
from civarchive.bind.volume.body import write_body
from civarchive.bind.volume.contents import toc_entries, write_contents
from civarchive.bind.volume.cover import write_cover
from civarchive.bind.volume.front import (
    AssessmentRow,
    FrontDocument,
    write_assessment,
    write_front_documents,
)
from civarchive.bind.volume.item_table import write_item_table
from civarchive.bind.volume.plan import BodyPlan, EvidenceOptions, is_document, plan_body
from civarchive.bind.volume.record import write_record

__all__ = ["BodyPlan", "EvidenceOptions", "is_document", "plan_body", "write_volume"]


def write_volume(
    volume: Volume,
    plan: BodyPlan,
    target: Path,
    *,
    when: dt.datetime,
    final: bool = False,
    assessment: Sequence[AssessmentRow] = (),
    front: Sequence[FrontDocument] = (),
) -> None:
    """Write ``volume`` with the body ``plan`` to the DOCX file ``target`` (atomically;
    identical input, identical bytes). ``when`` is the fixed time the properties carry;
    ``final`` makes the 迎检版 (no gap lines in the 备考表 either). ``assessment`` (the
    自评表) and the ``front`` documents, given for a single volume (``--per all``), stand
    after the 卷内目录, unnumbered like it.

    Three sections: 封面, 目录 and 卷内目录 unnumbered; the body numbered from 1
    (「— 1 —」, odd pages right, even left, GB/T 9704); the 备考表 unnumbered.
    """
    if volume.paging is None:  # a volume on its own: the first and only one
        volume = replace(volume, paging=plan.paging(1, 1))
    single = volume.title == volume.spec_title
    builder = DocumentBuilder.create(
        title=volume.title if single else f"{volume.spec_title}（{volume.title}）",
        subject=volume.spec_title,
        author=volume.unit,
        company=volume.unit,
        when=when,
    )
    entries = toc_entries(volume, plan.marks)
    marks = {entry.key: entry for entry in entries}
    builder.page_numbers(PageNumbers.NONE)
    write_cover(builder, volume)
    builder.page_break()
    write_contents(builder, entries)
    builder.page_break()
    write_item_table(builder, volume, marks)
    if assessment:
        builder.page_break()
        write_assessment(builder, assessment)
    write_front_documents(builder, front)
    builder.new_section(PageNumbers.OUTSIDE, restart_at=1)
    write_body(builder, plan, marks)
    builder.new_section(PageNumbers.NONE)
    write_record(builder, volume, marks, final=final)
    builder.save(target)
