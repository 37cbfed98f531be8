"""One LibreOffice call per batch: failures stay per file, a stuck call is killed, bombs refused."""

from __future__ import annotations

import shutil
import uuid
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from civarchive.bind.pages.models import Reason
from civarchive.bind.pages.office import Conversion, convert_batch
from tests.bind.pages.conftest import KNOWN_TEXT, OfficeFiles, soffice_or_skip
from tests.factories import make_docx

pytestmark = pytest.mark.soffice


def _our_soffice_processes(marker: str) -> list[str]:
    """Command lines of live LibreOffice processes this test started (its environment marker).

    Other tests running in parallel start LibreOffice too; only ours must be gone.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
            state = (entry / "stat").read_text().split()[2]
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if "civarchive-lo-" in cmdline and state != "Z" and marker.encode() in environ:
            found.append(cmdline)
    return found


@pytest.mark.slow
def test_a_file_libreoffice_cannot_read_fails_alone(
    office_files: OfficeFiles, tmp_path: Path
) -> None:
    soffice = soffice_or_skip()
    # LibreOffice imports unknown bytes (even an empty file) as text; not a broken package.
    garbage = tmp_path / "坏.docx"
    with zipfile.ZipFile(garbage, "w") as package:
        package.writestr("[Content_Types].xml", "<Types")
    items = [
        Conversion("good", office_files.docx, "docx"),
        Conversion("bad", garbage, "docx"),
        Conversion("xlsx", office_files.xlsx, "xlsx"),
    ]
    targets = {item.key: tmp_path / "out" / f"{item.key}.pdf" for item in items}
    outcome = convert_batch(items, targets, soffice=soffice)
    assert outcome.runs == 1
    assert sorted(outcome.converted) == ["good", "xlsx"]
    assert outcome.failed["bad"].reason == Reason.CONVERSION_FAILED
    text = PdfReader(outcome.converted["good"]).pages[0].extract_text().replace(" ", "")
    assert KNOWN_TEXT in text
    assert not list((tmp_path / "out").glob("*.part"))


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc to look for processes")
@pytest.mark.slow
def test_a_stuck_call_is_killed_with_all_its_processes(
    office_files: OfficeFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = soffice_or_skip()
    marker = f"CIVARCHIVE_TEST_MARK={uuid.uuid4().hex}"
    monkeypatch.setenv(*marker.split("=", 1))
    items = [Conversion("a", office_files.docx, "docx"), Conversion("b", office_files.doc, "doc")]
    targets = {item.key: tmp_path / f"{item.key}.pdf" for item in items}
    # No real conversion finishes within 0.3 s (LibreOffice alone takes ~1 s to start).
    outcome = convert_batch(items, targets, soffice=soffice, per_file_timeout=0.3)
    assert outcome.converted == {}
    assert {key: f.reason for key, f in outcome.failed.items()} == {
        "a": Reason.TIMEOUT,
        "b": Reason.TIMEOUT,
    }
    # Each file was tried once in the batch and once alone before it was given up.
    assert outcome.runs == 3
    assert _our_soffice_processes(marker) == []


def test_a_zip_bomb_never_reaches_libreoffice(tmp_path: Path) -> None:
    bomb = make_docx(tmp_path / "bomb.docx")
    block = b"<w:p/>" * (1 << 20)
    with (
        zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package,
        package.open("word/padding.xml", "w") as fh,
    ):
        for _ in range(17):  # 102 MB of XML, ~100 KB compressed
            fh.write(block)
    outcome = convert_batch(
        [Conversion("bomb", bomb, "docx")], {"bomb": tmp_path / "b.pdf"}, soffice="/nonexistent"
    )
    assert outcome.runs == 0
    assert outcome.failed["bomb"].reason == Reason.TOO_LARGE


@pytest.mark.slow
def test_a_gbk_text_file_keeps_its_chinese(tmp_path: Path) -> None:
    soffice = soffice_or_skip()
    note = tmp_path / "说明.txt"
    note.write_bytes(f"{KNOWN_TEXT}\r\n本单位于二〇二三年五月开展活动。\r\n".encode("gbk"))
    outcome = convert_batch(
        [Conversion("t", note, "txt")], {"t": tmp_path / "t.pdf"}, soffice=soffice
    )
    text = PdfReader(outcome.converted["t"]).pages[0].extract_text().replace(" ", "")
    assert KNOWN_TEXT in text


@pytest.mark.slow
def test_names_that_are_not_ascii_are_staged(office_files: OfficeFiles, tmp_path: Path) -> None:
    soffice = soffice_or_skip()
    odd = tmp_path / "关于 2023 年（第一批）'创建' 通知.docx"
    shutil.copyfile(office_files.docx, odd)
    outcome = convert_batch(
        [Conversion("k", odd, "docx")], {"k": tmp_path / "k.pdf"}, soffice=soffice
    )
    assert list(outcome.converted) == ["k"]
