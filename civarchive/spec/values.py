"""Refuse spec text that a later command could not use: control, bidi and non-XML characters.

A spec value ends up in folder names (``init``), file names and XML (``bind``'s DOCX and
XLSX), terminal tables and CSV. A NUL makes ``mkdir`` fail after other folders were made,
an escape character (``\\x1b``) breaks the DOCX writer (XML cannot hold it) and redraws the
clerk's terminal, a right-to-left override makes a name read backwards. YAML lets all of
them in through escapes (``"a\\0b"``), so they are refused here, where the spec is loaded,
with the file, line and column, before any command acts on the spec.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from civarchive.i18n import tr
from civarchive.spec.source import Loc

# Never allowed: C0 and C1 controls but tab and line breaks, DEL, the characters XML 1.0
# cannot hold, and the invisible direction marks and overrides (U+061C, U+200E, U+200F,
# U+202A..U+202E, U+2066..U+2069).
_NEVER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# Also refused in one-line values (ids, titles, folders, file names, templates...).
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
# The fields that are free text and may span lines.
MULTILINE_FIELDS = frozenset({"content", "note", "reason", "method"})

Report = Callable[[Loc, str, str | None], None]


def check_text(data: Any, report: Report, loc: Loc = ()) -> None:
    """Report every string value in ``data`` (a parsed spec file) holding a character that
    is refused (``_NEVER``, and line breaks or tabs outside the free-text fields)."""
    if isinstance(data, dict):
        for key, value in data.items():
            check_text(value, report, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_text(value, report, (*loc, index))
    elif isinstance(data, str):
        problem = _refused(data, _field(loc))
        if problem is not None:
            report(loc, *problem)


def _field(loc: Loc) -> str:
    """The name of the field a value belongs to (the last key; list items take their list's)."""
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return ""


def _refused(text: str, field: str) -> tuple[str, str | None] | None:
    found = _NEVER.search(text)
    if found is None and field not in MULTILINE_FIELDS:
        found = _LINE_BREAKS.search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group()):04X}"
    if field in MULTILINE_FIELDS or not _LINE_BREAKS.match(found.group()):
        message = tr(
            "含有不可见的控制字符 {c}（第 {n} 个字符），后续命令无法使用",
            "holds an invisible control character {c} (character {n}) no command can use",
            c=code,
            n=found.start() + 1,
        )
    else:
        message = tr(
            "只能写一行，不能含换行或制表符（{c}，第 {n} 个字符）",
            "must be one line, without line breaks or tabs ({c} at character {n})",
            c=code,
            n=found.start() + 1,
        )
    hint = tr(
        "删除该字符；它多半是从别处复制粘贴带进来的",
        "delete that character; it most likely came in with copy and paste",
    )
    return message, hint
