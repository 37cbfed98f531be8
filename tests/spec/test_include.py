"""`include`: appended categories and owners, relative paths, cycles, and errors located in the included file."""

from __future__ import annotations

from pathlib import Path

import pytest

from civarchive.errors import SpecError
from civarchive.spec.loader import load_spec
from tests.spec.helpers import VALID_HEAD, where, write

MAIN = (
    VALID_HEAD
    + """
        include: [parts/social.yaml]
        owners: [{id: xcb, name: 宣传部}]
        categories:
          - id: "1"
            title: 思想道德建设
            indicators: [{id: "1.1", title: 理想信念教育, owner: xcb}]
"""
)

SOCIAL = """
        include: [../more/culture.yaml]
        owners: [{id: wmb, name: 文明办}]
        categories:
          - id: "2"
            title: 社会风尚
            indicators: [{id: "2.1", title: 志愿服务, owner: wmb}]
"""

CULTURE = """
        categories:
          - id: "3"
            title: 文化
            indicators: [{id: "3.1", title: 文化活动, owner: xcb, requires: [{kind: 照片, what: 活动照片}]}]
"""


def _errors(path: Path) -> list:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    return caught.value.problems


def test_includes_append_categories_and_owners(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", MAIN)
    write(tmp_path / "parts" / "social.yaml", SOCIAL)
    write(tmp_path / "more" / "culture.yaml", CULTURE)
    spec = load_spec(main)
    assert [c.id for c in spec.categories] == ["1", "2", "3"]
    assert [o.id for o in spec.owners] == ["xcb", "wmb"]
    assert [i.owner for _, i in spec.indicators()] == ["xcb", "wmb", "xcb"]
    assert spec.files == (
        main,
        (tmp_path / "parts" / "social.yaml").resolve(),
        (tmp_path / "more" / "culture.yaml").resolve(),
    )


def test_main_defaults_apply_to_included_requirements(tmp_path: Path) -> None:
    main = write(
        tmp_path / "civarchive.yaml",
        MAIN.replace(
            "include: [parts/social.yaml]",
            "include: [more/culture.yaml]\n        defaults: {photo: {caption: required}}",
        ),
    )
    write(tmp_path / "more" / "culture.yaml", CULTURE)
    spec = load_spec(main)
    assert spec.categories[1].indicators[0].requires[0].caption == "required"


def test_include_cycle_names_the_chain(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", MAIN)
    write(tmp_path / "parts" / "social.yaml", SOCIAL)
    write(tmp_path / "more" / "culture.yaml", "        include: [../civarchive.yaml]\n" + CULTURE)
    [problem] = _errors(main)
    assert problem.file.endswith("culture.yaml")
    assert where(problem) == (1, 11, "include[0]")
    assert problem.message.startswith("include cycle: ")
    chain = problem.message.removeprefix("include cycle: ").split(" → ")
    assert [Path(p).name for p in chain] == [
        "civarchive.yaml",
        "social.yaml",
        "culture.yaml",
        "civarchive.yaml",
    ]


def test_self_include_is_a_cycle(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", VALID_HEAD + "        include: [civarchive.yaml]\n")
    [problem] = _errors(main)
    assert "cycle" in problem.message
    assert where(problem) == (5, 11, "include[0]")


def test_missing_include_is_located(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", MAIN)
    [problem] = _errors(main)
    assert where(problem) == (6, 11, "include[0]")
    assert problem.message.startswith("included file not found")
    assert problem.hint == "the path is relative to this file's folder"


def test_errors_inside_an_include_name_that_file(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", MAIN)
    write(tmp_path / "parts" / "social.yaml", SOCIAL)
    write(
        tmp_path / "more" / "culture.yaml",
        """
        title: 不允许
        categories:
          - id: "1"
            title: 重复
            indicators: [{id: "1.1", title: 重复, owner: nobody, requires: [{kind: 照片, wat: x}]}]
        """,
    )
    found = _errors(main)
    assert {Path(p.file).name for p in found} == {"culture.yaml"}
    assert [where(p) for p in found] == [
        (2, 1, "title"),
        (4, 9, "categories[0].id"),
        (6, 23, "categories[0].indicators[0].id"),
        (6, 48, "categories[0].indicators[0].owner"),
        (
            6,
            78,
            "categories[0].indicators[0].requires[0].wat",
        ),  # and no "missing what": the typo explains it
    ]
    assert found[0].hint == "an included file may hold only categories, owners and include"
    assert found[1].message.endswith("civarchive.yaml:9)")
    assert found[2].message.endswith("civarchive.yaml:11)")
    assert found[4].hint == "did you mean 'what'?"


def test_include_is_read_once(tmp_path: Path) -> None:
    main = write(
        tmp_path / "civarchive.yaml",
        MAIN.replace(
            "include: [parts/social.yaml]", "include: [more/culture.yaml, ./more/culture.yaml]"
        ),
    )
    write(tmp_path / "more" / "culture.yaml", CULTURE)
    [problem] = _errors(main)
    assert where(problem) == (6, 30, "include[1]")
    assert problem.message.startswith("file already included")


def test_owner_declared_in_an_include_is_known_everywhere(tmp_path: Path) -> None:
    main = write(
        tmp_path / "civarchive.yaml",
        MAIN.replace("owner: xcb}]", "owner: wmb}]"),
    )
    write(tmp_path / "parts" / "social.yaml", SOCIAL)
    write(tmp_path / "more" / "culture.yaml", CULTURE)
    assert load_spec(main).categories[0].indicators[0].owner == "wmb"


def test_missing_include_suggests_a_similar_file(tmp_path: Path) -> None:
    main = write(
        tmp_path / "civarchive.yaml", MAIN.replace("parts/social.yaml", "parts/socail.yaml")
    )
    write(tmp_path / "parts" / "social.yaml", SOCIAL)
    [problem] = _errors(main)
    assert problem.hint == "did you mean 'social.yaml'?"


def test_typo_at_the_top_of_an_include_gets_a_suggestion(tmp_path: Path) -> None:
    main = write(tmp_path / "civarchive.yaml", MAIN.replace("parts/social.yaml", "culture.yaml"))
    write(tmp_path / "culture.yaml", CULTURE.replace("categories:", "categorys:"))
    [problem] = _errors(main)
    assert where(problem) == (2, 1, "categorys")
    assert problem.hint == "did you mean 'categories'?"
