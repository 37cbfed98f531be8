"""LibreOffice is found or reported missing; a call past its time is killed with its children."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from civarchive.bind.soffice import run_convert, which_soffice
from tests.factories import make_docx


def test_no_soffice_on_the_path_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    if (
        Path("/Applications/LibreOffice.app").exists()
        or Path(r"C:\Program Files\LibreOffice").exists()
    ):
        pytest.skip("LibreOffice is installed in its default folder")
    assert which_soffice() is None


@pytest.mark.soffice
@pytest.mark.slow
def test_a_timeout_kills_the_whole_call(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = make_docx(tmp_path / "a.docx")
    run = run_convert(soffice, "pdf", [docx], tmp_path / "out", timeout=0.2)
    assert run.timed_out
    assert run.seconds < 15
    assert not (tmp_path / "out" / "a.pdf").exists()
    done = run_convert(soffice, "pdf", [docx], tmp_path / "out", timeout=120)
    assert not done.timed_out
    assert done.returncode == 0
    assert (tmp_path / "out" / "a.pdf").is_file()
