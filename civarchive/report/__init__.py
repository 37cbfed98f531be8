"""Render a check report as a table, JSON, JUnit XML, Markdown or XLSX; load saved reports."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from civarchive.check.models import Report
from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.report.interface import Renderer, ReportFormat

__all__ = [
    "RENDERERS",
    "Renderer",
    "ReportFormat",
    "load_report",
    "render",
    "rendering_settings",
    "report_schema",
]


def _renderer(module: str) -> Renderer:
    """The ``render`` of ``civarchive.report.<module>``, imported on first use: rich (for the
    table) and openpyxl (0.3 s, for XLSX) load only for the format asked for."""

    def render(
        report: Report, *, color: bool = False, verbose: bool = False, width: int | None = None
    ) -> bytes:
        renderer: Renderer = importlib.import_module(f"civarchive.report.{module}").render
        return renderer(report, color=color, verbose=verbose, width=width)

    return render


RENDERERS: dict[ReportFormat, Renderer] = {
    ReportFormat.TABLE: _renderer("terminal"),
    ReportFormat.JSON: _renderer("json_format"),
    ReportFormat.JUNIT: _renderer("junit"),
    ReportFormat.MARKDOWN: _renderer("markdown"),
    ReportFormat.XLSX: _renderer("xlsx"),
}

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "civarchive check report"
# Errors listed when a file is not a report; the rest are counted, not printed.
_MAX_PROBLEMS = 5


def render(
    report: Report,
    fmt: ReportFormat,
    *,
    color: bool = False,
    verbose: bool = False,
    width: int | None = None,
) -> bytes:
    """The report in format ``fmt``, fully rendered (nothing is written here); ``width`` is
    the columns of the terminal the table is shown on (None: a file or pipe, unwrapped)."""
    return RENDERERS[ReportFormat(fmt)](report, color=color, verbose=verbose, width=width)


def rendering_settings(
    fmt: ReportFormat, *, color: bool, verbose: bool, width: int | None = None
) -> str | None:
    """What a rendering depends on besides the report and the language, as text — or None
    for a format not worth keeping (only the table is: the others are quick or written
    to files with their own timestamps)."""
    if ReportFormat(fmt) is not ReportFormat.TABLE:
        return None
    return f"table color={int(color)} width={width or 0} verbose={int(verbose)}"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report (schemas/report.schema.json is this, checked in)."""
    schema = Report.model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema, "title": SCHEMA_TITLE}


def load_report(path: Path) -> Report:
    """Read and validate a JSON report written by `check --format json`.

    Raises UsageError (exit 2) naming the file and what is wrong when it cannot be read,
    is not JSON, or is not a civarchive report of a supported schema version.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            tr("找不到报告文件：{p}", "report file not found: {p}", p=path),
            hint=tr(
                "先运行 civarchive check --format json -o report.json",
                "run `civarchive check --format json -o report.json` first",
            ),
        ) from None
    except OSError as error:
        raise UsageError(
            tr(
                "无法读取报告文件 {p}：{e}",
                "cannot read the report file {p}: {e}",
                p=path,
                e=error.strerror or error,
            )
        ) from None
    data = _parse_json(path, raw)
    _check_version(path, data)
    try:
        return Report.model_validate(data)
    except ValidationError as error:
        raise UsageError(_not_a_report(path, error), hint=_json_hint()) from None


def _parse_json(path: Path, raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        reason = tr("不是 UTF-8 文本", "it is not UTF-8 text")
    except json.JSONDecodeError as error:
        reason = tr(
            "JSON 第 {l} 行第 {c} 列：{m}",
            "JSON line {l} column {c}: {m}",
            l=error.lineno,
            c=error.colno,
            m=error.msg,
        )
    except RecursionError:
        reason = tr("JSON 嵌套过深", "the JSON is nested too deeply")
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (a hostile file).
        reason = tr("JSON 中有位数过多的数字", "it holds a number with far too many digits")
    raise UsageError(
        tr(
            "{p} 不是 civarchive 的 JSON 报告（{r}）",
            "{p} is not a civarchive JSON report ({r})",
            p=path,
            r=reason,
        ),
        hint=_json_hint(),
    )


def _check_version(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or "schema_version" not in data:
        return  # validation names what is missing
    version = data["schema_version"]
    if version != 1:
        raise UsageError(
            tr(
                "{p} 的报告格式版本是 {v}，此版本的 civarchive 只读取版本 1",
                "{p} has report schema_version {v}; this civarchive reads version 1 only",
                p=path,
                v=version,
            ),
            hint=tr(
                "请用生成它的 civarchive 版本，或升级 civarchive",
                "use the civarchive that wrote it, or upgrade civarchive",
            ),
        )


def _not_a_report(path: Path, error: ValidationError) -> str:
    problems = error.errors()
    lines = [
        tr("{p} 不是 civarchive 的 JSON 报告：", "{p} is not a civarchive JSON report:", p=path)
    ]
    for problem in problems[:_MAX_PROBLEMS]:
        where = ".".join(str(part) for part in problem["loc"]) or tr("（顶层）", "(top level)")
        lines.append(f"  - {where}: {problem['msg']}")
    if len(problems) > _MAX_PROBLEMS:
        lines.append(
            tr("  ……另有 {n} 处问题", "  … and {n} more problems", n=len(problems) - _MAX_PROBLEMS)
        )
    return "\n".join(lines)


def _json_hint() -> str:
    return tr(
        "报告由 civarchive check --format json -o report.json 生成",
        "a report is what `civarchive check --format json -o report.json` writes",
    )
