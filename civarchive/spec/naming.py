"""The spec's `naming` template (design §3): how a file's name is made from it.

Which fields a template may use, and the checks the spec loader makes, are in
``spec.template_fields`` (``NAMING``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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


def format_name(template: str, fields: NamingFields) -> str:
    """Fill a template the spec loader accepted (the extension is not part of it)."""
    return template.format(**fields.as_dict()).strip()
