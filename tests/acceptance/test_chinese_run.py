"""Under a Chinese locale every word of a run is Chinese (design §5), on the example archive.

Each command a clerk runs, a few usage errors and the help of every command are run with
LANG=zh_CN.UTF-8 on a copy of examples/wenming; what they print may hold no Latin word
but paths, the words the clerk typed, and a short list: the program's and the file formats'
names, the spec's own ids, commands, options and their values.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer.main
from factories import make_zip

from civarchive import clitext
from civarchive.cli import app
from civarchive.formats import OUTPUT_SUFFIXES
from civarchive.scan.sniff import FORMAT_EXTENSIONS
from civarchive.spec.loader import load_spec
from tests.acceptance.helpers import CHINESE, EXAMPLE, Run, cli

# Names that stay as they are in a Chinese text: the program, file formats and encodings,
# the programs a clerk uses, units, the date pattern, and keys of the spec.
ALLOWED = {
    "civarchive",
    "DOCX",
    "XLSX",
    "PDF",
    "CSV",
    "JSON",
    "Schema",
    "xlsx",
    "csv",
    "docx",
    "zip",
    "LibreOffice",
    "Excel",
    "WPS",
    "Git",
    "LFS",
    "UTF",
    "BOM",
    "MB",
    "YYYY",
    "MM",
    "DD",
    "Tab",
    "naming",
    "jpeg",
    "png",
    "heic",
}


def _vocabulary() -> set[str]:
    """Commands, options' choice values and the example spec's ids: what a clerk types."""
    words = set(ALLOWED)
    for command in clitext._commands(typer.main.get_command(app)):
        words.add(command.name or "")
        for param in command.params:
            words.update(str(choice) for choice in getattr(param.type, "choices", ()))
    spec = load_spec(EXAMPLE / "civarchive.yaml")
    words.update(owner.id for owner in spec.owners)
    words.add(spec.fonds or "")
    words.update(("table", "json", "junit", "markdown"))  # check's --format values
    words.update(suffix.lstrip(".") for suffix in OUTPUT_SUFFIXES)  # -o's extensions
    for fmt, extensions in FORMAT_EXTENSIONS.items():  # ".jpg 文件，实际是 png"
        words.add(fmt)
        words.update(extensions)
    return words


def _latin_words(run: Run, *typed: str | Path) -> set[str]:
    text = run.output
    for value in typed:
        # What the clerk typed, even where a table wrapped it across lines.
        text = re.sub(r"\s*".join(map(re.escape, str(value))), " ", text)
    # Paths (a / or a file extension), options (-h, --format) and quoted input are set aside.
    text = re.sub(
        r"\S*[/\\]\S*|[^\s：:（(]+\.[A-Za-z0-9]{2,5}\b|(?<![\w-])--?[A-Za-z][\w-]*", " ", text
    )
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", text))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zh") / "wenming"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".civarchive"))
    return root


def _commands(root: Path, out: Path, inbox_zip: Path) -> list[list[str | Path]]:
    return [
        ["spec", "validate", root],
        ["check", root, "--as-of", "2023-12-31"],
        ["check", root, "--as-of", "2023-12-31", "--strict"],
        ["scan", root],
        ["todo", root, "--as-of", "2023-12-31"],
        ["bind", root, "-o", out],
        ["organize", root],
        ["caption", root],
        ["undo", root, "--list"],
        ["init", root],
        ["import", inbox_zip, "--to", root],
        ["undo", root],
    ]


@pytest.mark.slow
def test_every_command_speaks_chinese(archive: Path, tmp_path: Path) -> None:
    vocabulary = _vocabulary()
    inbox_zip = make_zip(tmp_path / "收到的材料.zip", {"活动照片/合影.jpg": b"not a photo"})
    leftovers = {}
    for args in _commands(archive, tmp_path / "卷宗", inbox_zip):
        run = cli(*args, env=CHINESE)
        assert run.exit_code in (0, 1, 2), (args, run.output)
        assert "Traceback" not in run.output
        words = _latin_words(run, *args) - vocabulary
        if words:
            leftovers[" ".join(map(str, args[:2]))] = (words, run.output[-2000:])
    assert not leftovers


def test_check_table_has_no_english_words(archive: Path) -> None:
    run = cli("check", archive, "--as-of", "2023-12-31", env=CHINESE)
    assert run.exit_code == 1
    probe = re.findall(r"\b(warning|error|info|missing|overdue|usage)\b", run.output, re.I)
    assert probe == []
    assert "逾期未交" in run.output
    assert "错误" in run.output
    assert "警告" in run.output
    # Not a terminal: no line is broken, so each finding's sentence stands whole.
    assert "不在 2023-01-01 至 2023-12-31 期间" in run.output
    [summary] = [line for line in run.output.splitlines() if line.startswith("完成度")]
    assert "错误" in summary


@pytest.mark.parametrize(
    "day", ["2023-12-31", "2023/12/31", "2023.12.31", "2023年12月31日", "20231231"]
)
def test_every_form_of_a_date_gives_the_same_check(archive: Path, day: str) -> None:
    run = cli("check", archive, "--as-of", day, "--format", "json", env=CHINESE)
    assert run.exit_code == 1, run.output
    assert run.json()["as_of"] == "2023-12-31"


def test_a_bad_date_is_refused_in_chinese_with_the_forms(archive: Path) -> None:
    run = cli("check", archive, "--as-of", "2023/12/32", env=CHINESE)
    assert run.exit_code == 2
    assert "错误：--as-of 不是日期：2023/12/32" in run.stderr
    assert "日期可写成 2023-10-15、2023/10/15、2023.10.15、2023年10月15日 或 20231015" in run.stderr
    assert not _latin_words(run, "2023/12/32") - _vocabulary(), run.output


def test_scan_lists_the_files_in_chinese(archive: Path) -> None:
    run = cli("scan", archive, env=CHINESE)
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0].strip() == "文件（82 个）"
    header = next(line for line in lines if "路径" in line)
    for column in ("类型", "日期", "日期来源", "像素/页数/时长", "问题"):
        assert column in header
    assert "还有 32 个文件，用 --format csv 查看全部（或加 --verbose 全部列出）" in run.output
    assert "万像素" in run.output
    assert not _latin_words(run, archive) - _vocabulary(), run.output
    every = cli("scan", archive, "--verbose", env=CHINESE)
    assert "还有" not in every.stdout
    listed = cli("scan", archive, "--format", "csv", env=CHINESE).stdout.splitlines()[1:]
    paths = [line.split(",", 1)[0].strip('"') for line in listed]
    assert len(paths) == 82
    assert all(path in every.stdout for path in paths)


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (["bind"], []),
        (["imprt"], ["imprt"]),
        (["check", "--bogus"], []),
        (["check", ".", "stray"], ["stray"]),
        (["check", "-j", "0"], []),
        (["scan", "-f", "xml"], ["xml"]),
        (["check", "-f", "json", "-o", "台账.xlsx"], []),
        (["scan", "-o", "清单.pdf"], []),
        (["todo", "-f", "xlsx", "-o", "催办单.docx"], []),
        (["report"], []),
        (["check", "--as-of"], []),
        ([], []),
    ],
)
def test_usage_errors_speak_chinese(args: list[str], typed: list[str]) -> None:
    run = cli(*args, env=CHINESE)
    assert run.exit_code == 2, run.output
    assert "错误：" in run.output or "用法：" in run.output
    assert not _latin_words(run, *typed) - _vocabulary(), run.output


def test_the_help_of_every_command_speaks_chinese() -> None:
    vocabulary = _vocabulary()
    command = typer.main.get_command(app)
    paths = [[]] + [
        [name] if not getattr(sub, "commands", None) else [name]
        for name, sub in command.commands.items()
    ]
    paths += [["spec", name] for name in command.commands["spec"].commands]
    leftovers = {}
    for path in paths:
        run = cli(*path, "--help", env=CHINESE)
        assert run.exit_code == 0, run.output
        assert run.output.startswith("用法：civarchive")
        words = _latin_words(run) - vocabulary
        if words:
            leftovers[" ".join(path)] = words
    assert not leftovers
