"""Statuses, completeness, gaps, strict, waivers, owner filter, exit codes and determinism."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from civarchive.check import check
from civarchive.check.models import Report, Status
from civarchive.check.outcome import exit_code, summary_line
from civarchive.errors import UsageError
from civarchive.findings import Code, Finding, Severity
from tests.check.builders import category, ev, indicator, inventory, one, req, spec

AS_OF = dt.date(2023, 1, 1)

SPEC = spec(
    category(
        "1",
        indicator(
            "1.1",
            req("document", "年度学习计划", match=["计划"]),
            req("photo", "学习活动照片", min=4),
            points=4,
            owner="xcb",
            due="2023-06-30",
        ),
        indicator("1.2", req("video", "宣讲视频"), points=2, owner="bgs"),
        indicator("1.3", points=1),
    ),
    category(
        "2",
        indicator("2.1", req("photo", "照片"), points=3, owner="xcb", due="2022-06-30"),
        indicator("2.2", req("photo"), points=5, applicable=False, note="本单位无此项职能"),
    ),
)
FILES = [
    ev("一、思想/1.1 理想/2022年度学习计划.docx", "document"),
    ev("一、思想/1.1 理想/a.jpg"),
    ev("一、思想/1.1 理想/b.jpg"),
    ev("1.2 宣讲/v.mp4", "video", seconds=60),
    ev("2.2 不适用/x.jpg"),
    ev("杂项.docx", "document"),
]


def run(s=SPEC, files=FILES, **kwargs) -> Report:
    kwargs.setdefault("as_of", AS_OF)
    return check(s, inventory(*files), git=False, **kwargs)


def test_statuses_points_and_completeness() -> None:
    report = run()
    assert [(r.id, r.status) for r in report.indicators] == [
        ("1.1", Status.PARTIAL),
        ("1.2", Status.COMPLETE),
        ("1.3", Status.COMPLETE),  # no requirements: nothing to show, complete
        ("2.1", Status.MISSING),
        ("2.2", Status.NOT_APPLICABLE),
    ]
    s = report.summary
    assert (s.indicators, s.complete, s.partial, s.missing, s.not_applicable) == (5, 2, 1, 1, 1)
    # Σ points × met/requirements ÷ Σ points: (4×½ + 2 + 1 + 0) / (4+2+1+3) = 5 / 10
    assert (s.points_total, s.points_complete, s.completeness) == (10, 5, 0.5)
    assert s.files == 6
    na = report.indicators[4]
    assert (na.note, na.requirements, na.folders) == ("本单位无此项职能", [], ["2.2 不适用"])


def test_report_fields_from_the_spec() -> None:
    report = run(spec_path="civarchive.yaml")
    first = report.indicators[0]
    assert (first.category, first.points, first.owner, first.due) == (
        "1",
        4,
        "xcb",
        dt.date(2023, 6, 30),
    )
    assert first.folders == ["一、思想/1.1 理想"]
    assert [(r.kind, r.what, r.min, r.count, r.met) for r in first.requirements] == [
        ("document", "年度学习计划", 1, 1, True),
        ("photo", "学习活动照片", 4, 2, False),
    ]
    assert report.spec.path == "civarchive.yaml"
    assert (report.spec.period_start, report.spec.period_end) == (
        dt.date(2021, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert [c.id for c in report.categories] == ["1", "2"]
    assert [o.id for o in report.owners] == ["xcb", "bgs"]
    assert report.tool.name == "civarchive"


def test_gap_and_overdue_findings() -> None:
    report = run()
    gaps = [(f.code, f.severity, f.indicator, f.message) for f in report.findings if f.path is None]
    assert gaps == [
        (Code.MISSING_EVIDENCE, Severity.WARNING, "1.1", "missing: 学习活动照片 — 2 of 4 photos"),
        (Code.OVERDUE, Severity.ERROR, "2.1", "overdue: 照片 — 0 of 1 photo (due 2022-06-30)"),
    ]


def test_gap_messages_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = run()
    messages = [f.message for f in report.findings if f.path is None]
    assert messages == [
        "缺：学习活动照片 4 张，现有 2 张",
        "已逾期：照片 1 张，现有 0 张（截止 2022-06-30）",
    ]
    per_year = one(req("document", "年度学习计划", per_year=True))
    message = next(f.message for f in run(per_year, []).findings)
    assert message == "缺：年度学习计划 每年 1 份，2021、2022、2023 年各现有 0 份"


def test_strict_makes_gaps_errors() -> None:
    report = run(strict=True)
    gap = next(f for f in report.findings if f.code is Code.MISSING_EVIDENCE)
    assert gap.severity is Severity.ERROR
    assert report.strict
    # Other warnings stay warnings.
    assert (
        next(f for f in report.findings if f.code is Code.UNASSIGNED).severity is Severity.WARNING
    )


def test_not_yet_due_is_missing_evidence_not_overdue() -> None:
    report = run(as_of=dt.date(2022, 6, 30))
    assert [f.code for f in report.findings if f.indicator == "2.1"] == [Code.MISSING_EVIDENCE]


def test_unassigned_findings() -> None:
    report = run()
    assert [(f.code, f.path) for f in report.findings if f.code is Code.UNASSIGNED] == [
        (Code.UNASSIGNED, "杂项.docx")
    ]


def test_unknown_folder_finding() -> None:
    report = run(files=[ev("1.4 其他/a.jpg")])
    unknown = next(f for f in report.findings if f.code is Code.UNKNOWN_FOLDER)
    assert (unknown.path, unknown.message) == (
        "1.4 其他",
        "folder is named like an indicator the spec lacks: 1.4 其他",
    )


def test_files_in_not_applicable_indicators_are_left_alone() -> None:
    report = run()
    assert [f for f in report.findings if f.indicator == "2.2"] == []


def test_findings_sorted_by_path_code_indicator_and_report_deterministic() -> None:
    first, second = run(), run(files=list(reversed(FILES)))
    assert first.model_dump_json() == second.model_dump_json()
    keys = [(f.path or "", f.code.value, f.indicator or "") for f in first.findings]
    assert keys == sorted(keys)


def test_zero_points_everywhere_weighs_indicators_equally() -> None:
    s = spec(category("1", indicator("1.1", req(), points=0), indicator("1.2", req(), points=0)))
    report = run(s, [ev("1.1/a.jpg")])
    assert (report.summary.points_total, report.summary.completeness) == (0, 0.5)


def test_no_applicable_indicators_is_complete() -> None:
    report = run(spec(category("1", indicator("1.1", req(), applicable=False, note="无"))), [])
    assert report.summary.completeness == 1.0


# ---------------------------------------------------------------- waivers


def _waived(report: Report) -> list[tuple[str, str | None, str | None]]:
    return [(f.code.value, f.path, f.reason) for f in report.findings if f.waived]


def test_waiver_by_file_path() -> None:
    s = one(
        req(min_megapixels=3),
        waivers=[
            {"code": "low_resolution", "path": "1.1 x/老照片.jpg", "reason": "翻拍的历史照片"}
        ],
    )
    report = run(s, [ev("1.1 x/老照片.jpg", megapixels=1), ev("1.1 x/新.jpg", megapixels=1)])
    assert _waived(report) == [("low_resolution", "1.1 x/老照片.jpg", "翻拍的历史照片")]
    # The accepted photo counts; the other one does not.
    assert report.indicators[0].requirements[0].files == ["1.1 x/老照片.jpg"]
    assert report.summary.warnings == 1


def test_waiver_by_folder_path_covers_files_under_it() -> None:
    s = one(req(), waivers=[{"code": "unassigned", "path": "旧资料/", "reason": "待整理"}])
    report = run(s, [ev("旧资料/2019/a.jpg"), ev("旧资料2/b.jpg"), ev("1.1/c.jpg")])
    assert _waived(report) == [("unassigned", "旧资料/2019/a.jpg", "待整理")]
    assert report.summary.warnings == 1


def test_waiver_by_indicator_clears_the_exit_code() -> None:
    s = one(
        req(),
        due="2022-01-31",
        waivers=[{"code": "overdue", "indicator": "1.1", "reason": "上级同意延期"}],
    )
    report = run(s, [])
    assert _waived(report) == [("overdue", None, "上级同意延期")]
    assert report.summary.errors == 0
    assert exit_code(report) == 0
    unwaived = run(one(req(), due="2022-01-31"), [])
    assert (unwaived.summary.errors, exit_code(unwaived)) == (1, 1)


def test_waiver_needs_the_same_code() -> None:
    s = one(req(), waivers=[{"code": "duplicate", "path": "x.jpg", "reason": "r"}])
    assert _waived(run(s, [ev("x.jpg")])) == []


# ---------------------------------------------------------------- owner filter


def test_owner_filter_keeps_that_owners_indicators_and_findings() -> None:
    report = run(owner="xcb")
    assert [r.id for r in report.indicators] == ["1.1", "2.1"]
    assert {f.indicator for f in report.findings} == {"1.1", "2.1"}
    assert report.owner_filter == "xcb"
    assert report.summary.files == 3
    assert [c.id for c in report.categories] == ["1", "2"]


def test_unknown_owner_lists_the_known_ids() -> None:
    with pytest.raises(UsageError) as raised:
        run(owner="nobody")
    assert raised.value.message == "unknown owner: nobody"
    assert (
        raised.value.hint
        == "owners in the spec (give the id or the name): xcb (宣传部), bgs (办公室)"
    )


# ---------------------------------------------------------------- exit code and summary


def test_exit_codes() -> None:
    clean = run(one(req()), [ev("1.1/a.jpg")])
    assert exit_code(clean) == 0
    assert exit_code(clean, fail_under=100) == 0
    half = run(
        spec(category("1", indicator("1.1", req()), indicator("1.2", req()))), [ev("1.1/a.jpg")]
    )
    assert exit_code(half) == 0  # only a warning gap
    assert exit_code(half, fail_under=50) == 0
    assert exit_code(half, fail_under=50.1) == 1
    corrupt = Finding.of(Code.CORRUPT, path="1.1/b.jpg", detail="x")
    broken = run(one(req()), [ev("1.1/a.jpg"), ev("1.1/b.jpg", findings=[corrupt])])
    assert exit_code(broken) == 1
    assert exit_code(run(strict=True)) == 1


def test_summary_line() -> None:
    assert summary_line(run()) == (
        "completeness 50.0% (5/10 points), 5 points at risk; "
        "5 indicators: 2 complete, 1 partial, 1 missing, 1 not applicable; 1 error, 2 warnings"
    )


def test_summary_line_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert (
        summary_line(run())
        == "完成度 50.0%（5/10 分），待补 5 分；指标 5 项：完成 2，部分 1，缺失 1，不适用 1；错误 1 个，警告 2 个"
    )


def test_inventory_level_findings_get_their_indicator() -> None:
    link = Finding.of(Code.SYMLINK, path="1.1 x/link.jpg")
    unrelated = Finding.of(Code.SYMLINK, path="elsewhere/link")
    report = check(
        one(req()), inventory(ev("1.1 x/a.jpg"), findings=[link, unrelated]), as_of=AS_OF, git=False
    )
    assert [(f.path, f.indicator) for f in report.findings if f.code is Code.SYMLINK] == [
        ("1.1 x/link.jpg", "1.1"),
        ("elsewhere/link", None),
    ]


def test_waiver_by_indicator_accepts_uncaptioned_photos() -> None:
    s = one(
        req(caption="required", min=2),
        waivers=[{"code": "missing_caption", "indicator": "1.1", "reason": "老照片无说明"}],
    )
    report = run(s, [ev("1.1/a.jpg"), ev("1.1/b.jpg", caption="有说明")])
    assert report.indicators[0].status is Status.COMPLETE
    assert _waived(report) == [("missing_caption", "1.1/a.jpg", "老照片无说明")]
    assert report.summary.warnings == 0


def test_a_malformed_date_cannot_enter_an_inventory() -> None:
    # Dates are parsed once, when scan builds an Evidence; check never sees text.
    with pytest.raises(ValidationError, match="not an evidence date"):
        ev("1.1/a.jpg", date="2022-13")
    with pytest.raises(ValidationError, match="not an evidence date"):
        ev("1.1/a.jpg", date="七月")
    with pytest.raises(ValidationError):
        ev("1.1/a.jpg", date="2022-02-30")
    report = run(one(req()), [ev("1.1/a.jpg", date=None)])
    assert [f.code for f in report.findings] == [Code.UNDATED]
    assert report.indicators[0].status is Status.COMPLETE


def test_unused_message_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    report = run(
        one(req("document", "年度学习计划", match=["计划"])), [ev("1.1/总结.docx", "document")]
    )
    unused = next(f for f in report.findings if f.code is Code.UNUSED)
    assert unused.message == "不符合本指标的任何要求：年度学习计划（文件，名称含“计划”）"


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("1.1 a/志愿服务1 - 副本.jpg", "1.1 a/志愿服务1.jpg"),
        ("1.1 a/(1).jpg", "1.1 a/z.jpg"),
        ("1.1 a/A 照片（1）.jpg", "1.1 a/b 照片.jpg"),
        ("1.1 a/a copy.jpg", "1.1 a/b.jpg"),
        ("1.1 a/0的副本.jpg", "1.1 a/9.jpg"),
    ],
)
def test_copies_lose_to_originals_whatever_the_path_order(copy: str, original: str) -> None:
    assert copy < original  # the copy sorts first: path order alone would pick it
    files = [ev(copy, sha="same"), ev(original, sha="same")]
    report = check(spec(category("1", indicator("1.1", req(min=1)))), inventory(*files), git=False)
    dups = [f for f in report.findings if f.code is Code.DUPLICATE]
    assert [f.path for f in dups] == [copy]
    assert original in dups[0].message


def test_without_copy_names_the_earliest_dated_is_the_original() -> None:
    files = [
        ev("1.1 a/a.jpg", date="2023-01-01", sha="s"),
        ev("1.1 a/b.jpg", date="2022-01-01", sha="s"),
    ]
    report = check(spec(category("1", indicator("1.1", req()))), inventory(*files), git=False)
    assert [f.path for f in report.findings if f.code is Code.DUPLICATE] == ["1.1 a/a.jpg"]


def test_inbox_files_are_to_be_sorted_not_unassigned() -> None:
    files = [ev("待整理/群-2024-05-01/a.jpg"), ev("待整理/群-2024-05-01/b/c.jpg"), ev("x.jpg")]
    report = check(spec(category("1", indicator("1.1", req()))), inventory(*files), git=False)
    found = [(f.code, f.path, f.severity) for f in report.findings if f.path]
    assert (Code.INBOX, "待整理/群-2024-05-01/a.jpg", Severity.WARNING) in found
    assert (Code.INBOX, "待整理/群-2024-05-01/b/c.jpg", Severity.WARNING) in found
    assert (Code.UNASSIGNED, "x.jpg", Severity.WARNING) in found
    assert not [p for c, p, _ in found if c is Code.UNASSIGNED and p.startswith("待整理")]


def test_owner_filter_by_name() -> None:
    by_name = run(owner="办公室")
    assert by_name.owner_filter == "bgs"
    assert by_name == run(owner="bgs")


def test_an_encrypted_document_counts_toward_nothing(tmp_path: Path) -> None:
    # A real password-protected PDF beside a readable one, through scan and check (design §4).
    from civarchive.scan import scan
    from tests.factories import make_pdf

    folder = tmp_path / "1.1 理想"
    make_pdf(folder / "2022年度学习计划（加密）.pdf", user_password="secret")
    s = one(req("document", "年度学习计划", min=2, match=["计划"]))
    scanned = scan(tmp_path, use_cache=False, jobs=1, progress=False)
    report = check(s, scanned, as_of=AS_OF, git=False)
    (requirement,) = report.indicators[0].requirements
    assert (requirement.count, requirement.files, requirement.met) == (0, [], False)
    assert [(f.code, f.severity, f.path, f.indicator) for f in report.findings] == [
        (Code.MISSING_EVIDENCE, Severity.WARNING, None, "1.1"),
        (
            Code.ENCRYPTED,
            Severity.WARNING,
            "1.1 理想/2022年度学习计划（加密）.pdf",
            "1.1",
        ),
    ]
    make_pdf(folder / "2023年度学习计划.pdf")
    scanned = scan(tmp_path, use_cache=False, jobs=1, progress=False)
    report = check(s, scanned, as_of=AS_OF, git=False)
    assert report.indicators[0].requirements[0].files == ["1.1 理想/2023年度学习计划.pdf"]
