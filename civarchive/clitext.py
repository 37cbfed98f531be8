"""One language per run for the command line: the framework's own words and our help texts.

typer (≥ 0.26) carries its own copy of click, whose usage errors and help headings are
plain English strings, not gettext messages: nothing can be installed for them to look up.
So the command tree built for a run is given a help formatter that words its headings and
extras in the user's language, its help texts are cut to the user's half (ours are written
"中文 / English"), and the framework's usage errors are caught at the entry point and worded
again from the catalogue below. Nothing here changes process-wide state: every object touched
belongs to the command tree built for this one run.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import typer
import typer.core
import typer.main

# typer vendors click from 0.26 on and has no public name for click's exception classes or
# its help formatter; these are the ones it uses (pyproject pins the typer versions checked
# here, and tests/test_clitext.py runs every kind of usage error and help page through them).
from typer._click import exceptions as _framework
from typer._click.formatting import HelpFormatter as _ClickHelpFormatter
from typer._click.formatting import wrap_text

from civarchive.display import output_width, stdout_is_terminal
from civarchive.i18n import Lang, language, tr

PROG_NAME = "civarchive"

# ---------------------------------------------------------------- the catalogue

# Help headings and the usage prefix, as click writes them.
HEADINGS_ZH: dict[str, str] = {
    "Usage: ": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
}

# The framework's English sentences (click's as vendored by typer, then typer's own) and
# their Chinese; {name} groups are carried over, ``inner`` ones translated again.
MESSAGES_ZH: tuple[tuple[str, str], ...] = (
    (r"Missing option (?P<hint>.+?)\.(?: (?P<inner>.+))?", "缺少选项 {hint}。{inner}"),
    (r"Missing argument (?P<hint>.+?)\.(?: (?P<inner>.+))?", "缺少参数 {hint}。{inner}"),
    (r"Missing parameter(?: (?P<hint>.+?))?\.(?: (?P<inner>.+))?", "缺少参数 {hint}。{inner}"),
    (r"Missing parameter: (?P<hint>.+)", "缺少参数：{hint}"),
    (r"Missing command\.", "缺少命令。"),
    (
        r"No such command (?P<name>'.*?')\. Did you mean (?P<alternatives>.+)\?",
        "没有命令 {name}。您要找的是不是 {alternatives}？",
    ),
    (r"No such command (?P<name>'.*?')\.", "没有命令 {name}。"),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<alternatives>.+)\)",
        "没有选项 {name}（相近的选项：{alternatives}）",
    ),
    (r"No such option: (?P<name>\S+)", "没有选项 {name}"),
    (
        r"Got unexpected extra arguments? ?(?:\(s\))? \((?P<arguments>.*)\)",
        "多余的参数：{arguments}",
    ),
    (r"Option (?P<name>'.+?') requires an argument\.", "选项 {name} 后面缺少值。"),
    (
        r"Option (?P<name>'.+?') requires (?P<count>\d+) arguments\.",
        "选项 {name} 需要 {count} 个值。",
    ),
    (r"Option (?P<name>'.+?') does not take a value\.", "选项 {name} 不接受值。"),
    (r"Invalid value for (?P<hint>.+?): (?P<inner>.+)", "{hint} 的值无效：{inner}"),
    (r"Invalid value: (?P<inner>.+)", "值无效：{inner}"),
    (r"(?P<value>'.*') is not one of (?P<choices>.+)\.", "{value} 不是可选的值（{choices}）。"),
    (r"(?P<value>'.*') is not a valid int(?:eger)?(?: range)?\.", "{value} 不是整数。"),
    (r"(?P<value>'.*') is not a valid float(?: range)?\.", "{value} 不是数字。"),
    (r"(?P<value>'.*') is not a valid boolean\..*", "{value} 不是是或否（true/false）。"),
    (r"(?P<value>\S+) is not in the range (?P<range>.+)\.", "{value} 超出范围（{range}）。"),
    (r"Choose from:\s*(?P<choices>.+)", "可选：{choices}"),
    (r"Show this message and exit\.", "显示本帮助并退出。"),
    (r"Aborted!", "已中止。"),
)
_MESSAGES = tuple((re.compile(f"^{pattern}$", re.DOTALL), zh) for pattern, zh in MESSAGES_ZH)

# Bracketed extras after an option's help: "[default: table; x>=1; required]".
EXTRAS_ZH: tuple[tuple[str, str], ...] = (
    (r"default: (?P<value>.*)", "默认：{value}"),
    (r"env var: (?P<value>.*)", "环境变量：{value}"),
    (r"required", "必填"),
    (r"\(dynamic\)", "（动态）"),
)
_EXTRAS = tuple((re.compile(f"^{pattern}$"), zh) for pattern, zh in EXTRAS_ZH)
_EXTRA_BLOCK = re.compile(r"^(?P<help>.*?)(?P<gap>\s*)\[(?P<extras>[^\[\]]*)\]$", re.DOTALL)
_RANGE = re.compile(
    r"^(?:(?P<low>-?[\d.]+)(?P<low_op><=|<))?x(?:(?P<high_op><=|<|>=|>)(?P<high>-?[\d.]+))?$"
)

# Metavars: what a value of each framework type is called, and our arguments' names. (A
# parser function's name is no word for anyone: `-o` takes a path in English too.)
TYPE_WORDS_EN: dict[str, str] = {"_output_path": "path"}
TYPE_WORDS_ZH: dict[str, str] = {
    "path": "路径",
    "_output_path": "路径",
    "str": "文本",
    "text": "文本",
    "int": "整数",
    "integer": "整数",
    "int range": "整数",
    "float": "数字",
    "float range": "数字",
}
ARGUMENT_WORDS_ZH: dict[str, str] = {
    "archive": "档案",
    "spec_file": "规范文件",
    "report_file": "报告",
    "sources": "来源",
    "table": "测评细则",
}
OPTIONS_METAVAR_ZH = "[选项]"
SUBCOMMAND_METAVAR_ZH = "命令 [参数]..."


def translate(text: str) -> str:
    """A framework message in the user's language (unchanged in English and when unknown)."""
    if language() != "zh":
        return text
    return _translate_zh(text.strip())


def _translate_zh(text: str) -> str:
    for pattern, zh in _MESSAGES:
        found = pattern.match(text)
        if found is None:
            continue
        parts = {key: value or "" for key, value in found.groupdict().items()}
        if parts.get("inner"):
            parts["inner"] = _translate_zh(parts["inner"])
        if parts.get("range"):
            parts["range"] = _range_zh(parts["range"])
        return zh.format(**parts)
    return text


def _range_zh(text: str) -> str:
    """``x>=1`` -> ``≥1``, ``0<=x<=100`` -> ``0 至 100``."""
    found = _RANGE.match(text.strip())
    if found is None:
        return text
    low, low_op, high_op, high = found.group("low", "low_op", "high_op", "high")
    if low is not None and high is not None:
        return (
            f"{low} 至 {high}"
            if (low_op, high_op) == ("<=", "<=")
            else f"{low}{low_op}x{high_op}{high}"
        )
    symbols = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
    if low is not None:
        return f"{'≥' if low_op == '<=' else '>'}{low}"
    if high_op is not None and high is not None:
        return f"{symbols[high_op]}{high}"
    return text


def extras_text(help_text: str) -> str:
    """An option row's help with its bracketed extras worded in the user's language."""
    if language() != "zh":
        return help_text
    found = _EXTRA_BLOCK.match(help_text)
    if found is None:
        return _translate_zh(help_text) if help_text else help_text
    parts = [_extra_zh(part.strip()) for part in found.group("extras").split(";")]
    help_part = _translate_zh(found.group("help")) if found.group("help") else ""
    return f"{help_part}{found.group('gap')}[{'；'.join(parts)}]"


def _extra_zh(part: str) -> str:
    for pattern, zh in _EXTRAS:
        found = pattern.match(part)
        if found is not None:
            return zh.format(**found.groupdict())
    return _range_zh(part)


# ---------------------------------------------------------------- our help texts

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def help_half(text: str | None, lang: Lang) -> str | None:
    """The user's half of a help text written "中文 / English" (or a Chinese paragraph then an
    English one); text that is not bilingual is kept whole."""
    if not text:
        return text
    paragraphs = re.split(r"\n\s*\n", text.strip())
    kept = [half for half in (_paragraph_half(p, lang) for p in paragraphs) if half]
    return "\n\n".join(kept) if kept else text


def _paragraph_half(paragraph: str, lang: Lang) -> str:
    zh, slash, en = paragraph.partition(" / ")
    if slash and _CJK.search(zh):
        return zh.strip() if lang == "zh" else en.strip()
    chinese = bool(_CJK.match(paragraph.lstrip()))
    if chinese == (lang == "zh"):
        return paragraph
    return ""


def is_bilingual(text: str) -> bool:
    """Whether a help text has a Chinese and an English half that ``help_half`` can tell apart."""
    zh, en = help_half(text, "zh"), help_half(text, "en")
    return bool(zh and en and zh != en and _CJK.search(zh) and re.search("[A-Za-z]{2}", en))


# ---------------------------------------------------------------- the command tree


class HelpFormatter(_ClickHelpFormatter):
    """click's help formatter, writing the headings and extras in the user's language, laid
    out as everything else civarchive prints (``civarchive.display.output_width``): on a
    terminal at its width, saved or piped with no line broken."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        if width is None:
            terminal = stdout_is_terminal()
            # click keeps two columns free at a terminal's right edge.
            width = output_width(terminal) - 2 if terminal else output_width(terminal)
        super().__init__(indent_increment, width, max_width)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix or tr(HEADINGS_ZH["Usage: "], "Usage: "))

    def write_heading(self, heading: str) -> None:
        zh = HEADINGS_ZH.get(heading, heading)
        self.write(f"{'':>{self.current_indent}}{tr(zh + '：', heading + ':')}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        # click's own layout, with columns measured in terminal cells (选项 is 4 cells wide).
        rows = [(term, extras_text(text)) for term, text in rows]
        first_col = min(max((_cells(term) for term, _ in rows), default=0), col_max) + col_spacing
        hanging = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if _cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - _cells(term)))
            else:
                self.write("\n" + hanging)
            width = max(self.width - first_col - 2, 10)
            lines = wrap_cells(text, width) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(hanging + line + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        if text.lstrip().startswith("\b"):  # click's mark for a block kept as written
            self.write(wrap_text(text, self.width, indent, indent, preserve_paragraphs=True))
            self.write("\n")
            return
        width = max(self.width - self.current_indent, 10)
        paragraphs = [wrap_cells(p, width) for p in re.split(r"\n\s*\n", text.strip())]
        self.write("\n\n".join("\n".join(indent + line for line in p) for p in paragraphs))
        self.write("\n")


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_WIDE = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
# A token is a run of whitespace, one wide (CJK) character, or a run of anything else.
_TOKENS = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
# Chinese punctuation that never starts a line (避头点), and that never ends one (避尾点).
_NO_LINE_START = set("，。、；：！？）」』》〉”’】")
_NO_LINE_END = set("（「『《〈“‘【")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` (one paragraph; its line breaks are joined) in lines of at most ``width``
    terminal cells: 中文 is two cells a character and may break between any two, Latin
    words break at spaces, 「，。」 never starts a line and 「（」 never ends one. click's own wrapping counts
    characters, so Chinese help ran to twice the terminal's width."""
    joined = re.sub(r"\s*\n\s*", lambda m: _joint(text, m), text.strip())
    lines: list[list[str]] = [[]]
    used = 0
    for token in _TOKENS.findall(joined):
        size = _cells(token)
        if token.isspace():
            if lines[-1]:
                lines[-1].append(token)
                used += size
            continue
        if used + size > width and lines[-1]:
            carried = []
            if token in _NO_LINE_START and not lines[-1][-1].isspace():
                carried = [lines[-1].pop()]
            if lines[-1] and lines[-1][-1] in _NO_LINE_END:
                carried.insert(0, lines[-1].pop())
            while lines[-1] and lines[-1][-1].isspace():
                lines[-1].pop()
            lines.append(carried)
            used = sum(_cells(t) for t in carried)
        lines[-1].append(token)
        used += size
    return ["".join(line).rstrip() for line in lines if line]


def _joint(text: str, match: re.Match[str]) -> str:
    # A line break inside a paragraph is a space between Latin words, nothing beside Chinese.
    before = text.strip()[: match.start()][-1:]
    after = text.strip()[match.end() :][:1]
    wide = re.compile(f"[{_WIDE}]")
    return "" if wide.match(before) or wide.match(after) else " "


class _Context(typer.Context):
    formatter_class = HelpFormatter


def localize(command: Any, lang: Lang) -> Any:
    """Give a freshly built command tree the user's language (see the module docstring)."""
    for each in _commands(command):
        each.context_class = _Context
        if hasattr(each, "rich_markup_mode"):
            each.rich_markup_mode = None  # plain help: rich's panels would bypass the formatter
        each.help = help_half(each.help, lang)
        each.short_help = _short(each.help) if each.help else each.short_help
        if lang == "zh":
            each.options_metavar = OPTIONS_METAVAR_ZH
            if getattr(each, "subcommand_metavar", None):
                each.subcommand_metavar = SUBCOMMAND_METAVAR_ZH
        for param in each.params:
            param.help = help_half(getattr(param, "help", None), lang)
            _name_metavar(param, lang)
    return command


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def _short(help_text: str) -> str:
    """The first sentence of a help text, for the list of commands."""
    first = help_text.split("\n\n", 1)[0].replace("\n", " ").strip()
    for stop in ("。", ". "):
        head, found, _ = first.partition(stop)
        if found and head:
            return head + found.strip()
    return first


def _name_metavar(param: Any, lang: Lang) -> None:
    if param.metavar is not None or getattr(param, "is_flag", False):
        return
    type_name = str(getattr(param.type, "name", ""))
    words = TYPE_WORDS_ZH if lang == "zh" else TYPE_WORDS_EN
    if param.param_type_name == "argument":
        names = ARGUMENT_WORDS_ZH if lang == "zh" else {}
        word = names.get(param.name or "", words.get(type_name))
        if word is not None:
            param.metavar = word + ("..." if param.nargs != 1 else "")
    elif type_name in words:
        param.metavar = f"<{words[type_name]}>"


# ---------------------------------------------------------------- running


def run(app: typer.Typer, args: Sequence[str] | None = None) -> int:
    """Run the app in the user's language; the framework's usage errors become our words.

    Returns the exit code; the caller (the console entry point) exits with it.
    """
    command = localize(typer.main.get_command(app), language())
    try:
        result = command.main(args=args, prog_name=PROG_NAME, standalone_mode=False)
    except _framework.NoArgsIsHelpError as shown:
        _echo(shown.format_message())  # the help itself, already in the user's language
        return shown.exit_code
    except _framework.ClickException as error:
        _echo(usage_error_text(error))
        return error.exit_code
    except typer.Abort:
        _echo(translate("Aborted!"))
        return 1
    return result if isinstance(result, int) else 0


def usage_error_text(error: Any) -> str:
    """A framework usage error as click shows it, worded in the user's language."""
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                tr(
                    "用 '{c} {o}' 查看帮助。",
                    "Try '{c} {o}' for help.",
                    c=ctx.command_path,
                    o=ctx.help_option_names[0],
                )
            )
        lines.append("")
    lines.append(tr("错误：{m}", "Error: {m}", m=translate(error.format_message())))
    return "\n".join(lines)


def _echo(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.stderr.flush()
