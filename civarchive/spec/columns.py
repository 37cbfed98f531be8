"""Recognise a 测评细则 table's header: which column holds the 项目, 内容, 方法, 分值, 责任单位, 时限…"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from civarchive.spec.tables import Cell, Grid

# The header is looked for among the first rows (title lines and notes may come first).
HEADER_SEARCH_ROWS = 20


class Role(StrEnum):
    """What a column of the table holds."""

    CATEGORY = "category"
    """测评项目 / 一级指标: the category."""
    INDICATOR = "indicator"
    """The indicator: 二级指标, 测评指标, or the 测评内容 when nothing finer exists."""
    CONTENT = "content"
    """Further text of the indicator: 三级指标, 测评标准, 评分细则…"""
    METHOD = "method"
    POINTS = "points"
    OWNER = "owner"
    DUE = "due"
    NUMBER = "number"
    EVIDENCE = "evidence"
    """佐证材料 / 台账资料: the evidence the table itself lists."""
    IGNORED = "ignored"
    """Known but not imported: 得分, 自评, 备注, 配合单位…"""


# Structural columns, by level: a category level (0–1) above the indicator (2) and its
# text (3–4). The longest keyword a header contains decides; "测评类别 | 测评项目 | 测评内容"
# (城市) and "测评项目 | 测评内容 | 测评方法" (单位) both come out right.
_LEVELS: dict[str, int] = {
    "测评类别": 0,
    "考核类别": 0,
    "指标类别": 0,
    "一级指标": 0,
    "一级": 0,
    "类别": 0,
    "大项": 0,
    "板块": 0,
    "测评项目": 1,
    "考核项目": 1,
    "检查项目": 1,
    "创建项目": 1,
    "测评项": 1,
    "项目": 1,
    "二级指标": 2,
    "测评指标": 2,
    "考核指标": 2,
    "指标名称": 2,
    "二级": 2,
    "指标": 2,
    "子项": 2,
    "三级指标": 3,
    "测评内容": 3,
    "考核内容": 3,
    "检查内容": 3,
    "工作内容": 3,
    "测评要点": 3,
    "考核要点": 3,
    "具体内容": 3,
    "工作要求": 3,
    "具体要求": 3,
    "三级": 3,
    "内容": 3,
    "要点": 3,
    "测评标准": 4,
    "评分标准": 4,
    "评分细则": 4,
    "考核标准": 4,
    "计分标准": 4,
    "扣分标准": 4,
    "评分办法": 4,
    "评分说明": 4,
    "评价标准": 4,
    "标准": 4,
    "细则": 4,
    "要求": 4,
}
_NUMBER = {"序号", "编号", "序", "号", "指标编号", "项目编号", "代码", "指标代码", "编码"}
_POINTS = {"分值", "分数", "标准分", "满分", "权重", "赋分", "总分", "分", "分值分", "基本分"}
_METHOD = ("测评方法", "考核方法", "考核方式", "测评方式", "检查方法", "检查方式", "方法", "方式")
_OWNER = (
    "牵头单位",
    "牵头部门",
    "牵头处室",
    "责任单位",
    "责任部门",
    "责任处室",
    "责任科室",
    "责任主体",
    "主责部门",
    "主责单位",
    "负责部门",
    "负责单位",
    "承办单位",
    "承办部门",
    "责任人",
    "负责人",
)
_DUE = (
    "完成时限",
    "时间节点",
    "完成时间",
    "完成期限",
    "完成日期",
    "截止时间",
    "截止日期",
    "时间要求",
    "进度安排",
    "时限",
    "期限",
)
_EVIDENCE = (
    "佐证材料",
    "佐证资料",
    "台账资料",
    "所需材料",
    "所需资料",
    "备查资料",
    "备查材料",
    "印证材料",
    "支撑材料",
    "证明材料",
    "材料清单",
    "资料清单",
    "档案资料",
    "提供材料",
    "需提供",
    "佐证",
    "台账",
)
_IGNORED = (
    "得分",
    "自评",
    "自查",
    "实得",
    "打分",
    "扣分",
    "结果",
    "完成情况",
    "进展",
    "配合",
    "协办",
    "联系",
    "电话",
    "备注",
    "附件",
)
_REMARKS = {"说明", "备注说明", "情况说明"}
_PARENTHESES = re.compile(r"[(（][^()（）]*[)）]$")


def header_key(text: str) -> str:
    """A header cell as compared: NFKC, no spaces or line breaks, a trailing （…） dropped."""
    key = "".join(unicodedata.normalize("NFKC", text).split())
    stripped = _PARENTHESES.sub("", key)
    return stripped or key


def _contains(key: str, words: tuple[str, ...]) -> bool:
    return any(word in key for word in words)


def classify(text: str) -> tuple[Role, int] | None:
    """The role a header cell names (with its structural level, else -1), or None."""
    key = header_key(text)
    if not key or len(key) > 16:
        return None
    if key in _NUMBER:
        return Role.NUMBER, -1
    if key in _POINTS or (key.endswith(("分值", "分数")) and "得" not in key):
        return Role.POINTS, -1
    if _contains(key, ("方法", "方式")):
        # 测评方法及内容 (the 2020 national table) holds the content, its method inside.
        if "内容" in key:
            return Role.INDICATOR, 3
        return Role.METHOD, -1
    if _contains(key, _OWNER) and not _contains(key, ("配合", "协办")):
        return Role.OWNER, -1
    if _contains(key, _DUE):
        return Role.DUE, -1
    if _contains(key, _EVIDENCE):
        return Role.EVIDENCE, -1
    ignored = _contains(key, _IGNORED) or key in _REMARKS
    level = _level(key)
    # 扣分标准 is a standard; 自查项目 and 得分 are columns to fill in, not to import.
    if level is not None and (not ignored or key.endswith(_STANDARD_ENDS)):
        return Role.INDICATOR, level
    return (Role.IGNORED, -1) if ignored else None


_STANDARD_ENDS = ("标准", "细则", "办法", "要求")


def _level(key: str) -> int | None:
    """The structural level of the longest keyword in ``key`` (the leftmost on a tie)."""
    best: tuple[int, int, int] | None = None  # (-length, position, level)
    for word, level in _LEVELS.items():
        at = key.find(word)
        if at < 0:
            continue
        candidate = (-len(word), at, level)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


@dataclass(frozen=True, slots=True)
class Header:
    """Where a table's header is and what each of its columns holds."""

    first_row: int
    data_row: int
    """The first row after the header (a two-row header takes two)."""
    roles: dict[int, Role]
    """Column -> role, for the columns imported (at most one per role, but CONTENT)."""
    labels: dict[int, str]
    """Column -> its header text, for every recognised column."""
    texts: tuple[str, ...]
    """The header row's text, to skip the header where a page break repeats it."""

    def columns(self, role: Role) -> list[int]:
        return sorted(c for c, r in self.roles.items() if r is role)

    def column(self, role: Role) -> int | None:
        found = self.columns(role)
        return found[0] if found else None


def find_header(grid: Grid) -> Header | None:
    """The table's header: the best-recognised of the first rows, with a second header row
    merged in when one follows (``测评指标`` over ``一级指标 | 二级指标``); None when no
    row names at least a structural column and one other known column."""
    best: tuple[int, int] | None = None  # (score, row)
    for r, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        labels = _row_labels(row)
        score = _score(labels)
        if score and (best is None or score > best[0]):
            best = (score, r)
    if best is None:
        return None
    first = best[1]
    labels = _row_labels(grid.rows[first])
    data_row = first + 1
    if data_row < len(grid.rows):
        merged = _with_subheader(grid, first, labels)
        if merged is not None:
            labels, data_row = merged, first + 2
    roles = _assign(labels)
    if roles is None:
        return None
    texts = tuple(header_key(cell.text) for cell in grid.rows[first])
    return Header(first, data_row, roles, {c: t for c, (t, _, _) in labels.items()}, texts)


# column -> (header text, role, level)
_Labels = dict[int, tuple[str, Role, int]]


def _row_labels(row: tuple[Cell, ...]) -> _Labels:
    labels: _Labels = {}
    seen: set[tuple[int, int]] = set()
    for c, cell in enumerate(row):
        found = classify(cell.text) if cell.text else None
        # A header cell merged across columns names the first of them only.
        if found is None or cell.origin in seen:
            continue
        seen.add(cell.origin)
        labels[c] = (cell.text, found[0], found[1])
    return labels


def _score(labels: _Labels) -> int:
    structural = [v for v in labels.values() if v[1] is Role.INDICATOR]
    if not structural or len(labels) < 2:
        return 0
    return len(labels)


def _with_subheader(grid: Grid, first: int, labels: _Labels) -> _Labels | None:
    """The header labels with a second header row's own cells put in, or None when the row
    after the header is data."""
    top = grid.rows[first]
    below = grid.rows[first + 1]
    merged = dict(labels)
    changed = False
    for c, cell in enumerate(below):
        if cell.origin[0] != first + 1 or not cell.text:
            continue  # merged down from the header row, or empty
        found = classify(cell.text)
        if found is None:
            return None  # text that names nothing: the data has begun
        if header_key(cell.text) == header_key(top[c].text):
            continue
        merged[c] = (cell.text, found[0], found[1])
        changed = True
    return merged if changed else None


def _assign(labels: _Labels) -> dict[int, Role] | None:
    """Final roles: the highest structural column is the category when it is a category
    level (一级/项目), the next the indicator, the rest its content."""
    roles: dict[int, Role] = {}
    structural = sorted(
        (level, c) for c, (_, role, level) in labels.items() if role is Role.INDICATOR
    )
    if not structural:
        return None
    if structural[0][0] <= 1 and len(structural) > 1:
        roles[structural[0][1]] = Role.CATEGORY
        structural = structural[1:]
    roles[structural[0][1]] = Role.INDICATOR
    for _, c in structural[1:]:
        roles[c] = Role.CONTENT
    for c, (_, role, _) in sorted(labels.items()):
        if role is Role.INDICATOR or role is Role.IGNORED:
            continue
        if role not in roles.values():
            roles[c] = role
    return roles
