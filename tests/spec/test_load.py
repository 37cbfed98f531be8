"""Loading valid specs: the design example, ids, aliases, dates, defaults, finding the spec."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.spec.loader import load_spec
from civarchive.spec.locate import find_spec
from civarchive.spec.models import CaptionPolicy, RequirementKind
from tests.factories import write_spec
from tests.spec.helpers import ASSETS, VALID_HEAD, load_text, problems_of, where


def test_design_example_validates_verbatim(tmp_path: Path) -> None:
    # The YAML of design §3, copied as written; its include is provided beside it.
    shutil.copy(ASSETS / "design_example.yaml", tmp_path / "civarchive.yaml")
    shutil.copy(ASSETS / "more-indicators.yaml", tmp_path / "more-indicators.yaml")
    spec = load_spec(tmp_path / "civarchive.yaml")
    assert spec.title == "第七届全国文明单位创建资料"
    assert spec.unit == "X市人大常委会机关"
    assert spec.period.start == dt.date(2021, 1, 1)
    assert spec.period.end == dt.date(2023, 12, 31)
    assert spec.fonds == "J012"
    assert spec.retention == "永久"
    assert spec.ignore == ["草稿/**", "*.bak"]
    assert spec.naming == "{date:%Y%m%d}-{title}"
    assert spec.secrecy == ""
    assert [w.code for w in spec.waivers] == ["low_resolution"]
    assert [c.id for c in spec.categories] == ["1", "2"]
    indicator = spec.categories[0].indicators[0]
    assert indicator.id == "1.1"
    assert indicator.points == 4
    assert indicator.due == dt.date(2023, 6, 30)
    assert indicator.folders == ["一、思想道德建设/1.1 理想信念教育"]
    document, photo, video = indicator.requires
    assert document.within is not None
    assert document.within.start == dt.date(2022, 1, 1)
    assert document.per_year is True
    assert document.match == ["计划"]
    assert photo.caption == CaptionPolicy.REQUIRED
    assert photo.min_megapixels == 3
    assert video.min_seconds == 30  # its own value wins over defaults.video
    assert spec.path == tmp_path / "civarchive.yaml"
    assert spec.files == (
        tmp_path / "civarchive.yaml",
        (tmp_path / "more-indicators.yaml").resolve(),
    )


def test_factory_spec_loads(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path))
    assert [i.id for _, i in spec.indicators()] == ["1.1"]
    assert spec.owner("xcb") is not None
    assert spec.files == (tmp_path / "civarchive.yaml",)


def test_unquoted_ids_keep_their_source_text(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - id: 1
            title: 思想
            indicators:
              - {id: 1.1, title: a}
              - {id: 1.10, title: b}
              - {id: 1.2e1, title: c}
              - {id: 0012, title: d}
          - id: 2
            title: 文化
            indicators:
              - {id: Ⅲ-12, title: e}
              - {id: XLF-1, title: f}
              - {id: "2-1", title: g}
        """,
    )
    assert [c.id for c in spec.categories] == ["1", "2"]
    assert [i.id for _, i in spec.indicators()] == [
        "1.1",
        "1.10",
        "1.2e1",
        "0012",
        "Ⅲ-12",
        "XLF-1",
        "2-1",
    ]


def test_numbers_as_text_fields(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        fonds: 012
        owners: [{id: 7, name: 2023}]
        categories:
          - id: "1"
            title: 2023
            indicators:
              - {id: "1.1", title: x, owner: 7, points: 2.5, requires: [{kind: any, what: 100, min: 3, match: [2022]}]}
        """,
    )
    assert spec.fonds == "012"
    assert spec.owners[0].id == "7"
    indicator = spec.categories[0].indicators[0]
    assert (spec.categories[0].title, indicator.owner, indicator.points) == ("2023", "7", 2.5)
    requirement = indicator.requires[0]
    assert (requirement.what, requirement.min, requirement.match) == ("100", 3, ["2022"])


@pytest.mark.parametrize(
    ("alias", "kind"),
    [
        ("文件", RequirementKind.DOCUMENT),
        ("文档", RequirementKind.DOCUMENT),
        ("照片", RequirementKind.PHOTO),
        ("视频", RequirementKind.VIDEO),
        ("音频", RequirementKind.AUDIO),
        ("录音", RequirementKind.AUDIO),
        ("任意", RequirementKind.ANY),
        ("Photo", RequirementKind.PHOTO),
        ("document", RequirementKind.DOCUMENT),
    ],
)
def test_kind_aliases(tmp_path: Path, alias: str, kind: RequirementKind) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + f"""
        categories:
          - id: "1"
            title: t
            indicators:
              - id: "1.1"
                title: x
                requires: [{{kind: {alias}, what: 证据}}]
        """,
    )
    assert spec.categories[0].indicators[0].requires[0].kind == kind


def test_dates_as_yaml_dates_or_strings(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        """
        civarchive: 1
        title: t
        unit: u
        period: {start: "2021-01-01", end: 2023-12-31}
        categories:
          - id: "1"
            title: t
            indicators: [{id: "1.1", title: x, due: "2022-06-30"}]
        """,
    )
    assert spec.period.start == dt.date(2021, 1, 1)
    assert spec.categories[0].indicators[0].due == dt.date(2022, 6, 30)


@pytest.mark.parametrize(
    "written",
    [
        "2022-06-30",
        '"2022-06-30"',
        "2022/06/30",
        "2022/6/30",
        "2022.6.30",
        "2022年6月30日",
        "20220630",
        '"20220630"',
        "２０２２年６月３０日",
    ],
)
def test_spec_dates_in_every_form_of_the_grammar(tmp_path: Path, written: str) -> None:
    # YAML reads 2022-06-30 as a timestamp, 20220630 as a number and 2022/6/30 as text:
    # the loader keeps each as written and the one date grammar reads them all.
    spec = load_text(
        tmp_path,
        f"""
        civarchive: 1
        title: t
        unit: u
        period: {{start: 2021/1/1, end: {written}}}
        categories:
          - id: "1"
            title: t
            indicators:
              - id: "1.1"
                title: x
                due: {written}
                requires:
                  - {{kind: photo, what: p, within: {{start: 2021年1月1日, end: {written}}}}}
        """,
    )
    june_30 = dt.date(2022, 6, 30)
    indicator = spec.categories[0].indicators[0]
    assert (spec.period.start, spec.period.end) == (dt.date(2021, 1, 1), june_30)
    assert indicator.due == june_30
    assert indicator.requires[0].within is not None
    assert indicator.requires[0].within.end == june_30


def test_a_slash_date_outside_the_period_is_still_checked(tmp_path: Path) -> None:
    [problem] = problems_of(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - id: "1"
            title: t
            indicators: [{id: "1.1", title: x, due: 2024/1/15}]
        """,
    )
    assert "period" in problem.message
    assert "2024-01-15" in problem.message
    assert where(problem)[:2] == (9, 45)


def test_defaults_are_applied_to_every_requirement(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        defaults:
          photo: {min_megapixels: 3, caption: required}
          video: {min_seconds: 10, caption: required}
        categories:
          - id: "1"
            title: t
            indicators:
              - id: "1.1"
                title: x
                requires:
                  - {kind: 照片, what: a}
                  - {kind: photo, what: b, caption: optional, min_megapixels: 1}
                  - {kind: video, what: c}
                  - {kind: video, what: d, min_seconds: 0}
                  - {kind: document, what: e}
        """,
    )
    a, b, c, d, e = spec.categories[0].indicators[0].requires
    assert (a.caption, a.min_megapixels, a.min_seconds) == (CaptionPolicy.REQUIRED, 3, None)
    assert (b.caption, b.min_megapixels) == (CaptionPolicy.OPTIONAL, 1)
    assert (c.caption, c.min_seconds) == (CaptionPolicy.REQUIRED, 10)
    assert d.min_seconds == 0  # an explicit 0 is a value, not "unset"
    assert (e.caption, e.min_megapixels, e.min_seconds) == (CaptionPolicy.OPTIONAL, None, None)


def test_caption_defaults_to_optional(tmp_path: Path) -> None:
    spec = load_spec(write_spec(tmp_path))
    assert {r.caption for _, i in spec.indicators() for r in i.requires} == {CaptionPolicy.OPTIONAL}


def test_anchors_and_merge_keys_are_fine(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - id: "1"
            title: t
            indicators:
              - id: "1.1"
                title: x
                requires:
                  - &photos {kind: photo, what: 活动照片, min: 4}
                  - <<: *photos
                    what: 会议照片
              - {id: "1.2", title: y, requires: [*photos]}
        """,
    )
    first, second = spec.categories[0].indicators[0].requires
    assert (second.what, second.min, second.kind) == ("会议照片", 4, RequirementKind.PHOTO)
    assert spec.categories[0].indicators[1].requires[0].what == "活动照片"


def test_not_applicable_with_note(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        categories:
          - id: "1"
            title: t
            indicators: [{id: "1.1", title: x, applicable: false, note: 本单位无此项职能}]
        """,
    )
    assert spec.categories[0].indicators[0].applicable is False


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "civarchive.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID_HEAD.encode())
    assert load_spec(path).title == "测试创建资料"


def test_find_spec_walks_up(tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path)
    deep = tmp_path / "一、思想道德建设" / "1.1 理想" / "2023"
    deep.mkdir(parents=True)
    assert find_spec(deep) == spec_path
    assert find_spec(tmp_path) == spec_path
    file_inside = deep / "a.txt"
    file_inside.write_text("x")
    assert find_spec(file_inside) == spec_path


def test_find_spec_without_one_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        find_spec(tmp_path)
    assert "civarchive.yaml" in caught.value.message
    assert caught.value.hint
    assert "--spec" in caught.value.hint


def test_missing_spec_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        load_spec(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="folder"):
        load_spec(tmp_path)


def test_empty_optional_keys_mean_their_default(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + """
        owners:
        waivers:
        defaults:
        categories:
          - id: "1"
            title: t
            folder:
            indicators:
              - id: "1.1"
                title: x
                requires:
        """,
    )
    assert spec.owners == []
    assert spec.categories[0].folder is None
    assert spec.categories[0].indicators[0].requires == []


def test_folder_paths_are_normalised_to_posix(tmp_path: Path) -> None:
    spec = load_text(
        tmp_path,
        VALID_HEAD
        + r"""
        waivers: [{code: low_resolution, path: '2.1 道德讲堂\老照片.jpg', reason: 翻拍}]
        categories:
          - id: "1"
            title: t
            folder: ./一、思想道德建设/
            indicators:
              - {id: "1.1", title: x, folder: ['一、思想道德建设\1.1 理想', 其他/1.1/]}
        """,
    )
    assert spec.categories[0].folder == "一、思想道德建设"
    assert spec.categories[0].indicators[0].folders == ["一、思想道德建设/1.1 理想", "其他/1.1"]
    assert spec.waivers[0].path == "2.1 道德讲堂/老照片.jpg"


@pytest.mark.parametrize(
    ("written", "size"),
    [
        ("1MB", 1_000_000),
        ("500KB", 500_000),
        ("2 MiB", 2 * 1024 * 1024),
        ("1.5 GB", 1_500_000_000),
        ("4096", 4096),
        ("64kib", 65_536),
    ],
)
def test_lfs_threshold_sizes(tmp_path: Path, written: str, size: int) -> None:
    spec = load_text(tmp_path, VALID_HEAD + f"        lfs_threshold: {written}\n")
    assert spec.lfs_threshold == size


def test_lfs_threshold_defaults_to_one_megabyte(tmp_path: Path) -> None:
    assert load_text(tmp_path, VALID_HEAD).lfs_threshold == 1_000_000


@pytest.mark.parametrize(("written", "kept"), [("内部", "内部"), (" 秘密 ★ 10年", "秘密★10年")])
def test_secrecy_is_a_密级(tmp_path: Path, written: str, kept: str) -> None:
    spec = load_text(tmp_path, VALID_HEAD + f'        secrecy: "{written}"\n')
    assert spec.secrecy == kept


def test_secrecy_that_is_no_密级_is_an_error_at_its_line(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, VALID_HEAD + "        secrecy: 保密\n")
    assert where(problem) == (5, 10, "secrecy")
    assert "保密" in problem.message
    assert "绝密" in problem.message


def test_front_documents_must_be_documents_inside_the_archive(tmp_path: Path) -> None:
    from tests.spec.helpers import VALID_HEAD, problems_of, where, write

    write(tmp_path / "工作汇报.docx", "not checked here: bind reads it")
    write(tmp_path / "合影.jpg", "")
    write(tmp_path.parent / "outside.pdf", "")
    text = (
        VALID_HEAD
        + """
        front: [工作汇报.docx, 单位概况.pdf, 合影.jpg, ../outside.pdf]
        categories: []
"""
    )
    problems = problems_of(tmp_path, text)
    assert [(where(p), p.message) for p in problems] == [
        ((6, 20, "front[1]"), "front document not found: 单位概况.pdf"),
        ((6, 30, "front[2]"), "a front document must be a PDF or a Word document: 合影.jpg"),
        ((6, 38, "front[3]"), "front may only name files inside the archive: ../outside.pdf"),
    ]
    spec = load_spec(write(tmp_path / "ok.yaml", VALID_HEAD + "        front: [工作汇报.docx]\n"))
    assert spec.front == ["工作汇报.docx"]
