"""A spec drafted from a 测评细则 table, each guess carrying the reason a person should check it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from civarchive.i18n import Lang, language
from civarchive.spec.evidence import Guess


@dataclass(frozen=True, slots=True)
class ReadRange:
    """Rows read from one worksheet or Word table."""

    sheet: str | None
    table: int | None
    first: int
    last: int

    def text(self, lang: Lang | None = None) -> str:
        """工作表「Sheet1」第 3–60 行 / worksheet 'Sheet1' rows 3–60."""
        rows = f"{self.first}–{self.last}" if self.last > self.first else str(self.first)
        if (lang or language()) == "zh":
            place = (
                f"工作表「{self.sheet}」" if self.sheet is not None else f"第 {self.table} 个表格"
            )
            return f"{place}第 {rows} 行"
        place = f"worksheet '{self.sheet}'" if self.sheet is not None else f"table {self.table}"
        return f"{place} row{'s' if self.last > self.first else ''} {rows}"


@dataclass(frozen=True, slots=True)
class DraftIndicator:
    """An indicator as read from the table; ``*_note`` say why a value is to be confirmed."""

    id: str
    title: str
    content: str | None = None
    method: str | None = None
    points: float | None = None
    owner: str | None = None
    due: dt.date | None = None
    requires: tuple[Guess, ...] = ()
    title_note: str | None = None
    method_note: str | None = None
    points_note: str | None = None
    owner_note: str | None = None
    due_note: str | None = None


@dataclass(frozen=True, slots=True)
class DraftCategory:
    id: str
    title: str
    indicators: tuple[DraftIndicator, ...]
    title_note: str | None = None


@dataclass(frozen=True, slots=True)
class DraftOwner:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class DraftSpec:
    """Everything `spec import` writes, and what it read it from."""

    source: str
    """The table file's name."""
    read: tuple[ReadRange, ...]
    """Which tables and rows were read."""
    columns: tuple[str, ...]
    """The recognised columns: 测评项目 → 测评项目."""
    skipped: tuple[str, ...]
    """Rows not imported and why: 第 61 行（注：……）."""
    title: str
    title_note: str | None
    period: tuple[dt.date, dt.date]
    period_note: str
    owners: tuple[DraftOwner, ...]
    categories: tuple[DraftCategory, ...]
    ignore: tuple[str, ...] = ()
    """Globs for the spec's ``ignore``: the table itself when it lies in the archive."""

    def indicators(self) -> list[DraftIndicator]:
        return [i for c in self.categories for i in c.indicators]

    def to_confirm(self) -> int:
        """How many values are marked # 待确认 (requirements count one each)."""
        notes = [self.title_note, self.period_note, "unit"]
        notes += [c.title_note for c in self.categories]
        for i in self.indicators():
            notes += [i.title_note, i.method_note, i.points_note, i.owner_note, i.due_note]
            notes += ["requires"] * len(i.requires)
        return sum(1 for note in notes if note)
