"""Requirement matching: qualification rules, reasons, per-year windows and the assignment."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.check import check
from civarchive.check.models import Report
from civarchive.findings import Code, Finding, Severity
from tests.check.builders import category, ev, indicator, inventory, one, req, spec

AS_OF = dt.date(2023, 1, 1)


def run(s, *files, **kwargs) -> Report:
    return check(s, inventory(*files), as_of=AS_OF, git=False, **kwargs)


def counts(report: Report) -> list[tuple[int, bool]]:
    return [(r.count, r.met) for r in report.indicators[0].requirements]


def codes(report: Report, path: str) -> list[str]:
    return [f.code.value for f in report.findings if f.path == path]


def test_kind_must_match_and_any_takes_every_evidence_kind_but_other() -> None:
    s = one(req("document", "计划"), req("any", "任意材料", min=3))
    files = [
        ev("1.1/a.docx", "document"),
        ev("1.1/b.jpg", "photo"),
        ev("1.1/c.mp4", "video"),
        ev("1.1/d.zip", "other"),
        ev("1.1/e.wav", "audio"),
    ]
    report = run(s, *files)
    assert [r.files for r in report.indicators[0].requirements] == [
        ["1.1/a.docx"],
        ["1.1/b.jpg", "1.1/c.mp4", "1.1/e.wav"],
    ]
    assert (
        codes(report, "1.1/d.zip") == []
    )  # `other` files are scan's `unsupported_type`, not `unused`


def test_keywords_match_name_title_or_caption_after_nfkc_and_casefold() -> None:
    s = one(req("document", "计划", match=["PLAN", "计划"], min=4))
    files = [
        ev("1.1/ｐｌａｎ 2022.docx", "document"),
        ev("1.1/2022年度学习计划.pdf", "document"),
        ev("1.1/scan001.pdf", "document", title="理论学习计划"),
        ev("1.1/IMG_1.jpg", "photo"),
        ev("1.1/notes.docx", "document"),
    ]
    report = run(s, *files)
    assert report.indicators[0].requirements[0].files == [
        "1.1/2022年度学习计划.pdf",
        "1.1/scan001.pdf",
        "1.1/ｐｌａｎ 2022.docx",
    ]
    assert codes(report, "1.1/notes.docx") == ["unused"]
    unused = next(f for f in report.findings if f.path == "1.1/notes.docx")
    assert (
        unused.message
        == "counts toward no requirement of this indicator: 计划 (document, name contains PLAN、计划)"
    )
    assert unused.indicator == "1.1"


def test_keyword_in_caption_title() -> None:
    s = one(req("photo", "会议照片", match=["会议"]))
    assert counts(run(s, ev("1.1/IMG_0001.jpg", caption="党组会议"))) == [(1, True)]


def test_an_image_counts_toward_a_document_requirement_only_by_its_words() -> None:
    # Design §3: a scanned or photographed document is an image; it counts toward a document
    # requirement with `match` when its name or caption 题名 holds one of the words.
    s = one(req("document", "学习计划", match=["计划"], min=3))
    files = [
        ev("1.1/2022年学习计划扫描.jpg", "photo"),
        ev("1.1/IMG_0002.jpg", "photo", caption="2023年学习计划（翻拍）"),
        ev("1.1/IMG_0003.jpg", "photo", caption="学习现场"),
        ev("1.1/学习计划.docx", "document"),
    ]
    report = run(s, *files)
    assert report.indicators[0].requirements[0].files == [
        "1.1/2022年学习计划扫描.jpg",
        "1.1/IMG_0002.jpg",
        "1.1/学习计划.docx",
    ]
    assert codes(report, "1.1/IMG_0003.jpg") == ["unused"]


def test_without_match_a_document_requirement_takes_no_image() -> None:
    s = one(req("document", "学习计划"))
    report = run(s, ev("1.1/学习计划扫描.jpg", "photo"))
    assert counts(report) == [(0, False)]
    assert codes(report, "1.1/学习计划扫描.jpg") == ["unused"]


def test_a_scan_filed_as_a_document_is_not_held_to_photo_rules() -> None:
    # A phone shot of a notice is no event photo: no caption, resolution or photo defaults.
    s = spec(
        category("1", indicator("1.1", req("document", "通知", match=["通知"]))),
        defaults={"photo": {"min_megapixels": 3, "caption": "required"}},
    )
    report = run(s, ev("1.1/关于开展活动的通知.jpg", "photo", megapixels=0.3))
    assert counts(report) == [(1, True)]
    assert codes(report, "1.1/关于开展活动的通知.jpg") == []


def test_an_image_fills_the_photo_requirement_and_a_scan_the_document_one() -> None:
    s = one(req("document", "学习计划", match=["计划"]), req("photo", "学习照片", match=["学习"]))
    files = [ev("1.1/学习计划.jpg", "photo"), ev("1.1/学习现场.jpg", "photo")]
    report = run(s, *files)
    assert [r.files for r in report.indicators[0].requirements] == [
        ["1.1/学习计划.jpg"],
        ["1.1/学习现场.jpg"],
    ]


@pytest.mark.parametrize(
    ("date", "counted"),
    [
        ("2021-01-01", True),
        ("2023-12-31", True),
        ("2020-12-31", False),
        ("2024-01-01", False),
        ("2022", True),
        ("2020", False),
        (None, True),
    ],
)
def test_period_edges_inclusive(date: str | None, counted: bool) -> None:
    report = run(one(req()), ev("1.1/a.jpg", date=date))
    assert counts(report) == [(int(counted), counted)]
    expected = [] if counted else ["out_of_period"]
    if date is None:
        expected = ["undated"]
    assert codes(report, "1.1/a.jpg") == expected


def test_out_of_period_message_names_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = one(req(within={"start": "2022-01-01", "end": "2022-06-30"}))
    report = run(spec, ev("1.1/a.jpg", date="2022-07-01"))
    finding = next(f for f in report.findings if f.path == "1.1/a.jpg")
    assert finding.code is Code.OUT_OF_PERIOD
    assert finding.message == "evidence date 2022-07-01 is outside 2022-01-01 – 2022-06-30"
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = run(spec, ev("1.1/a.jpg", date="2022-07-01"))
    finding = next(f for f in report.findings if f.path == "1.1/a.jpg")
    assert finding.message == "证据日期 2022-07-01 不在 2022-01-01 至 2022-06-30 期间"


def test_resolution_and_duration_in_the_clerks_words(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = one(req(min_megapixels=3), req("video", "宣讲视频", min_seconds=30))
    files = [ev("1.1/small.jpg", megapixels=0.79), ev("1.1/v.mp4", "video", seconds=12.0)]
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = run(spec, *files)
    messages = {f.path: f.message for f in report.findings}
    assert messages["1.1/small.jpg"] == "分辨率过低：79 万像素，低于 300 万像素"
    assert messages["1.1/v.mp4"] == "时长过短：12.0 秒，短于 30 秒"


def test_per_year_needs_every_calendar_year_of_the_period() -> None:
    s = one(req("document", "年度学习计划", per_year=True))
    files = [
        ev("1.1/a.docx", "document", "2021-01-01"),
        ev("1.1/b.docx", "document", "2023-12-31"),
        ev("1.1/c.docx", "document", "2023"),
        ev("1.1/d.docx", "document", None),
    ]
    report = run(s, *files)
    [result] = report.indicators[0].requirements
    assert result.years == {"2021": 1, "2022": 0, "2023": 2}
    assert result.missing_years == [2022]
    assert (result.count, result.met) == (3, False)
    # The undated plan counts nowhere: only `undated` is said about it.
    assert codes(report, "1.1/d.docx") == ["undated"]
    gap = next(f for f in report.findings if f.code is Code.MISSING_EVIDENCE)
    assert gap.message == "missing: 年度学习计划 — 1 document per year, short in 2022 (0)"


def test_per_year_is_clipped_to_the_window() -> None:
    s = one(
        req("document", "计划", per_year=True, within={"start": "2022-03-01", "end": "2030-01-01"})
    )
    report = run(
        s, ev("1.1/a.docx", "document", "2022-03-01"), ev("1.1/b.docx", "document", "2023-05-05")
    )
    [result] = report.indicators[0].requirements
    assert result.years == {"2022": 1, "2023": 1}
    assert result.met


def test_undated_counts_toward_ordinary_requirements() -> None:
    report = run(one(req("document", "制度")), ev("1.1/a.docx", "document", None))
    assert counts(report) == [(1, True)]
    assert codes(report, "1.1/a.docx") == ["undated"]


def test_quality_thresholds_and_captions() -> None:
    s = one(
        req("photo", "照片", min=4, min_megapixels=3, caption="required"),
        req("video", "视频", min_seconds=30),
    )
    files = [
        ev("1.1/good.jpg", megapixels=12, caption="学习会"),
        ev("1.1/exif-title.jpg", megapixels=3, title="EXIF 题名"),
        ev("1.1/small.jpg", megapixels=0.3, caption="x"),
        ev("1.1/bare.jpg", megapixels=8),
        ev("1.1/blank-caption.jpg", megapixels=8, caption="  "),
        ev("1.1/short.mp4", "video", seconds=5.5),
        ev("1.1/long.mp4", "video", seconds=30),
    ]
    report = run(s, *files)
    assert counts(report) == [(2, False), (1, True)]
    assert codes(report, "1.1/small.jpg") == ["low_resolution"]
    assert codes(report, "1.1/bare.jpg") == ["missing_caption"]
    assert codes(report, "1.1/blank-caption.jpg") == ["missing_caption"]
    assert codes(report, "1.1/short.mp4") == ["too_short"]
    messages = {f.path: f.message for f in report.findings}
    assert messages["1.1/small.jpg"] == "resolution too low: 0.3 MP < 3 MP"
    assert messages["1.1/short.mp4"] == "too short: 5.5 s < 30 s"


def test_spec_defaults_apply_when_the_requirement_says_nothing() -> None:
    s = spec(
        category("1", indicator("1.1", req("photo", "照片"))),
        defaults={"photo": {"min_megapixels": 2, "caption": "required"}},
    )
    report = run(s, ev("1.1/a.jpg", megapixels=1.0, caption="x"), ev("1.1/b.jpg", megapixels=5))
    assert counts(report) == [(0, False)]
    assert codes(report, "1.1/a.jpg") == ["low_resolution"]
    assert codes(report, "1.1/b.jpg") == ["missing_caption"]


def test_most_specific_reason_wins_single_finding_per_file() -> None:
    s = one(req("photo", "旧照片", min_megapixels=3), req("photo", "近照", caption="required"))
    report = run(s, ev("1.1/a.jpg", date="2020-01-01", megapixels=1))
    assert codes(report, "1.1/a.jpg") == ["out_of_period"]
    report = run(s, ev("1.1/a.jpg", megapixels=1))
    assert codes(report, "1.1/a.jpg") == ["low_resolution"]


def test_error_files_never_count() -> None:
    corrupt = Finding.of(Code.CORRUPT, path="1.1/a.jpg", detail="truncated")
    report = run(
        one(req()),
        ev("1.1/a.jpg", findings=[corrupt]),
        ev("1.1/b.jpg", size=0, findings=[Finding.of(Code.EMPTY_FILE, path="1.1/b.jpg")]),
    )
    assert counts(report) == [(0, False)]
    assert codes(report, "1.1/a.jpg") == ["corrupt"]
    assert codes(report, "1.1/b.jpg") == ["empty_file"]
    assert all(f.indicator == "1.1" for f in report.findings)


def test_duplicates_count_once_across_the_archive() -> None:
    s = spec(category("1", indicator("1.1", req(min=2)), indicator("1.2", req())))
    files = [ev("1.1/a.jpg", sha="same"), ev("1.1/b.jpg", sha="same"), ev("1.2/c.jpg", sha="same")]
    report = run(s, *files)
    assert [r.requirements[0].count for r in report.indicators] == [1, 0]
    dups = [f for f in report.findings if f.code is Code.DUPLICATE]
    assert [(f.path, f.indicator) for f in dups] == [("1.1/b.jpg", "1.1"), ("1.2/c.jpg", "1.2")]
    assert dups[0].message == "same content as 1.1/a.jpg; not counted again"
    assert codes(report, "1.2/c.jpg") == ["duplicate"]


def test_matching_beats_greedy_when_a_file_could_serve_two_requirements() -> None:
    # Greedy in path order gives 会议.jpg to the first requirement and leaves 会议照片 empty.
    s = one(req("photo", "活动照片"), req("photo", "会议照片", match=["会议"]))
    report = run(s, ev("1.1/a 会议.jpg"), ev("1.1/b 活动.jpg"))
    assert [r.files for r in report.indicators[0].requirements] == [
        ["1.1/b 活动.jpg"],
        ["1.1/a 会议.jpg"],
    ]
    assert report.indicators[0].status.value == "complete"


def test_meets_the_most_requirements_not_the_most_slots() -> None:
    # Max-flow alone could split 1+1 and meet nothing; the best is one requirement met.
    s = one(req("photo", "甲", min=2), req("photo", "乙", min=2))
    report = run(s, ev("1.1/a.jpg"), ev("1.1/b.jpg"))
    assert counts(report) == [(2, True), (0, False)]


def test_per_year_slots_in_the_matching() -> None:
    # One 2022 document could fill either requirement; per-year needs it for 2022.
    s = one(
        req("document", "文件"),
        req("document", "计划", per_year=True, within={"start": "2022-01-01", "end": "2022-12-31"}),
    )
    report = run(
        s, ev("1.1/a.docx", "document", "2021-05-05"), ev("1.1/b.docx", "document", "2022-05-05")
    )
    assert counts(report) == [(1, True), (1, True)]


def test_surplus_files_are_counted_where_they_first_qualify() -> None:
    s = one(req("photo", "照片", min=2), req("any", "其他"))
    report = run(s, *[ev(f"1.1/{n}.jpg") for n in range(5)], ev("1.1/z.docx", "document"))
    assert counts(report) == [(5, True), (1, True)]
    assert report.indicators[0].requirements[0].files == [f"1.1/{n}.jpg" for n in range(5)]


def test_many_requirements_fall_back_to_a_maximal_choice() -> None:
    requirements = [req("photo", f"照片{n}", match=[f"k{n}"]) for n in range(14)]
    files = [ev(f"1.1/k{n}.jpg") for n in range(14)]
    report = run(one(*requirements), *files)
    assert all(r.met for r in report.indicators[0].requirements)


def test_scan_warning_files_still_count() -> None:
    wrong = Finding.of(Code.WRONG_EXTENSION, path="1.1/a.jpg", detail="heic named .jpg")
    report = run(one(req()), ev("1.1/a.jpg", findings=[wrong]))
    assert counts(report) == [(1, True)]
    assert [(f.code, f.severity, f.indicator) for f in report.findings] == [
        (Code.WRONG_EXTENSION, Severity.WARNING, "1.1")
    ]


def test_excused_out_of_period_cannot_fill_a_year_outside_the_window() -> None:
    s = one(
        req("document", "计划", per_year=True),
        waivers=[{"code": "out_of_period", "path": "1.1/2020.docx", "reason": "上届"}],
    )
    report = run(s, ev("1.1/2020.docx", "document", "2020-05-05"))
    assert counts(report) == [(0, False)]
    assert [(f.code, f.waived) for f in report.findings if f.path] == [(Code.OUT_OF_PERIOD, True)]
