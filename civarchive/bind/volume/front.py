"""Front matter: the 测评体系对照表 / 自评表, the 分册目录, and the spec's ``front:`` documents.

The 总目录 holds all three; a ``--per all`` volume holds the 自评表 and the front documents
after its 卷内目录. Scores come from the check stage's own rule (``met_fraction``), pages
from the volumes' page facts: nothing here is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Emu, Pt

from civarchive.bind.docx import TEXT_HEIGHT_PT, Column, DocumentBuilder
from civarchive.bind.models import Volume
from civarchive.bind.pages.models import NotRendered, Rendered, RenderResult
from civarchive.bind.paging import PageSpan
from civarchive.bind.volume.measure import TEXT_WIDTH_PT, Role, height
from civarchive.check.evaluate import met_fraction
from civarchive.check.models import Report, Status
from civarchive.kinds import Kind

ASSESSMENT_COLUMNS = (
    Column("编号", 1.4),
    Column("测评指标", 6.6),
    Column("分值", 1.3),
    Column("自评分", 1.5),
    Column("卷册", 2.0),
    Column("页码", 2.8),
)
VOLUME_COLUMNS = (
    Column("册次", 1.6),
    Column("卷名", 4.0),
    Column("档号起止", 4.4),
    Column("件数", 1.2),
    Column("页数", 1.2),
    Column("照片", 1.2),
    Column("视频", 1.0),
    Column("缺项", 1.0),
)
# Room kept under a front document's page image (as for the volume's documents).
_SLACK_PT = 8.0


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    """One line of the 自评表: an indicator, its points and score, where its evidence is."""

    indicator: str
    title: str
    points: float
    score: float | None
    """points × the share of its requirements met; None when not applicable."""
    volume: int | None
    """第N册 holding it, or None when it is bound nowhere (a filtered report)."""
    pages: PageSpan | None


@dataclass(frozen=True, slots=True)
class FrontDocument:
    """A document of the spec's ``front:``: its title, the file, and its rendered pages."""

    title: str
    source: Path
    result: RenderResult | None


def assessment_rows(report: Report, volumes: Sequence[Volume]) -> list[AssessmentRow]:
    """The 自评表's lines in report order (the spec's order)."""
    where: dict[str, tuple[int, PageSpan]] = {}
    for volume in volumes:
        if volume.paging is None:
            continue
        for indicator, span in volume.paging.indicators.items():
            where.setdefault(indicator, (volume.paging.number, span))
    rows = []
    for result in report.indicators:
        applicable = result.status is not Status.NOT_APPLICABLE
        found = where.get(result.id)
        rows.append(
            AssessmentRow(
                indicator=result.id,
                title=result.title,
                points=result.points,
                score=result.points * met_fraction(result) if applicable else None,
                volume=found[0] if found else None,
                pages=found[1] if found else None,
            )
        )
    return rows


def write_assessment(builder: DocumentBuilder, rows: Sequence[AssessmentRow]) -> None:
    """测评体系对照表 / 自评表: each indicator, 分值, 自评分, 卷册 and 页码, then the totals."""
    builder.paragraph("测评体系对照表（自评表）", builder.styles.toc_heading)
    table = builder.table(ASSESSMENT_COLUMNS)
    widths = [w for _, w in ASSESSMENT_COLUMNS]
    centred, text = builder.styles.table_center, builder.styles.table_text
    styles = [centred, text, centred, centred, centred, centred]
    for row in rows:
        _, cells = builder.row(
            table,
            [
                row.indicator,
                row.title,
                _number(row.points),
                "不适用" if row.score is None else _number(row.score),
                f"第{row.volume}册" if row.volume is not None else "",
                f"第{row.pages.text()}页" if row.pages is not None else "",
            ],
            widths,
            styles,
        )
        for cell in cells:
            builder.center_vertically(cell)
    scored = [r for r in rows if r.score is not None]
    builder.row(
        table,
        [
            "",
            "合计（不含不适用指标）",
            _number(sum(r.points for r in scored)),
            _number(sum(r.score or 0.0 for r in scored)),
            "",
            "",
        ],
        widths,
        styles,
    )


def write_volume_list(builder: DocumentBuilder, volumes: Sequence[Volume], *, final: bool) -> None:
    """分册目录: each volume as 第N册 共M册 with its 档号 range and counts; pages are the
    volume's own 页数. The final copy leaves out the gap count."""
    builder.paragraph("分册目录", builder.styles.toc_heading)
    columns = VOLUME_COLUMNS[:-1] if final else VOLUME_COLUMNS
    if final:  # 卷名 takes the gap column's room
        columns = (columns[0], Column("卷名", 5.0), *columns[2:])
    table = builder.table(columns)
    widths = [w for _, w in columns]
    for volume in volumes:
        paging = volume.paging
        label = paging.volume_label if paging is not None else ""
        values = [
            label,
            volume.file_stem,
            volume.code_range,
            str(len(volume.items)),
            str(volume.pages),
            str(volume.count(Kind.PHOTO)),
            str(volume.count(Kind.VIDEO)),
        ]
        if not final:
            values.append(str(len(volume.gaps)))
        builder.row(table, values, widths)


def write_front_documents(builder: DocumentBuilder, documents: Sequence[FrontDocument]) -> None:
    """Each front document from a new page: its title, then its pages (or why they are not
    here), as the volume shows a document."""
    for document in documents:
        heading = builder.paragraph(style=builder.styles.heading1)
        heading.add_run(document.title)
        heading.paragraph_format.page_break_before = True
        result = document.result
        if isinstance(result, Rendered):
            room = TEXT_HEIGHT_PT - _SLACK_PT - height(Role.CATEGORY, document.title)
            for index, image in enumerate(result.pages):
                if index:
                    room = TEXT_HEIGHT_PT - _SLACK_PT
                scale = min(TEXT_WIDTH_PT / image.width, room / image.height)
                picture = builder.picture_paragraph(
                    image.path,
                    Emu(int(Pt(image.width * scale))),
                    Emu(int(Pt(image.height * scale))),
                )
                picture.paragraph_format.page_break_before = index > 0
        elif isinstance(result, NotRendered) and result.mergeable:
            try:
                builder.merge(document.source)
            except Exception as error:  # noqa: BLE001 - a hostile DOCX is a note, not a crash
                builder.paragraph(f"（正文未能并入：{error}，请查阅原件）", builder.styles.gap)
        else:
            note = result.note if isinstance(result, NotRendered) else "正文未装入"
            builder.paragraph(f"（{note}）", builder.styles.gap)


def _number(value: float) -> str:
    """4, 2.5, 1.33: points as people write them."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"
