"""The spec's `naming` template (design §3): the fields it may use and how a name is made from them."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass

# Fields a naming template may use; `organize --rename` fills them per file.
NAMING_FIELDS: tuple[str, ...] = (
    "date",
    "title",
    "indicator",
    "indicator_title",
    "category",
    "kind",
    "name",
)
# A width or precision above this is no file name (and a way to make formatting take minutes).
_MAX_WIDTH = 64
_WIDTH = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class NamingFields:
    """The values one file offers to the template."""

    date: dt.date
    title: str
    indicator: str
    indicator_title: str
    category: str
    kind: str
    name: str

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date,
            "title": self.title,
            "indicator": self.indicator,
            "indicator_title": self.indicator_title,
            "category": self.category,
            "kind": self.kind,
            "name": self.name,
        }


def naming_problem(template: str) -> str | None:
    """Why ``template`` cannot name files (unknown field, attribute access, absurd width), or None."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        return str(error)
    for _, field, spec, _ in parsed:
        if field is None:
            continue
        if field not in NAMING_FIELDS:
            return f"{{{field}}}"
        if any(int(n) > _MAX_WIDTH for n in _WIDTH.findall(spec or "")) and field != "date":
            return f"{{{field}:{spec}}}"
    sample = NamingFields(dt.date(2023, 5, 12), "题名", "1.1", "指标", "1", "照片", "原名")
    try:
        format_name(template, sample)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        return str(error)
    return None


def format_name(template: str, fields: NamingFields) -> str:
    """Fill the template (the extension is not part of it); raises ValueError on a bad format spec."""
    return template.format(**fields.as_dict()).strip()
