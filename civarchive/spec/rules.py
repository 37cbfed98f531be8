"""Cross-field rules of design §3 (unique ids, known owners, dates inside the period...), checked on raw data.

They run on the parsed YAML rather than on validated models so that a spec with a typo in
one place still gets every other problem reported in the same run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from civarchive.days import read_day
from civarchive.folders import normalize_name
from civarchive.i18n import tr
from civarchive.spec.messages import did_you_mean
from civarchive.spec.owners import owner_key
from civarchive.spec.source import Loc, YamlDocument

# report(document, loc, message, hint, at) with at = "value" | "key"
Reporter = Callable[[YamlDocument, Loc, str, str | None, str], None]


@dataclass(frozen=True, slots=True)
class _Seen:
    document: YamlDocument
    loc: Loc


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _date(value: Any) -> dt.date | None:
    # The loader keeps dates as their text; a bad one is reported by validation.
    return read_day(value) if isinstance(value, str) else None


def _id(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _period(data: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    period = data.get("period")
    if not isinstance(period, dict):
        return None, None
    return _date(period.get("start")), _date(period.get("end"))


class RuleChecker:
    """Checks the rules across the main spec and its included files, reporting each violation."""

    def __init__(
        self, documents: list[YamlDocument], report: Reporter, where: Callable[[_Seen], str]
    ) -> None:
        self.documents = [d for d in documents if isinstance(d.data, dict)]
        self.main = documents[0]
        self.report = report
        self.where = where
        main_data = self.main.data if isinstance(self.main.data, dict) else {}
        self.start, self.end = _period(main_data)
        self.owner_ids: dict[str, _Seen] = {}
        # owner name (compared as owner_key) -> ids of the owners of that name
        self.owner_names: dict[str, list[str]] = {}
        self.category_ids: dict[str, _Seen] = {}
        self.indicator_ids: dict[str, _Seen] = {}

    def run(self) -> None:
        self._check_period()
        self._check_inbox()
        for document in self.documents:
            self._collect_owners(document)
        for document in self.documents:
            self._check_categories(document)
        self._check_waivers()

    def _problem(
        self,
        document: YamlDocument,
        loc: Loc,
        message: str,
        hint: str | None = None,
        at: str = "value",
    ) -> None:
        self.report(document, loc, message, hint, at)

    def _check_period(self) -> None:
        if self.start and self.end and self.start > self.end:
            self._problem(
                self.main,
                ("period", "end"),
                tr(
                    "期限结束日期 {e} 早于开始日期 {s}",
                    "the period ends ({e}) before it starts ({s})",
                    e=self.end,
                    s=self.start,
                ),
                tr("请交换 start 与 end", "swap start and end"),
            )

    def _check_inbox(self) -> None:
        data = self.main.data if isinstance(self.main.data, dict) else {}
        self._check_folder(self.main, ("inbox",), data.get("inbox"))

    def _first(
        self, table: dict[str, _Seen], key: str, seen: _Seen, what_zh: str, what_en: str
    ) -> bool:
        """Register an id; report and return False when it was already used."""
        normalized = normalize_name(key)
        first = table.get(normalized)
        if first is None:
            table[normalized] = seen
            return True
        self._problem(
            seen.document,
            seen.loc,
            tr(
                "{w}编号 “{id}” 重复（首次出现在 {at}）",
                "duplicate {w2} id '{id}' (first defined at {at})",
                w=what_zh,
                w2=what_en,
                id=key,
                at=self.where(first),
            ),
            tr("编号在整个规范中须唯一", "ids must be unique across the spec and its includes"),
        )
        return False

    def _collect_owners(self, document: YamlDocument) -> None:
        for index, owner in _items(document.data.get("owners")):
            owner_id = _id(owner.get("id"))
            name = _id(owner.get("name"))
            if owner_id is not None and name is not None:
                self.owner_names.setdefault(owner_key(name), []).append(owner_id)
            if owner_id is not None:
                self._first(
                    self.owner_ids,
                    owner_id,
                    _Seen(document, ("owners", index, "id")),
                    "责任人",
                    "owner",
                )

    def _check_categories(self, document: YamlDocument) -> None:
        for c_index, category in _items(document.data.get("categories")):
            c_loc: Loc = ("categories", c_index)
            category_id = _id(category.get("id"))
            if category_id is not None:
                self._first(
                    self.category_ids,
                    category_id,
                    _Seen(document, (*c_loc, "id")),
                    "测评项目",
                    "category",
                )
            self._check_folder(document, (*c_loc, "folder"), category.get("folder"))
            for i_index, indicator in _items(category.get("indicators")):
                self._check_indicator(document, (*c_loc, "indicators", i_index), indicator)

    def _check_indicator(self, document: YamlDocument, loc: Loc, indicator: dict[str, Any]) -> None:
        indicator_id = _id(indicator.get("id"))
        if indicator_id is not None:
            self._first(
                self.indicator_ids, indicator_id, _Seen(document, (*loc, "id")), "指标", "indicator"
            )
        owner = _id(indicator.get("owner"))
        named = self.owner_names.get(owner_key(owner)) if owner is not None else None
        if owner is not None and normalize_name(owner) not in self.owner_ids and named:
            self._problem(
                document,
                (*loc, "owner"),
                tr(
                    "“{o}”是责任人的名称，owner 须写编号",
                    "'{o}' is an owner's name; owner takes the id",
                    o=owner,
                ),
                tr("写成 owner: {i}", "write owner: {i}", i=" / ".join(named)),
            )
        elif owner is not None and normalize_name(owner) not in self.owner_ids:
            hint = did_you_mean(owner, [s.strip() for s in self._owner_names()])
            self._problem(
                document,
                (*loc, "owner"),
                tr("未知的责任人 “{o}”", "unknown owner '{o}'", o=owner),
                hint
                or tr("请在 owners 中添加 id: {o}", "declare it under owners (id: {o})", o=owner),
            )
        self._check_due(document, loc, indicator.get("due"))
        folders = indicator.get("folder")
        if isinstance(folders, list):
            for f_index, folder in enumerate(folders):
                self._check_folder(document, (*loc, "folder", f_index), folder)
        else:
            self._check_folder(document, (*loc, "folder"), folders)
        if indicator.get("applicable") is False and not _id(indicator.get("note")):
            self._problem(
                document,
                (*loc, "applicable"),
                tr(
                    "不适用的指标须写情况说明（note）",
                    "an indicator with 'applicable: false' needs a 'note' explaining why",
                ),
                tr(
                    "添加 note: 本单位无此项职能 之类的说明",
                    "add a note such as 'note: 本单位无此项职能'",
                ),
            )
        for r_index, requirement in _items(indicator.get("requires")):
            self._check_window(
                document, (*loc, "requires", r_index, "within"), requirement.get("within")
            )

    def _check_folder(self, document: YamlDocument, loc: Loc, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            return
        path = PurePosixPath(value.strip().replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or PureWindowsPath(value.strip()).drive:
            self._problem(
                document,
                loc,
                tr(
                    "文件夹须是档案内的相对路径：{f}",
                    "the folder must be a relative path inside the archive: {f}",
                    f=value,
                ),
                tr(
                    "写成相对档案根目录的路径，如 一、思想道德建设/1.1 理想信念教育",
                    "write it relative to the archive root, e.g. 一、思想道德建设/1.1 理想信念教育",
                ),
            )

    def _owner_names(self) -> list[str]:
        return [self._raw_id(seen) for seen in self.owner_ids.values()]

    @staticmethod
    def _raw_id(seen: _Seen) -> str:
        value: Any = seen.document.data
        for part in seen.loc:
            value = value[part]
        return str(value)

    def _check_due(self, document: YamlDocument, loc: Loc, value: Any) -> None:
        due = _date(value)
        if due is None or self.start is None or self.end is None:
            return
        if not self.start <= due <= self.end:
            self._problem(
                document,
                (*loc, "due"),
                tr(
                    "截止日期 {d} 不在期限 {s} 至 {e} 内",
                    "due date {d} is outside the period {s} to {e}",
                    d=due,
                    s=self.start,
                    e=self.end,
                ),
                tr(
                    "请改为期限内的日期，或调整 period",
                    "use a date inside the period, or widen the period",
                ),
            )

    def _check_window(self, document: YamlDocument, loc: Loc, window: Any) -> None:
        if not isinstance(window, dict):
            return
        start, end = _date(window.get("start")), _date(window.get("end"))
        if start is None or end is None:
            return
        if start > end:
            self._problem(
                document,
                (*loc, "end"),
                tr(
                    "时间窗口结束日期 {e} 早于开始日期 {s}",
                    "the window ends ({e}) before it starts ({s})",
                    e=end,
                    s=start,
                ),
                tr("请交换 start 与 end", "swap start and end"),
            )
            return
        if self.start and self.end and (end < self.start or start > self.end):
            self._problem(
                document,
                loc,
                tr(
                    "时间窗口 {s} 至 {e} 完全在期限之外",
                    "the window {s} to {e} lies wholly outside the period",
                    s=start,
                    e=end,
                ),
                tr(
                    "窗口须与 period 有交集，否则没有证据能计入",
                    "no evidence could ever count; make it overlap the period",
                ),
            )

    def _check_waivers(self) -> None:
        data = self.main.data if isinstance(self.main.data, dict) else {}
        known = [self._raw_id(seen) for seen in self.indicator_ids.values()]
        for index, waiver in _items(data.get("waivers")):
            loc: Loc = ("waivers", index)
            path, indicator = _id(waiver.get("path")), _id(waiver.get("indicator"))
            if path is None and indicator is None:
                self._problem(
                    self.main,
                    loc,
                    tr("豁免须指明 path 或 indicator", "a waiver needs a 'path' or an 'indicator'"),
                    tr("写明豁免的文件路径或指标编号", "say which file or indicator it waives"),
                )
            if indicator is not None and normalize_name(indicator) not in self.indicator_ids:
                self._problem(
                    self.main,
                    (*loc, "indicator"),
                    tr("未知的指标编号 “{i}”", "unknown indicator id '{i}'", i=indicator),
                    did_you_mean(indicator, known),
                )
