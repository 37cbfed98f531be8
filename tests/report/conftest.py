"""Reports built in code for the renderer tests: a realistic one and a tiny one."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.check.models import (
    CategoryInfo,
    IndicatorResult,
    OwnerInfo,
    Report,
    RequirementResult,
    SpecInfo,
    Status,
    Summary,
    ToolInfo,
)
from civarchive.findings import Code, Finding, Severity


def _req(
    kind: str, what: str, minimum: int, count: int, *, per_year: bool = False, **extra: object
) -> RequirementResult:
    return RequirementResult(
        kind=kind,
        what=what,
        min=minimum,
        count=count,
        per_year=per_year,
        met=extra.pop("met", count >= minimum),  # type: ignore[arg-type]
        files=[f"证据/{what}{i}.jpg" for i in range(count)],
        **extra,  # type: ignore[arg-type]
    )


def build_report() -> Report:
    """3 categories, every status, per-year gaps, overdue, waived and unassigned findings."""
    indicators = [
        IndicatorResult(
            id="1.1",
            title="理想信念教育",
            category="1",
            status=Status.PARTIAL,
            points=4,
            owner="xcb",
            due=dt.date(2023, 6, 30),
            folders=["一、思想道德建设/1.1 理想信念教育"],
            requirements=[
                _req(
                    "document",
                    "年度学习计划",
                    1,
                    2,
                    per_year=True,
                    met=False,
                    years={"2021": 1, "2022": 1, "2023": 0},
                    missing_years=[2023],
                ),
                _req("photo", "学习活动照片", 4, 2),
            ],
        ),
        IndicatorResult(
            id="1.2",
            title="道德讲堂",
            category="1",
            status=Status.COMPLETE,
            points=3,
            owner="xcb",
            folders=["一、思想道德建设/1.2 道德讲堂"],
            requirements=[_req("photo", "讲堂照片", 2, 3)],
        ),
        IndicatorResult(
            id="2.1",
            title="领导班子建设",
            category="2",
            status=Status.MISSING,
            points=2.5,
            owner="bgs",
            due=dt.date(2023, 3, 31),
            requirements=[_req("document", "班子会议纪要", 4, 0)],
        ),
        IndicatorResult(
            id="2.2",
            title="依法办事",
            category="2",
            status=Status.NOT_APPLICABLE,
            points=2,
            owner="bgs",
            note="本单位无行政执法职能",
            requirements=[_req("document", "执法公示", 1, 0)],
        ),
        IndicatorResult(
            id="3.1",
            title="志愿服务",
            category="3",
            status=Status.COMPLETE,
            points=5,
            requirements=[_req("video", "志愿服务视频", 1, 1)],
        ),
    ]
    findings = [
        Finding(
            code=Code.OVERDUE,
            severity=Severity.ERROR,
            indicator="2.1",
            message="overdue: 班子会议纪要 4 needed, 0 found",
        ),
        Finding(
            code=Code.MISSING_EVIDENCE,
            severity=Severity.WARNING,
            indicator="1.1",
            message="missing: 学习活动照片 4 needed, 2 found",
        ),
        Finding(
            code=Code.CORRUPT,
            severity=Severity.ERROR,
            path="一、思想道德建设/1.1 理想信念教育/坏|照片.jpg",
            indicator="1.1",
            message="file is corrupt and cannot be opened: truncated JPEG",
        ),
        Finding(
            code=Code.LOW_RESOLUTION,
            severity=Severity.WARNING,
            path="一、思想道德建设/1.2 道德讲堂/老照片.jpg",
            indicator="1.2",
            message="resolution too low: 0.3 MP < 3 MP",
            waived=True,
            reason="2021年翻拍的历史照片",
        ),
        Finding(
            code=Code.UNASSIGNED,
            severity=Severity.WARNING,
            path="杂项/会议记录.docx",
            message="not under any indicator folder",
        ),
        Finding(
            code=Code.UNKNOWN_FOLDER,
            severity=Severity.WARNING,
            path="1.3 其他",
            message="folder is named like an indicator the spec lacks: 1.3",
        ),
        Finding(
            code=Code.UNSUPPORTED_TYPE,
            severity=Severity.INFO,
            path="杂项/readme.xyz",
            message="not a recognised evidence type: unknown",
        ),
    ]
    return Report(
        tool=ToolInfo(version="0.1.0"),
        spec=SpecInfo(
            title="第七届全国文明单位创建资料",
            unit="X市人大常委会机关",
            path="civarchive.yaml",
            period_start=dt.date(2021, 1, 1),
            period_end=dt.date(2023, 12, 31),
        ),
        as_of=dt.date(2023, 7, 1),
        summary=Summary(
            indicators=5,
            complete=2,
            partial=1,
            missing=1,
            not_applicable=1,
            points_total=14.5,
            points_complete=10,
            completeness=0.69,
            files=12,
            errors=2,
            warnings=3,
        ),
        categories=[
            CategoryInfo(id="1", title="思想道德建设"),
            CategoryInfo(id="2", title="领导班子建设和组织建设"),
            CategoryInfo(id="3", title="志愿服务"),
        ],
        owners=[
            OwnerInfo(id="xcb", name="宣传部", contact="张三"),
            OwnerInfo(id="bgs", name="办公室"),
        ],
        indicators=indicators,
        findings=findings,
    )


def build_tiny_report() -> Report:
    """One category, two indicators, one finding: small enough to compare whole text."""
    return Report(
        tool=ToolInfo(version="0.1.0"),
        spec=SpecInfo(title="Demo", unit="Unit"),
        as_of=dt.date(2023, 7, 1),
        summary=Summary(
            indicators=2,
            complete=1,
            partial=0,
            missing=1,
            not_applicable=0,
            points_total=3,
            points_complete=1,
            completeness=1 / 3,
            files=1,
            errors=0,
            warnings=1,
        ),
        categories=[CategoryInfo(id="1", title="Ethics")],
        owners=[OwnerInfo(id="o", name="Office")],
        indicators=[
            IndicatorResult(
                id="1.1",
                title="Study",
                category="1",
                status=Status.COMPLETE,
                points=1,
                owner="o",
                requirements=[_req("document", "plan", 1, 1)],
            ),
            IndicatorResult(
                id="1.2",
                title="Photos",
                category="1",
                status=Status.MISSING,
                points=2,
                due=dt.date(2023, 12, 31),
                requirements=[_req("photo", "event photos", 4, 0)],
            ),
        ],
        findings=[
            Finding(
                code=Code.MISSING_EVIDENCE,
                severity=Severity.WARNING,
                indicator="1.2",
                message="missing: event photos 4 needed, 0 found",
            )
        ],
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def tiny_report() -> Report:
    return build_tiny_report()
