"""Evidence dates: file names, caption cells, EXIF strings, PDF and ISO timestamps, precedence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from civarchive.scan.dates import (
    EvidenceDate,
    date_from_caption,
    date_from_exif,
    date_from_name,
    date_from_pdf,
    date_from_timestamp,
)
from tests.factories import make_caption_csv, make_docx, make_jpeg, make_mp4, make_pdf
from tests.scan.conftest import by_name, day, scan_nocache


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20220714 道德讲堂.jpg", "2022-07-14"),
        ("道德讲堂2022-07-14.jpg", "2022-07-14"),
        ("2022.7.14 志愿服务.docx", "2022-07-14"),
        ("2022年7月14日会议纪要.pdf", "2022-07-14"),
        ("2022_07_14.png", "2022-07-14"),
        ("IMG_20220714_101010.jpg", "2022-07-14"),
        ("IMG20220714101010.jpg", "2022-07-14"),
        ("VID_20230102_080000.mp4", "2023-01-02"),
        ("２０２２年７月１４日.jpg", "2022-07-14"),
        ("2022年度工作总结.docx", "2022"),
        ("2022年学习计划.docx", "2022"),
        ("学习计划 2021.docx", "2021"),
        ("总结2023.pdf", "2023"),
        ("20221340 编号.pdf", None),  # month 13: not a date
        ("12345678.jpg", None),  # year 1234 is out of range
        ("文件202207141.pdf", None),  # inside a longer digit run
        ("IMG_2022.jpg", None),  # a camera counter, not a year
        ("DSC02022.jpg", None),
        ("2022-02-30.jpg", "2022"),  # no 30 February: the year still stands alone
        ("会议纪要.docx", None),
    ],
)
def test_date_from_name(name: str, expected: str | None) -> None:
    assert date_from_name(name) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-07-14", "2022-07-14"),
        ("2022.7.14", "2022-07-14"),
        ("2022年7月14日", "2022-07-14"),
        ("2022/7/14", "2022-07-14"),
        ("2023/9/2", "2023-09-02"),
        ("2023.9.2", "2023-09-02"),
        ("2023年9月2号", "2023-09-02"),
        ("２０２２／７／１４", "2022-07-14"),
        ("20220714", "2022-07-14"),
        (20220714, "2022-07-14"),
        ("2022-07-14 10:30", "2022-07-14"),
        ("2022年7月", "2022"),
        ("2022", "2022"),
        ("2022年", "2022"),
        (dt.datetime(2022, 7, 14, 10, 0), "2022-07-14"),
        (dt.date(2021, 1, 5), "2021-01-05"),
        ("去年夏天", None),
        ("", None),
        (None, None),
        ("2022-13-01", None),
        ("2022-07/14", None),  # two separators: not the date grammar
        ("1989-07-14", None),  # before the years evidence is accepted from
    ],
)
def test_date_from_caption(cell: object, expected: str | None) -> None:
    assert date_from_caption(cell) == expected


def test_exif_dates_tolerate_nuls_and_junk() -> None:
    assert date_from_exif("2018:04:27 13:17:26\x00") == "2018-04-27"
    assert date_from_exif(b"2015:06:11 10:29:26") == "2015-06-11"
    assert date_from_exif("0000:00:00 00:00:00") is None
    assert date_from_exif("    :  :     :  :  ") is None
    assert date_from_exif(12) is None


def test_timestamps_are_converted_to_china_time() -> None:
    assert date_from_timestamp("2015-05-07T18:28:39.000000Z") == "2015-05-08"
    assert date_from_timestamp("2015-01-19T12:45:11-0800") == "2015-01-20"
    assert date_from_timestamp("2014-06-18T10:48:00Z") == "2014-06-18"
    assert date_from_timestamp("2021-6-4") == "2021-06-04"
    assert date_from_timestamp("junk") is None
    assert date_from_pdf("D:20230317231147+08'00'") == "2023-03-17"
    assert date_from_pdf("D:20220403203552+02'00'") == "2022-04-04"
    assert date_from_pdf("D:2022") == "2022-01-01"
    assert date_from_pdf("garbage") is None


def test_precedence_caption_exif_name_media_document(archive: Path) -> None:
    # Caption beats EXIF.
    make_jpeg(archive / "a/20210101.jpg", taken=dt.datetime(2022, 5, 5))
    make_caption_csv(
        archive / "a/captions.csv", [["20210101.jpg", "题名", "2023-03-03", "", "", "", ""]]
    )
    # EXIF beats the file name.
    make_jpeg(archive / "b/20210101.jpg", taken=dt.datetime(2022, 5, 5))
    # The file name beats media creation time.
    make_mp4(archive / "c/2021年7月1日.mp4", seconds=1, created=dt.datetime(2022, 5, 5))
    # Media creation time when nothing else.
    make_mp4(archive / "d/clip.mp4", seconds=1, created=dt.datetime(2022, 5, 5, 1))
    # Document creation date last; a bare year in the name beats it.
    make_docx(archive / "e/计划.docx", created=dt.datetime(2022, 5, 5, 1, tzinfo=dt.UTC))
    make_pdf(archive / "e/2021年度总结.pdf", created=dt.datetime(2022, 5, 5))
    # File system times are never evidence dates.
    (archive / "f/说明文字.txt").parent.mkdir(parents=True)
    (archive / "f/说明文字.txt").write_text("无日期", encoding="utf-8")
    files = by_name(scan_nocache(archive))
    got = {p: (day(e), e.date_source.value if e.date_source else None) for p, e in files.items()}
    assert got == {
        "a/20210101.jpg": ("2023-03-03", "caption"),
        "b/20210101.jpg": ("2022-05-05", "exif"),
        "c/2021年7月1日.mp4": ("2021-07-01", "filename"),
        "d/clip.mp4": ("2022-05-05", "media"),
        "e/计划.docx": ("2022-05-05", "document"),
        "e/2021年度总结.pdf": ("2021", "filename"),
        "f/说明文字.txt": (None, None),
    }


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2023-07-14", "day", dt.date(2023, 7, 14), dt.date(2023, 7, 14)),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-12", "month", dt.date(2023, 12, 1), dt.date(2023, 12, 31)),
        ("2022", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    ],
)
def test_evidence_date_keeps_its_precision(
    text: str, precision: str, first: dt.date, last: dt.date
) -> None:
    date = EvidenceDate.parse(text)
    assert (date.precision, date.first_day, date.last_day, str(date)) == (
        precision,
        first,
        last,
        text,
    )


def test_evidence_date_overlaps_a_window_as_far_as_it_is_known() -> None:
    window = (dt.date(2022, 3, 1), dt.date(2022, 12, 31))
    assert EvidenceDate(2022, 3, 1).overlaps(*window)
    assert not EvidenceDate(2022, 2, 28).overlaps(*window)
    assert EvidenceDate(2022, 2).overlaps(dt.date(2022, 2, 28), dt.date(2022, 3, 5))
    assert not EvidenceDate(2022, 2).overlaps(*window)
    assert EvidenceDate(2022).overlaps(*window)  # a bare year counts toward a window it meets
    assert not EvidenceDate(2023).overlaps(*window)


@pytest.mark.parametrize("text", ["", "2023-7", "23-07-14", "2023-02-30", "2023-13", "七月"])
def test_evidence_date_refuses_what_scan_never_writes(text: str) -> None:
    with pytest.raises(ValueError, match="not an"):
        EvidenceDate.parse(text)
