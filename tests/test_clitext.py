"""The command line in one language: the framework's catalogue, help halves, usage errors."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer
import typer.main
from rich.cells import cell_len
from typer.testing import CliRunner

from civarchive import clitext
from civarchive.cli import app
from civarchive.clitext import MESSAGES_ZH, help_half, is_bilingual, run, translate
from tests.acceptance.helpers import cli, cli_on_terminal

TYPER = Path(typer.__file__).parent
# Where typer keeps the sentences a user of civarchive can meet: its copy of click, and its own.
FRAMEWORK_SOURCES = [
    TYPER / "_click" / name
    for name in (
        "core.py",
        "parser.py",
        "types.py",
        "exceptions.py",
        "decorators.py",
        "formatting.py",
    )
] + [TYPER / "core.py", TYPER / "_types.py"]

# One English sentence per catalogue entry, as the installed typer writes it.
SAMPLES: dict[str, str] = {
    "Missing option": "Missing option '--output' / '-o'.",
    "Missing argument": "Missing argument 'report_file'.",
    "Missing parameter(": "Missing parameter 'x'.",
    "Missing parameter:": "Missing parameter: x",
    "Missing command": "Missing command.",
    "No such command (?P<name>'.*?')\\. Did": "No such command 'imprt'. Did you mean 'import'?",
    "No such command (?P<name>'.*?')\\.": "No such command 'x'.",
    "No such option: (?P<name>\\S+) \\(": "No such option: --bogus (Possible options: --jobs, --verbose)",
    "No such option: (?P<name>\\S+)": "No such option: --bogus",
    "Got unexpected": "Got unexpected extra argument(s) (x y)",
    "Option (?P<name>'.+?') requires an": "Option '--as-of' requires an argument.",
    "Option (?P<name>'.+?') requires (": "Option '--x' requires 2 arguments.",
    "Option (?P<name>'.+?') does not": "Option '--strict' does not take a value.",
    "Invalid value for": "Invalid value for '--jobs' / '-j': 'abc' is not a valid int range.",
    "Invalid value:": "Invalid value: 'x' is not a valid integer.",
    "(?P<value>'.*') is not one of": "'xml' is not one of 'table', 'json', 'csv'.",
    "(?P<value>'.*') is not a valid int": "'abc' is not a valid int range.",
    "(?P<value>'.*') is not a valid float": "'abc' is not a valid float range.",
    "(?P<value>'.*') is not a valid boolean": "'maybe' is not a valid boolean. Recognized values: 0, 1",
    "(?P<value>\\S+) is not in the range": "0 is not in the range x>=1.",
    "Choose from": "Choose from:\n\ttable, json, csv",
    "Show this message": "Show this message and exit.",
    "Aborted": "Aborted!",
}
# The literal part of each sentence that must still be in typer's source: a typer upgrade
# that rewords one fails here instead of leaving English in a Chinese run.
SOURCE_FRAGMENTS = [
    'missing = "Missing option"',
    'missing = "Missing argument"',
    'missing = "Missing parameter"',
    'f"Missing parameter: {param_name}"',
    '_("Missing command.")',
    '_("No such command {name!r}.")',
    'f"{message}. Did you mean {suggestions}?"',
    'f"No such option: {',
    'f"(Possible options: {possibility_str})"',
    'f"Got unexpected extra argument(s) ({extra_args})"',
    'f"Option {option_name!r} requires {msg}"',
    '"an argument."',
    'f"Option {opt!r} does not take a value."',
    'f"Invalid value for {hint}: {self.message}"',
    'f"Invalid value: {self.message}"',
    'f"{value!r} is not one of {choices_str}."',
    'f"{value!r} is not a valid {self.name}."',
    'f"{rv} is not in the range {self._describe_range()}."',
    'f"{value!r} is not a valid boolean. Recognized values: {states}"',
    'f"Choose from:\\n\\t{choices}"',
    'help="Show this message and exit."',
    '_("Aborted!")',
    '_("default: {default}")',
    '_("required")',
    '_("Arguments")',
    '_("Options")',
    '_("Commands")',
    "f\"Try '{command} {option}' for help.\\n\"",
    'prefix = "Usage: "',
]


def _framework_source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in FRAMEWORK_SOURCES)


def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")


def _english_words(text: str, allowed: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Latin words left in ``text`` once quoted values, options and paths are set aside."""
    text = re.sub(r"'[^']*'|--?[A-Za-z][\w-]*|\S*/\S*", " ", text)
    return {w for w in re.findall(r"[A-Za-z][A-Za-z_]*", text) if w not in allowed}


def test_every_catalogue_entry_has_a_sample_and_a_chinese_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _chinese(monkeypatch)
    for pattern, zh in MESSAGES_ZH:
        samples = [s for key, s in SAMPLES.items() if pattern.startswith(key)]
        assert samples, f"no sample for {pattern!r}"
        for sample in samples:
            translated = translate(sample)
            assert translated != sample, sample
            assert re.search("[\u4e00-\u9fff]", translated), translated
            assert not _english_words(
                translated,
                {"x", "y", "abc", "xml", "maybe", "table", "json", "csv", "true", "false"},
            ), translated
        assert re.search("[\u4e00-\u9fff]", zh)


def test_the_catalogue_matches_the_installed_framework() -> None:
    source = _framework_source()
    missing = [fragment for fragment in SOURCE_FRAGMENTS if fragment not in source]
    assert not missing, f"typer reworded these; update civarchive/clitext.py: {missing}"


def test_every_usage_sentence_of_the_framework_is_translated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each message typer's parser can fail with (``ctx.fail``, ``self.fail``, usage errors
    raised with a text) has a Chinese reading, or is listed here as unreachable."""
    unreachable = {
        "Value must be an iterable.",  # nargs options: civarchive has none
        "Takes {} values but {} given.",
        "Argument {} takes {} values.",
        "{} does not match the formats {}.",  # DateTime: dates are parsed by civarchive
        "{} is not a valid UUID.",
        "{} values are required, but {} given.",  # Tuple
        "'{}': {}",  # File: civarchive opens its files itself
        "Missing {}",  # a parameter type other than option, argument, parameter
    }
    _chinese(monkeypatch)
    found: set[str] = set()
    for path in FRAMEWORK_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if name not in {
                "fail",
                "UsageError",
                "BadParameter",
                "BadOptionUsage",
                "NoSuchOption",
                "BadArgumentUsage",
            }:
                continue
            # BadOptionUsage(option_name, message): the message comes second.
            message = (
                node.args[1] if name == "BadOptionUsage" and len(node.args) > 1 else node.args[0]
            )
            text = _template(message)
            if text and re.search("[A-Za-z]{3}", text):
                found.add(text)
    assert "Got unexpected extra argument(s) ({})" in found
    for template in sorted(found - unreachable):
        for sample in _samples(template):
            assert translate(sample) != sample, f"no Chinese for typer's {template!r}"


def _samples(template: str) -> list[str]:
    if template == "{} is not a valid {}.":  # the number types, by their names
        return [
            f"'x' is not a valid {name}."
            for name in ("integer", "float", "int range", "float range")
        ]
    if template == "Option {} requires {}":  # "an argument." or "2 arguments."
        return ["Option 'x' requires an argument.", "Option 'x' requires 2 arguments."]
    return [template.replace("{}", "'x'", 1).replace("{}", "1")]


def _template(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _template(node.func.value)  # _("No such command {name!r}.").format(...)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args:
        return re.sub(r"\{[^}]*\}", "{}", _template(node.args[0]) or "")
    return None


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("档案根目录 / archive root", "档案根目录", "archive root"),
        (
            "check --format json 保存的报告 / a report saved by `check --format json`",
            "check --format json 保存的报告",
            "a report saved by `check --format json`",
        ),
        (
            "备考表中的整理人 / 整理人 on the record sheet",
            "备考表中的整理人",
            "整理人 on the record sheet",
        ),
        (
            "清点档案中的每个文件。\n\nInventory every file\nof the archive.",
            "清点档案中的每个文件。",
            "Inventory every file\nof the archive.",
        ),
        (
            "重新输出 / Re-render.\n\n退出码相同 / The exit code is the same.",
            "重新输出\n\n退出码相同",
            "Re-render.\n\nThe exit code is the same.",
        ),
        ("plain English", "plain English", "plain English"),
    ],
)
def test_help_halves(text: str, zh: str, en: str) -> None:
    assert help_half(text, "zh") == zh
    assert help_half(text, "en") == en


def test_every_help_text_has_both_halves() -> None:
    """Help written for a new command or option must keep the "中文 / English" form."""
    command = typer.main.get_command(app)
    texts = []
    for each in clitext._commands(command):
        texts.append((each.name, each.help))
        texts += [
            (f"{each.name} {p.name}", p.help) for p in each.params if getattr(p, "help", None)
        ]
    lonely = [(where, text) for where, text in texts if text and not is_bilingual(text)]
    assert not lonely


def _run(args: list[str], env: dict[str, str | None]) -> tuple[int, str, str]:
    with CliRunner().isolation(env=env) as (stdout, stderr, _):
        code = run(app, args)
        return code, stdout.getvalue().decode(), stderr.getvalue().decode()


ZH = {
    "CIVARCHIVE_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANGUAGE": None,
    "LANG": "zh_CN.UTF-8",
}
EN = {"CIVARCHIVE_LANG": "en"}


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["bind"],
            "错误：缺少选项 '--output' / '-o'。",
            "Error: Missing option '--output' / '-o'.",
        ),
        (
            ["imprt"],
            "错误：没有命令 'imprt'。您要找的是不是 'import'？",
            "Error: No such command 'imprt'. Did you mean 'import'?",
        ),
        (["check", "a", "b"], "错误：多余的参数：b", "Error: Got unexpected extra argument(s) (b)"),
        (
            ["check", "-j", "0"],
            "错误：'--jobs' / '-j' 的值无效：0 超出范围（≥1）。",
            "Error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1.",
        ),
        (
            ["bind", "-o", "out", "--per", "xml"],
            "错误：'--per' 的值无效：'xml' 不是可选的值（'category', 'all'）。",
            "Error: Invalid value for '--per': 'xml' is not one of 'category', 'all'.",
        ),
        (["report"], "错误：缺少参数 '报告'。", "Error: Missing argument 'report_file'."),
        (
            ["check", "--as-of"],
            "错误：选项 '--as-of' 后面缺少值。",
            "Error: Option '--as-of' requires an argument.",
        ),
        (
            ["check", "--strict=yes"],
            "错误：选项 '--strict' 不接受值。",
            "Error: Option '--strict' does not take a value.",
        ),
    ],
)
def test_usage_errors_in_the_users_language(args: list[str], zh: str, en: str) -> None:
    code, stdout, stderr = _run(args, ZH)
    assert (code, stdout) == (2, "")
    assert stderr.rstrip().endswith(zh), stderr
    assert not _english_words(stderr, {"civarchive", *args}), stderr
    code, stdout, stderr = _run(args, EN)
    assert code == 2
    assert stderr.rstrip().endswith(en), stderr


def test_usage_line_and_help_hint_in_chinese() -> None:
    _, _, stderr = _run(["bind"], ZH)
    assert stderr.splitlines()[:2] == [
        "用法：civarchive bind [选项] [档案]",
        "用 'civarchive bind -h' 查看帮助。",
    ]
    _, _, stderr = _run(["bind"], EN)
    assert stderr.splitlines()[:2] == [
        "Usage: civarchive bind [OPTIONS] [archive]",
        "Try 'civarchive bind -h' for help.",
    ]


def test_help_in_one_language() -> None:
    code, zh, _ = _run(["check", "-h"], ZH)
    assert code == 0
    assert zh.startswith("用法：civarchive check [选项] [档案]\n")
    for line in ("参数：", "选项：", "  -h, --help           显示本帮助并退出。"):
        assert line in zh.splitlines(), zh
    assert "-f, --format <文本>  输出格式：table | json | junit | markdown | xlsx；默认按 -o" in zh
    assert "-j, --jobs <整数>    并行进程数（默认：处理器核数）  [≥1]" in zh
    assert "--fail-under <数字>  完成度（%）低于此值时退出码为 1  [0 至 100]" in zh
    assert "archive root" not in zh
    assert "Usage" not in zh
    code, en, _ = _run(["check", "-h"], EN)
    assert code == 0
    assert en.startswith("Usage: civarchive check [OPTIONS] [archive]\n")
    assert "-o, --output <path>" in en  # not the parser function's name
    assert "档案根目录" not in en
    assert "output format (default: from -o's extension," in en


def test_no_arguments_shows_the_help_in_chinese() -> None:
    code, stdout, stderr = _run([], ZH)
    assert code == 2
    assert stderr.startswith("用法：civarchive [选项] 命令 [参数]...")
    assert "命令：" in stderr.splitlines()


def test_the_console_entry_point_runs_in_the_users_language(tmp_path: Path) -> None:
    """The installed entry point (a child process) goes through the same words."""
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CIVARCHIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"}
    }
    env["LANG"] = "zh_CN.UTF-8"
    done = subprocess.run(
        [sys.executable, "-m", "civarchive", "bind", str(tmp_path)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.decode().rstrip().endswith("错误：缺少选项 '--output' / '-o'。")


def test_english_help_is_english() -> None:
    """No Chinese half shows in an English run (the Chinese names an English text cites, like
    备考表 or 说明.xlsx, are part of its English half)."""
    command = typer.main.get_command(app)
    for each in clitext._commands(command):
        path = _path_of(command, each)
        code, output, _ = _run([*path, "--help"], EN)
        assert code == 0
        halves = [help_half(each.help, "zh")] + [
            help_half(p.help, "zh") for p in each.params if getattr(p, "help", None)
        ]
        shown = [half for half in halves if half and half in output]
        assert not shown, (path, shown)
        assert "用法" not in output
        assert "选项" not in output


def _path_of(root: object, target: object) -> list[str]:
    for name, sub in getattr(root, "commands", {}).items():
        if sub is target:
            return [name]
        found = _path_of(sub, target)
        if found:
            return [name, *found]
    return []


def test_help_saved_or_piped_keeps_each_paragraph_on_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("check", "--help")
    assert result.exit_code == 0, result.output
    [paragraph] = [line for line in result.stdout.splitlines() if "Match the evidence" in line]
    assert paragraph.strip().endswith("2 for a usage or spec error.")


def test_help_on_a_terminal_wraps_at_its_width() -> None:
    code, shown = cli_on_terminal("check", "--help", env={"COLUMNS": "70", "CIVARCHIVE_LANG": "zh"})
    assert code == 0
    assert "用法：" in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= 70


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("检查资料是否齐全、归类是否正确", 10, ["检查资料是", "否齐全、归", "类是否正确"]),
        ("按截止日期排序（挂账销号）", 16, ["按截止日期排序", "（挂账销号）"]),
        ("逾期的在前，按截止日期", 10, ["逾期的在", "前，按截止", "日期"]),
        (
            "spec file (default:\ncivarchive.yaml found)",
            20,
            ["spec file (default:", "civarchive.yaml", "found)"],
        ),
        ("规范文件\n（默认）", 80, ["规范文件（默认）"]),
    ],
)
def test_help_wraps_in_terminal_cells(text: str, width: int, lines: list[str]) -> None:
    assert clitext.wrap_cells(text, width) == lines
