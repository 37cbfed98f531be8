"""Acceptance: DA/T 50 captions (design §3): sheets in xlsx/csv, 事由 and English headers, EXIF fallbacks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.acceptance.archives import ENV
from tests.acceptance.helpers import assert_clean, cli, finding_paths
from tests.factories import make_caption_csv, make_jpeg, make_mp4, make_xlsx, write_spec

D = dt.datetime
F = "1.1 理想信念教育"


@pytest.fixture(scope="module")
def captioned(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    root = tmp_path_factory.mktemp("cap") / "a"
    write_spec(root, defaults={"photo": {"caption": "required", "min_megapixels": 0.1}})
    folder = root / F
    make_jpeg(folder / "xp.jpg", title="XP标题", taken=D(2022, 1, 1), color=(1, 1, 1))
    make_jpeg(
        folder / "oly.jpg",
        description="OLYMPUS DIGITAL CAMERA",
        taken=D(2022, 1, 3),
        color=(3, 3, 3),
    )
    make_jpeg(folder / "sheet.jpg", taken=D(2021, 1, 1), color=(4, 4, 4))
    folder.mkdir(parents=True, exist_ok=True)
    # ImageDescription as raw bytes, as Chinese phones and old Windows tools write it.
    make_jpeg(folder / "utf8.jpg", description="描述标题".encode(), color=(6, 6, 6), camera=None)
    make_jpeg(
        folder / "gbk.jpg", description="描述标题".encode("gbk"), color=(7, 7, 7), camera=None
    )
    make_xlsx(
        folder / "说明.xlsx",
        [["文件名", "事由", "时间", "地点"], ["sheet.jpg", "事由标题", "2022年3月4日", "礼堂"]],
    )
    other = root / "1.1 补充"
    make_jpeg(other / "e.jpg", color=(5, 5, 5))
    make_mp4(other / "v.mp4", seconds=1)
    make_caption_csv(
        other / "captions.csv",
        [["e.jpg", "英文表头", "2022-05-06"], ["v.mp4", "视频说明", "2022-05-07"]],
        header=["file", "title", "date"],
    )
    scan = cli("scan", root, "--format", "json", "--jobs", "1", env=ENV)
    assert_clean(scan)
    check = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(check)
    return {f["path"]: f for f in scan.json()["files"]}, check.json()


@pytest.mark.parametrize(
    ("path", "title", "date"),
    [
        (f"{F}/xp.jpg", "XP标题", "2022-01-01"),
        (f"{F}/sheet.jpg", "事由标题", "2022-03-04"),  # the sheet's 时间 beats EXIF
        (f"{F}/utf8.jpg", "描述标题", None),
        (f"{F}/gbk.jpg", "描述标题", None),
        ("1.1 补充/e.jpg", "英文表头", "2022-05-06"),
        ("1.1 补充/v.mp4", "视频说明", "2022-05-07"),
    ],
)
def test_caption_title_and_date(
    captioned: tuple[dict[str, Any], Any], path: str, title: str, date: str | None
) -> None:
    entry = captioned[0][path]
    assert (entry["caption"] or {}).get("title") == title, entry
    if date:
        assert entry["date"] == date


def test_sheet_place_is_kept(captioned: tuple[dict[str, Any], Any]) -> None:
    assert captioned[0][f"{F}/sheet.jpg"]["caption"]["place"] == "礼堂"


def test_camera_default_text_is_no_caption(captioned: tuple[dict[str, Any], Any]) -> None:
    assert finding_paths(captioned[1], "missing_caption") == {f"{F}/oly.jpg"}
