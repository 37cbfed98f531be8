"""Page facts: where each 件 starts in its volume (页号), how many pages it takes (页数), and
each volume's total pages and place in the set (第N册 共M册).

bind plans every page of a volume's body before it writes anything, so these numbers are
known exactly (design §6: every 件 starts a new page; each planned page is made to fit one
printed page); the layouts that print them (封面, 卷内目录, 备考表, 总目录, 归档文件目录.xlsx)
read them from ``Volume.paging`` and never compute them. Page numbers are those of the
volume's numbered body, which starts at 1 after the unnumbered 封面, 目录 and 卷内目录.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civarchive.bind.models import Item


@dataclass(frozen=True, slots=True)
class PageSpan:
    """A run of body pages: ``start`` is the first page's number (页号, from 1), ``pages``
    how many pages it takes (页数, at least 1; photos sharing a page take 1 each)."""

    start: int
    pages: int

    @property
    def end(self) -> int:
        """The last page's number."""
        return self.start + self.pages - 1

    def text(self) -> str:
        """``5`` or ``5–7``, as a page range is printed."""
        return str(self.start) if self.pages <= 1 else f"{self.start}–{self.end}"


@dataclass(frozen=True, slots=True)
class VolumePages:
    """The page facts of one volume.

    ``total`` is the volume's 页数: its numbered body pages (the 件 and the indicator pages
    that introduce them); the 封面, 目录, 卷内目录 and 备考表 are unnumbered and not counted.
    ``exact`` is False when a page count had to be estimated (a DOCX merged in without
    LibreOffice: its pages are laid out by the word processor that opens the volume); the
    volume's own 页号 fields are then still computed by Word, WPS or LibreOffice, but the
    numbers in the 总目录 and the workbook may be off.
    """

    number: int
    """第N册: the volume's place among the volumes of one bind, from 1."""
    count: int
    """共M册: how many volumes the bind made."""
    total: int
    """Pages of the numbered body."""
    items: Mapping[int, PageSpan] = field(default_factory=dict)
    """Each 件's pages, by ``Item.number`` (序号 in the volume)."""
    indicators: Mapping[str, PageSpan] = field(default_factory=dict)
    """Each indicator's pages (its heading page to its last 件), by indicator id."""
    exact: bool = True

    def item(self, item: Item) -> PageSpan | None:
        """The pages of ``item`` (a 件 of this volume), or None for a 件 it does not hold."""
        return self.items.get(item.number)

    @property
    def volume_label(self) -> str:
        """第2册 共10册"""
        return f"第{self.number}册 共{self.count}册"
