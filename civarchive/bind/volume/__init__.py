"""A Volume as a DOCX dossier: 封面, 目录, 卷内目录, the indicators' evidence, 备考表.

One module per part: ``cover``, ``contents`` (目录), ``item_table`` (卷内目录),
``evidence`` and ``photos`` (the body), ``record`` (备考表); ``forms`` and ``text`` are
shared by them. All write through ``civarchive.bind.docx.DocumentBuilder``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from civarchive.bind.docx import DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.volume.contents import category_heading, mark, toc_entries, write_contents
from civarchive.bind.volume.cover import write_cover
from civarchive.bind.volume.evidence import EvidenceOptions, PictureLookup, write_section
from civarchive.bind.volume.item_table import write_item_table
from civarchive.bind.volume.record import write_record

__all__ = ["EvidenceOptions", "PictureLookup", "write_volume"]


def write_volume(
    volume: Volume, target: Path, *, options: EvidenceOptions, when: dt.datetime
) -> None:
    """Write ``volume`` to the DOCX file ``target`` (atomically; identical input, identical
    bytes). ``when`` is the fixed time the document's properties carry."""
    single = volume.title == volume.spec_title
    builder = DocumentBuilder.create(
        title=volume.title if single else f"{volume.spec_title}（{volume.title}）",
        subject=volume.spec_title,
        author=volume.unit,
        company=volume.unit,
        when=when,
    )
    entries = toc_entries(volume)
    marks = {entry.key: entry for entry in entries}
    write_cover(builder, volume)
    builder.page_break()
    write_contents(builder, entries)
    builder.page_break()
    write_item_table(builder, volume, marks)
    for part in volume.categories:
        builder.page_break()
        heading = builder.paragraph(category_heading(part.id, part.title), builder.styles.heading1)
        mark(builder, heading, marks, f"category:{part.id}")
        if not part.sections:
            builder.paragraph("（本测评项目无指标）")
        for section in part.sections:
            write_section(builder, section, marks, options)
    builder.page_break()
    write_record(builder, volume, marks)
    builder.save(target)
