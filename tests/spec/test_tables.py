"""Tables are read from real .xlsx and .docx files, merged cells filled in; bad files give clear errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.spec import tables
from civarchive.spec.tables import Cell, clean_text, read_tables
from tests.factories import make_docx, make_jpeg, make_table_docx, make_table_xlsx


def _texts(grid: tables.Grid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


def test_xlsx_merged_cells_repeat_their_text_and_share_an_origin(tmp_path: Path) -> None:
    path = make_table_xlsx(
        tmp_path / "细则.xlsx",
        [
            ["测评项目", "测评内容", None, "分值"],
            [None, "指标", "标准", None],
            ["组织领导", "领导体制", "有领导小组", 3],
            [None, "工作机制", "有考核制度", 2.5],
            [None, None, None, None],
        ],
        merges=["A1:A2", "B1:C1", "D1:D2", "A3:A4"],
    )
    read = read_tables(path)
    assert read.kind == "xlsx"
    [grid] = read.grids
    assert grid.sheet == "测评细则"
    assert grid.number is None
    assert _texts(grid) == [
        ["测评项目", "测评内容", "测评内容", "分值"],
        ["测评项目", "指标", "标准", "分值"],
        ["组织领导", "领导体制", "有领导小组", "3"],
        ["组织领导", "工作机制", "有考核制度", "2.5"],
    ]  # the trailing blank row is dropped
    assert grid.rows[1][0] == Cell("测评项目", (0, 0))
    assert grid.rows[0][2].origin == (0, 1)
    assert grid.rows[3][0].origin == (2, 0)
    assert grid.rows[3][1].origin == (3, 1)
    assert grid.line_numbers == (1, 2, 3, 4)


def test_xlsx_dates_and_hidden_or_empty_sheets(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    path = tmp_path / "细则.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["完成时限", dt.datetime(2023, 6, 30), True])
    wb.create_sheet("空表")
    hidden = wb.create_sheet("隐藏")
    hidden.append(["测评项目"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    [grid] = read_tables(path).grids
    assert _texts(grid) == [["完成时限", "2023-06-30", "是"]]


def test_docx_tables_with_vertical_and_horizontal_merges(tmp_path: Path) -> None:
    path = make_table_docx(
        tmp_path / "细则.docx",
        "附件1",
        "第七届全国文明单位测评体系",
        "一、组织领导",
        (
            [
                ["测评内容", "测评方法", "分值"],
                ["领导体制", "查阅资料", "3"],
                ["工作机制", None, None],
                ["注：分值由各省确定", None, None],
            ],
            [(1, 1, 2, 1), (1, 2, 2, 2), (3, 0, 3, 2)],
        ),
        "二、思想道德建设",
        ([["测评内容", "分值"], ["理想信念", "4"]], []),
    )
    read = read_tables(path)
    assert read.kind == "docx"
    first, second = read.grids
    assert first.before == ("附件1", "第七届全国文明单位测评体系", "一、组织领导")
    assert second.before == ("二、思想道德建设",)
    assert (first.number, second.number) == (1, 2)
    assert _texts(first) == [
        ["测评内容", "测评方法", "分值"],
        ["领导体制", "查阅资料", "3"],
        ["工作机制", "查阅资料", "3"],
        ["注：分值由各省确定"] * 3,
    ]
    assert first.rows[2][1].origin == (1, 1)
    assert {cell.origin for cell in first.rows[3]} == {(3, 0)}


@pytest.mark.slow
def test_docx_vertical_merge_over_many_rows_is_read_in_one_pass(tmp_path: Path) -> None:
    # python-docx's own cell access recurses once per merged row: 1,500 rows exceed the stack
    # (and its merge() too, so the w:vMerge marks are set on the XML directly here).
    import docx

    path = tmp_path / "长表.docx"
    document = docx.Document()
    table = document.add_table(rows=1500, cols=2)
    for r, row in enumerate(table.rows):
        first, second = row.cells
        first.text = "测评项目" if r == 0 else ("组织领导" if r == 1 else "")
        second.text = "测评内容" if r == 0 else f"第{r}条"
    for r, tr in enumerate(table._tbl.tr_lst[1:], start=1):
        tr.tc_lst[0].vMerge = "restart" if r == 1 else "continue"
    document.save(path)
    [grid] = read_tables(path).grids
    assert len(grid.rows) == 1500
    assert grid.rows[1499][0] == Cell("组织领导", (1, 0))
    assert grid.rows[1499][1] == Cell("第1499条", (1499, 1))


def test_clean_text() -> None:
    assert clean_text("  测评\r\n  内容\u3000\x07 \n\n") == "测评\n内容"
    assert clean_text("a\u2028b\u00a0\u00a0c\ufeff") == "a\nb c"
    assert clean_text("\u202e办公室\u200f\x9b\x85宣传部\u2066") == "办公室\n宣传部"


# ---------------------------------------------------------------- bad files


def _refused(path: Path) -> UsageError:
    with pytest.raises(UsageError) as raised:
        read_tables(path)
    return raised.value


def test_missing_empty_and_folder(tmp_path: Path) -> None:
    assert _refused(tmp_path / "无.xlsx").message == f"file not found: {tmp_path / '无.xlsx'}"
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    assert _refused(empty).message == f"{empty} is empty"
    assert "is a folder" in _refused(tmp_path).message


def test_not_a_workbook(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "细则.xlsx")
    error = _refused(photo)
    assert error.message.endswith(
        "is neither an Excel workbook (.xlsx) nor a Word document (.docx)"
    )
    assert error.hint is not None
    assert "save as .xlsx" in error.hint


def test_a_zip_that_is_not_office(tmp_path: Path) -> None:
    path = tmp_path / "细则.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is a zip archive but not" in _refused(path).message


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "细则.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-a-workbook")
    error = _refused(path)
    assert "the file is damaged or not what it claims" in error.message


def test_expanding_zip_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_UNZIPPED_BYTES", 10_000)
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 20_000)
    assert "expands to too much data" in _refused(path).message


@pytest.mark.slow
def test_a_sheet_of_five_thousand_rows_is_refused(tmp_path: Path) -> None:
    rows = [["测评项目", "测评内容", "分值"]] + [["项目", f"内容{n}", 1] for n in range(5000)]
    path = make_table_xlsx(tmp_path / "大表.xlsx", rows)
    error = _refused(path)
    assert error.message == "worksheet '测评细则' has 2001 rows or more, over the limit of 2000"
    assert error.hint is not None
    assert "right file" in error.hint


def test_a_word_table_of_too_many_rows_is_refused(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "大表.docx"
    document = docx.Document()
    document.add_table(rows=tables.MAX_ROWS + 1, cols=1)
    document.save(path)
    assert _refused(path).message.startswith("table 1 has 2001 rows or more")


def test_real_office_files(real_corpus: Path, tmp_path: Path) -> None:
    old = _refused(real_corpus / "doc-word97.doc")
    assert "old Office file" in old.message
    locked = _refused(real_corpus / "docx-encrypted-password-solrcell.docx")
    assert "password-protected" in locked.message
    assert "damaged" in _refused(real_corpus / "docx-truncated.docx").message
    # Real workbooks and documents are read; none of them is a 细则, which the importer decides.
    for name in ("xlsx-excel-mac-chinese.xlsx", "xlsx-wps-chinese.xlsx", "docx-wps-chinese.docx"):
        read_tables(real_corpus / name)


def test_a_document_without_tables(tmp_path: Path) -> None:
    assert read_tables(make_docx(tmp_path / "通知.docx")).grids == ()
