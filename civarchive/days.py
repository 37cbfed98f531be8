"""The one grammar of a day a person types: 2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日, 20231015.

Options (--as-of), the spec's dates (period, due, within) and caption sheets all read days
here, so a form accepted in one place is accepted in every other. Months and days may have
one digit (2023/9/2, 2023年9月2日); full-width digits and separators from a Chinese input
method are read as their ASCII forms (NFKC).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from civarchive.i18n import tr

_DAY = re.compile(
    r"(?<!\d)(\d{4})\s*(?:"
    r"([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})"  # 2023-10-15, 2023/9/2, 2023.10.15
    r"|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"  # 2023年10月15日, 2023年9月2号
    r"|(\d{2})(\d{2})"  # 20231015
    r")(?!\d)"
)

# The JSON Schema pattern of a spec date (the same forms, digits only ASCII).
DAY_PATTERN = (
    r"^\s*\d{4}\s*(-\s*\d{1,2}\s*-\s*\d{1,2}|/\s*\d{1,2}\s*/\s*\d{1,2}|\.\s*\d{1,2}\s*\.\s*\d{1,2}"
    r"|年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?|\d{4})\s*$"
)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _day_of(match: re.Match[str]) -> dt.date | None:
    year = int(match.group(1))
    month = match.group(3) or match.group(5) or match.group(7)
    day = match.group(4) or match.group(6) or match.group(8)
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:  # 2023-02-30, month 13, year 0000
        return None


def read_day(text: str) -> dt.date | None:
    """The day ``text`` is, written whole in one of the forms; None for anything else
    (a bad form, or a day no calendar has such as 2023-02-30)."""
    match = _DAY.fullmatch(_normal(text))
    return _day_of(match) if match else None


def leading_day(text: str) -> dt.date | None:
    """The day ``text`` starts with, a time or a remark after it allowed (a caption cell's
    ``2023-10-15 10:30``); None when it does not start with a real day in the grammar."""
    match = _DAY.match(_normal(text))
    return _day_of(match) if match else None


def find_day(text: str) -> dt.date | None:
    """The first real day in the grammar anywhere in ``text`` (a 完成时限 cell's
    ``2023年6月30日前``), or None."""
    for match in _DAY.finditer(_normal(text)):
        found = _day_of(match)
        if found is not None:
            return found
    return None


def day_hint() -> str:
    """What to write instead of a bad date, in the run's language."""
    return tr(
        "日期可写成 2023-10-15、2023/10/15、2023.10.15、2023年10月15日 或 20231015",
        "write a date as 2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日 or 20231015",
    )


def parse_day(text: str) -> dt.date:
    """``read_day``, raising ValueError with a message naming the text and the forms."""
    found = read_day(text)
    if found is None:
        raise ValueError(tr("不是日期：{v}", "not a date: {v}", v=text))
    return found
