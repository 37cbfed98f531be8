"""`init_archive`: missing folders and 要求.md created; existing ones reused; nothing overwritten; idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.spec.init import REQUIREMENTS_FILE_NAME, init_archive, summarize
from civarchive.spec.loader import load_spec
from civarchive.spec.models import Spec
from tests.spec.helpers import VALID_HEAD, write

SPEC = (
    VALID_HEAD
    + """
        owners: [{id: xcb, name: 宣传部, contact: 张三}]
        defaults: {photo: {min_megapixels: 3, caption: required}}
        categories:
          - id: "1"
            title: 思想道德建设
            indicators:
              - id: "1.1"
                title: 理想信念教育
                content: 深入学习贯彻习近平新时代中国特色社会主义思想
                method: 查阅资料
                points: 4
                owner: xcb
                due: 2023-06-30
                requires:
                  - {kind: document, what: 年度学习计划, per_year: true, match: [计划, 方案]}
                  - {kind: photo, what: 学习活动照片, min: 4}
                  - {kind: video, what: 宣讲视频, min_seconds: 30, within: {start: 2022-01-01, end: 2022-12-31}}
              - id: "1.2"
                title: "制度: 建设/管理?"
                applicable: false
                note: 本单位无此项职能
          - id: "2"
            title: 精神文明
            indicators:
              - {id: "2.1", title: 道德讲堂, folder: [道德讲堂/2022, 道德讲堂/2023]}
"""
)


def _spec(tmp_path: Path, text: str = SPEC) -> Spec:
    return load_spec(write(tmp_path / "civarchive.yaml", text))


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_creates_category_and_indicator_folders_with_requirements(tmp_path: Path) -> None:
    created = init_archive(_spec(tmp_path), tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in created] == [
        "1 思想道德建设",
        "1 思想道德建设/1.1 理想信念教育",
        "1 思想道德建设/1.1 理想信念教育/要求.md",
        "1 思想道德建设/1.2 制度_ 建设_管理_",
        "1 思想道德建设/1.2 制度_ 建设_管理_/要求.md",
        "2 精神文明",
        "道德讲堂",
        "道德讲堂/2022",
        "道德讲堂/2023",
        "道德讲堂/2022/要求.md",
    ]
    assert summarize(created) == "created 7 folders and 3 要求.md files"


def test_requirements_file_lists_the_evidence(tmp_path: Path) -> None:
    init_archive(_spec(tmp_path), tmp_path)
    text = (tmp_path / "1 思想道德建设" / "1.1 理想信念教育" / REQUIREMENTS_FILE_NAME).read_text(
        encoding="utf-8"
    )
    assert text.startswith("# 1.1 理想信念教育\n")
    assert "- 分值：4\n" in text
    assert "- 测评方法：查阅资料\n" in text
    assert "- 责任人：宣传部（张三）\n" in text
    assert "深入学习贯彻习近平新时代中国特色社会主义思想" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows == [
        "| 证据 | 类型 | 最少数量 | 每年 | 时间窗口 | 关键词 | 截止日期 | 责任人 | 说明 | 最低像素 | 最短时长 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 年度学习计划 | 文件 | 1 份 | 是 | — | 计划、方案 | 2023-06-30 | 宣传部 | — | — | — |",
        "| 学习活动照片 | 照片 | 4 张 | 否 | — | — | 2023-06-30 | 宣传部 | 必须 | 3 百万像素 | — |",
        "| 宣讲视频 | 视频 | 1 个 | 否 | 2022-01-01 至 2022-12-31 | — | 2023-06-30 | 宣传部 | 可选 | — | 30 秒 |",
    ]
    not_applicable = (
        tmp_path / "1 思想道德建设" / "1.2 制度_ 建设_管理_" / REQUIREMENTS_FILE_NAME
    ).read_text(encoding="utf-8")
    assert "否（不适用）" in not_applicable
    assert "## 情况说明\n\n本单位无此项职能\n" in not_applicable


def test_second_run_creates_nothing(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    init_archive(spec, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    assert init_archive(spec, tmp_path) == []
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before
    assert summarize([]) == "nothing to create: every folder and 要求.md already exists"


def test_existing_requirements_file_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "1 思想道德建设" / "1.1 理想信念教育"
    folder.mkdir(parents=True)
    (folder / REQUIREMENTS_FILE_NAME).write_text("我们自己的说明", encoding="utf-8")
    created = init_archive(_spec(tmp_path), tmp_path)
    assert folder / REQUIREMENTS_FILE_NAME not in created
    assert (folder / REQUIREMENTS_FILE_NAME).read_text(encoding="utf-8") == "我们自己的说明"


def test_existing_folders_that_belong_to_an_id_are_reused(tmp_path: Path) -> None:
    (tmp_path / "一、思想道德建设" / "1.1、理想信念").mkdir(parents=True)
    (tmp_path / "１．２ 制度").mkdir()  # an indicator folder directly under the root, full-width
    (tmp_path / "（二）精神文明").mkdir()
    (tmp_path / "一、思想道德建设" / "1.10 志愿服务").mkdir()  # belongs to 1.10, not 1.1
    init_archive(_spec(tmp_path), tmp_path)
    assert _tree(tmp_path) == sorted(
        [
            "civarchive.yaml",
            "一、思想道德建设",
            "一、思想道德建设/1.1、理想信念",
            "一、思想道德建设/1.1、理想信念/要求.md",
            "一、思想道德建设/1.10 志愿服务",
            "道德讲堂",
            "道德讲堂/2022",
            "道德讲堂/2022/要求.md",
            "道德讲堂/2023",
            "（二）精神文明",
            "１．２ 制度",
            "１．２ 制度/要求.md",
        ]
    )


def test_explicit_category_folder(tmp_path: Path) -> None:
    text = SPEC.replace(
        "title: 思想道德建设\n", "title: 思想道德建设\n            folder: 材料/一、思想\n"
    )
    init_archive(_spec(tmp_path, text), tmp_path)
    assert (tmp_path / "材料" / "一、思想" / "1.1 理想信念教育" / REQUIREMENTS_FILE_NAME).is_file()


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "1 思想道德建设").write_text("not a folder")
    with pytest.raises(UsageError) as caught:
        init_archive(_spec(tmp_path), tmp_path)
    assert "a file of that name exists" in caught.value.message
    assert (tmp_path / "1 思想道德建设").read_text() == "not a folder"
