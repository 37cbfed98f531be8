"""--format and -o's extension agree on one format, or the run stops with exit 2: one rule,
shared by every command that has both (check, report, scan, todo, organize)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.formats import (
    OUTPUT_SUFFIXES,
    RULES,
    PlanFormat,
    ReportFormat,
    ScanFormat,
    TodoFormat,
    choose_format,
)


class Shape(StrEnum):
    TEXT = "text"
    SHEET = "sheet"


SUFFIXES = {".txt": Shape.TEXT, ".xlsx": Shape.SHEET}


def choose(fmt: str | None, output: str | None, terminal: bool = False) -> Shape:
    return choose_format(
        fmt,
        Path(output) if output is not None else None,
        Shape,
        suffixes=SUFFIXES,
        default=Shape.TEXT,
        binary={Shape.SHEET},
        terminal=terminal,
    )


def test_extension_decides_without_format() -> None:
    assert choose(None, "台账.xlsx") is Shape.SHEET
    assert choose(None, "out.TXT") is Shape.TEXT
    assert choose(None, "no-extension") is Shape.TEXT
    assert choose(None, None) is Shape.TEXT
    assert choose(" Sheet ", None) is Shape.SHEET


def test_format_with_an_unknown_extension_is_trusted() -> None:
    assert choose("sheet", "台账.bin") is Shape.SHEET


def _error(*args: object) -> UsageError:
    with pytest.raises(UsageError) as raised:
        choose(*args)  # type: ignore[arg-type]
    return raised.value


def test_errors() -> None:
    contradiction = _error("text", "台账.xlsx")
    assert contradiction.message == "--format text contradicts the output file's extension .xlsx"
    assert contradiction.hint == "drop --format, or name the file 台账.txt"
    unknown_suffix = _error(None, "台账.pdf")
    assert unknown_suffix.message == "cannot tell the output format from the extension .pdf"
    assert unknown_suffix.hint == "add --format, or use one of the extensions .txt .xlsx"
    unknown = _error("pdf", None)
    assert unknown.message == "unknown format: pdf"
    assert unknown.hint == "choose one of: text, sheet"
    assert (
        _error("sheet", None, True).message == "sheet is binary and cannot be shown in a terminal"
    )
    assert "binary" in _error("sheet", "-", True).message  # "-" is stdout
    assert choose("sheet", "-", False) is Shape.SHEET  # stdout piped on


def test_every_command_format_has_an_extension_and_a_rule() -> None:
    for formats in (ReportFormat, ScanFormat, TodoFormat, PlanFormat):
        rule = RULES[formats]
        assert set(rule.suffixes.values()) == set(formats), formats
        assert all(s.startswith(".") and s == s.lower() for s in rule.suffixes)
    # The extensions the issue names, each read the same way by every command that has it.
    assert RULES[ReportFormat].suffixes[".xml"] is ReportFormat.JUNIT
    assert RULES[ScanFormat].suffixes[".csv"] is ScanFormat.CSV
    assert {".xlsx", ".json", ".md", ".xml", ".csv", ".txt", ".docx"} <= OUTPUT_SUFFIXES


@pytest.mark.parametrize(
    ("formats", "fmt", "output", "wanted"),
    [
        (ReportFormat, None, None, ReportFormat.TABLE),
        (ReportFormat, None, "台账.xlsx", ReportFormat.XLSX),
        (ReportFormat, None, "report.JSON", ReportFormat.JSON),
        (ReportFormat, None, "report.xml", ReportFormat.JUNIT),
        (ReportFormat, None, "缺什么.md", ReportFormat.MARKDOWN),
        (ReportFormat, None, "表.txt", ReportFormat.TABLE),
        (ReportFormat, "json", "-", ReportFormat.JSON),
        (ScanFormat, None, "清单.csv", ScanFormat.CSV),
        (ScanFormat, None, "清单.json", ScanFormat.JSON),
        (ScanFormat, None, "清单", ScanFormat.TABLE),
        (TodoFormat, None, None, TodoFormat.TABLE),
        (TodoFormat, "markdown", None, TodoFormat.MARKDOWN),
        (TodoFormat, None, "催办单.docx", TodoFormat.DOCX),
        (TodoFormat, None, "待办.XLSX", TodoFormat.XLSX),
        (TodoFormat, None, "待办.md", TodoFormat.MARKDOWN),
        (TodoFormat, "docx", "催办", TodoFormat.DOCX),
        (TodoFormat, "xlsx", "-", TodoFormat.XLSX),
        (PlanFormat, None, "计划.json", PlanFormat.JSON),
    ],
)
def test_the_commands_rule(
    formats: type[StrEnum], fmt: str | None, output: str | None, wanted: StrEnum
) -> None:
    assert choose_format(fmt, Path(output) if output else None, formats) is wanted


def test_the_commands_rule_refuses() -> None:
    with pytest.raises(UsageError) as raised:
        choose_format("xlsx", Path("x.docx"), ReportFormat)
    # .docx names a format (todo's), so it contradicts check's xlsx; dropping --format
    # would not help, since check writes no docx.
    assert raised.value.message == "--format xlsx contradicts the output file's extension .docx"
    assert raised.value.hint == "name the file x.xlsx"
    with pytest.raises(UsageError) as raised:
        choose_format(None, Path("台账.csv"), ReportFormat)
    assert raised.value.hint == "add --format, or use one of the extensions " + " ".join(
        RULES[ReportFormat].suffixes
    )
    with pytest.raises(UsageError) as raised:
        choose_format("docx", None, TodoFormat, terminal=True)
    assert raised.value.message == "docx is binary and cannot be shown in a terminal"
    assert raised.value.hint == "add -o FILE.docx"
    assert choose_format("markdown", None, TodoFormat, terminal=True) is TodoFormat.MARKDOWN
    assert choose_format("json", Path("台账.bin"), ReportFormat) is ReportFormat.JSON


def test_messages_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    with pytest.raises(UsageError) as raised:
        choose_format("json", Path("台账.xlsx"), ReportFormat)
    assert raised.value.message == "--format json 与输出文件的扩展名 .xlsx 矛盾"
    assert raised.value.hint == "去掉 --format，或把文件名改为 台账.json"
    with pytest.raises(UsageError) as raised:
        choose_format(None, Path("台账.pdf"), ReportFormat)
    assert raised.value.message == "无法从扩展名 .pdf 判断输出格式"
