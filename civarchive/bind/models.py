"""The dossier's data model: volumes made of indicator sections made of items (件)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from civarchive.bind.describe import ResponsibleSource, TitleSource
from civarchive.bind.numbering import CodeFields, code_key
from civarchive.bind.paging import VolumePages
from civarchive.display import xml_safe
from civarchive.findings import Code
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence
from civarchive.secrecy import highest_secrecy


@dataclass(frozen=True, slots=True)
class Item:
    """One piece of evidence (件) as it appears in a volume and in the catalog."""

    number: int
    """序号: running number inside its volume, from 1 (the 卷内目录's and the catalog's)."""
    code: str
    """档号, from the spec's archive_code template."""
    doc_number: str
    """文号 such as 〔2023〕12号, or ""."""
    responsible: str
    """责任者 (design §6: caption sheet > owning department > unit)."""
    title: str
    """题名 (design §6: caption sheet > file name > plausible metadata title)."""
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
    title_source: TitleSource = TitleSource.NAME
    responsible_source: ResponsibleSource = ResponsibleSource.UNIT
    secrecy: str = ""
    """密级: the caption sheet's, else the spec's default, or ""."""
    photographer: str = ""
    """摄影者 (摄制者, 录制者): the caption sheet's, else the EXIF Artist, or ""."""
    code_parts: CodeFields | None = None
    """The values the 档号 was made from (全宗号, 年度 — None while undated —, 件号 counted
    within its 档号 group, 保管期限, 机构…): the 归档章's fields and the workbook's columns."""
    indicator_title: str = ""
    """指标: ``1.1 理想信念教育``."""
    as_document: bool = False
    """An image counted toward a document requirement (a scan, design §3): bound as a page."""

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
        """DA/T 50 照片号 from the caption sheet, or "" (it stands beside the 档号, never for it)."""
        if self.caption is not None and self.caption.number:
            return self.caption.number
        return ""


@dataclass(frozen=True, slots=True)
class Excluded:
    """A file of a volume's indicator that counts toward nothing, and why (the 备考表 lists it)."""

    path: str
    indicator: str
    code: Code
    """The most telling finding: corrupt before duplicate before unused (``build.EXCLUSION_ORDER``)."""
    waiver: str | None = None
    """The reason of a waiver that accepted the finding, if any."""


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
    ``missing_evidence``/``overdue`` finding of its indicator), or None; printed as 情况说明
    where the evidence would stand."""


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
    excluded: tuple[Excluded, ...] = ()
    """Files of this indicator that count toward nothing, in path order."""
    title: str = ""
    """``1.1 理想信念教育``: the heading without its points."""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for block in self.requirements for item in block.items)

    @property
    def gaps(self) -> tuple[str, ...]:
        """The gap lines of unmet requirements no waiver explains."""
        return tuple(block.gap for block in self.requirements if block.gap and not block.waiver)

    @property
    def waived(self) -> tuple[RequirementBlock, ...]:
        """Unmet requirements a waiver explains (its reason is their 情况说明)."""
        return tuple(block for block in self.requirements if block.waiver)


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
    def excluded(self) -> tuple[Excluded, ...]:
        return tuple(e for s in self.sections for e in s.excluded)

    @property
    def code_range(self) -> str:
        """档号起止: the lowest — the highest 档号 in natural order, or "" for an empty volume."""
        codes = sorted({i.code for i in self.items}, key=code_key)
        if not codes:
            return ""
        if len(codes) == 1:
            return codes[0]
        return f"{codes[0]} — {codes[-1]}"

    @property
    def date_range(self) -> tuple[str, str] | None:
        """起止日期: the earliest and latest dated 件 (YYYYMMDD), or None when none is dated."""
        dates = [i.date for i in self.items if i.date]
        if not dates:
            return None
        # A date known to the year (20210000) is the year's start for the earliest and its
        # end for the latest, so that the range always holds every dated 件.
        return min(dates), max(dates, key=_latest_key)

    @property
    def secrecy(self) -> str:
        """密级 of the volume: the highest of its 件, or ""."""
        return highest_secrecy([i.secrecy for i in self.items])

    @property
    def undated(self) -> tuple[Item, ...]:
        """件 without an evidence date: no year in their 档号 until dated (备考表 lists them)."""
        return tuple(i for i in self.items if not i.date)

    def count(self, kind: Kind) -> int:
        return sum(1 for i in self.items if i.kind == kind)

    @property
    def pages(self) -> int:
        """The volume's 页数: ``paging.total`` once planned; before that, Σ of the known
        document page counts (photos count one page each)."""
        if self.paging is not None:
            return self.paging.total
        return sum(i.pages or 0 for i in self.items)


def _latest_key(date: str) -> str:
    """YYYYMMDD with an unknown month or day (00) read as the last one: 20230000 → 20239999."""
    month, day = date[4:6], date[6:8]
    return date[:4] + (month if month != "00" else "99") + (day if day != "00" else "99")


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
    pages: int = 0
    """Pages of the volumes' numbered bodies, all volumes together."""
    pages_rendered: int = 0
    """Document pages rendered by this bind (0 when every page came from the cache)."""
    soffice_runs: int = 0
    """LibreOffice starts this bind needed to convert office documents (0 when cached)."""
    needs_libreoffice: int = 0
    """Documents left as a card because LibreOffice is not installed (DOCX are merged)."""
    exact_pages: bool = True
    """False when a merged DOCX made some page numbers an estimate (no LibreOffice)."""
    vector_pages: int = 0
    """Pages of the PDF volumes drawn from their source PDF rather than as pictures."""

    @property
    def written(self) -> list[Path]:
        paths = list(self.volumes)
        paths += [p for p in (self.index, self.catalog) if p is not None]
        return paths + list(self.pdfs)


def bind_summary(result: BindResult) -> str:
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
