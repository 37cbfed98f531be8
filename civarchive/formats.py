"""The commands' output formats as enums, and choosing one from --format and -o's extension (design §5).

A leaf: the command line imports it at start-up, before any stage.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, NoReturn, TypeVar, cast

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


class TodoFormat(StrEnum):
    """Output formats of ``civarchive todo``."""

    TABLE = "table"
    MARKDOWN = "markdown"
    XLSX = "xlsx"
    DOCX = "docx"


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


class FormatRule(NamedTuple):
    """How one command's formats follow from ``-o``: the extensions (lower case, with the
    dot) naming each format, the format without ``--format`` or extension, and the formats
    that are binary (never written to a terminal)."""

    suffixes: Mapping[str, StrEnum]
    default: StrEnum
    binary: frozenset[StrEnum] = frozenset()


# One rule for every command that has both --format and -o (design §5).
RULES: dict[type[StrEnum], FormatRule] = {
    ReportFormat: FormatRule(
        {
            ".txt": ReportFormat.TABLE,
            ".json": ReportFormat.JSON,
            ".xml": ReportFormat.JUNIT,
            ".md": ReportFormat.MARKDOWN,
            ".markdown": ReportFormat.MARKDOWN,
            ".xlsx": ReportFormat.XLSX,
        },
        ReportFormat.TABLE,
        frozenset({ReportFormat.XLSX}),
    ),
    ScanFormat: FormatRule(
        {".txt": ScanFormat.TABLE, ".json": ScanFormat.JSON, ".csv": ScanFormat.CSV},
        ScanFormat.TABLE,
    ),
    TodoFormat: FormatRule(
        {
            ".txt": TodoFormat.TABLE,
            ".md": TodoFormat.MARKDOWN,
            ".markdown": TodoFormat.MARKDOWN,
            ".xlsx": TodoFormat.XLSX,
            ".docx": TodoFormat.DOCX,
        },
        TodoFormat.TABLE,
        frozenset({TodoFormat.XLSX, TodoFormat.DOCX}),
    ),
    PlanFormat: FormatRule({".txt": PlanFormat.TABLE, ".json": PlanFormat.JSON}, PlanFormat.TABLE),
}

# Extensions that name a format: every one some command writes, and the office and image
# formats none does (with --format, only an extension outside these is trusted).
OUTPUT_SUFFIXES = frozenset(suffix for rule in RULES.values() for suffix in rule.suffixes) | {
    ".pdf",
    ".doc",
    ".xls",
    ".wps",
    ".et",
    ".html",
    ".htm",
    ".jpg",
    ".png",
}


def choose_format(
    fmt: str | None,
    output: Path | None,
    formats: type[F],
    *,
    suffixes: Mapping[str, F] | None = None,
    default: F | None = None,
    binary: Collection[F] | None = None,
    terminal: bool = False,
) -> F:
    """The format to write: ``--format`` when given, else the one ``-o``'s extension names
    (``suffixes``, lower case with the dot), else ``default``. What is not given comes from
    ``RULES[formats]``, the rule the commands share.

    Raises UsageError (exit 2) for an unknown format, an extension that contradicts
    ``--format``, an unknown extension without ``--format``, or a ``binary`` format bound
    for a ``terminal``.
    """
    if suffixes is None or default is None or binary is None:
        rule = RULES[formats]
        suffixes = suffixes if suffixes is not None else cast("Mapping[str, F]", rule.suffixes)
        default = default if default is not None else cast("F", rule.default)
        binary = binary if binary is not None else cast("Collection[F]", rule.binary)
    chosen = parse_format(fmt, formats) if fmt is not None else None
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        suffix = output.suffix.lower()
        implied = suffixes.get(suffix)
        # An extension naming another format, of this command or another (x.docx for
        # check's xlsx), contradicts --format; an unknown one (台账.bin) is trusted.
        named = implied is not None or suffix in OUTPUT_SUFFIXES
        if chosen is not None and named and implied is not chosen:
            _contradiction(chosen, output, suffixes, droppable=implied is not None)
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


def _contradiction(
    chosen: StrEnum, output: Path, suffixes: Mapping[str, StrEnum], *, droppable: bool
) -> NoReturn:
    """UsageError: --format and the output's extension disagree (``droppable``: the
    extension alone would name a format of this command)."""
    suffix = output.suffix.lower()
    name = output.with_suffix(_suffix_of(chosen, suffixes)).name
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
            n=name,
        )
        if droppable
        else tr("把文件名改为 {n}", "name the file {n}", n=name),
    )


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
