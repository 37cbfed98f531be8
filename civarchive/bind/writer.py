"""Write a Volume as a DOCX dossier (封面, 目录, 卷内目录, evidence, 备考表) and the 总目录."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Emu, Pt, Twips

from civarchive.bind import oxml
from civarchive.bind.docx_style import Styles, new_document
from civarchive.bind.fastdocx import resync_ids, save_docx, set_paragraph_style, set_table_style
from civarchive.bind.models import Item, RequirementBlock, Section, Volume
from civarchive.bind.thumbs import Picture, PictureFailure, PictureResult
from civarchive.kinds import KIND_LABELS_ZH, Kind

TEXT_WIDTH_CM = 15.6  # A4 21.0 cm minus margins 2.8 + 2.6
# 卷内目录 columns (DA/T 22-2015) and their widths in cm, summing to the text width. 题名 gets
# the most room; 日期 fits YYYYMMDD and 备注 "第123页" on one line in 五号; 档号 fits the
# default J012-10-0001. Heads are 五号 bold, so two-character heads fit 1.0 cm.
CATALOG_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 1.0),
    ("档号", 2.3),
    ("文号", 1.7),
    ("责任者", 1.7),
    ("题名", 4.5),
    ("日期", 1.8),
    ("页数", 1.0),
    ("备注", 1.6),
)
# 封面: room above the title block and between it and the register table, which then sits
# in the lower half of the page; both shrink when long titles need the room (cover_layout).
COVER_TOP_PT = 75.0
COVER_GAP_PT = 130.0
COVER_WIDTHS = (3.2, 10.8)
COVER_ROW_CM = 1.0
XIAOER_PT, ERHAO_PT, YIHAO_PT = 18.0, 22.0, 26.0  # 小二, 二号, 一号
# A4 29.7 cm minus the top and bottom margins (3.7 + 3.5 cm), in points.
PAGE_TEXT_HEIGHT_PT = (29.7 - 3.7 - 3.5) / 2.54 * 72
FORM_PT = 14.0  # 四号, the cover's and 备考表's register text
RECORD_NOTE_CM = 12.0  # the 备考表's 情况说明 box
# A volume without any 文号 gives that column's room to 题名.
NO_DOC_NUMBER_WIDTH = 1.0
_CENTERED_CATALOG_COLUMNS = frozenset({0, 5, 6, 7})
# Picture box (width, height) in cm per --photos-per-page, leaving room for the caption.
PICTURE_BOX: dict[int, tuple[float, float]] = {1: (15.0, 15.5), 2: (15.0, 7.0), 4: (7.2, 5.4)}
MAX_EMBED_BYTES = 50 * 1024 * 1024

PictureLookup = Callable[[Item], PictureResult | None]

CATALOG_MARK = "_Toc_catalog"
RECORD_MARK = "_Toc_record"


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the volume's 目录: a heading, its TOC level (1–2) and its bookmark."""

    key: str
    """What the line points at: ``catalog``, ``record``, ``category:<id>``, ``indicator:<id>``."""
    level: int
    text: str
    bookmark: str
    bookmark_id: int


def toc_entries(volume: Volume) -> list[TocEntry]:
    """The 目录 lines, in document order: 卷内目录, each category and indicator, 备考表.

    Bookmark names are derived from the ids (``_Toc_ind_2_1``), made unique, and their ids
    follow the items' (``item_0001`` has id 1), so the output stays deterministic.
    """
    next_id = len(volume.items) + 1
    used: set[str] = set()
    entries: list[TocEntry] = []

    def add(key: str, level: int, text: str, name: str) -> None:
        nonlocal next_id
        entries.append(TocEntry(key, level, text, _unique_mark(name, used), next_id))
        next_id += 1

    add("catalog", 1, "卷内目录", CATALOG_MARK)
    for part in volume.categories:
        add(
            f"category:{part.id}",
            1,
            category_heading(part.id, part.title),
            f"_Toc_cat_{_mark_slug(part.id)}",
        )
        for section in part.sections:
            add(
                f"indicator:{section.indicator_id}",
                2,
                section.heading,
                f"_Toc_ind_{_mark_slug(section.indicator_id)}",
            )
    add("record", 1, "备考表", RECORD_MARK)
    return entries


def category_heading(category_id: str, title: str) -> str:
    return f"{category_id} {title}"


def _mark_slug(identifier: str) -> str:
    # Bookmark names: ASCII letters, digits and "_" only, at most 40 characters (Word).
    ascii_id = unicodedata.normalize("NFKC", identifier)
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_id).strip("_")


def _unique_mark(name: str, used: set[str]) -> str:
    name = name.rstrip("_")[:36]
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{name}_{number}"
    used.add(candidate.casefold())
    return candidate


def render_volume(
    volume: Volume,
    *,
    root: Path,
    pictures: PictureLookup,
    photos_per_page: int = 2,
    embed_documents: bool = False,
    when: dt.datetime,
) -> bytes:
    """The volume as DOCX bytes, identical for identical input."""
    document, styles = new_document(
        title=f"{volume.spec_title} {volume.title}", author=volume.unit, when=when
    )
    writer = _VolumeWriter(document, styles, root, pictures, photos_per_page, embed_documents)
    writer.write(volume)
    return save(document)


def save(document: DocumentObject) -> bytes:
    return save_docx(document)


def _date_text(date: str) -> str:
    if len(date) == 8 and date.isdigit():
        y, m, d = date[:4], date[4:6], date[6:]
        if m == "00":
            return f"{y}年"
        if d == "00":
            return f"{y}年{int(m)}月"
        return f"{y}年{int(m)}月{int(d)}日"
    return date


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "未知"
    total = round(seconds)
    return (
        f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"
        if total >= 3600
        else f"{total // 60:d}:{total % 60:02d}"
    )


class _VolumeWriter:
    def __init__(
        self,
        document: DocumentObject,
        styles: Styles,
        root: Path,
        pictures: PictureLookup,
        photos_per_page: int,
        embed_documents: bool,
    ) -> None:
        self.doc = document
        self.styles = styles
        self.root = root
        self.pictures = pictures
        self.per_page = photos_per_page
        self.embed = embed_documents
        self.composer: Any = None
        self.marks: dict[str, TocEntry] = {}

    # -- helpers

    def para(self, text: str = "", style: Any = None) -> Any:
        paragraph = self.doc.add_paragraph()
        set_paragraph_style(paragraph, style or self.styles.normal)
        if text:
            paragraph.add_run(text)
        return paragraph

    def page_break(self) -> None:
        self.para().add_run().add_break(WD_BREAK.PAGE)

    def table(
        self,
        columns: list[tuple[str, float]] | tuple[tuple[str, float], ...],
        *,
        header: bool = True,
    ) -> Any:
        table = self.doc.add_table(rows=1 if header else 0, cols=len(columns))
        set_table_style(table, self.styles.table_grid)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: Word and LibreOffice keep these widths
        oxml.set_cell_margins(table)
        oxml.set_table_width(table, sum(Cm(width).twips for _, width in columns))
        for index, (_, width) in enumerate(columns):
            table.columns[index].width = Cm(width)
        if header:
            row = table.rows[0]
            oxml.set_row_flags(row, header=True)
            for cell, (name, width) in zip(row.cells, columns, strict=True):
                cell.width = Cm(width)
                self.cell_text(cell, name, self.styles.table_head)
        return table

    def cell_text(self, cell: Any, text: str, style: Any = None) -> Any:
        paragraph = cell.paragraphs[0]
        set_paragraph_style(paragraph, style or self.styles.table_text)
        if text:
            paragraph.add_run(text)
        return paragraph

    def add_row(self, table: Any, values: list[str], widths: list[float]) -> Any:
        return self.add_row_cells(table, values, widths)[0]

    def add_row_cells(
        self,
        table: Any,
        values: list[str],
        widths: list[float],
        styles: list[Any] | None = None,
    ) -> tuple[Any, list[Any]]:
        """A new row and its cells (python-docx rebuilds ``row.cells`` on every access)."""
        row = table.add_row()
        oxml.set_row_flags(row)
        cells = list(row.cells)
        for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Cm(width)
            self.cell_text(cell, value, styles[index] if styles else None)
        return row, cells

    # -- the volume

    def write(self, volume: Volume) -> None:
        entries = toc_entries(volume)
        self.marks = {entry.key: entry for entry in entries}
        self.cover(volume)
        self.page_break()
        self.toc(entries)
        self.page_break()
        self.catalog(volume)
        for part in volume.categories:
            self.page_break()
            heading = self.para(category_heading(part.id, part.title), self.styles.heading1)
            self.mark(heading, f"category:{part.id}")
            if not part.sections:
                self.para("（本测评项目无指标）")
            for section in part.sections:
                self.section(section)
        self.page_break()
        self.record_sheet(volume)

    def mark(self, paragraph: Any, key: str) -> None:
        entry = self.marks.get(key)
        if entry is not None:
            oxml.add_bookmark(paragraph, entry.bookmark, entry.bookmark_id)

    def toc(self, entries: list[TocEntry]) -> None:
        """目录: a TOC field whose result we fill ourselves (LibreOffice never regenerates it)."""
        self.para("目录", self.styles.toc_heading)
        lines = [self.para(style=self.styles.toc[entry.level]) for entry in entries]
        oxml.open_toc(lines[0])
        for line, entry in zip(lines, entries, strict=True):
            oxml.add_toc_entry(line, entry.text, entry.bookmark)
        oxml.close_toc(lines[-1])

    def cover(self, volume: Volume) -> None:
        """封面: the title block centred in large type, the register table low on the page."""
        layout = cover_layout(volume)
        self.spacer(layout.top_pt)
        for text, size in layout.titles:
            line = self.para(style=self.styles.title)
            line.add_run(text).font.size = Pt(size)
            # The Title style's contextual spacing packs same-style lines; give each air.
            line.paragraph_format.line_spacing = Pt(size * 2)
        self.spacer(layout.gap_pt)
        self.form(layout.rows, widths=COVER_WIDTHS, row_height=COVER_ROW_CM)

    def spacer(self, height_pt: float) -> None:
        if height_pt >= 1:
            self.para().paragraph_format.line_spacing = Pt(height_pt)

    def form(
        self, rows: list[tuple[str, str]], *, widths: tuple[float, float], row_height: float
    ) -> Any:
        """A two-column register (封面, 备考表): labels spread over their cell (分散对齐) as on
        printed archive forms, 四号 text, rows at least ``row_height`` cm, centred vertically."""
        table = self.table([("", w) for w in widths], header=False)
        for label, value in rows:
            row = self.add_row(table, [label, value], list(widths))
            row.height = Cm(row_height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(FORM_PT)
            head = row.cells[0].paragraphs[0]
            head.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
            head.paragraph_format.left_indent = Cm(0.25)
            head.paragraph_format.right_indent = Cm(0.25)
        return table

    def catalog(self, volume: Volume) -> None:
        self.outline_title("卷内目录", "catalog")
        columns = catalog_columns(volume.items)
        table = self.table(columns)
        widths = [w for _, w in columns]
        centred, text = self.styles.table_center, self.styles.table_text
        styles = [centred if i in _CENTERED_CATALOG_COLUMNS else text for i in range(len(columns))]
        for item in volume.items:
            _, cells = self.add_row_cells(
                table,
                [
                    "",
                    item.code,
                    item.doc_number,
                    item.responsible,
                    item.title,
                    item.date,
                    _pages(item),
                    "",
                ],
                widths,
                styles,
            )
            for cell in cells:
                oxml.center_vertically(cell)
            oxml.add_internal_link(cells[0].paragraphs[0], item.bookmark, str(item.number))
            # 备注: the item's page in this volume (第6页), short enough for one line; the kind
            # (照片, 视频) is in the catalog workbook's 备注 and on the item's own page.
            note = cells[7].paragraphs[0]
            note.add_run("第")
            oxml.add_pageref_field(note, item.bookmark)
            note.add_run("页")
        if not volume.items:
            self.para("（本卷暂无归档材料）")

    def section(self, section: Section) -> None:
        heading = self.para(section.heading, self.styles.heading2)
        self.mark(heading, f"indicator:{section.indicator_id}")
        facts = [
            ("测评内容", section.content),
            ("测评方法", section.method),
            ("责任人", section.owner),
            ("完成情况", section.status),
        ]
        for label, value in facts:
            if value:
                paragraph = self.para(style=self.styles.item)
                # Heading and facts move to the next page together, never a bare heading.
                paragraph.paragraph_format.keep_with_next = True
                paragraph.add_run(f"{label}：").bold = True
                paragraph.add_run(value)
        if section.note is not None or section.status == "不适用":
            paragraph = self.para(style=self.styles.item)
            paragraph.add_run("情况说明：").bold = True
            paragraph.add_run(section.note or "本指标不适用。")
            return
        for index, block in enumerate(section.requirements, start=1):
            self.requirement(index, block)

    def requirement(self, index: int, block: RequirementBlock) -> None:
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
        self.para(
            f"（{_cn_number(index)}）{block.what}（要求{need}，现有 {block.count} {unit}）",
            self.styles.heading3,
        )
        if block.gap:
            self.para(block.gap, self.styles.gap).paragraph_format.keep_with_next = True
        run: list[tuple[Item, Picture]] = []
        for item in block.items:
            picture = self.pictures(item) if item.kind in (Kind.PHOTO, Kind.VIDEO) else None
            if isinstance(picture, Picture):
                run.append((item, picture))
                continue
            self.flush_grid(run)
            run = []
            self.text_item(item, picture)
        self.flush_grid(run)

    def text_item(self, item: Item, failure: PictureResult | None) -> None:
        heading = self.para(style=self.styles.item)
        heading.paragraph_format.keep_with_next = True  # an entry's three lines stay together
        oxml.add_bookmark(heading, item.bookmark, item.number)
        heading.add_run(f"{item.number}. {item.title}").bold = True
        details = [f"档号：{item.code}"]
        if item.doc_number:
            details.append(f"文号：{item.doc_number}")
        details.append(f"责任者：{item.responsible}")
        if item.date:
            details.append(f"日期：{_date_text(item.date)}")
        if item.pages:
            details.append(f"页数：{item.pages}")
        if item.kind in (Kind.VIDEO, Kind.AUDIO):
            details.append(f"时长：{_duration(item.evidence.duration_seconds)}")
        self.para("；".join(details), self.styles.item).paragraph_format.keep_with_next = True
        self.para(f"位置：{item.shown_path}", self.styles.item)
        if isinstance(failure, PictureFailure):
            self.para(
                f"（{KIND_LABELS_ZH.get(item.kind, '')}无法显示：{failure.reason}，请核对原件）",
                self.styles.gap,
            )
        if self.embed and item.kind == Kind.DOCUMENT and item.evidence.format == "docx":
            self.embed_docx(item)

    def embed_docx(self, item: Item) -> None:
        source = self.root / item.path
        try:
            if source.stat().st_size > MAX_EMBED_BYTES:
                raise ValueError("文件过大")
            import docx

            with _docxcompose_namespaces():
                from docxcompose.composer import Composer

                if self.composer is None:
                    self.composer = Composer(self.doc)
                self.composer.append(docx.Document(str(source)))
            resync_ids(self.doc)
        except Exception as error:  # a broken or hostile DOCX is a note in the volume, not a crash
            self.para(f"（正文未能并入：{type(error).__name__}，请查阅原件）", self.styles.gap)

    def flush_grid(self, run: list[tuple[Item, Picture]]) -> None:
        if not run:
            return
        columns = 2 if self.per_page == 4 else 1
        box_w, box_h = PICTURE_BOX[self.per_page]
        width = TEXT_WIDTH_CM / columns
        table = self.table([("", width)] * columns, header=False)
        for start in range(0, len(run), columns):
            row = self.add_row(table, [""] * columns, [width] * columns)
            for cell, (item, picture) in zip(row.cells, run[start : start + columns], strict=False):
                self.picture_cell(cell, item, picture, box_w, box_h)

    def picture_cell(
        self, cell: Any, item: Item, picture: Picture, box_w: float, box_h: float
    ) -> None:
        paragraph = cell.paragraphs[0]
        set_paragraph_style(paragraph, self.styles.caption)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        oxml.add_bookmark(paragraph, item.bookmark, item.number)
        scale = min(Cm(box_w) / picture.width, Cm(box_h) / picture.height)
        shown_width = int(picture.width * scale)
        with open(picture.path, "rb") as fh:
            paragraph.add_run().add_picture(
                io.BytesIO(fh.read()),
                width=Emu(shown_width),
                height=Emu(int(picture.height * scale)),
            )
        # One paragraph, a line break per field (python-docx turns "\n" into w:br), starting
        # under the picture's left edge rather than at the cell border.
        caption = cell.add_paragraph()
        set_paragraph_style(caption, self.styles.caption)
        content_width = (cell.width or Cm(box_w)) - 2 * Twips(oxml.CELL_MARGIN_TWIPS)
        caption.paragraph_format.left_indent = Emu(max(0, (content_width - shown_width) // 2))
        caption.add_run("\n".join(_caption_lines(item)))

    def outline_title(self, text: str, key: str) -> None:
        # A title in the TOC Heading look, but at outline level 1 so that the TOC (\u) and
        # the PDF outline list it; the 目录 title itself stays out of both.
        title = self.para(text, self.styles.toc_heading)
        oxml.set_outline_level(title, 0)
        self.mark(title, key)

    def record_sheet(self, volume: Volume) -> None:
        self.outline_title("备考表", "record")
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
        table = self.form(rows, widths=(3.2, 12.4), row_height=1.2)
        # 情况说明 is the form's large box, as on the printed 备考表; it lists the gaps too and
        # may run onto the next page when there are many, so this one row may split.
        note = table.rows[0]
        note.height = Cm(RECORD_NOTE_CM)
        oxml.allow_row_split(note)
        box = note.cells[1]
        box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        for gap in volume.gaps:
            set_paragraph_style(box.add_paragraph(gap), self.styles.gap)


@dataclass(frozen=True, slots=True)
class CoverLayout:
    """What the 封面 shows and the two spaces that place it on one page."""

    titles: list[tuple[str, float]]
    """(text, size in pt), top to bottom."""
    rows: list[tuple[str, str]]
    """The register table: (label, value)."""
    top_pt: float
    gap_pt: float


def cover_layout(volume: Volume) -> CoverLayout:
    """The cover's content, with spaces shrunk so that long titles still fit one page."""
    # A single volume (--per all) is titled after the spec: say it once, not twice.
    single = volume.title == volume.spec_title
    titles = [(volume.unit, XIAOER_PT)]
    titles += [] if single else [(volume.spec_title, ERHAO_PT)]
    titles.append((volume.title, YIHAO_PT))
    start, end = volume.period
    rows = [
        ("立档单位", volume.unit),
        ("案卷题名", volume.title if single else f"{volume.spec_title}（{volume.title}）"),
        ("起止日期", f"{start.isoformat()} 至 {end.isoformat()}"),
        ("保管期限", volume.retention),
        ("档号", volume.code_range),
        ("件数", f"{len(volume.items)} 件"),
        ("立卷日期", volume.bind_date.isoformat()),
    ]
    text_width = TEXT_WIDTH_CM / 2.54 * 72
    # Title lines are set at twice their size; the Title style adds 12 pt above and below.
    titles_pt = 24 + sum(2 * size * _lines(text, size, text_width) for text, size in titles)
    value_width = (COVER_WIDTHS[1] - 0.2) / 2.54 * 72
    row_pt = COVER_ROW_CM / 2.54 * 72
    # A wrapped value line of 四号 CJK text takes ~1.45 × 14 pt; 1 pt per border.
    table_pt = sum(
        max(row_pt, 1.45 * FORM_PT * _lines(value, FORM_PT, value_width)) + 1 for _, value in rows
    )
    free = PAGE_TEXT_HEIGHT_PT - titles_pt - table_pt - 36  # 36 pt of margin for error
    gap = max(12.0, min(COVER_GAP_PT, free - COVER_TOP_PT))
    top = max(0.0, min(COVER_TOP_PT, free - gap))
    return CoverLayout(titles, rows, round(top, 1), round(gap, 1))


def _lines(text: str, size: float, width: float) -> int:
    """Lines ``text`` takes at ``size`` pt in ``width`` pt: CJK full width, the rest ~half."""
    advance = sum(size if ord(c) >= 0x2E80 else size * 0.55 for c in text)
    return max(1, math.ceil(advance / width))


def catalog_columns(items: tuple[Item, ...]) -> tuple[tuple[str, float], ...]:
    """The 卷内目录 columns and widths for these items (15.6 cm in all)."""
    if any(item.doc_number for item in items):
        return CATALOG_COLUMNS
    spare = dict(CATALOG_COLUMNS)["文号"] - NO_DOC_NUMBER_WIDTH
    return tuple(
        (
            name,
            NO_DOC_NUMBER_WIDTH if name == "文号" else width + spare if name == "题名" else width,
        )
        for name, width in CATALOG_COLUMNS
    )


def _pages(item: Item) -> str:
    return str(item.pages) if item.pages else ""


def _caption_lines(item: Item) -> list[str]:
    caption = item.caption
    ev = item.evidence
    if item.kind == Kind.VIDEO:
        lines = [f"档号：{item.code}", f"题名：{item.title}"]
        size = f"{ev.width}×{ev.height}" if ev.width and ev.height else "未知"
        lines.append(f"时长：{_duration(ev.duration_seconds)}　分辨率：{size}")
    else:
        lines = [f"照片号：{item.photo_number}", f"题名：{item.title}"]
    when = (caption.date if caption and caption.date else None) or _date_text(item.date)
    place = caption.place if caption else None
    lines.append(f"时间：{when or ''}" + (f"　地点：{place}" if place else ""))
    if caption and caption.people:
        lines.append(f"人物：{caption.people}")
    if caption and caption.background:
        lines.append(f"背景：{caption.background}")
    # Only a caption names the photographer; the unit is not one (leave the field to fill in).
    lines.append(f"摄影者：{caption.photographer if caption and caption.photographer else ''}")
    lines.append(f"位置：{item.shown_path}")
    return lines


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


# ---------------------------------------------------------------- 总目录


def render_index(volumes: list[Volume], *, unit: str, spec_title: str, when: dt.datetime) -> bytes:
    """总目录.docx: every volume with its 档号 range and counts, then its indicators' status."""
    document, styles = new_document(title=f"{spec_title} 总目录", author=unit, when=when)
    writer = _VolumeWriter(document, styles, Path("."), lambda item: None, 2, False)
    writer.para(unit, styles.title)
    writer.para(spec_title, styles.title)
    writer.para("总目录", styles.title)
    columns = (
        ("序号", 1.0),
        ("卷名", 3.6),
        ("档号起止", 4.2),
        ("件数", 1.2),
        ("页数", 1.2),
        ("照片", 1.2),
        ("视频", 1.2),
        ("缺项", 2.0),
    )
    widths = [w for _, w in columns]
    table = writer.table(columns)
    for number, volume in enumerate(volumes, start=1):
        writer.add_row(
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
    status_columns = (("编号", 1.6), ("指标", 6.4), ("完成情况", 2.4), ("件数", 1.4), ("缺项", 3.8))
    status_widths = [w for _, w in status_columns]
    for number, volume in enumerate(volumes, start=1):
        # The stem already starts with the category id ("1 组织领导"): no second number.
        writer.para(
            volume.file_stem if volume.file_stem[:1].isdigit() else f"{number}. {volume.file_stem}",
            styles.heading2,
        )
        table = writer.table(status_columns)
        for section in volume.sections:
            writer.add_row(
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
    return save(document)


@contextlib.contextmanager
def _docxcompose_namespaces() -> Iterator[None]:
    """Give docxcompose the namespace table it needs, only while it composes.

    docxcompose (utils.py) rebinds python-docx's global ``nsmap["cp"]`` to the custom-properties
    namespace on import and queries through that global table. Left in place, every document
    saved afterwards in the process writes its core properties (lastModifiedBy, revision) in
    the wrong namespace; so the table is restored as soon as composing is done.
    """
    from docx.oxml.ns import nsmap

    saved = dict(nsmap)
    try:
        from docxcompose.utils import NS

        nsmap.update(NS)
        yield
    finally:
        nsmap.clear()
        nsmap.update(saved)
