"""Draft a spec from the tables of a 测评细则: categories, indicators, owners, period, guesses noted."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.spec.columns import Header, Role, find_header, header_key
from civarchive.spec.draft import (
    DraftCategory,
    DraftIndicator,
    DraftOwner,
    DraftSpec,
    ReadRange,
)
from civarchive.spec.evidence import guess_requirements
from civarchive.spec.guess import (
    category_heading_title,
    explicit_id,
    methods_in,
    normalize_method,
    number_of,
    owner_id,
    owner_names,
    parse_due,
    parse_points,
    points_in,
    short_title,
    strip_numbering,
    years_in,
)
from civarchive.spec.tables import Cell, Grid, TableFile

# A 全国文明单位 is judged on the three years of its 创建周期.
CYCLE_YEARS = 3
_NOTE = re.compile(r"^\s*(?:注|说明|备注|附注|注释|填表说明|[*※])")
_TOTAL = {"合计", "总计", "小计", "总分", "合计分值", "总分值"}
_TITLE_WORDS = ("测评", "细则", "体系", "标准", "考核", "指标", "创建", "评分", "评价")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?$|^附\s*表\s*\d*\s*[:：]?$")
_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)
ROLE_LABELS = {
    Role.CATEGORY: "测评项目",
    Role.INDICATOR: "指标",
    Role.CONTENT: "指标内容",
    Role.METHOD: "测评方法",
    Role.POINTS: "分值",
    Role.OWNER: "责任人",
    Role.DUE: "截止日期",
    Role.NUMBER: "编号",
    Role.EVIDENCE: "所需证据",
}


def draft_spec(tables: TableFile, today: dt.date) -> DraftSpec:
    """The spec drafted from every recognised table of ``tables`` (see ``import_spec``)."""
    found = _recognised(tables)
    if not found:
        raise _no_header(tables)
    builder = _Builder(several=len(found) > 1)
    for grid, header in found:
        builder.read(grid, header)
    if not builder.categories or not any(c.indicators for c in builder.categories):
        raise UsageError(
            tr(
                "{p} 的表头识别出来了，但下面没有指标行",
                "{p} has a recognisable header but no indicator rows under it",
                p=tables.path,
            ),
            hint=tr(
                "请确认测评内容写在表头下方的行里",
                "check that the indicators are in the rows under the header",
            ),
        )
    title, title_note = _title(tables, found)
    return builder.finish(tables.path.name, title, title_note, today)


def _recognised(tables: TableFile) -> list[tuple[Grid, Header]]:
    """Each table with its header; a header-less table right after a recognised one of the
    same width continues it (a Word table split at a page break)."""
    found: list[tuple[Grid, Header]] = []
    previous: tuple[Grid, Header] | None = None
    for grid in tables.grids:
        header = find_header(grid)
        if header is None and previous is not None and _width(grid) == _width(previous[0]):
            header = replace(previous[1], first_row=-1, data_row=0)
        if header is not None:
            previous = (grid, header)
            found.append(previous)
    return found


def _width(grid: Grid) -> int:
    return len(grid.rows[0]) if grid.rows else 0


def _no_header(tables: TableFile) -> UsageError:
    return UsageError(
        tr(
            "{p} 里没有找到测评细则的表头",
            "no 测评细则 header found in {p}",
            p=tables.path,
        ),
        hint=tr(
            "表头应有“测评项目/一级指标”“测评内容/二级指标”之一，以及“测评方法”“分值”“责任单位”“完成时限”等列；"
            "请检查表头是否在表格前 20 行内",
            "the header needs a column such as 测评项目/一级指标 or 测评内容/二级指标 and others such as "
            "测评方法, 分值, 责任单位, 完成时限, within the table's first 20 rows",
        ),
    )


def _title(tables: TableFile, found: list[tuple[Grid, Header]]) -> tuple[str, str | None]:
    """The table's title: a line above the first table, preferring one that reads like one."""
    grid, header = found[0]
    lines = list(grid.before)
    for row in grid.rows[: max(header.first_row, 0)]:
        texts = list(dict.fromkeys(cell.text for cell in row if cell.text))
        lines += texts
    lines = [line for line in lines if not _ATTACHMENT.match(line) and len(line) <= 80]
    chosen = next((line for line in lines if any(w in line for w in _TITLE_WORDS)), None)
    if chosen is not None:
        return " ".join(chosen.split()), "取自表格标题"
    return tables.path.stem, "取自文件名"


@dataclass(slots=True)
class _Indicator:
    """An indicator while its rows are read."""

    category: int
    region: tuple[int, int, int] | None
    """The indicator cell's region (grid, row, column of its origin), to group the rows a merged cell spans."""
    text: str
    lines: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    dues: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    points: dict[tuple[int, int, int], float | str] = field(default_factory=dict)


@dataclass(slots=True)
class _Category:
    title: str
    raw: str
    indicators: list[_Indicator] = field(default_factory=list)
    note: str | None = None


class _Builder:
    """Reads data rows in order, keeping the current category and indicator."""

    def __init__(self, *, several: bool) -> None:
        self.several = several
        self.categories: list[_Category] = []
        self.category: _Category | None = None
        self.indicator: _Indicator | None = None
        self.grid_index = -1
        self.read_from: list[ReadRange] = []
        self.columns: dict[str, str] = {}
        self.skipped: list[str] = []

    # ------------------------------------------------------------- reading

    def read(self, grid: Grid, header: Header) -> None:
        self.grid_index += 1
        for column, role in sorted(header.roles.items()):
            label = " ".join(header.labels.get(column, "").split())
            self.columns.setdefault(label, ROLE_LABELS.get(role, role.value))
        heading = self._heading_for(grid, header)
        if heading is not None:
            self._start_category(category_heading_title(heading), heading)
        first = header.data_row
        if first >= len(grid.rows):
            return
        self.read_from.append(
            ReadRange(grid.sheet, grid.number, grid.line_numbers[first], grid.line_numbers[-1])
        )
        for r in range(first, len(grid.rows)):
            self._row(grid, header, r)

    def _heading_for(self, grid: Grid, header: Header) -> str | None:
        """A category named outside a table without a 测评项目 column: a heading paragraph
        just above it (docx), or its worksheet's name when the workbook has several."""
        if header.column(Role.CATEGORY) is not None:
            return None
        for line in reversed(grid.before):
            if _is_heading(line):
                return line
        if grid.sheet and self.several and not _DEFAULT_SHEET.match(grid.sheet.strip()):
            return grid.sheet
        return None

    def _row(self, grid: Grid, header: Header, r: int) -> None:
        row = grid.rows[r]
        line = grid.line_numbers[r]
        filled = [(c, cell) for c, cell in enumerate(row) if cell.text]
        if not filled:
            return
        if tuple(header_key(cell.text) for cell in row) == header.texts:
            return  # the header again, after a page break
        if len({cell.origin for _, cell in filled}) == 1 and self._single(header, filled, line):
            return
        category_cell = _cell(row, header.column(Role.CATEGORY))
        indicator_cell = _cell(row, header.column(Role.INDICATOR))
        content = [_cell(row, c).text for c in header.columns(Role.CONTENT)]
        label = category_cell.text or indicator_cell.text
        if "".join(label.split()) in _TOTAL:
            self.skipped.append(f"{_row_name(line)}（合计）")
            return
        if category_cell.text:
            self._start_category(category_heading_title(category_cell.text), category_cell.text)
            if indicator_cell.origin == category_cell.origin:
                return  # the category's name merged across the indicator column: a heading row
        text = indicator_cell.text or next((t for t in content if t), "")
        if not text:
            return  # a category row: its name (and maybe its points) only
        region = (self.grid_index, *indicator_cell.origin) if indicator_cell.text else None
        if not self._continues(indicator_cell, region, header):
            self._start_indicator(text, region)
        self._collect(row, header, content)

    def _continues(self, cell: Cell, region: tuple[int, int, int] | None, header: Header) -> bool:
        """Whether a row adds to the current indicator: its indicator cell is merged with the
        one above, repeats its text, or is left empty under an indicator column."""
        current = self.indicator  # None after a new category began
        if current is None:
            return False
        if region is not None and current.region == region:
            return True
        if cell.text:
            return cell.text == current.text
        return header.column(Role.INDICATOR) is not None

    def _single(self, header: Header, filled: list[tuple[int, Cell]], line: int) -> bool:
        """Handle a row whose text is one cell (perhaps merged across the row): a heading,
        a note, a total, or a lone value. True when the row is done with."""
        text = filled[0][1].text
        columns = [c for c, _ in filled]
        roles = {header.roles.get(c) for c in columns}
        spans = len(columns) > 1
        if _NOTE.match(text):
            self.skipped.append(f"{_row_name(line)}（{_excerpt(text)}）")
            return True
        if "".join(text.split()) in _TOTAL:
            self.skipped.append(f"{_row_name(line)}（合计）")
            return True
        if not spans and roles & {Role.CATEGORY, Role.INDICATOR, Role.CONTENT}:
            return False  # an ordinary cell of an ordinary row
        if _is_heading(text):
            self._start_category(category_heading_title(text), text)
            return True
        self.skipped.append(f"{_row_name(line)}（{_excerpt(text)}）")
        return True

    def _start_category(self, title: str, raw: str) -> None:
        title = title or raw
        if self.category is not None and self.category.title == title:
            return
        existing = next((c for c in self.categories if c.title == title), None)
        if existing is None:
            existing = _Category(title=title, raw=raw)
            self.categories.append(existing)
        self.category = existing
        self.indicator = None

    def _start_indicator(self, text: str, region: tuple[int, int, int] | None) -> None:
        if self.category is None:
            self.category = _Category(
                title="测评项目", raw="", note="表格没有写测评项目，请改为实际名称"
            )
            self.categories.append(self.category)
        indicator = _Indicator(
            category=self.categories.index(self.category),
            region=region,
            text=text,
        )
        self.category.indicators.append(indicator)
        self.indicator = indicator

    def _collect(self, row: tuple[Cell, ...], header: Header, content: list[str]) -> None:
        indicator = self.indicator
        assert indicator is not None
        for text in content:
            for line in text.split("\n"):
                if line and line not in indicator.lines:
                    indicator.lines.append(line)

        def add(role: Role, target: list[str]) -> None:
            text = _cell(row, header.column(role)).text
            if text and text not in target:
                target.append(text)

        add(Role.METHOD, indicator.methods)
        add(Role.OWNER, indicator.owners)
        add(Role.DUE, indicator.dues)
        add(Role.EVIDENCE, indicator.evidence)
        add(Role.NUMBER, indicator.numbers)
        points_column = header.column(Role.POINTS)
        if points_column is not None:
            cell = row[points_column]
            if cell.text:
                value = parse_points(cell.text)
                key = (self.grid_index, *cell.origin)
                indicator.points[key] = value if value is not None else cell.text

    # ------------------------------------------------------------- the draft

    def finish(self, source: str, title: str, title_note: str | None, today: dt.date) -> DraftSpec:
        categories = [c for c in self.categories if c.indicators]
        period, period_note = _period(title, categories, today)
        owners: dict[str, str] = {}
        taken: set[str] = set()
        shared = _shared_points(categories)
        category_ids = _category_ids(categories)
        indicator_ids = _indicator_ids(categories, category_ids)
        drafted = []
        for category, category_id in zip(categories, category_ids, strict=True):
            indicators = tuple(
                _indicator(
                    indicator,
                    indicator_ids[id(indicator)],
                    lambda name: _owner(owners, taken, name),
                    shared,
                    indicator_ids,
                    period,
                )
                for indicator in category.indicators
            )
            drafted.append(DraftCategory(category_id, category.title, indicators, category.note))
        return DraftSpec(
            source=source,
            read=tuple(self.read_from),
            columns=tuple(f"{label}（{role}）" for label, role in self.columns.items()),
            skipped=tuple(self.skipped),
            title=title,
            title_note=title_note,
            period=period,
            period_note=period_note,
            owners=tuple(DraftOwner(i, n) for n, i in owners.items()),
            categories=tuple(drafted),
        )


def _cell(row: tuple[Cell, ...], column: int | None) -> Cell:
    if column is None or column >= len(row):
        return Cell("", (-1, -1))
    return row[column]


def _row_name(line: int) -> str:
    return f"第 {line} 行"


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 24 else flat[:24] + "……"


def _is_heading(text: str) -> bool:
    """一、组织领导（10分）, （二）思想道德建设, 第三部分 文明风尚: a category heading."""
    if "\n" in text.strip() or len(text) > 40:
        return False
    if not any(ch.isalpha() for ch in category_heading_title(text)):
        return False  # a bare number
    return number_of(text) is not None or points_in(text) is not None


def _owner(owners: dict[str, str], taken: set[str], name: str) -> str:
    if name not in owners:
        owners[name] = owner_id(name, taken, len(owners) + 1)
    return owners[name]


# (grid, row, column) of a points cell -> the indicators sharing it
_Shared = dict[tuple[int, int, int], list["_Indicator"]]


def _shared_points(categories: list[_Category]) -> _Shared:
    shared: _Shared = {}
    for category in categories:
        for indicator in category.indicators:
            for key in indicator.points:
                shared.setdefault(key, []).append(indicator)
    return shared


def _category_ids(categories: list[_Category]) -> list[str]:
    """The categories' own numbers (一、 → 1) when each has a distinct one, else 1, 2, 3…"""
    numbers = [number_of(c.raw) for c in categories]
    if all(numbers) and len(set(numbers)) == len(numbers):
        return [str(n) for n in numbers]
    return [str(n) for n in range(1, len(categories) + 1)]


def _indicator_ids(categories: list[_Category], category_ids: list[str]) -> dict[int, str]:
    """The table's own ids (1.1, Ⅱ-1) when every indicator has a distinct one, else
    ``{category}.{n}`` — ids a folder can start with (design §3)."""
    indicators = [i for c in categories for i in c.indicators]
    own = [
        next((x for x in (explicit_id(n) for n in i.numbers) if x), None) or explicit_id(i.text)
        for i in indicators
    ]
    usable = [x for x in own if x and x not in category_ids]
    if len(usable) == len(indicators) and len({x.casefold() for x in usable}) == len(usable):
        return {id(i): x for i, x in zip(indicators, usable, strict=True)}
    ids: dict[int, str] = {}
    for category, category_id in zip(categories, category_ids, strict=True):
        for n, indicator in enumerate(category.indicators, start=1):
            ids[id(indicator)] = f"{category_id}.{n}"
    return ids


def _period(
    title: str, categories: list[_Category], today: dt.date
) -> tuple[tuple[dt.date, dt.date], str]:
    """The evidence period: the years the title names, else the 创建周期 (three years) ending
    with the latest deadline, else the three years ending this year."""
    years = [y for y in years_in(title) if 1990 <= y <= 2100]
    if years:
        return (dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)), "取自表格标题中的年份"
    exact = [
        due.day
        for c in categories
        for i in c.indicators
        for text in i.dues
        if (due := parse_due(text, today.year)) is not None and due.exact
    ]
    if exact:
        end = max(exact).year
        start = min(end - CYCLE_YEARS + 1, min(exact).year)
        return (
            (dt.date(start, 1, 1), dt.date(end, 12, 31)),
            "表格标题未写年份，按完成时限推定为三年创建周期",
        )
    return (
        (dt.date(today.year - CYCLE_YEARS + 1, 1, 1), dt.date(today.year, 12, 31)),
        "表格未写年份，按今年推定为三年创建周期",
    )


def _indicator(
    indicator: _Indicator,
    indicator_id: str,
    owner_for: Callable[[str], str],
    shared: _Shared,
    ids: dict[int, str],
    period: tuple[dt.date, dt.date],
) -> DraftIndicator:
    title, guessed = short_title(indicator.text)
    lines = list(indicator.lines)
    if guessed:
        # The indicator cell was a sentence: it is the content too.
        own = [line for line in indicator.text.split("\n") if line]
        own[0] = strip_numbering(own[0])
        lines = own + [line for line in lines if line not in indicator.text]
    content = "\n".join(dict.fromkeys(lines)) or None
    method: str | None = None
    method_note: str | None = None
    if indicator.methods:
        method = normalize_method("、".join(indicator.methods))
    else:
        method = methods_in(f"{indicator.text}\n{content or ''}")
        method_note = "从测评内容中摘出" if method else None
    points, points_note = _points(indicator, shared, ids)
    owner, owner_note = None, None
    names = owner_names("、".join(indicator.owners))
    if names:
        owner = owner_for(names[0])
        for other in names[1:]:
            owner_for(other)
        if len(names) > 1:
            owner_note = f"原表责任单位为「{'、'.join(names)}」，spec 只能写一个，已取第一个"
    due, due_note = _due(indicator.dues, period)
    requires = guess_requirements(
        "" if guessed else title,  # a title cut from a sentence names nothing well
        content or indicator.text,
        method,
        "\n".join(indicator.evidence) or None,
    )
    return DraftIndicator(
        id=indicator_id,
        title=title,
        content=content,
        method=method,
        points=points,
        owner=owner,
        due=due,
        requires=tuple(requires),
        title_note="从测评内容中截取" if guessed else None,
        method_note=method_note,
        points_note=points_note,
        owner_note=owner_note,
        due_note=due_note,
    )


def _points(
    indicator: _Indicator, shared: _Shared, ids: dict[int, str]
) -> tuple[float | None, str | None]:
    total = 0.0
    notes = []
    for key, value in indicator.points.items():
        if isinstance(value, str):
            notes.append(f"原表分值为「{value}」，不是数字")
            continue
        sharing = shared[key]
        if len(sharing) == 1:
            total += value
            continue
        part = round(value / len(sharing), 2)
        if sharing[-1] is indicator:
            part = round(value - part * (len(sharing) - 1), 2)
        total += part
        names = f"{ids[id(sharing[0])]}–{ids[id(sharing[-1])]}"
        notes.append(f"原表 {names} 共用一个分值单元格（{value:g} 分），已平均分配")
    if not indicator.points:
        return None, None
    if total == 0 and notes and all("不是数字" in n for n in notes):
        return 1, "；".join(notes) + "，暂按 1 分"
    return round(total, 2), "；".join(notes) or None


def _due(texts: list[str], period: tuple[dt.date, dt.date]) -> tuple[dt.date | None, str | None]:
    if not texts:
        return None, None
    text = " ".join(" ".join(texts).split())
    due = parse_due(text, period[1].year)
    if due is None:
        return None, f"原表完成时限为「{text}」，未能识别为日期"
    if not period[0] <= due.day <= period[1]:
        return None, f"原表完成时限「{text}」不在期限内，未写入 due"
    return due.day, None if due.exact else f"原表完成时限为「{text}」"
