"""Folder-name rules shared by init and check: which folder belongs to which id (design §3)."""

from __future__ import annotations

import re
import unicodedata

# Dashes that clerks type (or that Word autocorrects to) and that must compare equal to "-".
# NFKC already maps the full-width hyphen-minus (－) to "-"; these survive NFKC.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))

_NUMERAL_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL_CHARS = "".join(_NUMERAL_DIGITS) + "十百"
# 一、思想道德建设 / 一.思想 (after NFKC, ．becomes .) or （一）思想 (NFKC: (一)).
_NUMERAL_SEPARATED = re.compile(rf"^([{_NUMERAL_CHARS}]+)[、.]")
_NUMERAL_BRACKETED = re.compile(rf"^\(([{_NUMERAL_CHARS}]+)\)")

# Characters Windows forbids in file names, plus control characters.
_WINDOWS_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)
}


def normalize_name(name: str) -> str:
    """NFKC-normalise a folder name or id and unify dashes, so ＡＢ１．１ and 1—1 compare as AB1.1 and 1-1."""
    return unicodedata.normalize("NFKC", name).translate(_DASH_TABLE).strip()


def matches_id(name: str, id_: str) -> bool:
    """True when folder ``name`` belongs to id ``id_`` by the contract's prefix rule.

    The normalised name must start with the normalised id, and the next character must not
    be a digit, nor a ``.`` or ``-`` followed by a digit: ``1.1 理想``, ``1.1、理想``,
    ``１．１理想`` belong to ``1.1``; ``1.10 志愿`` and ``1.1.2 …`` do not.
    """
    name_n = normalize_name(name).casefold()
    id_n = normalize_name(id_).casefold()
    if not id_n or not name_n.startswith(id_n):
        return False
    rest = name_n[len(id_n) :]
    if not rest:
        return True
    if rest[0].isdigit():
        return False
    return not (rest[0] in ".-" and len(rest) > 1 and rest[1].isdigit())


def _numeral_value(text: str) -> int | None:
    """Value of a Chinese numeral up to 999 (一, 十二, 二十, 一百零五), or None."""
    total = 0
    digit: int | None = None
    seen_unit = False
    for char in text:
        if char in _NUMERAL_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row, e.g. 一二
            digit = _NUMERAL_DIGITS[char]
            continue
        unit = 100 if char == "百" else 10
        total += (1 if digit is None else digit) * unit
        digit = None
        seen_unit = True
    if digit is not None:
        total += digit
    if not seen_unit and len(text) > 1:
        return None
    return total if total > 0 else None


def chinese_numeral_prefix(name: str) -> int | None:
    """The number of a leading Chinese numeral such as ``一、…`` or ``（十二）…``, else None."""
    normalized = normalize_name(name)
    for pattern in (_NUMERAL_SEPARATED, _NUMERAL_BRACKETED):
        found = pattern.match(normalized)
        if found:
            return _numeral_value(found.group(1))
    return None


def matches_category(name: str, id_: str) -> bool:
    """True when folder ``name`` belongs to category ``id_``: by id prefix or Chinese numeral (一、 → 1)."""
    if matches_id(name, id_):
        return True
    id_n = normalize_name(id_)
    if not id_n.isdecimal():
        return False
    number = chinese_numeral_prefix(name)
    return number is not None and number == int(id_n)


def safe_folder_name(text: str, max_length: int = 60) -> str:
    """A folder name valid on Windows: forbidden characters become ``_``, no trailing dots or spaces.

    Long titles are cut to ``max_length`` characters: Explorer and zip tools still trip over
    paths longer than 260 characters, and a 细则 title can be a whole sentence.
    """
    cleaned = _WINDOWS_FORBIDDEN.sub("_", " ".join(text.split()))
    cleaned = cleaned[:max_length].rstrip(". ")
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned or "_"
