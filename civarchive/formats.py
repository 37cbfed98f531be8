"""The commands' output formats as enums, and choosing one from --format and -o's extension (design §5).

A leaf: the command line imports it at start-up, before any stage.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from civarchive.errors import UsageError
from civarchive.i18n import tr


class ScanFormat(StrEnum):
    """Output formats of ``civarchive scan``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ReportFormat(StrEnum):
    """Output formats of ``check`` and ``report`` (design §5)."""

    TABLE = "table"
    JSON = "json"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


class BindPer(StrEnum):
    """How bind groups categories into volumes."""

    CATEGORY = "category"
    ALL = "all"


class BindDocuments(StrEnum):
    """How bind shows documents: every page, or a card each."""

    FULL = "full"
    LIST = "list"


class PlanFormat(StrEnum):
    """Output formats of ``civarchive organize``."""

    TABLE = "table"
    JSON = "json"


F = TypeVar("F", bound=StrEnum)


def choose_format(
    fmt: str | None,
    output: Path | None,
    formats: type[F],
    *,
    suffixes: Mapping[str, F],
    default: F,
    binary: Collection[F] = (),
    terminal: bool = False,
) -> F:
    """The format to write: ``--format`` when given, else the one ``-o``'s extension names
    (``suffixes``, lower case with the dot), else ``default``.

    Raises UsageError (exit 2) for an unknown format, an extension that contradicts
    ``--format``, an unknown extension without ``--format``, or a ``binary`` format bound
    for a ``terminal``.
    """
    chosen = parse_format(fmt, formats) if fmt is not None else None
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        suffix = output.suffix.lower()
        implied = suffixes.get(suffix)
        if chosen is not None and implied is not None and implied is not chosen:
            raise UsageError(
                tr(
                    "--format {f} 与输出文件的扩展名 {s} 矛盾",
                    "--format {f} contradicts the output file's extension {s}",
                    f=chosen.value,
                    s=suffix,
                ),
                hint=tr(
                    "去掉 --format，或把文件名改为 {n}",
                    "drop --format, or name the file {n}",
                    n=output.with_suffix(_suffix_of(chosen, suffixes)).name,
                ),
            )
        if chosen is None and implied is None and suffix:
            raise UsageError(
                tr(
                    "无法从扩展名 {s} 判断输出格式",
                    "cannot tell the output format from the extension {s}",
                    s=suffix,
                ),
                hint=tr(
                    "加上 --format，或使用扩展名 {k}",
                    "add --format, or use one of the extensions {k}",
                    k=" ".join(suffixes),
                ),
            )
        chosen = chosen or implied
    chosen = chosen or default
    if not to_file and terminal and chosen in binary:
        raise UsageError(
            tr(
                "{f} 是二进制文件，不能输出到终端",
                "{f} is binary and cannot be shown in a terminal",
                f=chosen.value,
            ),
            hint=tr("加上 -o 文件名{s}", "add -o FILE{s}", s=_suffix_of(chosen, suffixes)),
        )
    return chosen


def parse_format(fmt: str, formats: type[F]) -> F:
    """``fmt`` as one of ``formats`` (any case); UsageError (exit 2) naming the choices."""
    try:
        return formats(fmt.strip().lower())
    except ValueError:
        raise UsageError(
            tr("不支持的格式：{f}", "unknown format: {f}", f=fmt),
            hint=tr("可选：{c}", "choose one of: {c}", c=", ".join(f.value for f in formats)),
        ) from None


def _suffix_of(chosen: StrEnum, suffixes: Mapping[str, StrEnum]) -> str:
    return next((s for s, f in suffixes.items() if f is chosen), f".{chosen.value}")
