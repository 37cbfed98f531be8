"""Folder resolution (design §3 contract): each naming rule, position, explicit folders, unknown and unassigned."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.check.resolve import resolve_folders
from tests.check.builders import category, ev, indicator, inventory, req, spec

TWO_CATEGORIES = spec(
    category("1", indicator("1.1", req()), indicator("1.10", req()), indicator("1.2", req())),
    category("2", indicator("2-1", req())),
)


def _owner(path: str, s=TWO_CATEGORIES) -> str | None:
    resolution = resolve_folders(s, inventory(ev(path)))
    return next((i for i, files in resolution.files.items() if path in files), None)


@pytest.mark.parametrize(
    "folder",
    [
        "1.1 理想信念教育",
        "1.1、理想信念教育",
        "1.1_理想",
        "１．１理想",
        "1.1",
        "1.1-理想",
        "1.1.理想",
    ],
)
def test_indicator_folder_names_that_belong_to_the_id(folder: str) -> None:
    assert _owner(f"{folder}/a.jpg") == "1.1"


def test_longer_ids_and_sub_numbers_do_not_belong_to_the_shorter_id() -> None:
    assert _owner("1.10 志愿服务/a.jpg") == "1.10"
    assert _owner("1.1.2 其他/a.jpg") is None
    assert _owner("1.1-2 其他/a.jpg") is None


@pytest.mark.parametrize("folder", ["2-1 诚信", "2—1 诚信", "2－1诚信", "2–1 诚信", "２－１"])
def test_dashes_compare_equal(folder: str) -> None:
    assert _owner(f"{folder}/a.jpg") == "2-1"


@pytest.mark.parametrize(
    "cat", ["一、思想道德建设", "（一）思想道德建设", "(一)思想", "1 思想道德建设", "1、思想"]
)
def test_indicator_folders_inside_a_category_folder(cat: str) -> None:
    assert _owner(f"{cat}/1.1 理想/2023年/a.jpg") == "1.1"


def test_indicator_folder_directly_under_the_root_and_in_another_category() -> None:
    assert _owner("1.2 其他/a.jpg") == "1.2"
    # Ids are unique across the spec, so the folder counts even under the wrong category.
    assert _owner("二、诚信/1.2 其他/a.jpg") == "1.2"


def test_indicator_folders_deeper_than_a_category_are_not_matched_by_name() -> None:
    assert _owner("资料/1.1 理想/a.jpg") is None
    assert _owner("一、思想/2023/1.1 理想/a.jpg") is None


def test_several_folders_all_count_and_are_listed() -> None:
    files = [ev("一、思想/1.1 理想/a.jpg"), ev("1.1 补充/b.jpg"), ev("1.1 补充/2022/c.jpg")]
    resolution = resolve_folders(TWO_CATEGORIES, inventory(*files))
    assert resolution.files["1.1"] == [
        "1.1 补充/2022/c.jpg",
        "1.1 补充/b.jpg",
        "一、思想/1.1 理想/a.jpg",
    ]
    assert resolution.folders["1.1"] == ["1.1 补充", "一、思想/1.1 理想"]
    assert resolution.unassigned == []


def test_explicit_indicator_folder_wins_over_names() -> None:
    s = spec(
        category(
            "1",
            indicator("1.1", req(), folder=["资料/理想信念", "扫描件\\理想"]),
            indicator("1.2", req()),
        )
    )
    files = [
        ev("资料/理想信念/a.jpg"),
        ev("扫描件/理想/b.jpg"),
        ev("1.1 理想/c.jpg"),
        ev("1.2 x/d.jpg"),
    ]
    resolution = resolve_folders(s, inventory(*files))
    assert resolution.files["1.1"] == ["扫描件/理想/b.jpg", "资料/理想信念/a.jpg"]
    assert resolution.files["1.2"] == ["1.2 x/d.jpg"]
    assert resolution.unassigned == ["1.1 理想/c.jpg"]
    # A folder named after an id the spec has is never "unknown", even when not used.
    assert resolution.unknown_folders == []


def test_explicit_folder_declared_but_absent_is_still_listed() -> None:
    s = spec(category("1", indicator("1.1", req(), folder="一、思想/1.1 理想/")))
    resolution = resolve_folders(s, inventory())
    assert resolution.folders["1.1"] == ["一、思想/1.1 理想"]


def test_explicit_category_folder_holds_indicator_folders() -> None:
    s = spec(category("1", indicator("1.1", req()), folder="材料/思想道德"))
    resolution = resolve_folders(
        s, inventory(ev("材料/思想道德/1.1 理想/a.jpg"), ev("一、思想/1.1 x/b.jpg"))
    )
    assert resolution.files["1.1"] == ["材料/思想道德/1.1 理想/a.jpg"]
    assert resolution.unassigned == ["一、思想/1.1 x/b.jpg"]


def test_nested_indicator_folders_deepest_wins() -> None:
    s = spec(
        category(
            "1", indicator("1.1", req()), indicator("1.2", req(), folder="1.1 理想/附：1.2 材料")
        )
    )
    resolution = resolve_folders(
        s, inventory(ev("1.1 理想/a.jpg"), ev("1.1 理想/附：1.2 材料/2023/b.jpg"))
    )
    assert resolution.files == {
        "1.1": ["1.1 理想/a.jpg"],
        "1.2": ["1.1 理想/附：1.2 材料/2023/b.jpg"],
    }


def test_unknown_folders_and_year_folders() -> None:
    files = [
        ev("1.3 其他/a.jpg"),
        ev("一、思想/1.4 其他/b.jpg"),
        ev("2-4/c.jpg"),
        ev("3.1 不在规范的类别/d.jpg"),  # first part is no category id: not flagged
        ev("2023年/e.jpg"),
        ev("2023/f.jpg"),
        ev("1.1 理想/1-2 月/g.jpg"),  # a subfolder of an indicator folder is normal
        ev("1.1 理想/2023年/h.jpg"),
    ]
    resolution = resolve_folders(TWO_CATEGORIES, inventory(*files))
    assert resolution.unknown_folders == ["1.3 其他", "2-4", "一、思想/1.4 其他"]
    assert resolution.unassigned == [
        "1.3 其他/a.jpg",
        "2-4/c.jpg",
        "2023/f.jpg",
        "2023年/e.jpg",
        "3.1 不在规范的类别/d.jpg",
        "一、思想/1.4 其他/b.jpg",
    ]


def test_files_at_the_root_are_unassigned() -> None:
    resolution = resolve_folders(
        TWO_CATEGORIES, inventory(ev("说明.docx", "document"), ev("1.1 理想/a.jpg"))
    )
    assert resolution.unassigned == ["说明.docx"]
    assert resolution.indicator_of("1.1 理想/a.jpg") == "1.1"
    assert resolution.indicator_of("说明.docx") is None


def test_category_folder_is_not_an_indicator_folder() -> None:
    assert _owner("一、思想道德建设/a.jpg") is None


def test_many_files_resolve_per_folder() -> None:
    files = [ev(f"一、思想/1.1 理想/{y}/{n:05d}.jpg") for y in (2021, 2022) for n in range(2000)]
    resolution = resolve_folders(TWO_CATEGORIES, inventory(*files))
    assert len(resolution.files["1.1"]) == 4000
    assert resolution.folders["1.1"] == ["一、思想/1.1 理想"]


def test_empty_indicator_and_unknown_folders_are_seen(tmp_path: Path) -> None:
    """Folders without files (just made by `init`) still belong to their indicator."""
    from civarchive.check import check
    from civarchive.scan import scan
    from civarchive.spec.loader import load_spec
    from tests.factories import write_spec

    spec = load_spec(write_spec(tmp_path))
    (tmp_path / "1 思想道德建设" / "1.1 理想信念教育" / "2023年").mkdir(parents=True)
    (tmp_path / "1 思想道德建设" / "1.3 其他").mkdir()
    report = check(spec, scan(tmp_path, spec=spec, jobs=1), git=False)
    assert report.indicators[0].folders == ["1 思想道德建设/1.1 理想信念教育"]
    assert [
        (f.code.value, f.path) for f in report.findings if f.code.value == "unknown_folder"
    ] == [("unknown_folder", "1 思想道德建设/1.3 其他")]


def test_front_documents_are_not_unassigned() -> None:
    front = TWO_CATEGORIES.model_copy(update={"front": ["工作汇报.docx"]})
    resolution = resolve_folders(front, inventory(ev("工作汇报.docx"), ev("其他.docx")))
    assert resolution.unassigned == ["其他.docx"]
