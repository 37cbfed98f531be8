"""Guess the evidence an indicator needs from a 测评细则's wording: documents, photos, videos, per year."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from civarchive.spec.guess import parse_chinese_number, strip_numbering

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
    value = int(token) if token.isdigit() else parse_chinese_number(token)
    return min(value, MAX_COUNT) if value and value > 1 else None


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
