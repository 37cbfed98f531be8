"""File-name rules shared by check, organize and import: copy names, machine-made names, mojibake."""

from __future__ import annotations

import re
import unicodedata

# A copy's name as Windows, macOS, WeChat and QQ make it (design §4 `duplicate`): 「志愿服务1 - 副本」,
# 「副本 志愿服务1」, 「志愿服务1(1)」, 「志愿服务1（1）」, 「志愿服务1 copy」, 「志愿服务1的副本」, XP's 「复件 …」.
_COPY_MARKS = (
    re.compile(r"\s*的副本(\s*\d{1,3})?$"),
    re.compile(r"\s*[-－—_]?\s*(副本|复件)(\s*[(（]\d{1,3}[)）]|\s*\d{1,3})?$"),
    re.compile(r"^(副本|复件)(\s*[(（]\d{1,3}[)）])?\s*[-－—_]?\s*(?=\S)"),
    re.compile(r"\s*[(（]\d{1,3}[)）]$"),
    re.compile(r"\s*[-_]?\s*copy(\s*\d{1,3}|\s*[(（]\d{1,3}[)）])?$", re.IGNORECASE),
)

# Names cameras, phones, scanner apps, chat tools and office programs give: no words a person
# chose (design §6 题名 rule). A prefix, then at most digits, hex, dates and separators.
_MACHINE_NAME = re.compile(
    r"^(IMG|DSC|DSCF|DSCN|DJI|GOPR|PXL|MVIMG|VID|MOV|P|SAM|CIMG|PANO|Screenshot|Screen ?Shot|"
    r"Snipaste|mmexport|wx_camera|微信图片|微信截图|微信视频|QQ图片|QQ截图|QQ视频|TIM图片|"
    r"WPS图片|Scan|Scanned|CamScanner|扫描全能王|扫描件|扫描|截图|屏幕截图|录屏|录音|新建|"
    r"image|photo|pic|video|audio|record|未命名|无标题|Untitled|Document|Doc|文档|"
    r"工作簿|Book|演示文稿|Presentation|Sheet|tmp|temp)"
    r"([\s_\-.]*[0-9a-f\-_\s.:]*)?$|^[0-9a-f\-_\s.()（）]+$",
    re.IGNORECASE,
)
_MACHINE_WORDS = re.compile(
    r"新建.{0,30}(文档|文件|工作表|演示文稿|文本文档|文件夹)|"
    r"(New )?Microsoft (Word|Excel|PowerPoint) (Document|Worksheet|Presentation)",
    re.IGNORECASE,
)

# What people put before the words of a name to sort files: a date (20230512-, 2023-05-12_,
# 2023.5.12 , 2023年5月12日-) or a sequence number (01_, 1、, 3. , （3）, [3]). A bare year
# (2023年学习计划) is part of the title and stays.
_LEADING_DATE = re.compile(
    r"^(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[_\-.\s]?\d{4,6})?"
    r"|(?:19|20)\d{2}[\-_.](?:0?[1-9]|1[0-2])[\-_.](?:0?[1-9]|[12]\d|3[01]))"
    r"(?:[\s_\-、.．,，]+|(?=[^\d\s_\-.]))"
    r"|^(?:19|20)\d{2}年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])[日号](?:[\s_\-、.．,，]+)"
)
_TRAILING_DATE = re.compile(
    r"[\s_\-—]+(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:19|20)\d{2}[\-_.](?:0?[1-9]|1[0-2])[\-_.](?:0?[1-9]|[12]\d|3[01]))$"
)
_LEADING_NUMBER = re.compile(
    r"^(?:\d{1,3}[\s_\-、.．]+(?=[^\d\s_\-、.．])|[(（【\[]\d{1,3}[)）】\]][\s_\-、.．]*)"
)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def stem_and_extension(name: str) -> tuple[str, str]:
    """``("志愿服务1 - 副本", ".jpg")``; a name without a dot (or a dot file) has no extension."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or " " in ext or len(ext) > 8:
        return name, ""
    return stem, "." + ext


def strip_copy_marks(stem: str) -> str:
    """The stem without copy marks: 「志愿服务1 - 副本 (2)」 → 「志愿服务1」; unchanged when none."""
    text = unicodedata.normalize("NFC", stem).strip()
    changed = True
    while changed:
        changed = False
        for pattern in _COPY_MARKS:
            shorter = pattern.sub("", text, count=1).strip()
            if shorter and shorter != text:
                text, changed = shorter, True
    return text


def is_copy_name(name: str) -> bool:
    """True when a file name carries a copy mark (「 - 副本」「副本」「(1)」「（1）」「 copy」「的副本」)."""
    stem, _ = stem_and_extension(name)
    stem = unicodedata.normalize("NFC", stem).strip()
    return any(pattern.search(stem) for pattern in _COPY_MARKS)


def is_machine_name(stem: str) -> bool:
    """True when a stem is made by a camera, phone or program (IMG_…, mmexport…, 微信图片_…, 新建 Word 文档)."""
    text = unicodedata.normalize("NFKC", strip_copy_marks(stem)).strip()
    return not text or bool(_MACHINE_NAME.match(text) or _MACHINE_WORDS.fullmatch(text))


def title_from_name(stem: str) -> str:
    """The 题名 a file's stem gives (design §6): without copy marks, the dates and sequence
    numbers put in front to sort files, and a full date put at the end —
    「20230512-01_学雷锋活动 - 副本」 and 「学雷锋活动 2023-05-12」 → 「学雷锋活动」.

    The stem itself when nothing would be left (「20230512」); a 文号 inside stays (bind
    moves it to its own column).
    """
    text = strip_copy_marks(stem).strip()
    changed = True
    while changed:
        changed = False
        for pattern in (_LEADING_DATE, _LEADING_NUMBER, _TRAILING_DATE):
            shorter = pattern.sub("", text, count=1).strip()
            if shorter and shorter != text:
                text, changed = shorter, True
    return text or stem.strip()


# Titles office programs and templates leave in a document's properties (design §6): never
# what the clerk meant. Compared case-folded, without spaces.
_TEMPLATE_TITLES = frozenset(
    t.casefold().replace(" ", "")
    for t in (
        "Title",
        "标题",
        "题目",
        "无标题",
        "未命名",
        "Untitled",
        "Document",
        "文档",
        "Normal",
        "Normal.dotm",
        "模板",
        "Template",
        "默认",
        "Default",
        "PowerPoint 演示文稿",
        "PowerPoint Presentation",
        "Slide 1",
        "幻灯片 1",
        "Sheet1",
        "Word 文档",
        "WPS 文字",
        "Subject",
        "主题",
    )
)
_TEMPLATE_PHRASES = re.compile(
    r"created (with|by)|this is a|template|模板|sample|lorem ipsum|^(Microsoft|MS) "
    r"(Word|Excel|PowerPoint|Office)\b|^(Microsoft )?(Word|WPS|PowerPoint|Excel) ?-",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"\.(docx?|dotx?|xlsx?|pptx?|pdf|wps|et|dps|ofd|txt|rtf|odt|jpe?g|png|heic|tiff?)\s*$"
    r"|[\\/]",
    re.IGNORECASE,
)
# Latin-1 letters and symbols without a Chinese character beside them: GBK or UTF-8 bytes
# read in a Western code page (「°ú DOCX ⁄c」, 「Ã¦Â–‡」).
_MOJIBAKE_CHARS = re.compile(r"[\u0080-\u00ff\u2044\ufffd\u0100-\u017f]")


def plausible_title(text: str | None) -> bool:
    """True when a document's metadata title can stand as its 题名: not empty, not a file name,
    not a template's leftover (「This is a simple file created with Word 97-SR2」,
    「Microsoft Word - 通知.doc」), not mojibake (「°ú DOCX ⁄c (2).docx」), not a machine name."""
    if text is None:
        return False
    title = unicodedata.normalize("NFC", text).strip()
    if len(title) < 2 or not title.isprintable() or "\ufffd" in title:
        return False
    if title.casefold().replace(" ", "") in _TEMPLATE_TITLES:
        return False
    if _TEMPLATE_PHRASES.search(title) or _FILE_NAME.search(title):
        return False
    if not has_cjk(title) and _MOJIBAKE_CHARS.search(title):
        return False
    if not any(c.isalpha() for c in title):
        return False
    return not is_machine_name(title)


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return bool(_CJK.search(text))


def gbk_reading(raw: bytes) -> str | None:
    """The Chinese name GBK bytes stand for (zips from Chinese Windows), or None when they are not GBK text."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if not text.isprintable() or not has_cjk(text):
        return None
    return text


def undo_cp437_mojibake(name: str) -> str | None:
    """The real name behind a GBK name once read as CP437 (``╓╛╘╕.jpg`` → ``志愿.jpg``), or None.

    Zip tools that ignore the missing UTF-8 flag read GBK bytes as CP437, the zip default; the
    name is then valid Unicode but unreadable. It is repaired only when it holds no Chinese,
    every character is CP437, and the GBK reading is Chinese text.
    """
    if name.isascii() or has_cjk(name):
        return None
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return None
    return gbk_reading(raw)


# Characters Windows forbids in names, and names it reserves (design §7: clerks use Windows).
_WINDOWS_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)
}
# Explorer and zip tools still trip over paths above 260 characters: a name stays well under.
MAX_NAME_CHARS = 120


def windows_safe_name(name: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """``name`` valid on Windows: forbidden characters become ``_``, no trailing dot or space,
    no reserved device name, at most ``max_chars`` characters (the extension kept)."""
    stem, ext = stem_and_extension(unicodedata.normalize("NFC", name))
    stem = _WINDOWS_FORBIDDEN.sub("_", stem).strip()
    ext = _WINDOWS_FORBIDDEN.sub("_", ext).rstrip(". ")
    stem = stem[: max(1, max_chars - len(ext))].rstrip(". ") or "_"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return stem + ext


def name_key(name: str) -> str:
    """How two names clash on Windows and macOS: same letters whatever the case and normal form."""
    return unicodedata.normalize("NFC", name).casefold()


def numbered(name: str, number: int) -> str:
    """``志愿服务.jpg`` → ``志愿服务 (2).jpg``: the form a name takes when its first form is taken."""
    stem, ext = stem_and_extension(name)
    return f"{stem} ({number}){ext}"
