"""--format and -o's extension agree on one format, or the run stops with exit 2."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.formats import choose_format


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
