"""The volume's body: per indicator its heading and facts, per requirement its evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from civarchive.bind.docx import DocumentBuilder
from civarchive.bind.models import Item, RequirementBlock, Section
from civarchive.bind.thumbs import Picture, PictureFailure, PictureResult
from civarchive.bind.volume.contents import Marks, mark
from civarchive.bind.volume.explain import write_explanation
from civarchive.bind.volume.photos import caption_lines, write_picture_grid
from civarchive.bind.volume.text import chinese_number, date_text, reason_label
from civarchive.kinds import KIND_LABELS_ZH, Kind

MAX_EMBED_BYTES = 50 * 1024 * 1024

PictureLookup = Callable[[Item], PictureResult | None]


@dataclass(frozen=True, slots=True)
class EvidenceOptions:
    """What the body needs besides the volume: where the files are and how to show them."""

    root: Path
    """The archive the items' paths are relative to."""
    pictures: PictureLookup
    """The print-sized picture (or why there is none) of a photo or video item."""
    photos_per_page: int = 2
    embed_documents: bool = False
    """Merge each DOCX document's content after its card."""


def write_section(
    builder: DocumentBuilder, section: Section, marks: Marks, options: EvidenceOptions
) -> None:
    """An indicator: heading, 测评内容/方法, 责任人, 完成情况, then its requirements' evidence
    (or its 情况说明 when not applicable)."""
    heading = builder.paragraph(section.heading, builder.styles.heading2)
    mark(builder, heading, marks, f"indicator:{section.indicator_id}")
    facts = [
        ("测评内容", section.content),
        ("测评方法", section.method),
        ("责任人", section.owner),
        ("完成情况", section.status),
    ]
    for label, value in facts:
        if value:
            paragraph = builder.paragraph(style=builder.styles.item)
            # Heading and facts move to the next page together, never a bare heading.
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(f"{label}：").bold = True
            paragraph.add_run(value)
    if section.note is not None or section.status == "不适用":
        write_explanation(builder, f"本指标不适用。{section.note or ''}")
        return
    for index, block in enumerate(section.requirements, start=1):
        _write_requirement(builder, index, block, options)
    if section.excluded:
        # So that 「现有 0 张」 never stands unexplained beside a photo that was left out.
        counts = Counter(reason_label(e.code) for e in section.excluded)
        reasons = "、".join(f"{label} {n}" for label, n in counts.items())
        builder.paragraph(
            f"另有 {len(section.excluded)} 个文件未计入（{reasons}），见备考表。",
            builder.styles.item,
        )


def _write_requirement(
    builder: DocumentBuilder, index: int, block: RequirementBlock, options: EvidenceOptions
) -> None:
    unit = (
        "张"
        if block.kind == "photo"
        else "份"
        if block.kind == "document"
        else "个"
        if block.kind in ("video", "audio")
        else "件"
    )
    need = f"每年{block.min} {unit}" if block.per_year else f"{block.min} {unit}"
    builder.paragraph(
        f"（{chinese_number(index)}）{block.what}（要求{need}，现有 {block.count} {unit}）",
        builder.styles.heading3,
    )
    if block.waiver:
        # Explained in writing where the evidence would stand (design §6), not a gap.
        write_explanation(builder, block.waiver)
    elif block.gap:
        gap = builder.paragraph(block.gap, builder.styles.gap)
        gap.paragraph_format.keep_with_next = True
    # Consecutive pictures share one grid; any other item ends it.
    run: list[tuple[Item, Picture]] = []
    for item in block.items:
        picture = options.pictures(item) if item.kind in (Kind.PHOTO, Kind.VIDEO) else None
        if isinstance(picture, Picture):
            run.append((item, picture))
            continue
        write_picture_grid(builder, run, options.photos_per_page)
        run = []
        _write_card(builder, item, picture, options)
    write_picture_grid(builder, run, options.photos_per_page)


def _write_card(
    builder: DocumentBuilder, item: Item, failure: PictureResult | None, options: EvidenceOptions
) -> None:
    """An item shown as text: title, its register line, where the file is."""
    heading = builder.paragraph(style=builder.styles.item)
    heading.paragraph_format.keep_with_next = True  # an entry's three lines stay together
    builder.bookmark(heading, item.bookmark, item.number)
    heading.add_run(f"{item.number}. {item.title}").bold = True
    if item.kind in (Kind.VIDEO, Kind.AUDIO):
        # DA/T 78's description, as under a video's key frame (without the 题名 above).
        details = [line for line in caption_lines(item) if not line.startswith("题名：")]
    else:
        details = [f"档号：{item.code}"]
        if item.doc_number:
            details.append(f"文号：{item.doc_number}")
        details.append(f"责任者：{item.responsible}")
        if item.date:
            details.append(f"日期：{date_text(item.date)}")
        if item.pages:
            details.append(f"页数：{item.pages}")
        if item.secrecy:
            details.append(f"密级：{item.secrecy}")
    line = builder.paragraph("；".join(details), builder.styles.item)
    line.paragraph_format.keep_with_next = True
    builder.paragraph(f"位置：{item.shown_path}", builder.styles.item)
    if isinstance(failure, PictureFailure):
        builder.paragraph(
            f"（{KIND_LABELS_ZH.get(item.kind, '')}无法显示：{failure.reason}，请核对原件）",
            builder.styles.gap,
        )
    if options.embed_documents and item.kind == Kind.DOCUMENT and item.evidence.format == "docx":
        _merge_document(builder, options.root / item.path)


def _merge_document(builder: DocumentBuilder, source: Path) -> None:
    try:
        if source.stat().st_size > MAX_EMBED_BYTES:
            raise ValueError("文件过大")
        builder.merge(source)
    except Exception as error:  # a broken or hostile DOCX is a note in the volume, not a crash
        builder.paragraph(
            f"（正文未能并入：{type(error).__name__}，请查阅原件）", builder.styles.gap
        )
