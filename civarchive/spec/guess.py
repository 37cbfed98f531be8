"""Guesses from a 测评细则's wording: short titles, methods, points, deadlines, owner ids, the evidence needed."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

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
    return int(token) if token.isdigit() else chinese_number(token)


def chinese_number(token: str) -> int | None:
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


def category_title(text: str) -> str:
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
_INITIAL_CHARS: dict[str, str] = {
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
_INITIALS = {char: letter for letter, chars in _INITIAL_CHARS.items() for char in chars}


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


_FULL_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)"
)
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
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
    match = _FULL_DATE.search(normalized)
    if match:
        year, month, day = (
            match.group(1),
            match.group(2) or match.group(4),
            match.group(3) or match.group(5),
        )
        found = _day(int(year), int(month), int(day))
        if found:
            return Due(found, True)
    match = _COMPACT_DATE.search(normalized)
    if match:
        found = _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return Due(found, True)
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


# ---------------------------------------------------------------- the evidence an indicator needs

# Document nouns, longest first so that 实施方案 wins over 方案.
DOCUMENT_NOUNS = (
    "实施方案",
    "工作方案",
    "活动方案",
    "承诺书",
    "倡议书",
    "责任书",
    "登记表",
    "花名册",
    "责任制",
    "会议纪要",
    "工作总结",
    "工作计划",
    "方案",
    "计划",
    "规划",
    "总结",
    "制度",
    "办法",
    "细则",
    "纪要",
    "台账",
    "记录",
    "通知",
    "报告",
    "名册",
    "协议",
    "预案",
    "简报",
    "要点",
    "章程",
    "公约",
    "证书",
    "报道",
    "文件",
)
# Nouns a file name is likely to carry; 文件/报道/证书 say too little to filter on.
_NO_MATCH = {"文件", "报道", "证书"}
_YEARLY_NOUNS = ("计划", "总结", "方案", "报告", "要点", "纪要", "记录", "台账", "简报", "规划")
_YEARLY = ("每年", "年度", "年初", "年终", "全年", "每季度", "每月", "年底")
_PHOTO = ("照片", "图片", "现场", "活动", "实地", "合影", "图像")
_VIDEO = ("视频", "影像", "录像", "音像")
_DOCUMENT_METHODS = ("查阅资料", "材料审核", "资料审核", "查看资料", "查阅", "资料")
_SITE_METHODS = ("实地", "现场")
_LEADING_VERBS = (
    "制定",
    "制订",
    "建立",
    "健全",
    "完善",
    "印发",
    "出台",
    "形成",
    "签订",
    "开展",
    "召开",
    "落实",
    "建有",
    "编制",
    "撰写",
    "报送",
    "提供",
    "查看",
    "查阅",
    "做好",
    "定期",
    "每年",
    "年初",
    "年终",
    "年底",
    "及时",
    "专题",
    "留存",
    "保存",
    "存档",
    "下发",
    "明确",
    "作出",
    "发布",
    "公开",
    "公布",
    "组织",
    "有",
    "要",
    "的",
)
_PHRASE_BOUNDARY = re.compile(
    r"[，。；：、,.;:！？!?\s“”\"'‘’《》〈〉()（）\[\]【】]|[和及与并或等]"
)
_CLAUSES = re.compile(r"[。；;\n]|(?<!\d)\d+[.、．)）](?!\d)|[(（]\d+[)）]|[①-⑳]")
_COUNT = re.compile(
    r"(?:不少于|至少|不低于|达到)\s*(\d+|[一二两三四五六七八九十])\s*[次场期个张份篇项]"
    r"|(\d+|[一二两三四五六七八九十])\s*[次场期个张份篇项]以上"
)
MAX_COUNT = 10
MAX_REQUIREMENTS = 6
MAX_WHAT = 30
EVIDENCE_COLUMN = "佐证材料"
SHORT_TITLE = 10


@dataclass(frozen=True, slots=True)
class Guess:
    """One requirement guessed from wording, with the words that suggested it."""

    kind: str
    """文件, 照片 or 视频 (the spec's Chinese kind words)."""
    what: str
    min: int = 1
    per_year: bool = False
    match: tuple[str, ...] = ()
    because: tuple[str, ...] = ()


def _count(clause: str) -> int | None:
    match = _COUNT.search(unicodedata.normalize("NFKC", clause))
    if not match:
        return None
    token = match.group(1) or match.group(2)
    value = int(token) if token.isdigit() else chinese_number(token)
    return min(value, MAX_COUNT) if value and value > 1 else None


def _strip_verbs(phrase: str) -> str:
    changed = True
    while changed:
        changed = False
        for verb in _LEADING_VERBS:
            if phrase.startswith(verb) and len(phrase) > len(verb):
                phrase = phrase[len(verb) :]
                changed = True
    return phrase


def _document_phrases(clause: str) -> list[tuple[str, str, bool]]:
    """(phrase, noun, yearly) for every document noun in ``clause``: 每年制定学习计划 →
    (学习计划, 计划, True). The phrase runs back to punctuation or a conjunction and starts
    after the last verb; ``yearly`` says a 每年/年度 word is part of it or just before it."""
    found: list[tuple[str, str, bool]] = []
    position = 0
    while position < len(clause):
        best: tuple[int, str] | None = None
        for noun in DOCUMENT_NOUNS:
            at = clause.find(noun, position)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, noun)
        if best is None:
            break
        at, noun = best
        end = at + len(noun)
        start = at
        while start > 0 and not _PHRASE_BOUNDARY.match(clause[start - 1]) and at - start < 16:
            start -= 1
        raw = clause[start:end]
        found.append((_after_verbs(raw, len(noun)), noun, any(w in raw for w in _YEARLY)))
        position = end
    return found


def _after_verbs(phrase: str, noun_length: int) -> str:
    """The phrase from after its last verb: 理论学习中心组每年制定学习计划 → 学习计划."""
    cut = 0
    head = phrase[: len(phrase) - noun_length]
    for verb in _LEADING_VERBS:
        at = head.rfind(verb)
        if at >= 0:
            cut = max(cut, at + len(verb))
    return phrase[cut:]


def _with_title(title: str, phrase: str, noun: str, yearly: bool) -> str:
    """A bare noun reads better with context: 年度计划, or the title's: 环境卫生制度."""
    if phrase != noun and len(phrase) > 2:
        return phrase
    if yearly:
        return f"年度{noun}"
    context = _context(title)
    if context.endswith(DOCUMENT_NOUNS):
        return f"{context}及{noun}"
    return f"{context}{noun}"


def _context(title: str) -> str:
    """The title to prefix a bare noun with; a title cut from a sentence is too long for it."""
    return title if len(title) <= SHORT_TITLE else ""


def guess_requirements(
    title: str, text: str, method: str | None, evidence: str | None
) -> list[Guess]:
    """The evidence an indicator probably needs, from the table's own evidence column when it
    has one, else from the indicator's content and method:

    - 查阅资料/文件/制度/方案/总结/记录/台账… → 文件 (``what`` from the phrase, ``match`` its noun);
    - 照片/图片/现场/活动 (or 实地考察) → 照片; 视频/影像 → 视频;
    - 每年/年度 in the same clause → ``per_year``; 不少于 N 次 → ``min``.

    Something is always returned: an indicator checked by 查阅资料 needs a document, and one
    with nothing recognisable gets a generic document to be confirmed.
    """
    guesses: list[Guess] = []
    if evidence:
        guesses = _from_evidence(title, evidence)
    if not guesses:
        guesses = _from_text(title, text, method or "")
    if not guesses:
        guesses = [Guess("文件", f"{_context(title)}相关资料", because=())]
    unique: dict[tuple[str, str], Guess] = {}
    for guess in guesses:
        unique.setdefault((guess.kind, guess.what), guess)
    return list(unique.values())[:MAX_REQUIREMENTS]


def _kind_of(text: str) -> tuple[str, str] | None:
    for word in _VIDEO:
        if word in text:
            return "视频", word
    for word in ("照片", "图片", "合影", "图像"):
        if word in text:
            return "照片", word
    return None


def _from_evidence(title: str, evidence: str) -> list[Guess]:
    guesses = []
    for raw in _CLAUSES.split(evidence):
        for item in re.split(r"[、，,]", raw or ""):
            item = strip_numbering(item).strip(" 　:：")
            if len(item) < 2:
                continue
            what = item[:MAX_WHAT]
            yearly = [w for w in _YEARLY if w in item]
            media = _kind_of(item)
            if media:
                guesses.append(
                    Guess(media[0], what, per_year=bool(yearly), because=(EVIDENCE_COLUMN, *yearly))
                )
                continue
            nouns = [n for n in DOCUMENT_NOUNS if n in item]
            noun = nouns[0] if nouns else None
            match = (noun,) if noun and noun not in _NO_MATCH else ()
            guesses.append(
                Guess(
                    "文件",
                    what,
                    per_year=bool(yearly),
                    match=match,
                    because=(EVIDENCE_COLUMN, *yearly),
                )
            )
    return guesses


def _from_text(title: str, text: str, method: str) -> list[Guess]:
    documents: list[Guess] = []
    photo: Guess | None = None
    video: Guess | None = None
    for clause in (c for c in _CLAUSES.split(text) if c):
        yearly = [w for w in _YEARLY if w in clause]
        count = _count(clause)
        for phrase, noun, yearly_phrase in _document_phrases(clause):
            per_year = yearly_phrase and noun.endswith(_YEARLY_NOUNS)
            bare = phrase == noun or len(phrase) <= 2
            if bare and any(d.match and d.match[0][-2:] == noun[-2:] for d in documents):
                continue  # 年初有计划 after 年度工作计划: the same document
            many = count if noun.endswith(("纪要", "记录", "简报", "报道")) else None
            documents.append(
                Guess(
                    "文件",
                    _with_title(title, phrase, noun, per_year)[:MAX_WHAT],
                    min=many or 1,
                    per_year=per_year,
                    match=() if noun in _NO_MATCH else (noun,),
                    because=(noun, *(yearly[:1] if per_year else [])),
                )
            )
        media = _kind_of(clause)
        if video is None and media and media[0] == "视频":
            video = Guess("视频", f"{_context(title) or '活动'}视频", because=(media[1],))
        photo_word = next((w for w in _PHOTO if w in clause), None)
        if photo is None and photo_word:
            photo = Guess(
                "照片",
                _photo_what(title, photo_word),
                min=count or 1,
                per_year=bool(yearly) and "活动" in clause,
                because=(photo_word, *yearly[:1]),
            )
    site = next((w for w in _SITE_METHODS if w in method), None)
    if photo is None and site:
        photo = Guess("照片", f"{_context(title)}现场照片", because=(method,))
    checked_on_paper = next((w for w in _DOCUMENT_METHODS if w in method), None)
    if not documents and checked_on_paper:
        documents.append(Guess("文件", f"{_context(title) or '相关'}工作资料", because=(method,)))
    return [*documents, *(g for g in (photo, video) if g is not None)]


def _photo_what(title: str, word: str) -> str:
    context = _context(title)
    if word in {"现场", "实地"}:
        return f"{context}现场照片"
    if context.endswith("活动"):
        return f"{context}照片"
    return f"{context}活动照片"
