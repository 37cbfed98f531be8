"""The volume's body planned page by page before a word of it is written.

Every page of the body is decided here, so its page numbers are known exactly (design §6:
页号 and 页数 in the 卷内目录, the totals on the 封面 and in the 备考表, the 总目录 and the
workbook all come from ``BodyPlan``). The rules:

- each indicator starts a page: the category heading (for its first indicator), the
  indicator heading, its facts and, per requirement, the requirement line with its gap,
  waiver or 情况说明 — flowed over as many pages as ``measure`` says they need;
- each document 件 starts a page: its heading line, the 归档章 in the top margin, and its
  first page image fitted to the room left; every further page image has a page to itself;
- the photos and key frames of a requirement fill pages of ``photos_per_page`` slots, each
  page headed by the requirement, the picture boxes shrunk so that the captions fit;
- 件 shown as text (audio, a picture that cannot be decoded, ``--documents list``) start a
  page and flow, a card never split over two pages.

The writer (``body``) starts each planned page with a page break and adds nothing that
could push content to another page; ``measure`` estimates every text from above.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from civarchive.bind.docx import TEXT_HEIGHT_PT
from civarchive.bind.models import Item, RequirementBlock, Section, Volume
from civarchive.bind.outline import PictureGroup
from civarchive.bind.pages.models import NotRendered, PageImage, Rendered, RenderResult
from civarchive.bind.paging import PageSpan, VolumePages
from civarchive.bind.thumbs import Picture, PictureFailure, PictureResult
from civarchive.bind.vector import VectorPage
from civarchive.bind.volume.contents import category_heading
from civarchive.bind.volume.measure import PAGE_PT, TEXT_WIDTH_PT, Role, height, single_height
from civarchive.bind.volume.photos import CAPTION_PT, caption_lines
from civarchive.bind.volume.text import chinese_numeral, date_text, reason_label
from civarchive.kinds import KIND_LABELS_ZH, Kind, measure_word

Documents = Literal["full", "list"]
PictureLookup = Callable[[Item], PictureResult | None]
PagesLookup = Callable[[Item], RenderResult | None]

# Room kept free under a page image: the line an inline picture sits on is a little taller
# than the picture (measured in LibreOffice 7.4: a picture of the full text height fits).
PICTURE_SLACK_PT = 8.0
# Photo grids: the largest picture box per --photos-per-page (width, height in pt), the
# least a box may shrink to before a page takes one photo fewer, and the room a row takes
# besides its picture and caption (cell margins, borders, the picture's line).
PICTURE_BOX_PT: dict[int, tuple[float, float]] = {
    1: (15.0 / 2.54 * 72, 15.5 / 2.54 * 72),
    2: (15.0 / 2.54 * 72, 7.0 / 2.54 * 72),
    4: (7.2 / 2.54 * 72, 5.4 / 2.54 * 72),
}
MIN_BOX_PT = 3.0 / 2.54 * 72
# A photo page: pictures have exact sizes, only the captions are estimated (from above),
# so it may fill all but a little of the text area.
PHOTO_PAGE_PT = TEXT_HEIGHT_PT - 24.0
ROW_EXTRA_PT = 10.0
# The 归档章's two 8 mm rows, their borders and the gap under them.
STAMP_PT = 2 * 0.8 / 2.54 * 72 + 3.0 + 4.0
# An empty 情况说明 block (--final --allow-gaps): ruled lines to write on.
RULED_LINES = 4
RULED_LINE_PT = 28.0
CELL_MARGIN_PT = 0.1 / 2.54 * 72
# A 情况说明 block is at least 2 cm high (``explain.MIN_HEIGHT_CM``); its frame takes a little.
EXPLANATION_MIN_PT = 2.0 / 2.54 * 72
FRAME_PT = 4.0


@dataclass(frozen=True, slots=True)
class EvidenceOptions:
    """What the body needs besides the volume: where the files are and how to show them."""

    root: Path
    """The archive the items' paths are relative to."""
    pictures: PictureLookup
    """The print-sized picture (or why there is none) of a photo or video item."""
    pages: PagesLookup = lambda item: None
    """The rendered pages (or why there are none) of a document item; None: not rendered."""
    photos_per_page: int = 2
    documents: Documents = "full"
    """``full``: every document's pages; ``list``: a card per document (the quick index)."""
    final: bool = False
    """迎检版: no status line and no 缺 lines."""
    allow_gaps: bool = False
    """With ``final``: an empty, ruled 情况说明 block under each unexplained gap."""
    merge_problem: Callable[[Path], str | None] = lambda path: None
    """Why the DOCX at a path cannot be merged in (unsafe, too large), or None."""


# -- blocks: what a page holds, each knowing the room it takes


@dataclass(frozen=True, slots=True)
class Text:
    """One paragraph of ``role``: an optional bold ``label`` then ``text``."""

    role: Role
    text: str
    label: str = ""
    mark: str | None = None
    """The 目录 entry (``category:1``, ``indicator:1.1``) whose bookmark goes here."""
    item: Item | None = None
    """The 件 whose bookmark goes here: its heading line."""
    outline: bool = False
    """Listed in the PDF outline under its indicator (a 件's heading line)."""

    def height(self) -> float:
        return height(self.role, self.label + self.text)


@dataclass(frozen=True, slots=True)
class Explanation:
    """A framed 情况说明 block where evidence would stand: a waiver's reason, a not-applicable
    indicator's note, or (``ruled`` lines, --final --allow-gaps) room to write one by hand."""

    text: str = ""
    ruled: int = 0

    def height(self) -> float:
        inside = height(Role.NOTE, f"情况说明：{self.text}", TEXT_WIDTH_PT - 2 * CELL_MARGIN_PT)
        return max(EXPLANATION_MIN_PT, inside + self.ruled * RULED_LINE_PT) + FRAME_PT


@dataclass(frozen=True, slots=True)
class Stamp:
    """The 归档章 of ``item`` (``pages`` its 页数): two rows of exactly 8 mm at the right."""

    item: Item
    pages: int

    def height(self) -> float:
        return STAMP_PT


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """One page image of a document, shown ``width`` × ``height`` pt; ``source`` is the
    PDF it was rendered from (None for a scan filed as a document)."""

    image: PageImage
    width: float
    height_pt: float
    item: Item | None = None
    offset: int = 0
    """Pages from the 件's first page."""
    source: Path | None = None

    def height(self) -> float:
        return self.height_pt + PICTURE_SLACK_PT


@dataclass(frozen=True, slots=True)
class Merged:
    """A DOCX merged in (no LibreOffice to render it): it flows over pages of its own."""

    item: Item
    source: Path

    def height(self) -> float:
        return 0.0


@dataclass(frozen=True, slots=True)
class PhotoGrid:
    """Pictures in a grid of ``columns``, each shown within ``box`` (width, height pt)."""

    cells: tuple[tuple[Item, Picture], ...]
    columns: int
    box: tuple[float, float]

    def height(self) -> float:
        return _grid_height(self.cells, self.columns, self.box[1])


Block = Text | Explanation | Stamp | DocumentPage | Merged | PhotoGrid


@dataclass(frozen=True, slots=True)
class Page:
    """One printed page of the body."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class BodyPlan:
    """Every page of a volume's body and what the page facts derive from it."""

    pages: tuple[Page, ...]
    items: dict[int, PageSpan]
    """Each 件's pages, by ``Item.number``."""
    marks: dict[str, int]
    """The page of each 目录 entry (``category:1``, ``indicator:1.1``)."""
    indicators: dict[str, PageSpan]
    exact: bool
    """False when a merged DOCX's page count is an estimate."""

    def vector_pages(self) -> list[VectorPage]:
        """The page images rendered from a PDF, for the PDF volume to draw as vector pages."""
        return [
            VectorPage(
                block.item.bookmark,
                block.offset,
                block.source,
                block.image.number - 1,
                block.image.width,
                block.image.height,
            )
            for page in self.pages
            for block in page.blocks
            if isinstance(block, DocumentPage) and block.source is not None and block.item
        ]

    def picture_groups(self) -> list[PictureGroup]:
        """Each requirement's pictures under the running head that opens them, for the PDF
        outline (a picture 件 has no heading line of its own)."""
        groups: list[PictureGroup] = []
        for page in self.pages:
            head = next(
                (b for b in page.blocks if isinstance(b, Text) and b.role is Role.RUNNING), None
            )
            pictures = tuple(
                (item.bookmark, f"{item.number}. {item.title}")
                for block in page.blocks
                if isinstance(block, PhotoGrid)
                for item, _ in block.cells
            )
            if head is None or not pictures:
                continue
            if head.outline or not groups:
                groups.append(PictureGroup(head.text, pictures))
            else:  # a further page of the same requirement's pictures
                groups[-1] = PictureGroup(groups[-1].head, groups[-1].pictures + pictures)
        return groups

    def paging(self, number: int, count: int) -> VolumePages:
        """The page facts of this body as volume ``number`` of ``count``."""
        return VolumePages(
            number=number,
            count=count,
            total=len(self.pages),
            items=dict(self.items),
            indicators=dict(self.indicators),
            exact=self.exact,
        )


def is_document(item: Item, block: RequirementBlock) -> bool:
    """A 件 shown as document pages: a document, or an image counted toward a document
    requirement (a scanned notice, design §3)."""
    return item.kind == Kind.DOCUMENT or (item.kind == Kind.PHOTO and block.kind == "document")


def plan_body(volume: Volume, options: EvidenceOptions) -> BodyPlan:
    """Plan every page of ``volume``'s body (see the module docstring)."""
    planner = _Planner()
    for part in volume.categories:
        heading = Text(
            Role.CATEGORY, category_heading(part.id, part.title), mark=f"category:{part.id}"
        )
        if not part.sections:
            planner.start_page()
            planner.flow([heading, Text(Role.PLAIN, "（本测评项目无指标）")])
            continue
        for index, section in enumerate(part.sections):
            first = planner.start_page()
            planner.marks[f"indicator:{section.indicator_id}"] = first
            _introduce(planner, section, options, heading if index == 0 else None)
            for number, block in enumerate(section.requirements, start=1):
                _evidence(planner, number, block, options)
            planner.indicators[section.indicator_id] = PageSpan(first, planner.number - first + 1)
    return planner.plan()


class _Planner:
    """Pages as they fill: ``flow`` keeps a group of blocks on one page, ``start_page`` opens one."""

    def __init__(self) -> None:
        self.pages: list[list[Block]] = []
        self.used = 0.0
        self.items: dict[int, PageSpan] = {}
        self.marks: dict[str, int] = {}
        self.indicators: dict[str, PageSpan] = {}
        self.exact = True

    @property
    def number(self) -> int:
        """The current page's number (from 1)."""
        return len(self.pages)

    def start_page(self) -> int:
        self.pages.append([])
        self.used = 0.0
        return self.number

    def place(self, block: Block) -> None:
        """Put ``block`` on the current page whatever room is left (the caller sized it)."""
        self.pages[-1].append(block)
        self.used += block.height()
        self._note(block)

    def flow(self, group: list[Block]) -> None:
        """Put ``group`` on the current page if it fits, else on a new one; a group taller
        than a page is split into its blocks, and a text taller than a page into pieces."""
        total = sum(b.height() for b in group)
        if self.pages[-1] and self.used + total > PAGE_PT:
            self.start_page()
        if total <= PAGE_PT:
            for block in group:
                self.place(block)
            return
        for block in group:
            for piece in _pieces(block):
                if self.pages[-1] and self.used + piece.height() > PAGE_PT:
                    self.start_page()
                self.place(piece)

    def _note(self, block: Block) -> None:
        if isinstance(block, Text) and block.mark is not None:
            self.marks.setdefault(block.mark, self.number)

    def plan(self) -> BodyPlan:
        pages = tuple(Page(tuple(blocks)) for blocks in self.pages)
        return BodyPlan(pages, self.items, self.marks, self.indicators, self.exact)


def _pieces(block: Block) -> Iterator[Block]:
    """A text too tall for a page, cut into pieces that each fit one."""
    if not isinstance(block, Text) or block.height() <= PAGE_PT:
        yield block
        return
    from civarchive.bind.volume.measure import METRICS, split_text

    metrics = METRICS[block.role]
    fit = int((PAGE_PT - metrics.before - metrics.after) // metrics.line)
    for n, piece in enumerate(
        split_text(block.label + block.text, metrics.size, TEXT_WIDTH_PT, fit)
    ):
        # The label is bold only at the start of the first piece.
        if n == 0 and block.label and piece.startswith(block.label):
            yield Text(block.role, piece[len(block.label) :], block.label, block.mark, block.item)
        else:
            yield Text(block.role, piece)


# -- the indicator's own page(s)


def _introduce(
    planner: _Planner, section: Section, options: EvidenceOptions, category: Text | None
) -> None:
    top: list[Block] = [category] if category is not None else []
    top.append(Text(Role.INDICATOR, section.heading, mark=f"indicator:{section.indicator_id}"))
    facts = [
        ("测评内容", section.content),
        ("测评方法", section.method),
        ("责任人", section.owner),
        ("完成情况", None if options.final else section.status),
    ]
    lines: list[Block] = [
        Text(Role.FACT, value, label=f"{label}：") for label, value in facts if value
    ]
    # The headings move with the first fact: never a heading alone at a page's foot.
    planner.flow(top + lines[:1])
    for line in lines[1:]:
        planner.flow([line])
    if section.note is not None or section.status == "不适用":
        planner.flow([Explanation(f"本指标不适用。{section.note or ''}")])
        return
    for number, block in enumerate(section.requirements, start=1):
        planner.flow(_requirement(number, block, options))
    if section.excluded:
        # So that 「现有 0 张」 never stands unexplained beside a photo that was left out.
        counts = Counter(reason_label(e.code) for e in section.excluded)
        reasons = "、".join(f"{label} {n}" for label, n in counts.items())
        planner.flow(
            [Text(Role.FACT, f"另有 {len(section.excluded)} 个文件未计入（{reasons}），见备考表。")]
        )


def _requirement(number: int, block: RequirementBlock, options: EvidenceOptions) -> list[Block]:
    """The requirement's line, then its gap (working copy), waiver or blank 情况说明."""
    unit = measure_word(block.kind)
    if options.final:
        counts = f"共 {block.count} {unit}"
    else:
        need = f"每年{block.min} {unit}" if block.per_year else f"{block.min} {unit}"
        counts = f"要求{need}，现有 {block.count} {unit}"
    group: list[Block] = [
        Text(Role.REQUIREMENT, f"（{chinese_numeral(number)}）{block.what}（{counts}）")
    ]
    if block.waiver:
        # Explained in writing where the evidence would stand (design §6), not a gap.
        group.append(Explanation(block.waiver))
    elif block.gap and not options.final:
        group.append(Text(Role.GAP, block.gap))
    elif block.gap and options.allow_gaps:
        group.append(Explanation(ruled=RULED_LINES))
    return group


# -- the evidence of one requirement


def _evidence(
    planner: _Planner, number: int, block: RequirementBlock, options: EvidenceOptions
) -> None:
    pictures: list[tuple[Item, Picture]] = []
    cards: list[tuple[Item, str | None]] = []

    def flush() -> None:
        _photo_pages(planner, number, block, pictures, options.photos_per_page)
        _card_pages(planner, cards)
        pictures.clear()
        cards.clear()

    for item in block.items:
        if is_document(item, block) and options.documents == "full":
            flush()
            _document_pages(planner, item, options)
            continue
        if item.kind in (Kind.PHOTO, Kind.VIDEO) and not is_document(item, block):
            picture = options.pictures(item)
            if isinstance(picture, Picture):
                if cards:
                    flush()
                pictures.append((item, picture))
                continue
            note = (
                f"{KIND_LABELS_ZH.get(item.kind, '')}无法显示：{picture.reason}，请核对原件"
                if isinstance(picture, PictureFailure)
                else None
            )
        else:
            note = None
        if pictures:
            flush()
        cards.append((item, note))
    flush()


def _heading(item: Item) -> Text:
    return Text(Role.ITEM, f"{item.number}. {item.title}", item=item, outline=True)


def _document_pages(planner: _Planner, item: Item, options: EvidenceOptions) -> None:
    """A document 件 from a new page: heading line and 归档章, then every page image; or
    merged (DOCX without LibreOffice); or a card with the reason its content is missing."""
    result = options.pages(item)
    heading = _heading(item)
    start = planner.start_page()
    if isinstance(result, Rendered):
        planner.place(heading)
        planner.place(Stamp(item, result.page_count))
        for line in _render_notes(result):
            planner.place(line)
        room = TEXT_HEIGHT_PT - planner.used - PICTURE_SLACK_PT
        for index, image in enumerate(result.pages):
            if index:
                planner.start_page()
                room = TEXT_HEIGHT_PT - PICTURE_SLACK_PT
            planner.place(_fitted(image, room, item, index, result.pdf))
        planner.items[item.number] = PageSpan(start, result.page_count)
        return
    source = options.root / item.path
    if isinstance(result, NotRendered) and result.mergeable:
        problem = options.merge_problem(source)
        if problem is None:
            pages = max(1, item.evidence.pages or 1)
            planner.place(heading)
            planner.place(Stamp(item, pages))
            planner.place(Merged(item, source))
            # The merged content's own layout decides its pages: from here on an estimate.
            for _ in range(pages - 1):
                planner.start_page()
            planner.items[item.number] = PageSpan(start, pages)
            planner.exact = False
            return
        why = f"正文未能并入：{problem}，请查阅原件"
    else:
        why = result.note if isinstance(result, NotRendered) else "正文未装入，请查阅原件"
    for line in _card(item, why):
        planner.place(line)
    planner.items[item.number] = PageSpan(start, 1)


def _render_notes(result: Rendered) -> list[Block]:
    """What a reader must know about a document bound incompletely."""
    notes: list[Block] = []
    if result.capped_from:
        notes.append(
            Text(
                Role.DETAIL, f"（原件共 {result.capped_from} 页，仅装入前 {result.page_count} 页）"
            )
        )
    if result.unreadable_pages:
        shown = "、".join(str(n) for n in result.unreadable_pages[:10])
        more = "等" if len(result.unreadable_pages) > 10 else ""
        notes.append(Text(Role.DETAIL, f"（原件第 {shown}{more} 页无法显示，请查阅原件）"))
    return notes


def _fitted(
    image: PageImage, room: float, item: Item, offset: int, source: Path | None
) -> DocumentPage:
    """The page image scaled to fit ``room`` pt of height and the text width, aspect kept."""
    scale = min(TEXT_WIDTH_PT / image.width, max(1.0, room) / image.height)
    return DocumentPage(image, image.width * scale, image.height * scale, item, offset, source)


def _card(item: Item, note: str | None) -> list[Block]:
    """A 件 shown as text: its title, register line and place, and why it is not shown."""
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
    blocks: list[Block] = [
        _heading(item),
        Text(Role.DETAIL, "；".join(details)),
        Text(Role.DETAIL, f"位置：{item.shown_path}"),
    ]
    if note:
        blocks.append(Text(Role.GAP, f"（{note}）"))
    return blocks


def _card_pages(planner: _Planner, cards: list[tuple[Item, str | None]]) -> None:
    if not cards:
        return
    planner.start_page()
    for item, note in cards:
        planner.flow(_card(item, note))
        planner.items[item.number] = PageSpan(planner.number, 1)


def _photo_pages(
    planner: _Planner,
    number: int,
    block: RequirementBlock,
    pictures: list[tuple[Item, Picture]],
    per_page: int,
) -> None:
    """Pages of up to ``per_page`` pictures, each page headed by its requirement."""
    columns = 2 if per_page == 4 else 1
    title = f"（{chinese_numeral(number)}）{block.what}"
    head = Text(Role.RUNNING, title, outline=True)
    left = list(pictures)
    while left:
        take, box = _fit_photos(left[:per_page], per_page, PHOTO_PAGE_PT - head.height())
        planner.start_page()
        planner.place(head)
        head = Text(Role.RUNNING, title)  # the outline points at the first page only
        planner.place(PhotoGrid(tuple(left[:take]), columns, box))
        for item, _ in left[:take]:
            planner.items[item.number] = PageSpan(planner.number, 1)
        left = left[take:]


def _fit_photos(
    cells: list[tuple[Item, Picture]], setting: int, room: float
) -> tuple[int, tuple[float, float]]:
    """How many of ``cells`` go on one page and the picture box that lets them fit
    (``setting`` is --photos-per-page)."""
    columns = 2 if setting == 4 else 1
    box_w, box_h = PICTURE_BOX_PT[setting]
    per_page = len(cells)
    while True:
        chosen = cells[:per_page]
        captions = _grid_height(tuple(chosen), columns, 0.0)
        rows = -(-len(chosen) // columns)
        fitted = min(box_h, (room - captions) / rows)
        if fitted >= MIN_BOX_PT or per_page <= 1:
            return per_page, (box_w, max(MIN_BOX_PT, fitted))
        per_page -= 1


def _grid_height(cells: tuple[tuple[Item, Picture], ...], columns: int, box_h: float) -> float:
    """A grid's height with pictures ``box_h`` high: per row its tallest caption."""
    width = TEXT_WIDTH_PT / columns - 2 * CELL_MARGIN_PT
    total = 0.0
    for start in range(0, len(cells), columns):
        row = cells[start : start + columns]
        caption = max(
            single_height("\n".join(caption_lines(item)), CAPTION_PT, width) for item, _ in row
        )
        total += box_h + caption + ROW_EXTRA_PT
    return total
