"""Write a drafted spec as civarchive.yaml text in the example's style, guesses marked # 待确认.

PyYAML cannot write comments, so the text is built by hand; ``scalar`` quotes whatever a
plain YAML scalar could misread, and `spec import` loads the result with the real loader
before writing it.
"""

from __future__ import annotations

import json
import re

from civarchive.spec.draft import DraftCategory, DraftIndicator, DraftSpec
from civarchive.spec.evidence import Guess

SCHEMA_LINE = "# yaml-language-server: $schema=.civarchive/spec.schema.json"
TO_CONFIRM = "待确认"
PLACEHOLDER_UNIT = "待填写"

# Plain scalars that YAML would read as something else, or that end the scalar early.
_RESERVED = re.compile(r"^(?:~|null|true|false|yes|no|on|off|y|n|=|<<|\.inf|\.nan)$", re.IGNORECASE)
# ASCII punctuation that means nothing to YAML inside a plain scalar, and CJK punctuation.
_PLAIN_PUNCTUATION = set(" -_.()/+") | set("（）、，。：；！？“”‘’《》〈〉【】—…·～％")
# What YAML's reader refuses unescaped (PyYAML's NON_PRINTABLE) plus line and BOM characters.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)


def scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    if _plain_ok(text, flow=flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Plain only for letters, digits (CJK included) and punctuation YAML never reads
    specially; anything else is quoted, which is always correct."""
    if not text or text != text.strip() or _RESERVED.match(text):
        return False
    if text[0].isdigit() or text[0] in "+-.":
        return False
    allowed = _PLAIN_PUNCTUATION if not flow else _PLAIN_PUNCTUATION - {" "}
    return all(ch.isalnum() or ch in allowed for ch in text) and not _NOT_PRINTABLE.search(text)


def _comment(note: str | None) -> str:
    if not note:
        return ""
    return f"  # {TO_CONFIRM}：{' '.join(note.split())}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_spec(draft: DraftSpec) -> str:
    """The whole civarchive.yaml text for ``draft`` (UTF-8, LF line ends)."""
    lines = [SCHEMA_LINE, "#"]
    lines += _preamble(draft)
    lines += [
        "",
        "civarchive: 1",
        f"title: {scalar(draft.title)}{_comment(draft.title_note)}",
        f"unit: {PLACEHOLDER_UNIT}{_comment('填写立档单位全称')}",
        f"period: {{start: {draft.period[0].isoformat()}, end: {draft.period[1].isoformat()}}}"
        + _comment(draft.period_note),
    ]
    if draft.ignore:
        lines += ["ignore:"]
        lines += [
            f"  - {scalar(glob)}  # 导入所用的测评细则表格，不是证据" for glob in draft.ignore
        ]
    lines += [
        "",
        "defaults:",
        "  # DA/T 50：归档的数码照片不低于 300 万像素，并须有文字说明（说明.xlsx）。",
        "  photo: {min_megapixels: 3, caption: required}",
    ]
    if draft.owners:
        lines += ["", "owners:"]
        lines += [
            f"  - {{id: {scalar(o.id, flow=True)}, name: {scalar(o.name, flow=True)}}}"
            for o in draft.owners
        ]
    lines += ["", "categories:"]
    for index, category in enumerate(draft.categories):
        if index:
            lines.append("")
        lines += _category(category)
    return "\n".join(lines) + "\n"


def _preamble(draft: DraftSpec) -> list[str]:
    lines = [
        f"# 由 civarchive spec import 从「{draft.source}」生成："
        + "；".join(r.text("zh") for r in draft.read)
        + "。",
        f"# 识别的列：{'、'.join(draft.columns)}。",
        "# 标有「# 待确认」的是从表格文字推测的内容（标题、期限、所需证据等），请逐项核对，",
        "# 改好后删去该注释，再运行 civarchive spec validate 检查、civarchive init 建文件夹。",
    ]
    if draft.skipped:
        lines.append("# 未导入的行：")
        lines += [f"#   {' '.join(s.split())}" for s in draft.skipped]
    return lines


def _category(category: DraftCategory) -> list[str]:
    lines = [
        f'  - id: "{category.id}"',
        f"    title: {scalar(category.title)}{_comment(category.title_note)}",
        "    indicators:",
    ]
    for indicator in category.indicators:
        lines += _indicator(indicator)
    return lines


def _indicator(indicator: DraftIndicator) -> list[str]:
    pad = "        "
    lines = [
        f"      - id: {json.dumps(indicator.id, ensure_ascii=False)}",
        f"{pad}title: {scalar(indicator.title)}{_comment(indicator.title_note)}",
    ]
    if indicator.content:
        lines += _text_field(pad, "content", indicator.content)
    if indicator.method:
        lines.append(f"{pad}method: {scalar(indicator.method)}{_comment(indicator.method_note)}")
    if indicator.points is not None:
        lines.append(f"{pad}points: {_number(indicator.points)}{_comment(indicator.points_note)}")
    if indicator.owner:
        lines.append(f"{pad}owner: {scalar(indicator.owner)}{_comment(indicator.owner_note)}")
    if indicator.due:
        lines.append(f"{pad}due: {indicator.due.isoformat()}{_comment(indicator.due_note)}")
    elif indicator.due_note:
        lines.append(f"{pad}# {TO_CONFIRM}：{indicator.due_note}")
    lines.append(f"{pad}requires:")
    lines += [f"{pad}  - {_requirement(r)}{_comment(_because(r))}" for r in indicator.requires]
    return lines


def _text_field(pad: str, key: str, text: str) -> list[str]:
    lines = text.split("\n")
    if (
        len(lines) == 1
        or _NOT_PRINTABLE.search(text)
        or any(line != line.strip() or not line for line in lines)
    ):
        return [f"{pad}{key}: {scalar(text)}"]
    # A literal block keeps the table's line breaks readable.
    return [f"{pad}{key}: |-", *(f"{pad}  {line}" for line in lines)]


def _requirement(guess: Guess) -> str:
    parts = [f"kind: {guess.kind}", f"what: {scalar(guess.what, flow=True)}"]
    if guess.min > 1:
        parts.append(f"min: {guess.min}")
    if guess.per_year:
        parts.append("per_year: true")
    if guess.match:
        parts.append(f"match: [{', '.join(scalar(m, flow=True) for m in guess.match)}]")
    return "{" + ", ".join(parts) + "}"


def _because(guess: Guess) -> str:
    words = [w for w in dict.fromkeys(guess.because) if w]
    return f"据「{'」「'.join(words)}」推测" if words else "按指标名称推测"
