"""`civarchive bind` end to end: real files → scan → check → bind, through the CLI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from civarchive.cli import app
from tests.factories import make_caption_csv, make_docx, make_jpeg, make_mp4, write_spec

runner = CliRunner()
IND = "一、思想道德建设/1.1 理想信念教育"


def _archive(root: Path, *, photos: int = 3, **spec: object) -> Path:
    write_spec(root, fonds="J012", retention="永久", **spec)
    make_docx(
        root / IND / "2023年学习计划.docx", text="2023年学习计划", created=dt.datetime(2023, 1, 5)
    )
    rows = []
    for n in range(photos):
        name = f"IMG_{n + 1:03d}.jpg"
        make_jpeg(
            root / IND / name,
            size=(640, 480),
            taken=dt.datetime(2023, 3, 1 + n, 9),
            color=(10 * n, 100, 200),
        )
        rows.append([name, f"学习活动{n + 1}", "2023-03-01", "会议室", "全体干部", "", "李四"])
    make_caption_csv(root / IND / "说明.csv", rows, encoding="gbk")
    return root


def test_bind_command_writes_volumes_catalog_and_index(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1)
    out = tmp_path / "卷宗"
    result = runner.invoke(
        app, ["bind", str(root), "-o", str(out), "--as-of", "2023-07-01", "--compiler", "王五"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["1 思想道德建设.docx", "归档文件目录.xlsx", "总目录.docx"]
    assert str(out / "1 思想道德建设.docx") in result.stderr
    assert "1 gap(s) marked" in result.stderr  # 2 photos required, 1 present
    volume = docx.Document(out / "1 思想道德建设.docx")
    texts = [p.text for p in volume.paragraphs]
    assert "缺：学习活动照片 2 张，现有 1 张" in texts
    assert len(volume.inline_shapes) == 2  # the document's page and the photo
    cells = {c.text for t in volume.tables for r in t.rows for c in r.cells}
    assert "题名：学习活动1" in "\n".join(cells)  # caption from a GBK sheet
    assert "王五" in cells
    rows = list(
        openpyxl.load_workbook(out / "归档文件目录.xlsx").active.iter_rows(values_only=True)
    )
    assert [r[1] for r in rows[1:]] == ["J012-1-0001", "J012-1-0002"]


@pytest.mark.slow
def test_bind_is_deterministic_through_the_cli(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive")
    for out in ("a", "b"):
        result = runner.invoke(
            app, ["bind", str(root), "-o", str(tmp_path / out), "--quiet", "--as-of", "2023-07-01"]
        )
        assert result.exit_code == 0, result.output
    for first in (tmp_path / "a").iterdir():
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_output_inside_archive_is_a_usage_error(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1)
    result = runner.invoke(app, ["bind", str(root), "-o", str(root / "out")])
    assert result.exit_code == 2, result.output
    assert "must not be inside the archive" in result.stderr
    assert not (root / "out").exists()


def test_unknown_archive_code_field_is_exit_2(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1, archive_code="{fonds}-{volume}-{item:04d}")
    result = runner.invoke(app, ["bind", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "unknown field {volume}" in result.stderr
    assert "Traceback" not in result.output


def test_bad_photos_per_page_is_exit_2(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1)
    result = runner.invoke(
        app, ["bind", str(root), "-o", str(tmp_path / "out"), "--photos-per-page", "3"]
    )
    assert result.exit_code == 2, result.output
    assert "photos-per-page" in result.stderr


def test_pdf_without_libreoffice_is_exit_2_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _archive(tmp_path / "archive", photos=1)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = runner.invoke(app, ["bind", str(root), "-o", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 2, result.output
    assert "soffice was not found" in result.stderr
    assert "apt-get install libreoffice-writer-nogui fonts-noto-cjk" in result.stderr
    assert not (tmp_path / "out").exists()


def test_zh_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    root = _archive(tmp_path / "archive", photos=2)
    result = runner.invoke(app, ["bind", str(root), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.strip()
        == "已装订 1 卷、3 件（文件 1，照片 2，视频 0，音频 0）；标出缺项 0 处。"
    )


@pytest.mark.slow
def test_ctrl_c_leaves_no_partial_file(tmp_path: Path) -> None:
    """SIGINT in the middle of a bind: every file under its final name is whole, no .part is left."""
    root = tmp_path / "archive"
    categories = []
    for c in range(1, 5):
        folder = f"{c} 类别{c}/{c}.1 指标"
        categories.append(
            {
                "id": str(c),
                "title": f"类别{c}",
                "indicators": [
                    {
                        "id": f"{c}.1",
                        "title": "指标",
                        "requires": [{"kind": "photo", "what": "照片", "min": 1}],
                    }
                ],
            }
        )
        for n in range(25):
            make_jpeg(
                root / folder / f"{n:03d}.jpg",
                size=(1600, 1200),
                taken=dt.datetime(2023, 1, 1 + n % 28),
                color=(c * 40, n * 5, 90),
            )
    make_mp4(root / "1 类别1/1.1 指标/clip.mp4", seconds=2)
    write_spec(root, categories=categories)
    out = tmp_path / "out"
    env = {**os.environ, "CI": "1"}
    # Scan once so the bind below spends its time binding.
    subprocess.run(
        [sys.executable, "-m", "civarchive", "scan", str(root), "-o", os.devnull, "-q"],
        check=True,
        env=env,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "civarchive",
            "bind",
            str(root),
            "-o",
            str(out),
            "--jobs",
            "1",
            "--no-cache",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    # Interrupt as soon as the first volume exists: the next ones are being made.
    while time.monotonic() < deadline and process.poll() is None:
        if out.is_dir() and any(p.suffix == ".docx" for p in out.iterdir()):
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (130, 0), stderr.decode()
    if process.returncode == 130:
        assert "interrupted" in stderr.decode()
    assert "Traceback" not in stderr.decode()
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in left if n.endswith(".part")], left
    for name in left:
        with zipfile.ZipFile(out / name) as archive:
            assert archive.testzip() is None, name
    assert len(left) < 6  # interrupted before the end: 4 volumes + index + catalog


def test_spec_error_creates_no_output_folder(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1, archive_code="{item:04d}-{fonds:03d}")
    result = runner.invoke(app, ["bind", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # several whole binds
def test_without_libreoffice_docx_is_merged_and_one_line_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice makes the DOC of this test; apt-get install libreoffice-nogui")
    root = _archive(tmp_path / "archive", photos=2)
    # An old Word file (DOC) needs LibreOffice to be bound in full; the DOCX is merged.
    make_docx(tmp_path / "2022年学习计划.docx", text="2022年学习计划")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(root / IND), str(tmp_path / "2022年学习计划.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    out = tmp_path / "卷宗"
    result = runner.invoke(app, ["bind", str(root), "-o", str(out), "--as-of", "2023-07-01"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if "LibreOffice" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("1 documents were not bound in full: LibreOffice is needed")
    assert "libreoffice.org" in lines[0]
    volume = docx.Document(out / "1 思想道德建设.docx")
    texts = [p.text for p in volume.paragraphs]
    assert "2023年学习计划（第1段）" in texts  # merged
    # The DOC's card says why its content is missing.
    assert "（正文未装入：需安装 LibreOffice）" in texts


@pytest.mark.slow  # several whole binds
def test_documents_list_dpi_and_the_final_copy(tmp_path: Path) -> None:
    root = _archive(tmp_path / "archive", photos=1)
    out = tmp_path / "卷宗"
    listed = runner.invoke(
        app, ["bind", str(root), "-o", str(out), "--documents", "list", "--as-of", "2023-07-01"]
    )
    assert listed.exit_code == 0, listed.output
    volume = docx.Document(out / "1 思想道德建设.docx")
    assert len(volume.element.body.xpath(".//w:drawing")) == 1  # the photo only
    bad = runner.invoke(app, ["bind", str(root), "-o", str(out), "--dpi", "20"])
    assert bad.exit_code == 2, bad.output
    assert "--dpi must be between 50 and 600" in bad.stderr
    # The final copy refuses while a gap has no waiver, naming it and the waiver to write.
    final = runner.invoke(
        app, ["bind", str(root), "-o", str(tmp_path / "迎检"), "--final", "--as-of", "2023-07-01"]
    )
    assert final.exit_code == 1, final.output
    assert "1 gap(s) have no waiver" in final.stderr
    assert "学习活动照片" in final.stderr
    assert "1.1 理想信念教育: missing: 学习活动照片" in final.stderr
    # The 1.1 folder's indicator is due before the as-of date: its gap is overdue.
    assert 'waivers:\n  - {code: overdue, indicator: "1.1", reason: "(the reason)"}' in final.stderr
    assert not (tmp_path / "迎检").exists()
    allowed = runner.invoke(
        app,
        ["bind", str(root), "-o", str(tmp_path / "迎检"), "--final", "--allow-gaps"]
        + ["--as-of", "2023-07-01", "--embed-documents"],
    )
    assert allowed.exit_code == 0, allowed.output
    texts = [p.text for p in docx.Document(tmp_path / "迎检" / "1 思想道德建设.docx").paragraphs]
    assert not any(t.startswith("缺：") or t.startswith("完成情况") for t in texts)
