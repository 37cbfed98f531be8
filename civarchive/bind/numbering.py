"""Numbering the 件: 档号 from the spec's archive_code template, 件号 within their group, 文号 from names and titles."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace

from civarchive.errors import SpecError
from civarchive.i18n import tr
from civarchive.spec.template_fields import ARCHIVE_CODE, template_hint, template_problem

RETENTION_CODES: dict[str, str] = {"永久": "Y", "长期": "C", "30年": "D30", "10年": "D10"}


@dataclass(frozen=True, slots=True)
class CodeFields:
    """The values one item offers to the template."""

    fonds: str
    category: str
    indicator: str
    item: int
    year: int | None
    """The evidence year; None for an undated 件, whose 档号 then has no year part."""
    retention: str
    org: str

    def as_dict(self) -> dict[str, object]:
        return {
            "fonds": self.fonds,
            "category": self.category,
            "indicator": self.indicator,
            "item": self.item,
            "year": self.year,
            "retention": self.retention,
            "retention_code": RETENTION_CODES.get(self.retention, ""),
            "org": self.org,
        }


def check_archive_code(template: str) -> None:
    """SpecError naming the problem when ``template`` cannot make 档号 (``spec.template_fields``:
    the spec loader refuses such a template already; a spec changed in memory may not)."""
    problem = template_problem(template, ARCHIVE_CODE)
    if problem is not None:
        raise _template_error(template, problem)


# Separators of 档号 parts (DA/T 22 uses "-" and "·"); an empty field must not leave "--".
_SEPARATORS = "-·._/"
_DOUBLED = re.compile(f"([{re.escape(_SEPARATORS)}])[{re.escape(_SEPARATORS)}]+")


class _CodeFormatter(string.Formatter):
    """str.format, except that a missing value (an undated 件's year) is empty whatever its
    format spec: ``{year:04d}`` of an undated 件 gives "", never an invented year."""

    def format_field(self, value: object, format_spec: str) -> str:
        return "" if value is None else super().format_field(value, format_spec)


_FORMATTER = _CodeFormatter()


def code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for 档号 in natural order: digit runs compare as numbers (…-9 before …-10)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(code) if part
    )


_DIGITS = re.compile(r"(\d+)")


def format_code(template: str, fields: CodeFields) -> str:
    """Fill a template ``check_archive_code`` accepts; a failure is a SpecError all the same.

    An empty field (no ``fonds`` in the spec, no owner for ``{org}``) drops its separator:
    ``{fonds}-{category}-{item:04d}`` without a fonds gives ``1-0001``, not ``-1-0001``.
    """
    try:
        code = _FORMATTER.format(template, **fields.as_dict())
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
        raise _template_error(template, str(error)) from None
    return _DOUBLED.sub(r"\1", code).strip(_SEPARATORS + " ")


class ItemNumbers:
    """件号 for the ``{item}`` field: a running number per group of otherwise equal 档号.

    DA/T 22 numbers 件 within their 类别/年度/保管期限 group, so two items may share a number
    only when the rest of their 档号 differs: ``{fonds}-{category}-{item:04d}`` counts per
    category, ``{fonds}-WS·{year}-{retention_code}-{org}-{item:04d}`` per year, retention and
    department, across all volumes of one bind.
    """

    def __init__(self, template: str) -> None:
        self._template = template
        self._last: dict[str, int] = {}

    def next(self, fields: CodeFields) -> int:
        group = format_code(self._template, replace(fields, item=0))
        self._last[group] = self._last.get(group, 0) + 1
        return self._last[group]


def _template_error(template: str, detail: str) -> SpecError:
    return SpecError(
        tr(
            "档号模板 archive_code 无法使用：{t}（{d}）",
            "the archive_code template cannot be used: {t} ({d})",
            t=template,
            d=detail,
        ),
        hint=template_hint(ARCHIVE_CODE),
    )


# 文号: an optional issuing-organ abbreviation (市委发, 国办函), then a year in brackets of
# any common form, then a number and 号: X发〔2023〕12号, 〔2023〕12号, [2023]12号, (2023)12号,
# ［2023］12号, 【2023】12号, （2023）12号.
_DOC_NUMBER = re.compile(
    r"[〔\[［【(（{｛]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］】)）}｝]\s*(?P<number>第?\d{1,5})\s*号"
)
_PREFIX_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,6}$")
# Words that end a title's running text before the organ abbreviation: 关于印发市委发〔…〕
_PREFIX_CUT = re.compile(r".*(?:印发|转发|关于|通知|的|《|》)")


def parse_doc_number(*texts: str | None) -> str:
    """The first 文号 found in ``texts``, with its brackets normalised to 〔〕, or ""."""
    for text in texts:
        if not text:
            continue
        match = _DOC_NUMBER.search(text)
        if match:
            number = int(match["number"].removeprefix("第"))
            return f"{_organ_prefix(text[: match.start()])}〔{match['year']}〕{number}号"
    return ""


_EMPTY_BRACKETS = re.compile(r"[(（\[［【〔{｛]\s*[)）\]］】〕}｝]")
_EDGE_JUNK = " \t-_—－,，、;；:："


def split_doc_number(text: str) -> tuple[str, str]:
    """(文号, the text without it): 「2023年学习计划 市委发〔2023〕12号」 → (「市委发〔2023〕12号」,
    「2023年学习计划」); ("", text) when it holds none. Brackets left empty are removed."""
    match = _DOC_NUMBER.search(text) if text else None
    if match is None:
        return "", text
    prefix = _organ_prefix(text[: match.start()])
    number = parse_doc_number(text)
    rest = text[: match.start() - len(prefix)] + text[match.end() :]
    rest = _EMPTY_BRACKETS.sub("", rest)
    rest = " ".join(rest.split()).strip(_EDGE_JUNK)
    return number, rest


def _organ_prefix(before: str) -> str:
    run = _PREFIX_CHARS.search(before)
    if run is None:
        return ""
    return _PREFIX_CUT.sub("", run.group())
