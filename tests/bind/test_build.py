"""Volume models: archive codes, 文号, dates, file names, gaps, grouping into volumes."""

from __future__ import annotations

import datetime as dt

import pytest

from civarchive.bind.build import build_volumes, catalog_date, safe_file_stem
from civarchive.bind.describe import ResponsibleSource, TitleSource
from civarchive.bind.numbering import (
    CodeFields,
    code_key,
    format_code,
    parse_doc_number,
    split_doc_number,
)
from civarchive.errors import SpecError
from civarchive.kinds import Kind
from civarchive.scan.dates import EvidenceDate
from civarchive.spec.template_fields import ARCHIVE_CODE
from tests.bind.conftest import Bundle, with_exceptions

DAY = dt.date(2023, 7, 1)


def test_default_code_template_numbers_items_per_volume(bundle: Bundle) -> None:
    volumes = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)
    assert [v.file_stem for v in volumes] == ["1 思想道德建设", "2 精神文明建设"]
    first = volumes[0]
    assert [i.code for i in first.items] == [f"J012-1-{n:04d}" for n in range(1, 9)]
    assert [i.number for i in first.items] == list(range(1, 9))
    assert first.code_range == "J012-1-0001 — J012-1-0008"
    assert volumes[1].items == ()
    assert volumes[1].code_range == ""


def test_da_t_22_code_form(bundle: Bundle) -> None:
    spec = bundle.spec.model_copy(
        update={"archive_code": "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}"}
    )
    volume = build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    assert volume.items[0].code == "J012-WS·2023-Y-xcb-0001"
    # The audio file of 1.2 (no owner) has an empty {org}: its separator goes with it, and
    # 件号 counts within its own group (the second item without an owner), not the volume.
    assert volume.items[-1].code == "J012-WS·2023-Y-0002"
    codes = [item.code for item in volume.items]
    assert len(codes) == len(set(codes))


def test_an_undated_item_gets_no_invented_year(bundle: Bundle) -> None:
    # Issue 10: J045-WS·2024-… with an empty 日期. Design §6: no year part until dated.
    bundle = with_exceptions(bundle)  # the recording is undated there
    spec = bundle.spec.model_copy(
        update={"archive_code": "{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}"}
    )
    volume = build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    recording = next(i for i in volume.items if i.path.endswith(".wav"))
    assert recording.date == ""
    assert recording.code_parts is not None
    assert recording.code_parts.year is None
    assert recording.code == "J012-WS·Y-0001"
    assert "2023" not in recording.code
    dated = [i for i in volume.items if i.date]
    assert all(f"WS·{i.date[:4]}-" in i.code for i in dated)
    # 件号 within (全宗, 年度, 保管期限, 机构): 2022 and 2023 of 宣传部 count apart.
    parts = [i.code_parts for i in volume.items if i.code_parts and i.code_parts.org == "xcb"]
    assert [(p.year, p.item) for p in parts] == [(2023, 1), (2022, 1)] + [
        (2023, n) for n in range(2, 6)
    ]


@pytest.mark.parametrize("template", ["{fonds}-{year:04d}-{item:04d}", "{year}{item:03d}"])
def test_year_format_specs_of_an_undated_item_are_empty(template: str) -> None:
    fields = CodeFields("J012", "1", "1.1", 7, None, "永久", "")
    assert "None" not in format_code(template, fields)
    assert format_code(template, fields) in ("J012-0007", "007")


def test_codes_without_fonds_have_no_leading_dash(bundle: Bundle) -> None:
    spec = bundle.spec.model_copy(update={"fonds": None})
    volume = build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)[0]
    assert volume.items[0].code == "1-0001"


def test_per_all_makes_one_volume_with_running_numbers(bundle: Bundle) -> None:
    volumes = build_volumes(bundle.spec, bundle.inventory, bundle.report, per="all", bind_date=DAY)
    assert len(volumes) == 1
    assert volumes[0].file_stem == "第七届全国文明单位创建资料"
    assert [c.id for c in volumes[0].categories] == ["1", "2"]
    assert len(volumes[0].items) == 8


def test_a_bad_template_changed_in_memory_is_a_spec_error(bundle: Bundle) -> None:
    spec = bundle.spec.model_copy(update={"archive_code": "{fonds.__class__}-{item}"})
    with pytest.raises(SpecError) as caught:
        build_volumes(spec, bundle.inventory, bundle.report, bind_date=DAY)
    assert "{fonds.__class__}" in caught.value.message
    assert "{item}" in (caught.value.hint or "")


def test_code_fields_are_the_fields_the_spec_allows() -> None:
    fields = CodeFields("J012", "1", "1.1", 1, 2023, "永久", "bgs")
    assert tuple(fields.as_dict()) == ARCHIVE_CODE.fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市委发〔2023〕12号 关于开展学习的通知", "市委发〔2023〕12号"),
        ("关于印发的通知（[2023]12号）", "〔2023〕12号"),
        ("办(2022)3号", "办〔2022〕3号"),
        ("人大办［2021］第05号", "人大办〔2021〕5号"),
        ("关于印发市委发【2023】7号文件的通知", "市委发〔2023〕7号"),
        ("2023年度工作计划", ""),
        ("照片(2023)", ""),
    ],
)
def test_doc_number(text: str, expected: str) -> None:
    assert parse_doc_number(text) == expected


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("2023年学习计划 市委发〔2023〕12号", "市委发〔2023〕12号", "2023年学习计划"),
        ("关于印发的通知（[2023]12号）", "〔2023〕12号", "关于印发的通知"),
        ("市委发〔2023〕12号", "市委发〔2023〕12号", ""),
        ("学习计划", "", "学习计划"),
    ],
)
def test_split_doc_number(text: str, number: str, rest: str) -> None:
    assert split_doc_number(text) == (number, rest)


def test_archive_codes_sort_in_natural_order() -> None:
    codes = ["J012-1-10", "J012-1-9", "J012-2-1", "J012-1-100"]
    assert sorted(codes, key=code_key) == ["J012-1-9", "J012-1-10", "J012-1-100", "J012-2-1"]


def test_document_item_fields(bundle: Bundle) -> None:
    items = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[0].items
    plan, pdf, photo = items[0], items[1], items[2]
    assert plan.doc_number == "市委发〔2023〕12号"
    # Design §6: the owning department, never the document's Author property (办公室 here).
    assert (plan.responsible, plan.responsible_source) == ("宣传部", ResponsibleSource.OWNER)
    # The file name, without the 文号 (it has its own column).
    assert (plan.title, plan.title_source) == ("2023年学习计划", TitleSource.NAME)
    assert plan.date == "20230105"
    # A meaningful name wins over the title property (2022年学习计划).
    assert (pdf.title, pdf.title_source) == ("学习计划（2022）", TitleSource.NAME)
    assert pdf.date == "20220000"
    assert pdf.pages == 3
    assert photo.kind == Kind.PHOTO
    assert (photo.title, photo.title_source) == ("学习活动1", TitleSource.CAPTION)
    assert photo.responsible == "宣传部"
    assert photo.photographer == "李四"  # 摄影者 is its own field
    assert photo.photo_number == ""  # the sheet gives none; the 档号 is not one
    assert photo.retention == "永久"
    assert photo.code_parts is not None
    parts = photo.code_parts
    assert (parts.fonds, parts.year, parts.org, parts.item) == ("J012", 2023, "xcb", 3)
    assert photo.indicator_title == "1.1 理想信念教育"
    assert photo.secrecy == ""


def test_sections_carry_status_gaps_and_notes(bundle: Bundle) -> None:
    volumes = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)
    sections = {s.indicator_id: s for s in volumes[0].sections + volumes[1].sections}
    assert sections["1.1"].heading == "1.1 理想信念教育（4分）"
    assert sections["1.1"].owner == "宣传部"
    assert sections["1.3"].status == "不适用"
    assert sections["1.3"].note == "本单位无此项职能"
    assert sections["2.1"].gaps == ("缺：志愿服务照片 2 张，现有 0 张",)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (EvidenceDate(2023, 7, 14), "20230714"),
        (EvidenceDate(2023), "20230000"),
        (EvidenceDate(2021, 7), "20210700"),
        (EvidenceDate(2021, 7, 5), "20210705"),
        (None, ""),
    ],
)
def test_catalog_date(date: EvidenceDate | None, expected: str) -> None:
    assert catalog_date(date) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("1 思想道德建设", "1 思想道德建设"),
        ('3 a/b:c*d?"e"<f>|g', "3 a_b_c_d__e__f__g"),
        ("CON", "_CON"),
        ("报告. ", "报告"),
        ("", "_"),
    ],
)
def test_safe_file_stem(name: str, expected: str) -> None:
    assert safe_file_stem(name) == expected


def test_per_year_requirement_is_marked(bundle: Bundle) -> None:
    indicators = list(bundle.report.indicators)
    first = indicators[0]
    per_year = first.requirements[0].model_copy(
        update={"per_year": True, "met": False, "missing_years": [2021], "years": {"2021": 0}}
    )
    indicators[0] = first.model_copy(update={"requirements": [per_year, first.requirements[1]]})
    report = bundle.report.model_copy(update={"indicators": indicators})
    block = (
        build_volumes(bundle.spec, bundle.inventory, report, bind_date=DAY)[0]
        .sections[0]
        .requirements[0]
    )
    assert block.per_year is True
    assert block.gap == "缺：年度学习计划 每年 1 份，2021 年现有 0 份"


def test_items_keep_their_code_parts_and_waived_gaps_their_reason(bundle: Bundle) -> None:
    from civarchive.findings import Code, Finding

    waived = Finding.of(Code.MISSING_EVIDENCE, indicator="2.1", detail="志愿服务照片").model_copy(
        update={"waived": True, "reason": "2023年暂停志愿服务"}
    )
    report = bundle.report.model_copy(update={"findings": [waived]})
    first, second = build_volumes(bundle.spec, bundle.inventory, report, bind_date=DAY)
    parts = first.items[0].code_parts
    assert parts is not None
    assert (parts.fonds, parts.category, parts.item, parts.retention, parts.org) == (
        "J012",
        "1",
        1,
        "永久",
        "xcb",
    )
    assert [b.waiver for b in second.sections[0].requirements] == ["2023年暂停志愿服务"]
    assert all(b.waiver is None for s in first.sections for b in s.requirements)
