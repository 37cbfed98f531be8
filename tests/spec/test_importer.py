"""`spec import`: real 测评细则 tables (.xlsx, .docx, merged cells, two-row headers, notes) become valid specs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.spec.importer import import_spec
from civarchive.spec.loader import load_spec
from civarchive.spec.models import Spec
from tests.factories import make_table_docx, make_table_xlsx

TODAY = dt.date(2024, 5, 1)

# A provincial 细则 as 文明办 sends it: a title merged across the sheet, a two-row header
# (测评内容 over 指标 | 评分标准), 测评项目 merged down its rows, a 分值 cell shared by
# two indicators, one indicator spread over two rows, a blank row, a total and a note.
RUBRIC_ROWS: list[list[object]] = [
    ["2021—2023年度全国文明单位测评细则（机关）", None, None, None, None, None, None],
    ["测评项目", "测评内容", None, "分值", "测评方法", "责任单位", "完成时限"],
    [None, "指标", "评分标准", None, None, None, None],
    [
        "一、组织领导（10分）",
        "1.1 领导体制",
        "单位主要负责同志担任领导小组组长，每年至少两次专题研究创建工作，有会议纪要。",
        3,
        "查阅资料",
        "办公室",
        "2023年3月31日",
    ],
    [
        None,
        "1.2 工作机制",
        "建立创建工作目标责任制和考核制度。",
        2,
        "查阅资料",
        "办公室、人事处",
        "2023/4/30",
    ],
    [
        None,
        "1.3 创建规划",
        "制定精神文明建设中长期规划和年度工作计划，年初有计划、年终有总结。",
        5,
        "查阅资料",
        "办公室",
        "2023年12月底",
    ],
    [None, None, None, None, None, None, None],
    [
        "二、思想道德建设（12分）",
        "2.1 理想信念教育",
        "理论学习中心组每年制定学习计划。",
        4,
        "查阅资料",
        "机关党委",
        dt.datetime(2023, 6, 30),
    ],
    [
        None,
        "2.2 道德讲堂",
        "建设道德讲堂，每年开展活动不少于4次，留存活动照片和视频。",
        4,
        "查阅资料、实地考察",
        "宣传部",
        "2023.9.30",
    ],
    [None, None, "道德讲堂有固定场所和标识。", None, None, None, None],
    [None, "2.3 志愿服务", "常态化开展学雷锋志愿服务活动。", 4, "实地考察", "团委", "长期坚持"],
    [None, "2.4 文明礼仪", "开展文明礼仪培训。", None, "实地考察", "团委", "20230531"],
    ["合计", None, None, 22, None, None, None],
    ["注：1. 各单位可结合实际细化；2. 测评采用百分制。", None, None, None, None, None, None],
]
RUBRIC_MERGES = [
    "A1:G1",
    "A2:A3",
    "B2:C2",
    "D2:D3",
    "E2:E3",
    "F2:F3",
    "G2:G3",
    "A4:A6",
    "A8:A12",
    "B9:B10",
    "D9:D10",
    "E9:E10",
    "F9:F10",
    "G9:G10",
    "D11:D12",
    "A14:G14",
]


def rubric_xlsx(folder: Path) -> Path:
    return make_table_xlsx(folder / "测评细则.xlsx", RUBRIC_ROWS, merges=RUBRIC_MERGES)


def imported(table: Path, tmp_path: Path) -> tuple[Spec, str]:
    out = tmp_path / "out" / "civarchive.yaml"
    import_spec(table, out, today=TODAY)
    return load_spec(out), out.read_text(encoding="utf-8")


def _requires(spec: Spec, indicator: str) -> list[tuple[str, str, int, bool, list[str]]]:
    found = next(i for _, i in spec.indicators() if i.id == indicator)
    return [(r.kind.value, r.what, r.min, r.per_year, r.match) for r in found.requires]


def test_xlsx_rubric_becomes_a_valid_spec(tmp_path: Path) -> None:
    spec, text = imported(rubric_xlsx(tmp_path), tmp_path)
    assert spec.title == "2021—2023年度全国文明单位测评细则（机关）"
    assert spec.unit == "待填写"
    assert (spec.period.start, spec.period.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert [(c.id, c.title) for c in spec.categories] == [("1", "组织领导"), ("2", "思想道德建设")]
    assert [(o.id, o.name) for o in spec.owners] == [
        ("bgs", "办公室"),
        ("rsc", "人事处"),
        ("jgdw", "机关党委"),
        ("xcb", "宣传部"),
        ("tw", "团委"),
    ]
    rows = [(i.id, i.title, i.points, i.owner, i.due, i.method) for _, i in spec.indicators()]
    assert rows == [
        ("1.1", "领导体制", 3, "bgs", dt.date(2023, 3, 31), "查阅资料"),
        ("1.2", "工作机制", 2, "bgs", dt.date(2023, 4, 30), "查阅资料"),
        ("1.3", "创建规划", 5, "bgs", dt.date(2023, 12, 31), "查阅资料"),
        ("2.1", "理想信念教育", 4, "jgdw", dt.date(2023, 6, 30), "查阅资料"),
        ("2.2", "道德讲堂", 4, "xcb", dt.date(2023, 9, 30), "查阅资料、实地考察"),
        ("2.3", "志愿服务", 2, "tw", None, "实地考察"),
        ("2.4", "文明礼仪", 2, "tw", dt.date(2023, 5, 31), "实地考察"),
    ]
    dao_de = next(i for _, i in spec.indicators() if i.id == "2.2")
    assert dao_de.content == (
        "建设道德讲堂，每年开展活动不少于4次，留存活动照片和视频。\n道德讲堂有固定场所和标识。"
    )
    assert _requires(spec, "1.3") == [
        ("document", "精神文明建设中长期规划", 1, False, ["规划"]),
        ("document", "年度工作计划", 1, True, ["工作计划"]),
        ("document", "年度总结", 1, True, ["总结"]),
    ]
    assert _requires(spec, "2.2") == [
        ("document", "道德讲堂工作资料", 1, False, []),
        ("photo", "道德讲堂活动照片", 4, True, []),
        ("video", "道德讲堂视频", 1, False, []),
    ]
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=.civarchive/spec.schema.json"
    assert "#   第 13 行（合计）" in lines
    assert "#   第 14 行（注：1. 各单位可结合实际细化；2. 测评采用百……）" in lines
    assert (
        "        owner: bgs  # 待确认：原表责任单位为「办公室、人事处」，spec 只能写一个，已取第一个"
        in lines
    )
    assert "        due: 2023-12-31  # 待确认：原表完成时限为「2023年12月底」" in lines
    assert "        # 待确认：原表完成时限为「长期坚持」，未能识别为日期" in lines
    assert (
        "        points: 2  # 待确认：原表 2.3–2.4 共用一个分值单元格（4 分），已平均分配" in lines
    )
    assert "period: {start: 2021-01-01, end: 2023-12-31}  # 待确认：取自表格标题中的年份" in lines
    requires = [line for line in lines if line.lstrip().startswith("- {kind:")]
    assert requires
    assert all("# 待确认：" in line for line in requires)
    schema = tmp_path / "out" / ".civarchive" / "spec.schema.json"
    assert schema.is_file()


def test_docx_with_headings_split_tables_and_method_in_content(tmp_path: Path) -> None:
    header = ["序号", "测评方法及内容", "分值", "责任部门"]
    table = make_table_docx(
        tmp_path / "测评体系.docx",
        "附件2",
        "第七届全国文明单位测评体系",
        "一、组织领导",
        (
            [
                header,
                ["1", "查阅资料：单位成立创建工作领导小组，制定创建规划。", "3", "办公室"],
                ["2", "查阅资料：每年召开专题会议研究创建工作，形成会议纪要。", "2", "办公室"],
            ],
            [],
        ),
        # The same table continues after a page break, without its header.
        ([["3", "实地考察：创建工作有专人负责。", "1", "办公室"]], []),
        "二、志愿服务",
        (
            [
                header,
                ["1", "查阅资料：建立志愿服务队，有志愿者花名册。", "3", "机关团委"],
                ["2", "实地考察：每年开展志愿服务活动不少于4次，有活动照片。", "4", None],
            ],
            [(1, 3, 2, 3)],
        ),
    )
    spec, text = imported(table, tmp_path)
    assert spec.title == "第七届全国文明单位测评体系"
    # No year anywhere in the title or the table: the three years up to today.
    assert (spec.period.start, spec.period.end) == (dt.date(2022, 1, 1), dt.date(2024, 12, 31))
    assert [(c.id, c.title) for c in spec.categories] == [("1", "组织领导"), ("2", "志愿服务")]
    got = [(i.id, i.title, i.method, i.points, i.owner) for _, i in spec.indicators()]
    assert got == [
        ("1.1", "单位成立创建工作领导小组", "查阅资料", 3, "bgs"),
        ("1.2", "每年召开专题会议研究创建工作", "查阅资料", 2, "bgs"),
        ("1.3", "创建工作有专人负责", "实地考察", 1, "bgs"),
        ("2.1", "建立志愿服务队", "查阅资料", 3, "jgtw"),
        ("2.2", "每年开展志愿服务活动不少于4次", "实地考察", 4, "jgtw"),
    ]
    assert (
        "# 由 civarchive spec import 从「测评体系.docx」生成：第 1 个表格第 2–3 行；第 2 个表格第 1 行；第 3 个表格第 2–3 行。"
        in text
    )
    assert _requires(spec, "2.1") == [("document", "志愿者花名册", 1, False, ["花名册"])]


def test_city_style_table_keeps_its_own_ids(tmp_path: Path) -> None:
    table = make_table_xlsx(
        tmp_path / "城市.xlsx",
        [
            ["测评类别", "测评项目", "测评内容", "测评方法"],
            [
                "Ⅰ-1 重点工作（29分）",
                "Ⅱ-1 学雷锋活动",
                "1）建立组织领导机制，制定工作方案。",
                "材料审核",
            ],
            [None, None, "2）在社区开展“学雷锋，献爱心”活动。", "材料审核、问卷调查"],
            [None, "Ⅱ-2 道德领域突出问题专项教育治理", "成立领导小组，制定工作方案。", "材料审核"],
            ["Ⅰ-2 公共环境（22分）", "Ⅱ-3 城市管理", "城市管理规范，有现场照片。", "实地考察"],
        ],
        merges=["A2:A4", "B2:B3"],
    )
    spec, _ = imported(table, tmp_path)
    assert [(c.id, c.title) for c in spec.categories] == [("1", "重点工作"), ("2", "公共环境")]
    assert [(i.id, i.title) for _, i in spec.indicators()] == [
        ("Ⅱ-1", "学雷锋活动"),
        ("Ⅱ-2", "道德领域突出问题专项教育治理"),
        ("Ⅱ-3", "城市管理"),
    ]
    first = spec.indicators()[0][1]
    assert (
        first.content == "1）建立组织领导机制，制定工作方案。\n2）在社区开展“学雷锋，献爱心”活动。"
    )
    assert first.method == "材料审核、问卷调查"


def test_evidence_column_wins_over_wording(tmp_path: Path) -> None:
    table = make_table_xlsx(
        tmp_path / "细则.xlsx",
        [
            ["一级指标", "二级指标", "三级指标", "标准分", "佐证材料"],
            [
                "志愿服务",
                "志愿服务组织",
                "建立志愿服务队。",
                4,
                "1. 志愿服务队成立文件；2. 年度志愿服务计划、活动照片",
            ],
        ],
    )
    spec, _ = imported(table, tmp_path)
    assert _requires(spec, "1.1") == [
        ("document", "志愿服务队成立文件", 1, False, []),
        ("document", "年度志愿服务计划", 1, True, ["计划"]),
        ("photo", "活动照片", 1, False, []),
    ]


def test_one_sheet_per_category(tmp_path: Path) -> None:
    header = ["测评内容", "分值", "完成时限"]
    table = make_table_xlsx(
        tmp_path / "细则.xlsx",
        [header, ["领导体制", 3, "2022-06-30"]],
        sheet="组织领导",
        more_sheets={"思想道德建设": [header, ["理想信念教育", 4, "2023-06-30"]], "Sheet3": []},
    )
    spec, text = imported(table, tmp_path)
    assert [(c.id, c.title) for c in spec.categories] == [("1", "组织领导"), ("2", "思想道德建设")]
    # No year in the title: the three-year cycle ending with the last deadline.
    assert (spec.period.start, spec.period.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert "按完成时限推定为三年创建周期" in text


def test_hostile_cell_text_still_gives_a_valid_spec(tmp_path: Path) -> None:
    table = make_table_xlsx(
        tmp_path / "细则.xlsx",
        [
            ["测评项目", "测评内容", "责任单位", "分值"],
            ["yes", "no: 冒号 #井号", "null", "—"],
            ["[方括号]", "{花括号}, 逗号", "&锚 *别名", "3分"],
            ["*", "'引号'\n\"双引号\"\n  缩进行", "@", "2.5"],
            ["\u202e反向\u200f", "\u2067红字\u2066", "\t制表\t符", "1"],
        ],
    )
    spec, _ = imported(table, tmp_path)
    assert [c.title for c in spec.categories] == ["yes", "[方括号]", "*", "反向"]
    assert [i.title for _, i in spec.indicators()] == ["no", "{花括号}", "'引号'", "红字"]
    assert [o.name for o in spec.owners] == ["null", "&锚", "*别名", "@", "制表", "符"]
    assert [i.points for _, i in spec.indicators()] == [1, 3, 2.5, 1]


def test_existing_output_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "civarchive.yaml"
    out.write_text("原有内容", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        import_spec(rubric_xlsx(tmp_path), out, today=TODAY)
    assert raised.value.message == f"{out} exists; it is never overwritten"
    assert out.read_text(encoding="utf-8") == "原有内容"


def test_no_header_and_no_rows(tmp_path: Path) -> None:
    roster = make_table_xlsx(tmp_path / "名册.xlsx", [["姓名", "部门"], ["张三", "办公室"]])
    with pytest.raises(UsageError) as raised:
        import_spec(roster, tmp_path / "a.yaml", today=TODAY)
    assert raised.value.message == f"no 测评细则 header found in {roster}"
    assert raised.value.hint is not None
    assert "测评项目/一级指标" in raised.value.hint
    header_only = make_table_xlsx(tmp_path / "空表.xlsx", [["测评项目", "测评内容", "分值"]])
    with pytest.raises(UsageError) as raised:
        import_spec(header_only, tmp_path / "b.yaml", today=TODAY)
    assert "no indicator rows" in raised.value.message
    assert not (tmp_path / "a.yaml").exists()
    assert not (tmp_path / "b.yaml").exists()


def test_real_workbooks_without_a_rubric_are_refused_clearly(
    real_corpus: Path, tmp_path: Path
) -> None:
    for name in ("xlsx-excel-mac-chinese.xlsx", "xlsx-wps-chinese.xlsx", "docx-wps-chinese.docx"):
        with pytest.raises(UsageError) as raised:
            import_spec(real_corpus / name, tmp_path / f"{name}.yaml", today=TODAY)
        assert "header" in raised.value.message, name


def test_summary_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    result = import_spec(rubric_xlsx(tmp_path), tmp_path / "civarchive.yaml", today=TODAY)
    assert result.summary().splitlines() == [
        f"已写入 {tmp_path / 'civarchive.yaml'}：2 个测评项目，7 个指标，5 个责任人，共 22 分",
        f"读取了工作表「测评细则」第 4–14 行；{result.draft.to_confirm()} 处标有「# 待确认」，2 行未导入（列在文件开头）",
        "下一步：核对「# 待确认」处，然后运行 civarchive spec validate 和 civarchive init",
    ]


def test_the_example_spec_survives_a_round_trip_through_a_rubric(tmp_path: Path) -> None:
    """examples/wenming written out as the 细则 a 文明办 would send (测评项目 merged down its
    indicators, one row each), then imported: same indicators, titles, points, owners, dues."""
    example = load_spec(Path(__file__).resolve().parents[2] / "examples/wenming/civarchive.yaml")
    rows: list[list[object]] = [
        ["第七届全国文明单位测评细则（2021—2023年）", None, None, None, None, None, None],
        ["测评项目", "测评指标", "测评内容", "测评方法", "分值", "责任单位", "完成时限"],
    ]
    merges = ["A1:G1"]
    numerals = "一二三四五六七八九十"
    for index, category in enumerate(example.categories):
        first = len(rows) + 1
        for n, indicator in enumerate(category.indicators):
            owner = example.owner(indicator.owner)
            rows.append(
                [
                    f"{numerals[index]}、{category.title}" if n == 0 else None,
                    f"{indicator.id} {indicator.title}",
                    indicator.content,
                    indicator.method,
                    indicator.points,
                    owner.name if owner else None,
                    indicator.due.strftime("%Y年%m月%d日") if indicator.due else "—",
                ]
            )
        if len(rows) > first:
            merges.append(f"A{first}:A{len(rows)}")
    spec, _ = imported(make_table_xlsx(tmp_path / "细则.xlsx", rows, merges=merges), tmp_path)
    assert (spec.period.start, spec.period.end) == (example.period.start, example.period.end)
    assert [(c.id, c.title) for c in spec.categories] == [
        (c.id, c.title) for c in example.categories
    ]

    def facts(source: Spec) -> list[tuple[object, ...]]:
        return [
            (
                i.id,
                i.title,
                i.content,
                i.method,
                i.points,
                source.owner(i.owner).name if source.owner(i.owner) else None,
                i.due,
            )
            for _, i in source.indicators()
        ]

    assert facts(spec) == facts(example)
    assert sum(i.points for _, i in spec.indicators()) == 100
    assert all(i.requires for _, i in spec.indicators())


def test_a_table_inside_the_archive_is_ignored_by_the_spec(tmp_path: Path) -> None:
    table = make_table_xlsx(tmp_path / "资料" / "测评细则.xlsx", RUBRIC_ROWS, merges=RUBRIC_MERGES)
    import_spec(table, tmp_path / "civarchive.yaml", today=TODAY)
    spec = load_spec(tmp_path / "civarchive.yaml")
    assert spec.ignore == ["资料/测评细则.xlsx"]
    assert "  - 资料/测评细则.xlsx  # 导入所用的测评细则表格，不是证据" in (
        (tmp_path / "civarchive.yaml").read_text(encoding="utf-8").splitlines()
    )
