"""Every spec error names its file, line, column and field, and all of them come out in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.errors import SpecError
from civarchive.spec.loader import load_spec
from tests.spec.helpers import VALID_HEAD, problems_of, where, write

ONE_INDICATOR = """
        owners: [{id: xcb, name: 宣传部}]
        categories:
          - id: "1"
            title: 思想道德建设
            indicators:
              - id: "1.1"
                title: 理想信念教育
"""


def test_misspelt_top_level_key_suggests_the_right_one(tmp_path: Path) -> None:
    [problem] = problems_of(
        tmp_path,
        """
        civarchive: 1
        tilte: 测试
        unit: 单位
        period: {start: 2021-01-01, end: 2023-12-31}
        """,
    )
    # The missing `title` is explained by the typo, so only the typo is reported.
    assert where(problem) == (3, 1, "tilte")
    assert problem.file == str(tmp_path / "civarchive.yaml")
    assert problem.message == "unknown key 'tilte'"
    assert problem.hint == "did you mean 'title'?"
    assert (
        str(problem)
        == f"{tmp_path / 'civarchive.yaml'}:3:1: tilte: unknown key 'tilte' (did you mean 'title'?)"
    )


def test_unknown_nested_key_points_at_the_key(tmp_path: Path) -> None:
    [problem] = problems_of(
        tmp_path,
        VALID_HEAD
        + ONE_INDICATOR
        + """
                requires:
                  - kind: photo
                    what: 照片
                    min_megapixel: 3
        """,
    )
    assert where(problem) == (17, 13, "categories[0].indicators[0].requires[0].min_megapixel")
    assert problem.hint == "did you mean 'min_megapixels'?"


def test_unknown_key_without_close_match_lists_allowed_keys(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        colour: red\n")
    assert where(problem) == (5, 1, "colour")
    assert problem.hint is not None
    assert "categories" in problem.hint


def test_missing_required_keys_point_at_the_mapping(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        """
        civarchive: 1
        period: {start: 2021-01-01}
        categories:
          - id: "1"
            indicators:
              - requires: [{kind: photo}]
        """,
    )
    assert [where(p) for p in found] == [
        (2, 1, "title"),
        (2, 1, "unit"),
        (3, 9, "period.end"),
        (5, 5, "categories[0].title"),
        (7, 9, "categories[0].indicators[0].id"),
        (7, 9, "categories[0].indicators[0].title"),
        (7, 20, "categories[0].indicators[0].requires[0].what"),
    ]
    assert found[0].message == "required key 'title' is missing"


def test_every_value_error_in_one_run(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + ONE_INDICATOR
        + """
                owner: xbc
                due: 2024-01-01
                points: -1
                applicable: false
                requires:
                  - kind: 照相
                    what: 照片
                    min: 0
                    per_year: maybe
                  - kind: video
                    what: 视频
                    within: {start: 2022-13-01, end: 2022-02-30}
                    match: 计划
              - id: "1.1"
                title: 重复
                folder: {a: 1}
        waivers:
          - {code: low_resolutoin, reason: 旧照片}
          - {code: corrupt, indicator: "9.9", reason: 已知}
        """,
    )
    assert [where(p) for p in found] == [
        (14, 16, "categories[0].indicators[0].owner"),
        (15, 14, "categories[0].indicators[0].due"),
        (16, 17, "categories[0].indicators[0].points"),
        (17, 21, "categories[0].indicators[0].applicable"),
        (19, 19, "categories[0].indicators[0].requires[0].kind"),
        (21, 18, "categories[0].indicators[0].requires[0].min"),
        (22, 23, "categories[0].indicators[0].requires[0].per_year"),
        (25, 29, "categories[0].indicators[0].requires[1].within.start"),
        (25, 46, "categories[0].indicators[0].requires[1].within.end"),
        (26, 20, "categories[0].indicators[0].requires[1].match"),
        (27, 13, "categories[0].indicators[1].id"),
        (29, 17, "categories[0].indicators[1].folder"),
        (31, 5, "waivers[0]"),
        (31, 12, "waivers[0].code"),
        (32, 32, "waivers[1].indicator"),
    ]
    messages = {p.field: p for p in found}
    assert messages["categories[0].indicators[0].owner"].hint == "did you mean 'xcb'?"
    assert "outside the period" in messages["categories[0].indicators[0].due"].message
    assert messages["categories[0].indicators[0].points"].message == "must be ≥ 0, not -1"
    assert "note" in messages["categories[0].indicators[0].applicable"].message
    assert messages["categories[0].indicators[0].requires[0].kind"].message == "invalid value: 照相"
    assert messages["categories[0].indicators[0].requires[0].min"].message == "must be ≥ 1, not 0"
    assert "true or false" in messages["categories[0].indicators[0].requires[0].per_year"].message
    assert (
        messages["categories[0].indicators[0].requires[1].within.start"].message
        == "not a valid date: 2022-13-01"
    )
    assert "2023/10/15" in (
        messages["categories[0].indicators[0].requires[1].within.start"].hint or ""
    )
    assert "list" in messages["categories[0].indicators[0].requires[1].match"].message
    assert "duplicate indicator id '1.1'" in messages["categories[0].indicators[1].id"].message
    assert ":11)" in messages["categories[0].indicators[1].id"].message
    assert messages["waivers[0].code"].hint == "did you mean 'low_resolution'?"
    assert "path" in messages["waivers[0]"].message
    assert messages["waivers[1].indicator"].message == "unknown indicator id '9.9'"
    assert len(found) == 15


def test_kind_suggestion_and_choices(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + ONE_INDICATOR
        + """
                requires:
                  - {kind: phto, what: a}
                  - {kind: 影像资料, what: b}
        """,
    )
    assert [p.hint for p in found] == [
        "did you mean 'photo'?",
        "one of: document, photo, video, audio, any, 文件, 文档, 照片, 图片, 视频, 音频, 录音, 录像, 任意",
    ]


def test_duplicate_category_ids_and_nfkc_equal_ids(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - {id: "1", title: a, indicators: [{id: "1.1", title: x}]}
          - {id: "1", title: b, indicators: [{id: "１．１", title: y}]}
        """,
    )
    assert [where(p) for p in found] == [
        (8, 10, "categories[1].id"),
        (8, 43, "categories[1].indicators[0].id"),
    ]
    assert "duplicate category id '1'" in found[0].message


def test_period_and_window_order(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        """
        civarchive: 1
        title: t
        unit: u
        period: {start: 2023-12-31, end: 2021-01-01}
        categories:
          - id: "1"
            title: a
            indicators:
              - id: "1.1"
                title: x
                requires:
                  - {kind: photo, what: p, within: {start: 2022-06-01, end: 2022-01-01}}
        """,
    )
    assert [where(p) for p in found] == [
        (5, 34, "period.end"),
        (13, 69, "categories[0].indicators[0].requires[0].within.end"),
    ]
    assert found[0].message == "the period ends (2021-01-01) before it starts (2023-12-31)"


def test_window_wholly_outside_the_period(tmp_path: Path) -> None:
    [problem] = problems_of(
        tmp_path,
        VALID_HEAD
        + ONE_INDICATOR
        + """
                requires:
                  - {kind: photo, what: p, within: {start: 2019-01-01, end: 2019-12-31}}
        """,
    )
    assert where(problem) == (15, 44, "categories[0].indicators[0].requires[0].within")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "not a valid date: 2023-02-30"),
        ("2023/06/31", "not a valid date: 2023/06/31"),
        ("昨天", "not a valid date: 昨天"),
        ("2023063", "not a valid date: 2023063"),
        ("2023-06/30", "not a valid date: 2023-06/30"),
    ],
)
def test_malformed_dates(tmp_path: Path, value: str, message: str) -> None:
    [problem] = problems_of(
        tmp_path, VALID_HEAD + ONE_INDICATOR + f"                due: {value}\n"
    )
    assert where(problem) == (13, 14, "categories[0].indicators[0].due")
    assert problem.message == message


def test_wrong_version_and_wrong_shapes(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        """
        civarchive: 2
        title: [a, b]
        unit: ""
        period: 2021
        categories: {id: 1}
        """,
    )
    assert [where(p) for p in found] == [
        (2, 13, "civarchive"),
        (3, 8, "title"),
        (4, 7, "unit"),
        (5, 9, "period"),
        (6, 13, "categories"),
    ]
    assert found[0].message == "unsupported spec format version 2"
    assert found[1].message == "expected text"
    assert found[2].message == "must not be empty"
    assert found[3].message == "expected a mapping (key: value)"


def test_unsafe_folder_paths(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - id: "1"
            title: a
            folder: ../outside
            indicators:
              - {id: "1.1", title: x, folder: [ok, /etc, 'C:\\\\x']}
        """,
    )
    assert [where(p) for p in found] == [
        (9, 13, "categories[0].folder"),
        (11, 44, "categories[0].indicators[0].folder[1]"),
        (11, 50, "categories[0].indicators[0].folder[2]"),
    ]


def test_bad_template(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + '        archive_code: "{fonds-{item"\n')
    assert where(problem) == (5, 15, "archive_code")


def test_messages_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    path = write(
        tmp_path / "civarchive.yaml",
        VALID_HEAD + "        tilte: x\n" + ONE_INDICATOR + "                owner: abc\n",
    )
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert "规范文件" in caught.value.message
    assert [p.message for p in caught.value.problems] == ["未知的键 “tilte”", "未知的责任人 “abc”"]
    assert caught.value.problems[0].hint == "是不是 “title”？"


def test_empty_required_value(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD.replace("unit: 测试单位", "unit:"))
    assert where(problem) == (3, 6, "unit")  # just after the colon, where the value belongs
    assert problem.message == "must not be empty"


def test_naming_template_fields_are_checked(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + '        naming: "{date:%Y%m%d}-{bogus}"\n')
    assert problem.field == "naming"
    assert "{bogus}" in problem.message
    assert "{title}" in (problem.hint or "")


def test_inbox_must_stay_inside_the_archive(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        inbox: ../外面\n")
    assert problem.field == "inbox"


def test_owner_written_as_a_name_names_the_id(tmp_path: Path) -> None:
    [problem] = problems_of(
        tmp_path, VALID_HEAD + ONE_INDICATOR + "                owner: 宣传部\n"
    )
    assert where(problem) == (13, 16, "categories[0].indicators[0].owner")
    assert problem.message == "'宣传部' is an owner's name; owner takes the id"
    assert problem.hint == "write owner: xcb"


def test_owner_name_in_chinese_with_full_width_spacing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    [problem] = problems_of(
        tmp_path, VALID_HEAD + ONE_INDICATOR + "                owner: 宣传部 \n"
    )
    assert problem.message == "“宣传部”是责任人的名称，owner 须写编号"
    assert problem.hint == "写成 owner: xcb"


def test_lfs_threshold_that_is_no_size(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        lfs_threshold: 一兆\n")
    assert where(problem) == (5, 16, "lfs_threshold")
    assert problem.message == "not a size: 一兆 (write 1MB, 500KB, 2 MiB or a number of bytes)"
