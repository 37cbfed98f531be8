"""Saving: the parts python-docx would write, fixed zip metadata, media stored, atomic; the
copy LibreOffice converts has its TOC field unwrapped."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from civarchive.bind.docx import DocumentBuilder, copy_with_toc_unwrapped
from civarchive.bind.docx.package import write_docx
from tests.bind.conftest import VOLUME_1, Bundle, docx_xml
from tests.factories import make_jpeg

WHEN = dt.datetime(2023, 11, 14)


def _builder(photo: Path) -> DocumentBuilder:
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)
    builder.paragraph("正文")
    builder.picture(builder.paragraph(), photo, Cm(4), Cm(3))
    return builder


def test_same_document_same_bytes_with_fixed_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = make_jpeg(tmp_path / "a.jpg")
    _builder(photo).save(tmp_path / "a.docx")
    _builder(photo).save(tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.docx") as package:
        infos = package.infolist()
    assert {info.date_time for info in infos} == {(2023, 11, 14, 22, 13, 20)}
    compression = {info.filename: info.compress_type for info in infos}
    assert compression["word/media/image1.jpg"] == zipfile.ZIP_STORED
    assert compression["word/document.xml"] == zipfile.ZIP_DEFLATED
    assert [info.filename for info in infos][:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_parts_are_those_python_docx_saves(tmp_path: Path) -> None:
    builder = _builder(make_jpeg(tmp_path / "a.jpg"))
    ours = io.BytesIO()
    write_docx(builder.document, ours)
    stock = io.BytesIO()
    builder.document.save(stock)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(stock) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert docx.Document(ours).paragraphs[0].text == "正文"


def test_a_failed_save_leaves_no_file(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "a.jpg")
    builder = _builder(photo)
    photo.unlink()  # the picture's bytes are read on save
    target = tmp_path / "out" / "卷.docx"
    with pytest.raises(FileNotFoundError):
        builder.save(target)
    assert list(target.parent.iterdir()) == []


def test_pdf_copy_has_the_toc_field_unwrapped(bound: tuple[Bundle, Path], tmp_path: Path) -> None:
    _, out = bound
    staged = tmp_path / "staged.docx"
    copy_with_toc_unwrapped(out / VOLUME_1, staged)
    original, copy = (
        docx_xml(out / VOLUME_1, "word/document.xml"),
        docx_xml(staged, "word/document.xml"),
    )
    assert "TOC \\o" in original
    assert "TOC \\o" not in copy
    # Only the TOC's own four runs went: the entries, their links and PAGEREFs stay.
    assert copy.count("PAGEREF _Toc_") == original.count("PAGEREF _Toc_") == 4
    for kind in ("begin", "separate", "end"):
        assert (
            copy.count(f'w:fldCharType="{kind}"') == original.count(f'w:fldCharType="{kind}"') - 1
        )
    with zipfile.ZipFile(out / VOLUME_1) as a, zipfile.ZipFile(staged) as b:
        assert a.namelist() == b.namelist()
        assert a.read("word/styles.xml") == b.read("word/styles.xml")
    assert docx.Document(staged).paragraphs
