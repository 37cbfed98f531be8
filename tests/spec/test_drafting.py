"""Drafting from grids: the same table gives the same draft, and no grid gives anything but a
valid spec or a clear error."""

from __future__ import annotations

from pathlib import Path

from civarchive.errors import UsageError
from civarchive.spec.drafting import draft_spec
from civarchive.spec.emit import render_spec
from civarchive.spec.loader import load_spec
from civarchive.spec.tables import read_tables
from tests.spec.test_importer import TODAY, rubric_xlsx


def test_the_same_table_gives_the_same_text(tmp_path: Path) -> None:
    table = rubric_xlsx(tmp_path)
    first = draft_spec(read_tables(table), TODAY)
    second = draft_spec(read_tables(table), TODAY)
    assert first == second
    assert render_spec(first) == render_spec(second)


def test_random_tables_give_a_valid_spec_or_a_clear_error(tmp_path: Path) -> None:
    """Hundreds of random grids of header words, numbers, dates and hostile text, with random
    merges: each either drafts a spec the loader accepts, or is refused with a UsageError."""
    import random

    from civarchive.spec.tables import Cell, Grid, TableFile

    words = [
        "测评项目",
        "测评内容",
        "测评方法",
        "分值",
        "责任单位",
        "完成时限",
        "评分标准",
        "一级指标",
        "二级指标",
        "佐证材料",
        "序号",
        "一、组织领导（10分）",
        "1.1 领导体制",
        "Ⅱ-1 学雷锋",
        "查阅资料、实地考察",
        "办公室、宣传部",
        "2023年6月底",
        "20230631",
        "3",
        "2.5",
        "—",
        "注：说明",
        "合计",
        "每年制定学习计划，留存活动照片和视频。",
        "yes",
        ": #",
        "[",
        "{x}",
        "'",
        '"',
        "\\",
        "&a",
        "*b",
        "",
        "",
        "",
        "1.1",
        "1.1",
        "（一）",
        "第二部分",
        "o1",
    ]
    rng = random.Random(11)
    drafted = refused = 0
    for n in range(200):
        height, width = rng.randint(1, 9), rng.randint(1, 7)
        texts = [[rng.choice(words) for _ in range(width)] for _ in range(height)]
        origins = {(r, c): (r, c) for r in range(height) for c in range(width)}
        for _ in range(rng.randint(0, 3)):
            r, c = rng.randrange(height), rng.randrange(width)
            down, right = rng.randint(0, 2), rng.randint(0, 1)
            for rr in range(r, min(height, r + down + 1)):
                for cc in range(c, min(width, c + right + 1)):
                    origins[(rr, cc)] = (r, c)
        rows = tuple(
            tuple(
                Cell(texts[origins[(r, c)][0]][origins[(r, c)][1]], origins[(r, c)])
                for c in range(width)
            )
            for r in range(height)
        )
        grid = Grid("工作表", f"S{n}", None, rows, tuple(range(1, height + 1)), ())
        table = TableFile(tmp_path / f"{n}.xlsx", "xlsx", (grid,))
        try:
            draft = draft_spec(table, TODAY)
        except UsageError:
            refused += 1
            continue
        path = tmp_path / f"{n}.yaml"
        path.write_text(render_spec(draft), encoding="utf-8")
        load_spec(path)
        drafted += 1
    assert drafted > 50
    assert refused > 50
