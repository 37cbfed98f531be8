"""Finding codes, severities and messages (design §4); plain enums, cheap to import."""

from __future__ import annotations

import re
from enum import StrEnum

from civarchive.i18n import Lang, language


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    """Stable finding codes; the contract's table in design §4."""

    MISSING_EVIDENCE = "missing_evidence"
    OVERDUE = "overdue"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    EMPTY_FILE = "empty_file"
    UNREADABLE = "unreadable"
    OUT_OF_PERIOD = "out_of_period"
    UNDATED = "undated"
    DUPLICATE = "duplicate"
    WRONG_EXTENSION = "wrong_extension"
    LOW_RESOLUTION = "low_resolution"
    TOO_SHORT = "too_short"
    MISSING_CAPTION = "missing_caption"
    UNUSED = "unused"
    UNASSIGNED = "unassigned"
    UNKNOWN_FOLDER = "unknown_folder"
    UNSUPPORTED_TYPE = "unsupported_type"
    BAD_NAME = "bad_name"
    SYMLINK = "symlink"
    LARGE_FILE_NOT_LFS = "large_file_not_lfs"
    CAPTION_ORPHAN = "caption_orphan"
    INBOX = "inbox"
    BAD_CAPTION = "bad_caption"


SEVERITY: dict[Code, Severity] = {
    Code.MISSING_EVIDENCE: Severity.WARNING,
    Code.OVERDUE: Severity.ERROR,
    Code.CORRUPT: Severity.ERROR,
    Code.ENCRYPTED: Severity.WARNING,
    Code.EMPTY_FILE: Severity.ERROR,
    Code.UNREADABLE: Severity.ERROR,
    Code.OUT_OF_PERIOD: Severity.WARNING,
    Code.UNDATED: Severity.WARNING,
    Code.DUPLICATE: Severity.WARNING,
    Code.WRONG_EXTENSION: Severity.WARNING,
    Code.LOW_RESOLUTION: Severity.WARNING,
    Code.TOO_SHORT: Severity.WARNING,
    Code.MISSING_CAPTION: Severity.WARNING,
    Code.UNUSED: Severity.WARNING,
    Code.UNASSIGNED: Severity.WARNING,
    Code.UNKNOWN_FOLDER: Severity.WARNING,
    Code.UNSUPPORTED_TYPE: Severity.INFO,
    Code.BAD_NAME: Severity.WARNING,
    Code.SYMLINK: Severity.INFO,
    Code.LARGE_FILE_NOT_LFS: Severity.INFO,
    # Not in the contract's table: a caption sheet row naming a file that does not exist.
    Code.CAPTION_ORPHAN: Severity.WARNING,
    # Not in the contract's table: a file import landed in the inbox, not yet filed (it
    # counts toward nothing until `organize` files it, like `unassigned`, but says what to do).
    Code.INBOX: Severity.WARNING,
    # Not in the contract's table: a caption sheet cell that cannot be used as written (a
    # 时间 that is no date, a cell cut to its maximum length); the rest of the sheet is read.
    Code.BAD_CAPTION: Severity.WARNING,
}

# Message templates per code: (zh, en). ``{detail}`` carries the specific reason.
MESSAGES: dict[Code, tuple[str, str]] = {
    Code.MISSING_EVIDENCE: ("缺：{detail}", "missing: {detail}"),
    Code.OVERDUE: ("已逾期：{detail}", "overdue: {detail}"),
    Code.CORRUPT: (
        "文件已损坏，无法打开：{detail}",
        "file is corrupt and cannot be opened: {detail}",
    ),
    Code.ENCRYPTED: (
        "文件有密码保护，检查时无人能打开，不计入任何要求",
        "password-protected: nobody can open it at inspection, so it counts toward nothing",
    ),
    Code.EMPTY_FILE: ("空文件（0 字节）", "empty file (0 bytes)"),
    Code.UNREADABLE: ("无法读取：{detail}", "cannot be read: {detail}"),
    Code.OUT_OF_PERIOD: ("证据日期 {detail}", "evidence date {detail}"),
    Code.UNDATED: (
        "找不到证据日期，不计入按年度的要求",
        "no evidence date found; does not count toward per-year requirements",
    ),
    Code.DUPLICATE: (
        "与 {detail} 内容相同，不重复计数",
        "same content as {detail}; not counted again",
    ),
    Code.WRONG_EXTENSION: (
        "扩展名与实际内容不符：{detail}",
        "extension does not match the content: {detail}",
    ),
    Code.LOW_RESOLUTION: ("分辨率过低：{detail}", "resolution too low: {detail}"),
    Code.TOO_SHORT: ("时长过短：{detail}", "too short: {detail}"),
    Code.MISSING_CAPTION: ("缺少照片说明（题名）", "no caption (title) found"),
    Code.UNUSED: (
        "不符合本指标的任何要求：{detail}",
        "counts toward no requirement of this indicator: {detail}",
    ),
    Code.UNASSIGNED: ("不在任何指标文件夹中", "not under any indicator folder"),
    Code.UNKNOWN_FOLDER: (
        "文件夹名像指标编号，但测评体系中没有：{detail}",
        "folder is named like an indicator the spec lacks: {detail}",
    ),
    Code.UNSUPPORTED_TYPE: (
        "不是可识别的证据类型：{detail}",
        "not a recognised evidence type: {detail}",
    ),
    Code.BAD_NAME: (
        "文件名不是有效的 UTF-8 或含控制字符（含文字方向控制符）{detail}",
        "file name is not valid UTF-8 or has control characters (direction controls included){detail}",
    ),
    Code.SYMLINK: ("符号链接，未跟随", "symbolic link, not followed"),
    Code.LARGE_FILE_NOT_LFS: (
        "未用 Git LFS 提交的大文件：{detail}",
        "large files committed without Git LFS: {detail}",
    ),
    Code.CAPTION_ORPHAN: (
        "说明表中的文件不存在：{detail}",
        "caption sheet names a file that does not exist: {detail}",
    ),
    Code.INBOX: (
        "待整理：导入后尚未归入指标（civarchive organize 给出归档建议）",
        "to be sorted: imported, not yet filed under an indicator (civarchive organize suggests where)",
    ),
    Code.BAD_CAPTION: (
        "说明表中有无法使用的内容：{detail}",
        "caption sheet holds a value that cannot be used: {detail}",
    ),
}


# What a person reads beside (or, in a Chinese table, instead of) a finding's code: one table,
# used by every renderer and by bind's 备考表 (design §4). JSON carries the code.
CODE_LABELS_ZH: dict[Code, str] = {
    Code.MISSING_EVIDENCE: "缺少材料",
    Code.OVERDUE: "逾期未交",
    Code.CORRUPT: "文件损坏",
    Code.ENCRYPTED: "加密文件",
    Code.EMPTY_FILE: "空文件",
    Code.UNREADABLE: "无法读取",
    Code.OUT_OF_PERIOD: "不在期限内",
    Code.UNDATED: "没有日期",
    Code.DUPLICATE: "重复文件",
    Code.WRONG_EXTENSION: "扩展名不符",
    Code.LOW_RESOLUTION: "分辨率过低",
    Code.TOO_SHORT: "时长过短",
    Code.MISSING_CAPTION: "缺少说明",
    Code.UNUSED: "未被采用",
    Code.UNASSIGNED: "未归类",
    Code.UNKNOWN_FOLDER: "未知文件夹",
    Code.UNSUPPORTED_TYPE: "无法识别的类型",
    Code.BAD_NAME: "文件名异常",
    Code.SYMLINK: "符号链接",
    Code.LARGE_FILE_NOT_LFS: "大文件未用 Git LFS",
    Code.CAPTION_ORPHAN: "说明表多余行",
    Code.INBOX: "待整理",
    Code.BAD_CAPTION: "说明表内容有误",
}

SEVERITY_LABELS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("错误", "error"),
    Severity.WARNING: ("警告", "warning"),
    Severity.INFO: ("提示", "info"),
}


def code_label(code: Code, lang: Lang | None = None) -> str:
    """A finding code as people read it: its Chinese label in Chinese, the code itself in English."""
    return CODE_LABELS_ZH[code] if (lang or language()) == "zh" else code.value


def severity_label(severity: Severity, lang: Lang | None = None) -> str:
    """错误 / 警告 / 提示, or error / warning / info."""
    zh, en = SEVERITY_LABELS[severity]
    return zh if (lang or language()) == "zh" else en


# Scan records its details in English once (they are cached across runs and languages);
# these patterns give the Chinese reading. An unknown detail is shown as it is.
_KIND_ZH = {"video": "视频画面", "audio": "音频数据", "picture": "画面"}
_DETAIL_ZH: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^\.(?P<ext>\S+) but the content is (?P<fmt>\S+)$"),
        ".{ext} 文件，实际是 {fmt}",
    ),
    (re.compile(r"^image data is truncated"), "图像数据不完整（文件被截断）"),
    (re.compile(r"^JPEG has no image data"), "JPEG 里没有图像数据"),
    (re.compile(r"^PNG is truncated"), "PNG 文件被截断"),
    (re.compile(r"^pixels cannot be decoded: (?P<err>\w+)"), "像素无法解码（{err}）"),
    (
        re.compile(r"^image too large to be a photo \((?P<mp>\d+) megapixels\)"),
        "图像过大，不是正常照片（{mp} 百万像素）",
    ),
    (re.compile(r"^image too large to be a photo"), "图像过大，不是正常照片（疑似解压炸弹）"),
    (
        re.compile(r"^not a readable (?P<what>[\w ]+?)( image)?(: (?P<err>\w+).*)?$"),
        "无法作为 {what} 打开",
    ),
    (re.compile(r"^no video or audio stream"), "没有视频或音频流"),
    (re.compile(r"^no decodable (?P<what>\w+)"), "没有可解码的{what_zh}（媒体数据缺失或损坏）"),
    (
        re.compile(r"^zip entry (?P<name>.+) declares (?P<n>[\d,]+) bytes"),
        "压缩包条目 {name} 声称有 {n} 字节（疑似压缩炸弹）",
    ),
    (
        re.compile(r"^zip entry (?P<name>.+) compresses (?P<r>[\d,]+):1"),
        "压缩包条目 {name} 压缩比 {r}:1（疑似压缩炸弹）",
    ),
    (re.compile(r"^(?P<name>.+) is too large \((?P<n>[\d,]+) bytes\)"), "{name} 过大（{n} 字节）"),
    (re.compile(r"^(?P<name>.+) is damaged"), "{name} 已损坏"),
    (re.compile(r"^no \[Content_Types\]\.xml"), "缺少 [Content_Types].xml，不是完整的 Office 文档"),
    (re.compile(r"^no OFD\.xml"), "缺少 OFD.xml，不是完整的 OFD 文档"),
    (re.compile(r"^the file crashed the program reading it"), "读取该文件时解析程序崩溃（已隔离）"),
    (re.compile(r"^a named pipe \(FIFO\)"), "命名管道（FIFO），不是文件"),
    (re.compile(r"^a socket, not a file"), "套接字，不是文件"),
    (re.compile(r"^a device, not a file"), "设备文件，不是普通文件"),
    (re.compile(r"^a special file"), "特殊文件，不是普通文件"),
    (
        re.compile(r"^row (?P<row>\d+): (?P<col>\S+) '(?P<v>.*)' is not a date"),
        "第 {row} 行：{col}“{v}”不是日期，已忽略"
        "（日期可写成 2023-10-15、2023/10/15、2023.10.15、2023年10月15日 或 20231015，或只写年份）",
    ),
    (
        re.compile(r"^row (?P<row>\d+): (?P<col>\S+) '(?P<v>.*)' is not a 密级"),
        "第 {row} 行：{col}“{v}”不是密级（公开、内部、秘密、机密、绝密），已忽略",
    ),
    (
        re.compile(r"^row (?P<row>\d+): (?P<col>\S+) '(?P<v>.*)' is not a page count"),
        "第 {row} 行：{col}“{v}”不是页数，已忽略",
    ),
    (
        re.compile(r"^row (?P<row>\d+): (?P<col>\S+) cut to (?P<n>\d+) characters"),
        "第 {row} 行：{col} 过长，只保留前 {n} 个字符",
    ),
    (re.compile(r"^(?P<n>\d+) more rows with such problems"), "另有 {n} 行有类似问题"),
    (re.compile(r"^; holds (?P<c>U\+\w+), a direction control"), "；含文字方向控制符 {c}"),
    (re.compile(r"^truncated: (?P<what>.+)"), "文件被截断：{what}"),
    (re.compile(r"^Permission denied"), "没有读取权限"),
    (re.compile(r"^No such file or directory"), "扫描期间文件被移走或删除"),
    (re.compile(r"^(?P<err>[A-Z]\w*(Error|Exception)): "), "读取出错（{err}）"),
]


def _detail_zh(detail: str) -> str:
    for pattern, template in _DETAIL_ZH:
        match = pattern.match(detail)
        if match:
            fields = {k: v or "" for k, v in match.groupdict().items()}
            fields["what_zh"] = _KIND_ZH.get(fields.get("what", ""), fields.get("what", ""))
            return template.format(**fields)
    return detail


def message(code: Code, detail: str = "", lang: Lang | None = None) -> str:
    """The human message for ``code`` in ``lang`` (default: the user's language)."""
    zh, en = MESSAGES[code]
    if (lang or language()) == "zh":
        return zh.format(detail=_detail_zh(detail))
    return en.format(detail=detail)
