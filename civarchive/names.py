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

# Names cameras, phones and chat tools give: no words a person chose (design §6 题名 rule).
_MACHINE_NAME = re.compile(
    r"^(IMG|DSC|DSCF|DSCN|DJI|GOPR|PXL|MVIMG|VID|MOV|P|SAM|CIMG|PANO|Screenshot|Screen ?Shot|"
    r"mmexport|wx_camera|微信图片|微信截图|QQ图片|QQ截图|QQ视频|Scan|扫描|截图|屏幕截图|新建|"
    r"image|photo|video|未命名|无标题|Untitled|Document|Doc|tmp)"
    r"([\s_\-.]*[0-9a-f\-_\s.]*)?$|^[0-9a-f\-_\s.()（）]+$",
    re.IGNORECASE,
)
_MACHINE_WORDS = re.compile(r"新建.{0,30}(文档|文件|工作表|演示文稿|文本文档)", re.IGNORECASE)

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
