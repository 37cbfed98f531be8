"""Guesses from a 测评细则's wording: numbering, short titles, points, methods, owner ids, deadlines."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from civarchive.days import find_day

# ---------------------------------------------------------------- numbering and titles

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = "零〇一二两三四五六七八九十百"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
# Leading enumeration, full-width forms included: 一、 （一） 第一部分 1. １． 1、 (1) ① A. …
_D = "0-9０-９"
_DOT = "、.．"
_ENUMERATION = re.compile(
    rf"^\s*(?:第[{_CN_NUMERAL}{_D}]+[部分章节项条]\s*|[{_CN_NUMERAL}]+\s*[{_DOT}]\s*"
    rf"|[(（][{_CN_NUMERAL}{_D}]+[)）]\s*[{_DOT}]?\s*|[{_D}]+\s*[{_DOT})）](?![{_D}])\s*"
    rf"|[①-⑳⑴-⒇]\s*|[A-Za-zＡ-Ｚａ-ｚ]\s*[{_DOT})）]\s*)"
)
# An id the text starts with: 1.1 / 1-1 / Ⅱ-1 / A1.2 (full-width digits and dashes too).
_ID_PREFIX = re.compile(
    rf"^\s*((?:[A-Za-zＡ-Ｚａ-ｚ]{{0,3}}[{_D}]+|[{_ROMAN}]+)(?:[.．\-－—][{_D}]+)+)(?![{_D}])"
    r"\s*[、.．:：)）]?\s*"
)
_POINTS_SUFFIX = re.compile(r"\s*[(（]\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*分\s*[)）]\s*$")
_CLAUSE_END = re.compile(r"[，。；：,;:！？!?（(\n]")
MAX_TITLE = 20


def number_of(text: str) -> int | None:
    """The number a heading starts with: 一、 → 1, （十二） → 12, 3. → 3, 第二部分 → 2."""
    normalized = unicodedata.normalize("NFKC", text).strip()
    match = re.match(rf"^(?:第)?[(]?([{_CN_NUMERAL}]+|\d+)", normalized)
    if match is None:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else parse_chinese_number(token)


def parse_chinese_number(token: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (up to 99); None for anything else."""
    if not token or any(ch not in _CN_DIGITS and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return _CN_DIGITS[token] if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def explicit_id(text: str) -> str | None:
    """An id the text starts with, such as 1.1, 2-3 or Ⅱ-1; bare numbers (1.) are enumeration."""
    match = _ID_PREFIX.match(text)
    if match is None:
        return None
    # Full-width digits and dots become ASCII; Ⅱ stays Ⅱ (NFKC would spell it II).
    return "".join(
        ch if ch in _ROMAN else unicodedata.normalize("NFKC", ch) for ch in match.group(1)
    ).replace("—", "-")


def strip_numbering(text: str) -> str:
    """The text without its leading enumeration or id, and without a trailing （10分）."""
    text = text.strip()
    match = _ID_PREFIX.match(text) or _ENUMERATION.match(text)
    if match and match.end() < len(text):
        text = text[match.end() :]
    return _POINTS_SUFFIX.sub("", text).strip()


def points_in(text: str) -> float | None:
    """Points written in a heading: 组织领导（10分） → 10."""
    match = _POINTS_SUFFIX.search(unicodedata.normalize("NFKC", text).strip())
    return float(match.group(1)) if match else None


def short_title(text: str) -> tuple[str, bool]:
    """A title for a folder name: the text itself when short, else its first clause.

    Returns (title, guessed): guessed is True when the title was cut from longer text.
    """
    cleaned = without_method(strip_numbering(text))
    first_line = cleaned.split("\n", 1)[0].strip()
    if len(first_line) <= MAX_TITLE and "\n" not in cleaned and not _CLAUSE_END.search(cleaned):
        return first_line, False
    clause = _CLAUSE_END.split(first_line, 1)[0].strip() or first_line
    return clause[:MAX_TITLE].strip(), True


def category_heading_title(text: str) -> str:
    """一、组织领导（10分） → 组织领导."""
    return strip_numbering(text).split("\n", 1)[0].strip()


# ---------------------------------------------------------------- points, method, owners

_NUMBER_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")


def parse_points(text: str) -> float | None:
    """3, 3.5, 3分 → a number; anything else (—, 另计, 加分项) → None."""
    match = _NUMBER_TEXT.match(unicodedata.normalize("NFKC", text))
    return float(match.group(1)) if match else None


METHOD_WORDS = (
    "查阅资料",
    "材料审核",
    "资料审核",
    "查看资料",
    "实地考察",
    "实地查看",
    "实地检查",
    "现场检查",
    "现场查看",
    "问卷调查",
    "网上测评",
    "网络测评",
    "网络调查",
    "听取汇报",
    "座谈了解",
    "个别访谈",
    "随机抽查",
    "数据采集",
    "征求意见",
)


_METHOD_PREFIX = re.compile(rf"^\s*(?:(?:{'|'.join(METHOD_WORDS)})[、，,和及\s]*)+[:：]\s*")


def without_method(text: str) -> str:
    """查阅资料：单位成立领导小组 → 单位成立领导小组 (测评方法及内容 cells lead with the method)."""
    return _METHOD_PREFIX.sub("", text, count=1)


def normalize_method(text: str) -> str:
    """查阅资料；实地考察 → 查阅资料、实地考察."""
    parts = [p for p in re.split(r"[、，,；;/\n]+|\s+", text) if p]
    return "、".join(dict.fromkeys(parts))


def methods_in(text: str) -> str | None:
    """The assessment methods named inside content text (测评方法及内容 tables)."""
    found = [word for word in METHOD_WORDS if word in text]
    return "、".join(found) or None


def owner_names(text: str) -> list[str]:
    """办公室、宣传部（牵头） → [办公室, 宣传部]: departments, the lead first."""
    names = []
    for part in re.split(r"[、，,；;/\s]+", text):
        name = re.sub(r"[(（][^)）]*[)）]", "", part).strip(" 　:：")
        name = re.sub(r"^(?:牵头|配合|协办|责任|主责)(?:单位|部门)?[:：]", "", name).strip()
        if name and name not in names and len(name) <= 30:
            names.append(name)
    return names


# Pinyin initials of characters common in department names: 宣传部 → xcb, 办公室 → bgs.
# A name with a character outside the table gets a numbered id (o1, o2…) instead.
INITIAL_CHARS: dict[str, str] = {
    "a": "安案澳",
    "b": "办部保备编兵标本边宾北报博百班板版帮包宝病波八",
    "c": "处财采产常厂场车城成承创传出储策测查察船村促参残茶仓超程层裁",
    "d": "党队督档调地电道大代动度导读对东点典低订单得董",
    "e": "二儿",
    "f": "法服妇分发防房风扶福辅复非反范放峰纺",
    "g": "工管关公干规国改港岗共供购广馆股骨观光高格钢贵各革",
    "h": "会后护合化环核货航红湖海汇户话患黄火华划",
    "j": "机纪检监局建技计经教基积集结金精警军交际进价街节家稽绩急级加驾矫剧讲居间",
    "k": "科考客控库口开康矿",
    "l": "联离老劳领理律络楼旅林粮路论流廉两礼历陆力量",
    "m": "民秘媒贸门煤美免面模目棉密明",
    "n": "农能内年纳女南宁",
    "p": "培品评配普排频派",
    "q": "勤群青区企期气侨全权渠情清庆桥球",
    "r": "人任融入荣日燃",
    "s": "室事审市生社所税书数司水食宿收试实属售商设省申声视思四三山善赛森师少署术",
    "t": "团统厅退体特投台土铁通图条庭同堂",
    "w": "委务卫网文外物维武稳危微五污闻未",
    "x": "宣信息校学行休消销巡项新心小系宪县乡刑协训先向效需险",
    "y": "研院营运医育员预应业用园药邮银优援养义艺音源要愿",
    "z": "中组政治资综支站招总制质专装战整执职志自周主准镇证知重长值住助驻作织者展宗族征",
}
_INITIALS = {char: letter for letter, chars in INITIAL_CHARS.items() for char in chars}


def owner_id(name: str, taken: set[str], index: int) -> str:
    """An ASCII id for the department ``name``: pinyin initials (宣传部 → xcb) when every
    character is known, else ``o{index}``; made unique against ``taken`` and added to it."""
    normalized = unicodedata.normalize("NFKC", name)
    letters = []
    for char in normalized:
        if char.isascii() and char.isalnum():
            letters.append(char.lower())
        elif char in _INITIALS:
            letters.append(_INITIALS[char])
        elif char.isspace() or unicodedata.category(char).startswith("P"):
            continue
        else:
            letters = []
            break
    base = "".join(letters)[:12] if letters and letters[0].isalpha() else f"o{index}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------- dates


@dataclass(frozen=True, slots=True)
class Due:
    """A deadline read from a 完成时限 cell; ``exact`` is False when it was inferred."""

    day: dt.date
    exact: bool


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[-/.]\s*(\d{1,2})(?![\d/.\-]))")
_YEAR_PART = re.compile(r"(?<!\d)(\d{4})\s*年\s*(上半年|年中|下半年|年底|年末|底|末)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"(?<![\d年])(\d{1,2})\s*月(?:\s*(?:底|末|份|中旬|上旬|下旬))?")


def parse_due(text: str, default_year: int) -> Due | None:
    """A deadline in the date grammar (2023-10-15, 2023/10/15, 2023.10.15, 2023年10月15日,
    20231015), or inferred: 2023年6月底 → 2023-06-30, 2023年上半年 → 2023-06-30, 2023年底 →
    2023-12-31; without a year (6月30日前) the ``default_year``. None when no date is named
    (长期坚持, 每季度)."""
    normalized = unicodedata.normalize("NFKC", text)
    exact = find_day(normalized)
    if exact is not None:
        return Due(exact, True)
    match = _YEAR_MONTH.search(normalized)
    if match:
        month = int(match.group(2) or match.group(3))
        if 1 <= month <= 12:
            return Due(_last_day(int(match.group(1)), month), False)
    match = _YEAR_PART.search(normalized)
    if match:
        year = int(match.group(1))
        return Due(
            dt.date(year, 6, 30) if match.group(2) in {"上半年", "年中"} else dt.date(year, 12, 31),
            False,
        )
    match = _MONTH_DAY.search(normalized)
    if match:
        found = _day(default_year, int(match.group(1)), int(match.group(2)))
        if found:
            return Due(found, False)
    match = _MONTH.search(normalized)
    if match and 1 <= int(match.group(1)) <= 12:
        return Due(_last_day(default_year, int(match.group(1))), False)
    return None


_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


def years_in(text: str) -> list[int]:
    """Calendar years named in a title: 2021—2023年度 → [2021, 2023]."""
    return [int(y) for y in _YEAR.findall(unicodedata.normalize("NFKC", text))]
