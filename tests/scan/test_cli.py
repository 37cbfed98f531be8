"""`civarchive scan` end to end: formats, output file, exit codes, lazy imports."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from civarchive.cli import app
from civarchive.formats import ScanFormat
from tests.acceptance.helpers import cli_on_terminal
from tests.factories import make_caption_csv, make_docx, make_jpeg, make_png, write_spec
from tests.scan.conftest import scan_output

runner = CliRunner()


def _archive(root: Path) -> Path:
    make_jpeg(root / "1.1 理想信念教育/20220714 学习.jpg", size=(1200, 900))
    make_caption_csv(
        root / "1.1 理想信念教育/captions.csv",
        [["20220714 学习.jpg", "学习会", "", "", "", "", ""]],
    )
    make_png(root / "1.1 理想信念教育/错名.jpg")
    make_docx(root / "1.1 理想信念教育/2022年学习计划.docx")
    (root / "1.1 理想信念教育/空.docx").write_bytes(b"")
    return root


def test_json_output_is_the_inventory(archive: Path) -> None:
    _archive(archive)
    result = runner.invoke(app, ["scan", str(archive), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    data = json.loads(result.stdout)
    assert list(data) == ["schema_version", "root", "files", "findings", "folders", "generated"]
    assert data["schema_version"] == 1
    assert data["root"] == str(archive.resolve())
    rows = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert rows["20220714 学习.jpg"]["caption"]["title"] == "学习会"
    assert rows["20220714 学习.jpg"]["date"] == "2022-07-14"
    assert [f["code"] for f in rows["错名.jpg"]["findings"]] == ["wrong_extension"]
    assert [f["code"] for f in rows["空.docx"]["findings"]] == ["empty_file"]
    assert "学习会" in result.stdout  # Chinese kept readable, not \\u escaped
    assert not (archive / ".civarchive").exists()


def test_csv_output_for_excel(archive: Path, tmp_path: Path) -> None:
    _archive(archive)
    out = tmp_path / "inventory.csv"
    result = runner.invoke(app, ["scan", str(archive), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["path"] for r in rows] == [
        "1.1 理想信念教育/20220714 学习.jpg",
        "1.1 理想信念教育/2022年学习计划.docx",
        "1.1 理想信念教育/空.docx",
        "1.1 理想信念教育/错名.jpg",
    ]
    photo = rows[0]
    assert (photo["kind"], photo["width"], photo["megapixels"], photo["caption_title"]) == (
        "photo",
        "1200",
        "1.08",
        "学习会",
    )
    assert rows[1]["date"] == "2022"
    assert rows[2]["findings"] == "empty_file"


def test_table_output_lists_kinds_and_problems(archive: Path) -> None:
    _archive(archive)
    result = runner.invoke(app, ["scan", str(archive)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "photo" in out
    assert "document" in out
    assert "wrong_extension" in out
    assert "empty_file" in out
    assert "\x1b[" not in out  # plain when not a terminal


def test_table_in_chinese(archive: Path, monkeypatch: object) -> None:
    _archive(archive)
    result = runner.invoke(app, ["scan", str(archive)], env={"CIVARCHIVE_LANG": "zh"})
    assert result.exit_code == 0, result.output
    assert "照片" in result.stdout
    assert "空文件" in result.stdout


def test_archive_defaults_to_the_spec_folder(archive: Path) -> None:
    _archive(archive)
    write_spec(archive, ignore=["*.docx"])
    cwd = os.getcwd()
    try:
        os.chdir(archive / "1.1 理想信念教育")
        result = runner.invoke(app, ["scan", "--format", "json", "--no-cache"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["root"] == str(archive.resolve())
    assert all(not f["path"].endswith(".docx") for f in data["files"])


def test_missing_archive_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(tmp_path / "nope")])
    assert result.exit_code == 2, result.output
    assert "not found" in result.output


_PROBE = (
    "import sys, runpy\n"
    "names = sys.argv[1].split(',')\n"
    "sys.argv = ['civarchive'] + sys.argv[2:]\n"
    "try:\n"
    "    runpy.run_module('civarchive', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write('LOADED=' + ','.join(m for m in names if m in sys.modules))\n"
)


def _loaded(names: tuple[str, ...], args: list[str]) -> str:
    """Run the CLI with ``args`` in a fresh interpreter; which of ``names`` it imported."""
    env = {**os.environ, "CIVARCHIVE_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(names), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "LOADED=" in done.stderr, done.stderr
    return done.stderr.rsplit("LOADED=", 1)[1]


def test_help_and_warm_scan_do_not_import_pillow_or_pyav(archive: Path) -> None:
    make_jpeg(archive / "a.jpg")
    command = ["scan", str(archive), "-q"]
    subprocess.run([sys.executable, "-m", "civarchive", *command], check=True, capture_output=True)
    heavy = ("PIL", "av", "pypdf", "openpyxl", "docx")
    for args in (["--help"], command):
        assert _loaded(heavy, args) == "", args


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])
def test_warm_scan_loads_no_model_and_no_spec_parser(archive: Path, fmt: str) -> None:
    # Re-scanning an unchanged archive must cost about its walk: no YAML parsing, no
    # pydantic models, no SQLite, no rich (typer itself may import pydantic).
    _archive(archive)
    write_spec(archive)
    out = archive.parent / f"out.{fmt}"
    command = ["scan", str(archive), "--format", fmt, "-o", str(out)]
    subprocess.run([sys.executable, "-m", "civarchive", *command], check=True, capture_output=True)
    first = out.read_bytes()
    names = (
        "yaml",
        "sqlite3",
        "civarchive.scan.models",
        "civarchive.spec.models",
        "civarchive.findings",
        "civarchive.scan.render",
        "rich",
    )
    assert _loaded(names, command) == ""
    assert out.read_bytes() == first
    assert b"photo" in first  # the kind column, or its row in the table


def test_table_and_csv_of_an_unchanged_archive_are_the_same_bytes(archive: Path) -> None:
    _archive(archive)
    for args in (["--format", "csv"], [], ["--format", "table"]):
        first = runner.invoke(app, ["scan", str(archive), *args])
        again = runner.invoke(app, ["scan", str(archive), *args])
        assert first.exit_code == again.exit_code == 0, first.output
        assert first.stdout_bytes == again.stdout_bytes
    kept = sorted(p.name for p in (archive / ".civarchive").glob("inventory.*"))
    assert "inventory.csv" in kept
    assert "inventory.table-unwrapped-plain-first" in kept  # not a terminal: not wrapped


def test_piped_output_ignores_columns_and_never_wraps(archive: Path) -> None:
    _archive(archive)
    long_name = "关于" + "精神文明建设" * 12 + "的通知.docx"
    make_docx(archive / "1.1 理想信念教育" / long_name)
    narrow = runner.invoke(app, ["scan", str(archive)], env={"COLUMNS": "60"})
    wide = runner.invoke(app, ["scan", str(archive)], env={"COLUMNS": "200"})
    assert narrow.exit_code == 0, narrow.output
    assert narrow.stdout == wide.stdout
    assert f"1.1 理想信念教育/{long_name}" in narrow.stdout


def test_only_the_last_table_width_is_kept(archive: Path) -> None:
    _archive(archive)
    for width in (60, 200, 90):
        assert b"files (4)" in scan_output(archive, ScanFormat.TABLE, width=width)
    kept = sorted(p.name for p in (archive / ".civarchive").glob("inventory.table-*"))
    assert kept == ["inventory.table-90-plain-first"]
    scan_output(archive, ScanFormat.TABLE, verbose=True)
    kept = sorted(p.name for p in (archive / ".civarchive").glob("inventory.table-*"))
    assert kept == ["inventory.table-unwrapped-plain-all"]


def test_scan_to_a_file_and_on_a_terminal(archive: Path, tmp_path: Path) -> None:
    # A real run with stdout a file: every line whole, whatever COLUMNS says.
    _archive(archive)
    long_name = "关于" + "精神文明建设" * 12 + "的通知.docx"
    make_docx(archive / "1.1 理想信念教育" / long_name)
    env = {**os.environ, "COLUMNS": "60", "CIVARCHIVE_LANG": "zh"}
    saved = tmp_path / "scan.txt"
    with saved.open("wb") as fh:
        subprocess.run(
            [sys.executable, "-m", "civarchive", "scan", str(archive)],
            stdout=fh,
            env=env,
            check=True,
            timeout=120,
        )
    text = saved.read_text(encoding="utf-8")
    assert f"1.1 理想信念教育/{long_name}" in text
    assert "文件（5 个）" in text
    # A terminal 70 columns wide: every line fits.
    code, shown = cli_on_terminal("scan", archive, env={**env, "COLUMNS": "70"})
    assert code == 0
    assert "文件（5 个）" in shown
    assert long_name not in shown  # folded at the terminal's width
    assert max(cell_len(line) for line in shown.splitlines()) <= 70
