"""YAML syntax errors in the clerk's words, and the slips a Chinese input method makes.

With a Chinese IME on, the colon comes out full-width (``title：理想``), indentation may be
typed with the full-width space U+3000, and the space after a colon is easily forgotten.
PyYAML then reports the line after the slip, in English parser terms (``while scanning a
simple key could not find expected ':'``). Here the slip itself is found, on the error's
line or just before it, and named where it is, with how to fix it; any other syntax error
is worded in the user's language instead of the parser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civarchive.i18n import language, tr

# A slip is looked for on the line the parser stopped at and this many lines before it:
# the parser notices a broken key only when the next line starts.
LOOKBACK = 2

_FULL_WIDTH_SPACE = "\u3000"
# A key (spec keys are ASCII words) at the start of a line, after "- " or inside {…}.
_KEY = r"(?:^|[{,])[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ \t]*(?P<colon>：)")
_NO_SPACE = re.compile(_KEY + r"(?P<colon>:)(?=[^\s/:'\"])")


@dataclass(frozen=True, slots=True)
class Slip:
    """Where a typing slip is (1-based line and column), what it is and how to fix it."""

    line: int
    column: int
    message: str
    hint: str


def find_slip(text: str, line: int) -> Slip | None:
    """The slip that explains a syntax error found at ``line`` (1-based), nearest first."""
    lines = text.splitlines()
    last = min(line, len(lines))
    for number in range(last, max(0, last - LOOKBACK - 1), -1):
        slip = _slip_in(lines[number - 1], number)
        if slip is not None:
            return slip
    return None


def _slip_in(text: str, number: int) -> Slip | None:
    indent = len(text) - len(text.lstrip(" \t" + _FULL_WIDTH_SPACE))
    if "\t" in text[:indent]:
        return Slip(
            number,
            text.index("\t") + 1,
            tr("缩进里有 Tab 键", "a tab in the indentation"),
            tr(
                "只能用空格缩进：把 Tab 换成空格",
                "YAML is indented with spaces only: replace the tab with spaces",
            ),
        )
    if _FULL_WIDTH_SPACE in text[:indent]:
        return Slip(
            number,
            text.index(_FULL_WIDTH_SPACE) + 1,
            tr("缩进里有全角空格「　」", "a full-width space (U+3000) in the indentation"),
            tr(
                "切换到半角（英文）输入，用普通空格缩进",
                "indent with ordinary spaces (switch the input method to half-width)",
            ),
        )
    found = _FULL_WIDTH_COLON.search(text)
    if found is not None:
        key = found.group("key")
        return Slip(
            number,
            found.start("colon") + 1,
            tr(
                "“{k}”后面是全角冒号「：」",
                "'{k}' is followed by a full-width colon (：)",
                k=key,
            ),
            tr(
                "改成半角冒号加一个空格：{k}: …",
                "write a half-width colon and a space: {k}: …",
                k=key,
            ),
        )
    found = _NO_SPACE.search(text)
    if found is not None:
        key = found.group("key")
        return Slip(
            number,
            found.start("colon") + 1,
            tr("“{k}:”的冒号后面缺少空格", "no space after the colon of '{k}:'", k=key),
            tr("在冒号后加一个空格：{k}: …", "put a space after the colon: {k}: …", k=key),
        )
    return None


# PyYAML's (and libyaml's) problem texts, worded for a clerk: (fragment, zh, en, zh hint, en hint).
_PROBLEMS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "could not find expected ':'",
        "这一行缺少冒号（应写成“键: 值”）",
        "this line has no colon (write 'key: value')",
        "在键后面写半角冒号和一个空格",
        "write a half-width colon and a space after the key",
    ),
    (
        "mapping values are not allowed",
        "这里不能出现“键: 值”：缩进不对，或值里有未加引号的冒号",
        "a 'key: value' is not allowed here: wrong indentation, or a colon in an unquoted value",
        "同一层的键左边对齐；值里有冒号时给整个值加引号",
        "align keys of the same level; quote a value that holds a colon",
    ),
    (
        "tab character",
        "缩进里有 Tab 键",
        "a tab in the indentation",
        "只能用空格缩进：把 Tab 换成空格",
        "YAML is indented with spaces only: replace the tab with spaces",
    ),
    (
        "found character '\\t'",
        "缩进里有 Tab 键",
        "a tab in the indentation",
        "只能用空格缩进：把 Tab 换成空格",
        "YAML is indented with spaces only: replace the tab with spaces",
    ),
    (
        "found unexpected end of stream",
        "引号没有配对：值的开头有引号，结尾没有",
        "a quote is not closed",
        "在值的末尾补上同样的引号",
        "close the value with the same quote",
    ),
    (
        "expected a single document",
        "规范文件只能有一个文档",
        "a spec holds one document",
        "去掉多余的 ---",
        "remove the extra ---",
    ),
    (
        "found undefined alias",
        "别名 *名称 没有定义",
        "an alias *name is not defined",
        "别名 *name 之前须先用 &name 定义",
        "define the anchor &name before using *name",
    ),
    (
        "did not find expected '-' indicator",
        "列表项的缩进不一致",
        "list items are not aligned",
        "同一个列表的“- ”要上下对齐",
        "align the '- ' of the items of one list",
    ),
    (
        "did not find expected key",
        "缩进不一致：这一行与同一层的键没有对齐",
        "inconsistent indentation: this line is not aligned with the keys of its level",
        "同一层的键和列表项（- ）左边对齐，只用空格缩进",
        "align keys and list items (- ) of the same level, with spaces",
    ),
    (
        "expected <block end>",
        "缩进不一致：这一行与同一层的键没有对齐",
        "inconsistent indentation: this line is not aligned with the keys of its level",
        "同一层的键和列表项（- ）左边对齐，只用空格缩进",
        "align keys and list items (- ) of the same level, with spaces",
    ),
    (
        "did not find expected ','",
        "花括号 { } 或方括号 [ ] 没有配对，或项之间缺少逗号",
        "a { } or [ ] is not closed, or a comma is missing between items",
        "检查括号是否成对，项之间用半角逗号分隔",
        "close the bracket; separate items with commas",
    ),
    (
        "cannot start any token",
        "这个字符不能作为值的开头（如 @、`、%）",
        "a value cannot start with this character (such as @, `, %)",
        "给整个值加上引号",
        "put the value in quotes",
    ),
    (
        "escape",
        "双引号里的反斜杠 \\ 被当成了转义符",
        "a backslash \\ in double quotes is read as an escape",
        "路径请用单引号，或把 \\ 改成 /",
        "use single quotes for paths, or write / instead of \\",
    ),
    (
        "hexdecimal",
        "双引号里的反斜杠 \\ 被当成了转义符",
        "a backslash \\ in double quotes is read as an escape",
        "路径请用单引号，或把 \\ 改成 /",
        "use single quotes for paths, or write / instead of \\",
    ),
)


def explain(context: str | None, problem: str | None) -> tuple[str, str]:
    """A YAML syntax error as a message and a hint, in the user's language (never the parser's
    English in a Chinese run; an error worded nowhere here keeps the parser's detail in English)."""
    detail = " ".join(part for part in (context, problem) if part)
    for fragment, zh, en, hint_zh, hint_en in _PROBLEMS:
        if fragment in detail:
            return tr(zh, en), tr(hint_zh, hint_en)
    if language() == "zh":
        return "无法识别的写法", "检查这一行和上一行的缩进、冒号和引号"
    return detail, "check the indentation, colons and quotes here"


_GLUED = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*(?P<colon>：|:(?=\S))(?P<value>.*)$")


def glued_key(key: str) -> tuple[str, str] | None:
    """``start：2021-01-01`` (or ``kind:photo``) read as one key inside ``{…}``: the real key
    and its value, when the key was glued to its value by a full-width or space-less colon."""
    found = _GLUED.match(key)
    if found is None:
        return None
    return found.group("key"), found.group("value").strip()


def glued_key_message(key: str, value: str, full_width: bool) -> tuple[str, str]:
    """The message and hint for a key glued to its value (see ``glued_key``)."""
    if full_width:
        message = tr(
            "“{k}”后面是全角冒号「：」", "'{k}' is followed by a full-width colon (：)", k=key
        )
    else:
        message = tr("“{k}:”的冒号后面缺少空格", "no space after the colon of '{k}:'", k=key)
    hint = tr(
        "改成半角冒号加一个空格：{k}: {v}",
        "write a half-width colon and a space: {k}: {v}",
        k=key,
        v=value,
    )
    return message, hint


def uses_key_line(problem: str | None) -> bool:
    """Whether the parser's context mark (the key's line) places this error better than the
    problem mark, which for a key without a colon points at the line after it."""
    return problem is not None and "could not find expected ':'" in problem
