"""The spec's templates (`archive_code`, `naming`): the fields each may use, checked when the spec loads.

A template is Python's ``str.format`` language on a fixed set of named fields. Only what a
档号 or a file name needs is allowed: a field by name with an optional format spec
(``{item:04d}``, ``{date:%Y%m%d}``). Refused, so that no later command can fail or hang on
it: unknown fields, positional ``{}``, attribute or index access (``{fonds.__class__}``,
``{x[0]}``), nested fields in a format spec, widths and precisions above a sane cap
(``{item:99999999d}``), and any format spec that fails on a sample value.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from civarchive.i18n import tr


@dataclass(frozen=True, slots=True)
class TemplateKind:
    """What one spec key's template may hold: its fields with a sample value each."""

    key: str
    """The spec key holding the template (archive_code, naming)."""
    sample: Mapping[str, object]
    """Every field the template may use, with a value of the type it will get."""
    example: str
    max_width: int
    """The largest width or precision a format spec may ask for."""

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.sample)


ARCHIVE_CODE = TemplateKind(
    key="archive_code",
    # The values bind gives each item (design §6); DA/T 22's own form must be expressible:
    # {fonds}-WS·{year}-{retention_code}-{org}-{item:04d}.
    sample={
        "fonds": "J012",
        "category": "1",
        "indicator": "1.1",
        "item": 1,
        "year": 2023,
        "retention": "永久",
        "retention_code": "Y",
        "org": "bgs",
    },
    example="{fonds}-{category}-{item:04d}",
    max_width=20,
)

NAMING = TemplateKind(
    key="naming",
    # The values organize gives each file it renames; `date` is a date (strftime specs).
    sample={
        "date": dt.date(2023, 5, 12),
        "title": "题名",
        "indicator": "1.1",
        "indicator_title": "指标",
        "category": "1",
        "kind": "照片",
        "name": "原名",
    },
    example="{date:%Y%m%d}-{title}",
    # A title cut to a length ({title:.40}) is a real need; a page-long name is not.
    max_width=64,
)

# Digits of a width or precision in a format spec; in a strftime spec, the width of a
# directive (%10Y), which the C library would otherwise honour.
_NUMBERS = re.compile(r"\d+")
_STRFTIME_WIDTHS = re.compile(r"%[-_0^#]*(\d+)")


def template_problem(template: str, kind: TemplateKind) -> str | None:
    """Why ``template`` cannot be used as ``kind.key``, in the user's language; None when it can."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        return tr("花括号不成对（{e}）", "unbalanced braces ({e})", e=error)
    for _, field, spec, _ in parsed:
        if field is None:
            continue
        problem = _field_problem(field, spec or "", kind)
        if problem is not None:
            return problem
    try:
        template.format(**kind.sample)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as error:
        return tr(
            "格式说明与字段不符（{e}）", "a format spec does not fit its field ({e})", e=error
        )
    return None


def template_hint(kind: TemplateKind) -> str:
    """The fields a template of ``kind`` may use, with an example."""
    return tr(
        "可用字段：{f}；例如 {e}",
        "available fields: {f}; e.g. {e}",
        f=", ".join("{" + name + "}" for name in kind.fields),
        e=kind.example,
    )


def _field_problem(field: str, spec: str, kind: TemplateKind) -> str | None:
    if field == "":
        return tr("花括号中须写字段名，如 {item}", "a field needs a name, as in {item}")
    if "." in field or "[" in field:
        return tr(
            "不能取字段的属性或下标：{{{f}}}",
            "no attribute or index of a field: {{{f}}}",
            f=field,
        )
    if field not in kind.sample:
        return tr("未知字段 {{{f}}}", "unknown field {{{f}}}", f=field)
    if "{" in spec or "}" in spec:
        return tr(
            "格式说明中不能再嵌套字段：{{{f}:{s}}}",
            "no field inside a format spec: {{{f}:{s}}}",
            f=field,
            s=spec,
        )
    numbers = (
        _STRFTIME_WIDTHS.findall(spec)
        if isinstance(kind.sample[field], dt.date)
        else _NUMBERS.findall(spec)
    )
    if any(int(n) > kind.max_width for n in numbers):
        return tr(
            "宽度或精度过大（最多 {m}）：{{{f}:{s}}}",
            "width or precision too large (at most {m}): {{{f}:{s}}}",
            m=kind.max_width,
            f=field,
            s=spec,
        )
    return None
