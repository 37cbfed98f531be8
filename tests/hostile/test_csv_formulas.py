"""Every CSV civarchive writes is formula-safe: no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from civarchive.csvcell import FORMULA_STARTS, safe_cell, safe_row
from tests.factories import make_caption_csv, make_jpeg
from tests.hostile.conftest import assert_clean_exit, run_cli


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_formula_like_text_gets_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["照片.jpg", "1.5", "", 12, -3.5, None, "'=1"])
def test_other_cells_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def test_safe_row() -> None:
    assert safe_row(["=a", 1, "b"]) == ["'=a", 1, "b"]


@pytest.mark.skipif(sys.platform == "win32", reason="such names are not allowed on Windows")
def test_scan_csv_has_no_formula_cell(tmp_path: Path) -> None:
    names = ["=cmd|' -C calc'!A0.jpg", "+1.jpg", "-1.jpg", "@SUM(1).jpg"]
    for name in names:
        make_jpeg(tmp_path / name)
    make_caption_csv(
        tmp_path / "说明.csv",
        [[name, "=1+2", "2022-07-01"] for name in names],
        header=["文件名", "题名", "时间"],
    )
    result = run_cli("scan", str(tmp_path), "-f", "csv", "--no-cache")
    assert_clean_exit(result, 0)
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'=cmd|' -C calc'!A0.jpg" in cells
    assert "'=1+2" in cells
