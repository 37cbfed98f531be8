"""题名, 文号 and 责任者 of a 件 (design §6), each with where it came from."""

from __future__ import annotations

import pytest

from civarchive.bind.describe import Description, ResponsibleSource, TitleSource, describe
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence

UNIT = "X市人大常委会机关"


def _ev(
    name: str,
    kind: Kind = Kind.DOCUMENT,
    *,
    title: str | None = None,
    author: str | None = None,
    caption: Caption | None = None,
) -> Evidence:
    return Evidence(
        path=f"1.1 学习/{name}",
        kind=kind,
        size=1,
        mtime_ns=0,
        title=title,
        author=author,
        caption=caption,
    )


def _sheet(**fields: str) -> Caption:
    return Caption(sheet="1.1 学习/说明.xlsx", **fields)


@pytest.mark.parametrize(
    ("name", "title", "expected", "source"),
    [
        # Real cases (issue 10): the clerk's name wins over leftover properties.
        (
            "馆务会议纪要（研究文明创建）.pdf",
            "°ú DOCX ⁄c (2).docx",
            "馆务会议纪要（研究文明创建）",
            TitleSource.NAME,
        ),
        (
            "文明单位创建管理制度.doc",
            "This is a simple file created with Word 97-SR2",
            "文明单位创建管理制度",
            TitleSource.NAME,
        ),
        ("2022年学习计划.pdf", "2022年度理论学习计划（定稿）", "2022年学习计划", TitleSource.NAME),
        ("20230512-01_党课讲稿 - 副本.docx", None, "党课讲稿", TitleSource.NAME),
        # A machine-made name: a plausible metadata title is used …
        (
            "扫描全能王 2023-05-12 10.23.pdf",
            "关于开展学雷锋活动的通知",
            "关于开展学雷锋活动的通知",
            TitleSource.METADATA,
        ),
        ("新建 Microsoft Word 文档.docx", "2023年工作总结", "2023年工作总结", TitleSource.METADATA),
        # … a junk one is not: the name stays, as poor as it is.
        (
            "新建 DOCX 文档 (2).docx",
            "Microsoft Word - 新建 DOCX 文档 (2).docx",
            "新建 DOCX 文档",
            TitleSource.NAME,
        ),
        ("Doc1.docx", "Title", "Doc1", TitleSource.NAME),
    ],
)
def test_title(name: str, title: str | None, expected: str, source: TitleSource) -> None:
    described = describe(_ev(name, title=title), owner_name="宣传部", unit=UNIT)
    assert (described.title, described.title_source) == (expected, source)


def test_caption_sheet_wins_and_exif_title_is_metadata() -> None:
    captioned = _ev("IMG_0001.jpg", Kind.PHOTO, caption=_sheet(title="植树节活动"))
    assert describe(captioned, owner_name=None, unit=UNIT).title_source is TitleSource.CAPTION
    # scan turns an EXIF XPTitle into a caption without a sheet: metadata, after the name.
    exif = Caption(title="Squirrel at berkely")
    meaningful = _ev("学雷锋活动.jpg", Kind.PHOTO, caption=exif)
    machine = _ev("IMG_5910.jpg", Kind.PHOTO, caption=exif)
    assert describe(meaningful, owner_name=None, unit=UNIT).title == "学雷锋活动"
    assert describe(machine, owner_name=None, unit=UNIT) == Description(
        "Squirrel at berkely", TitleSource.METADATA, "", UNIT, ResponsibleSource.UNIT
    )


def test_doc_number_moves_out_of_the_title() -> None:
    described = describe(
        _ev("关于印发学习计划的通知（市委发〔2023〕12号）.docx"), owner_name=None, unit=UNIT
    )
    assert (described.title, described.doc_number) == (
        "关于印发学习计划的通知",
        "市委发〔2023〕12号",
    )
    # The sheet's 文号 column wins; the 题名 still does not repeat one.
    sheet = _sheet(title="2023年学习计划 市委发〔2023〕12号", doc_number="市委发〔2023〕12号")
    from_sheet = describe(_ev("a.docx", caption=sheet), owner_name=None, unit=UNIT)
    assert (from_sheet.title, from_sheet.doc_number) == ("2023年学习计划", "市委发〔2023〕12号")
    # A plausible title property may still give the 文号 of a document named by hand.
    by_title = describe(
        _ev("学习计划.pdf", title="人大办〔2022〕5号 学习计划"), owner_name=None, unit=UNIT
    )
    assert (by_title.title, by_title.doc_number) == ("学习计划", "人大办〔2022〕5号")


@pytest.mark.parametrize(
    ("caption", "owner", "expected", "source"),
    [
        (_sheet(responsible="办公室"), "宣传部", "办公室", ResponsibleSource.CAPTION),
        (None, "宣传部", "宣传部", ResponsibleSource.OWNER),
        (None, None, UNIT, ResponsibleSource.UNIT),
        # A caption sheet without a 责任者 column does not stop the rule.
        (_sheet(title="学习"), "宣传部", "宣传部", ResponsibleSource.OWNER),
    ],
)
def test_responsible_is_never_the_office_author(
    caption: Caption | None, owner: str | None, expected: str, source: ResponsibleSource
) -> None:
    ev = _ev("学习计划.docx", author="luo", caption=caption)
    described = describe(ev, owner_name=owner, unit=UNIT)
    assert (described.responsible, described.responsible_source) == (expected, source)
