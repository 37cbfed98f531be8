"""Evidence dates: parse them from file names, captions, EXIF, media and document metadata."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Any, NamedTuple

from civarchive.days import leading_day

# The users are in China: timestamps that carry a zone (video creation_time is UTC, PDF and
# OOXML dates carry an offset) are converted to China Standard Time (UTC+08:00, no DST
# since 1991) before taking the day, so a video shot at 07:00 in Beijing on 14 July
# (23:00 UTC on the 13th) is dated 14 July. Timestamps without a zone (EXIF) are local
# already and taken as they are. A fixed offset avoids needing tzdata on Windows.
CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

MIN_YEAR = 1990
MAX_YEAR = 2099


class DatePrecision(StrEnum):
    """How much of an evidence date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class EvidenceDate(NamedTuple):
    """An evidence date as precise as its source: a day, a month or only a year.

    Made once, when scan builds an Evidence; check and bind read its parts and never parse
    text again. Written as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (``str``), which is also
    how the inventory and the report serialise it.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.YEAR if self.month is None else DatePrecision.MONTH

    @property
    def first_day(self) -> dt.date:
        """The first day the date may mean (1 January of a bare year)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the date may mean (31 December of a bare year)."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        """Whether the date may fall within ``start``–``end``: a day inside it, or a month or
        year that meets it (a bare year counts toward a window it overlaps, design §3)."""
        if self.day is not None and self.month is not None:
            return (start.year, start.month, start.day) <= self <= (end.year, end.month, end.day)
        if self.month is None:
            return start.year <= self.year <= end.year
        return (start.year, start.month) <= (self.year, self.month) <= (end.year, end.month)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> EvidenceDate:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, as scan writes them; ValueError otherwise."""
        parts = text.split("-")
        widths = [len(part) for part in parts]
        if widths not in ([4], [4, 2], [4, 2, 2]) or not all(p.isdigit() for p in parts):
            raise ValueError(f"not an evidence date: {text!r}")
        numbers = [int(part) for part in parts]
        try:
            dt.date(numbers[0], *(numbers[1:] + [1, 1])[:2])  # a real month and day
        except ValueError:
            raise ValueError(f"not an evidence date: {text!r}") from None
        return cls(*numbers)

    @classmethod
    def of(cls, day: dt.date) -> EvidenceDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Text in JSON and in the cache, an EvidenceDate in memory.
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validate_evidence_date,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, str]:
        return {"type": "string"}


def _validate_evidence_date(value: object) -> EvidenceDate:
    # Runs once per file each time an inventory is loaded: the day, by far the commonest
    # form, is parsed by the C date parser (0.1 µs, a tenth of the general path).
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return tuple.__new__(EvidenceDate, (day.year, day.month, day.day))
    if isinstance(value, EvidenceDate):
        return value
    if isinstance(value, str):
        return EvidenceDate.parse(value)
    raise ValueError(f"not an evidence date: {value!r}")


_YEAR = r"(19[9]\d|20\d\d)"
# A full date in a file name: 20220714, 2022-07-14, 2022.7.14, 2022_07_14, 2022年7月14日.
_FULL_DATES = (
    re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?!\d)"),
    re.compile(r"(?<!\d)" + _YEAR + r"\s*([-._/])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)" + _YEAR + r"(\d\d)(\d\d)(?!\d)"),
    # Phone cameras glue the time on: IMG20220714101010.jpg
    re.compile(r"(?<!\d)" + _YEAR + r"(\d\d)(\d\d)(?=\d{6}(?!\d))"),
)
# A bare year: before 年 (2022年度, 2022年), or standing alone (总结2022, 2022 总结) but not a
# camera counter such as IMG_2022 or DSC-2022.
_YEAR_BEFORE_NIAN = re.compile(r"(?<!\d)" + _YEAR + r"\s*年")
_YEAR_ALONE = re.compile(r"(?<![0-9A-Za-z])(?<![A-Za-z][_-])" + _YEAR + r"(?![0-9])")


def valid_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` when the parts make a real date in the accepted range, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _full_date(groups: tuple[str, ...]) -> str | None:
    parts = [g for g in groups if g and g.isdigit()]
    return valid_day(int(parts[0]), int(parts[1]), int(parts[2]))


def date_from_name(name: str) -> str | None:
    """The evidence date a file name carries: ``YYYY-MM-DD``, ``YYYY``, or None.

    A full date wins over a bare year; among full dates the leftmost valid one wins.
    """
    text = unicodedata.normalize("NFKC", name)
    best: tuple[int, str] | None = None
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            day = _full_date(match.groups())
            if day and (best is None or match.start() < best[0]):
                best = (match.start(), day)
                break
    if best:
        return best[1]
    for pattern in (_YEAR_BEFORE_NIAN, _YEAR_ALONE):
        found = pattern.search(text)
        if found:
            return found.group(1)
    return None


_CAPTION_YEAR_MONTH = re.compile(r"^" + _YEAR + r"\s*(?:年\s*(\d{1,2})\s*月?|[-./](\d{1,2}))$")
_CAPTION_YEAR = re.compile(r"^" + _YEAR + r"\s*年?$")


def date_from_caption(value: object) -> str | None:
    """Parse a caption sheet's 时间 cell: a date, a datetime or text in the usual forms.

    A day in the date grammar of ``civarchive.days`` (``2022-07-14``, ``2022.7.14``,
    ``2022/7/14``, ``2022年7月14日``, ``20220714``; also with a time after it) gives
    ``YYYY-MM-DD``; ``2022年7月`` and ``2022`` give ``YYYY``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return valid_day(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    day = leading_day(text)
    if day is not None:
        return valid_day(day.year, day.month, day.day)
    match = _CAPTION_YEAR_MONTH.match(text) or _CAPTION_YEAR.match(text)
    if match:
        year = int(match.group(1))
        return str(year) if MIN_YEAR <= year <= MAX_YEAR else None
    return None


_EXIF_DATE = re.compile(r"(\d{4})[:\-/.](\d{1,2})[:\-/.](\d{1,2})")


def date_from_exif(value: object) -> str | None:
    """The day of an EXIF ``YYYY:MM:DD HH:MM:SS`` string; junk, NULs and zeros give None."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = _EXIF_DATE.search(value.replace("\x00", "").strip())
    if not match:
        return None
    return valid_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def date_from_timestamp(value: str | None) -> str | None:
    """The China-time day of an ISO 8601 / W3CDTF timestamp (naive ones taken as local)."""
    if not value:
        return None
    text = value.strip().replace("\x00", "")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return _loose_day(text)
    return _china_day(moment)


def _china_day(moment: dt.datetime) -> str | None:
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA)
    return valid_day(moment.year, moment.month, moment.day)


def _loose_day(text: str) -> str | None:
    # OFD writes "2021-6-4"; others write "2012-06-05 10:00". Take the leading Y-M-D.
    match = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", text)
    if not match:
        return None
    return valid_day(int(match.group(1)), int(match.group(2)), int(match.group(3)))


_PDF_DATE = re.compile(
    r"D?:?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?\s*([Zz+\-])?\s*(\d\d)?'?(\d\d)?"
)


def date_from_pdf(value: object) -> str | None:
    """The China-time day of a PDF ``D:YYYYMMDDHHmmSS+hh'mm'`` date string."""
    if not isinstance(value, str):
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        moment = dt.datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if sign in ("+", "-"):
        offset = dt.timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        moment = moment.replace(tzinfo=dt.timezone(offset if sign == "+" else -offset))
    elif sign in ("Z", "z"):
        moment = moment.replace(tzinfo=dt.UTC)
    return _china_day(moment)


def date_from_datetime(value: object) -> str | None:
    """The China-time day of a datetime (aware ones converted, naive ones taken as they are)."""
    if isinstance(value, dt.datetime):
        return _china_day(value)
    return None
