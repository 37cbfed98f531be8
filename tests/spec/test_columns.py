"""Header words are recognised without asking: 测评项目, 测评内容, 测评方法, 分值, 责任单位, 完成时限…"""

from __future__ import annotations

import pytest

from civarchive.spec.columns import Role, classify, find_header, header_key
from civarchive.spec.tables import Cell, Grid


def grid(*rows: list[str], merged: dict[tuple[int, int], tuple[int, int]] | None = None) -> Grid:
    """A grid from plain rows; ``merged`` maps a position to its region's origin."""
    merged = merged or {}
    cells = tuple(
        tuple(
            Cell(
                rows[merged.get((r, c), (r, c))[0]][merged.get((r, c), (r, c))[1]],
                merged.get((r, c), (r, c)),
            )
            for c in range(len(row))
        )
        for r, row in enumerate(rows)
    )
    return Grid("工作表", "Sheet1", None, cells, tuple(range(1, len(rows) + 1)), ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("测评项目", (Role.INDICATOR, 1)),
        ("一级指标", (Role.INDICATOR, 0)),
        ("测评类别", (Role.INDICATOR, 0)),
        ("二级指标", (Role.INDICATOR, 2)),
        ("测评指标", (Role.INDICATOR, 2)),
        ("测评内容", (Role.INDICATOR, 3)),
        ("三级指标", (Role.INDICATOR, 3)),
        ("测评方法及内容", (Role.INDICATOR, 3)),
        ("测评标准", (Role.INDICATOR, 4)),
        ("评分细则", (Role.INDICATOR, 4)),
        ("扣分标准", (Role.INDICATOR, 4)),
        ("测 评\n方 法", (Role.METHOD, -1)),
        ("考核方式", (Role.METHOD, -1)),
        ("分值", (Role.POINTS, -1)),
        ("分值（分）", (Role.POINTS, -1)),
        ("分 数", (Role.POINTS, -1)),
        ("标准分", (Role.POINTS, -1)),
        ("责任单位", (Role.OWNER, -1)),
        ("牵头单位", (Role.OWNER, -1)),
        ("责任部门（处室）", (Role.OWNER, -1)),
        ("配合单位", (Role.IGNORED, -1)),
        ("完成时限", (Role.DUE, -1)),
        ("时间节点", (Role.DUE, -1)),
        ("序号", (Role.NUMBER, -1)),
        ("佐证材料", (Role.EVIDENCE, -1)),
        ("台账资料", (Role.EVIDENCE, -1)),
        ("自评得分", (Role.IGNORED, -1)),
        ("备注", (Role.IGNORED, -1)),
        ("自查项目", (Role.IGNORED, -1)),
        ("单位主要负责同志担任精神文明建设领导小组组长", None),
        ("查阅资料", None),
        ("3", None),
        ("", None),
    ],
)
def test_classify(text: str, expected: tuple[Role, int] | None) -> None:
    assert classify(text) == expected


def test_header_key() -> None:
    assert header_key(" 完成\n时限（截止日期） ") == "完成时限"
    assert header_key("（分值）") == "(分值)"


def test_one_row_header_after_a_title() -> None:
    found = find_header(
        grid(
            ["2023年度测评细则", "2023年度测评细则", "2023年度测评细则", "2023年度测评细则"],
            ["测评项目", "测评内容", "测评方法", "分值"],
            ["组织领导", "领导体制……", "查阅资料", "3"],
            merged={(0, 1): (0, 0), (0, 2): (0, 0), (0, 3): (0, 0)},
        )
    )
    assert found is not None
    assert (found.first_row, found.data_row) == (1, 2)
    assert found.roles == {0: Role.CATEGORY, 1: Role.INDICATOR, 2: Role.METHOD, 3: Role.POINTS}
    assert found.column(Role.OWNER) is None


def test_two_row_header_with_a_merged_group() -> None:
    # 测评指标 over 一级 | 二级 | 三级, and 分值 merged down over both header rows.
    found = find_header(
        grid(
            ["测评指标", "测评指标", "测评指标", "分值", "责任单位"],
            ["一级指标", "二级指标", "三级指标", "分值", "责任单位"],
            ["组织领导", "领导体制", "有领导小组", "3", "办公室"],
            merged={(0, 1): (0, 0), (0, 2): (0, 0), (1, 3): (0, 3), (1, 4): (0, 4)},
        )
    )
    assert found is not None
    assert (found.first_row, found.data_row) == (1, 2)
    assert found.roles == {
        0: Role.CATEGORY,
        1: Role.INDICATOR,
        2: Role.CONTENT,
        3: Role.POINTS,
        4: Role.OWNER,
    }


def test_second_header_row_under_a_header_with_empty_cells() -> None:
    found = find_header(
        grid(
            ["测评项目", "测评内容", "测评内容", "分值"],
            ["", "基本要求", "评分标准", ""],
            ["组织领导", "有领导小组", "无领导小组扣1分", "3"],
            merged={(0, 2): (0, 1)},
        )
    )
    assert found is not None
    assert found.data_row == 2
    assert found.labels == {0: "测评项目", 1: "基本要求", 2: "评分标准", 3: "分值"}
    assert found.columns(Role.CONTENT) == [2]


def test_city_style_levels() -> None:
    found = find_header(
        grid(
            ["测评类别", "测评项目", "测评内容", "测评方法"],
            ["Ⅰ-1 重点工作", "Ⅱ-1 学雷锋活动", "…", "材料审核"],
        )
    )
    assert found is not None
    assert found.roles == {0: Role.CATEGORY, 1: Role.INDICATOR, 2: Role.CONTENT, 3: Role.METHOD}


def test_indicator_level_alone_is_no_category() -> None:
    found = find_header(grid(["二级指标", "评分标准", "分值"], ["领导体制", "…", "3"]))
    assert found is not None
    assert found.roles == {0: Role.INDICATOR, 1: Role.CONTENT, 2: Role.POINTS}


@pytest.mark.parametrize(
    "rows",
    [
        [["姓名", "部门", "电话"], ["张三", "办公室", "123"]],
        [["测评内容"], ["领导体制"]],  # one column names too little
        [["单位概况", "单位概况"]],
    ],
)
def test_no_header(rows: list[list[str]]) -> None:
    assert find_header(grid(*rows)) is None
