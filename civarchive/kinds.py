"""Evidence kinds shared by the spec (what is required) and the scan (what a file is), and their words."""

from __future__ import annotations

from enum import StrEnum

from civarchive.i18n import Lang, language


class Kind(StrEnum):
    """What a file is, decided from its content (design §3)."""

    DOCUMENT = "document"
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


class RequirementKind(StrEnum):
    """What kind of evidence a requirement asks for (``any``: every kind but other)."""

    DOCUMENT = "document"
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    ANY = "any"


KIND_LABELS_ZH: dict[str, str] = {
    "document": "文件",
    "photo": "照片",
    "video": "视频",
    "audio": "音频",
    "other": "其他",
    "any": "任意",
}

# The measure word a count of each kind takes in Chinese: 4 张 (photos), 1 份 (documents).
_MEASURE_WORDS: dict[str, str] = {
    "document": "份",
    "photo": "张",
    "video": "个",
    "audio": "个",
    "other": "个",
}
_NOUNS_EN: dict[str, str] = {
    "document": "document",
    "photo": "photo",
    "video": "video",
    "audio": "audio file",
}


def kind_label(kind: str, lang: Lang | None = None) -> str:
    """照片 / photo: a kind named for people (``any`` is 任意 / file)."""
    if (lang or language()) == "zh":
        return KIND_LABELS_ZH.get(str(kind), str(kind))
    return "file" if kind == "any" else str(kind)


def measure_word(kind: str) -> str:
    """张 for photos, 份 for documents, 个 for videos and audio, 件 for any kind."""
    return _MEASURE_WORDS.get(str(kind), "件")


def count_noun(kind: str, count: int, lang: Lang | None = None) -> str:
    """``4 张`` / ``4 photos``: a count with the kind's measure word, or its English noun."""
    if (lang or language()) == "zh":
        return f"{count} {measure_word(kind)}"
    noun = _NOUNS_EN.get(str(kind), "file")
    return f"{count} {noun}{'' if count == 1 else 's'}"
