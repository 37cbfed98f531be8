"""Evidence kinds shared by the spec (what is required) and the scan (what a file is)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a file is, decided from its content (design §3)."""

    DOCUMENT = "document"
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    OTHER = "other"


KIND_LABELS_ZH: dict[str, str] = {
    "document": "文件",
    "photo": "照片",
    "video": "视频",
    "audio": "音频",
    "other": "其他",
    "any": "任意",
}

# Measure words used in gap messages: 缺：学习活动照片 4 张
KIND_UNITS_ZH: dict[str, str] = {
    "document": "份",
    "photo": "张",
    "video": "个",
    "audio": "个",
    "other": "个",
    "any": "件",
}
