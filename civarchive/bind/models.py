"""The dossier's data model: volumes made of indicator sections made of items (件)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from civarchive.bind.codes import CodeFields
from civarchive.bind.paging import VolumePages
from civarchive.display import xml_safe
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of evidence (件) as it appears in a volume and in the catalog."""

    number: int
    """件号: running number inside its volume, from 1."""
    code: str
    """档号, from the spec's archive_code template."""
    doc_number: str
    """文号 such as 〔2023〕12号, or ""."""
    responsible: str
    """责任者."""
    title: str
    """题名."""
    date: str
    """YYYYMMDD (unknown month/day as 00, DA/T 22), or ""."""
    pages: int | None
    """The document's own page count (DA/T 22 页数); 1 for a photo; None when unknown."""
    kind: Kind
    path: str
    """Archive-relative POSIX path."""
    indicator: str
    requirement: str
    """The requirement's ``what`` it counts toward."""
    retention: str
    """保管期限 text (永久, 长期, 30年, 10年) or ""."""
    evidence: Evidence
    caption: Caption | None = None
    code_parts: CodeFields | None = None
    """The values the 档号 was made from (全宗号, 年度, 件号, 保管期限, 机构…): the 归档章's
    fields and the workbook's separate columns."""

    @property
    def shown_path(self) -> str:
        """The path as printed in a volume (control characters escaped; XML cannot hold them)."""
        return xml_safe(self.path)

    @property
    def bookmark(self) -> str:
        """The deterministic bookmark name the catalog row links to."""
        return f"item_{self.number:04d}"

    @property
    def photo_number(self) -> str:
        """DA/T 50 照片号: the caption's number, else the 档号."""
        if self.caption is not None and self.caption.number:
            return self.caption.number
        return self.code


@dataclass(frozen=True, slots=True)
class RequirementBlock:
    """The evidence bound for one requirement, in report order, and its gap if unmet."""

    kind: str
    what: str
    min: int
    count: int
    met: bool
    items: tuple[Item, ...]
    gap: str | None
    """The marked gap line (缺：学习活动照片 4 张，现有 2 张), or None when met."""
    per_year: bool = False
    waiver: str | None = None
    """The reason of the spec waiver that accepts this requirement's gap (a waived
    ``missing_evidence``/``overdue`` finding of its indicator), or None."""


@dataclass(frozen=True, slots=True)
class Section:
    """One indicator in a volume: its heading data, status and evidence by requirement."""

    indicator_id: str
    category_id: str
    heading: str
    """1.1 理想信念教育（4分）"""
    content: str | None
    method: str | None
    owner: str | None
    status: str
    """Status label in Chinese: 完成, 部分完成, 缺失, 不适用."""
    note: str | None
    """情况说明 of a not-applicable indicator."""
    requirements: tuple[RequirementBlock, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for block in self.requirements for item in block.items)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(block.gap for block in self.requirements if block.gap)


@dataclass(frozen=True, slots=True)
class CategoryPart:
    """A category inside a volume (a volume per category holds exactly one)."""

    id: str
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Volume:
    """One bound DOCX volume (卷)."""

    file_stem: str
    """Windows-safe file name without extension, e.g. ``1 思想道德建设``."""
    title: str
    """The category title, or the spec title for a single volume."""
    unit: str
    spec_title: str
    period: tuple[dt.date, dt.date]
    retention: str
    bind_date: dt.date
    """立卷日期 (also 整理日期), fixed for reproducible output."""
    categories: tuple[CategoryPart, ...]
    compiler: str = ""
    checker: str = ""
    paging: VolumePages | None = None
    """Page facts (页号, 页数, total, 第N册 共M册), set by bind once the body is planned;
    None on a volume fresh from ``build_volumes``."""

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(s for c in self.categories for s in c.sections)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(g for s in self.sections for g in s.gaps)

    @property
    def code_range(self) -> str:
        """档号起止: first — last item code, or "" for an empty volume."""
        items = self.items
        if not items:
            return ""
        if len(items) == 1:
            return items[0].code
        return f"{items[0].code} — {items[-1].code}"

    def count(self, kind: Kind) -> int:
        return sum(1 for i in self.items if i.kind == kind)

    @property
    def pages(self) -> int:
        """The volume's 页数: ``paging.total`` once planned; before that, Σ of the known
        document page counts (photos count one page each)."""
        if self.paging is not None:
            return self.paging.total
        return sum(i.pages or 0 for i in self.items)


@dataclass(frozen=True, slots=True)
class BindResult:
    """What bind wrote."""

    volumes: list[Path] = field(default_factory=list)
    index: Path | None = None
    """总目录.docx"""
    catalog: Path | None = None
    """归档文件目录.xlsx"""
    pdfs: list[Path] = field(default_factory=list)
    items: int = 0
    photos: int = 0
    videos: int = 0
    documents: int = 0
    audio: int = 0
    gaps: int = 0
    photo_failures: int = 0
    """Photos or videos that could not be decoded and were listed as text."""

    @property
    def written(self) -> list[Path]:
        paths = list(self.volumes)
        paths += [p for p in (self.index, self.catalog) if p is not None]
        return paths + list(self.pdfs)


def summary_line(result: BindResult) -> str:
    """One sentence for the clerk: what was bound and how many gaps the volumes mark."""
    from civarchive.i18n import tr

    return tr(
        "已装订 {v} 卷、{n} 件（文件 {d}，照片 {p}，视频 {vi}，音频 {a}）；标出缺项 {g} 处。",
        "bound {v} volume(s), {n} item(s) ({d} documents, {p} photos, {vi} videos, {a} audio); {g} gap(s) marked.",
        v=len(result.volumes),
        n=result.items,
        d=result.documents,
        p=result.photos,
        vi=result.videos,
        a=result.audio,
        g=result.gaps,
    )
