"""Merging other DOCX files: their content comes, their sections and randomness do not, and
python-docx stays sound for the documents saved after."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from civarchive.bind import bind
from civarchive.bind.docx import DocumentBuilder
from tests.bind.conftest import build_archive
from tests.factories import make_docx

CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
WHEN = dt.datetime(2023, 11, 14)


def _core_tags(volume: Path) -> list[str]:
    with zipfile.ZipFile(volume) as package:
        root = etree.fromstring(package.read("docProps/core.xml"))
    return [child.tag for child in root]


def _merged(tmp_path: Path, sources: list[Path], name: str) -> Path:
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)
    builder.paragraph("卷首")
    for source in sources:
        builder.merge(source)
    builder.paragraph("卷尾")
    target = tmp_path / name
    builder.save(target)
    return target


@pytest.mark.slow
def test_core_properties_stay_in_their_namespace_after_embedding(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    embedded = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "a", documents="full")
    plain = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "b")

    from docx.oxml.ns import nsmap

    assert nsmap["cp"] == CORE
    for volume in [*embedded.volumes, *plain.volumes]:
        tags = _core_tags(volume)
        assert f"{{{CORE}}}lastModifiedBy" in tags, tags
        assert f"{{{CORE}}}revision" in tags, tags
        # docxcompose's custom-properties namespace must not leak into core.xml.
        assert not any("custom-properties" in tag for tag in tags), tags


def test_merged_lists_give_the_same_bytes_every_time(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "列表.docx", text="工作要点", numbered=True, paragraphs=4)
    first = _merged(tmp_path, [source, source], "a.docx")
    second = _merged(tmp_path, [source, source], "b.docx")
    assert hashlib.sha256(first.read_bytes()).digest() == (
        hashlib.sha256(second.read_bytes()).digest()
    )
    numbering = zipfile.ZipFile(first).read("word/numbering.xml").decode("utf-8")
    ids = re.findall(r'<w:nsid w:val="([0-9A-F]{8})"/>', numbering)
    # The template's nine lists and one copy per merged document, each with its own id.
    assert len(ids) == 11
    assert len(set(ids)) == 11
    body = [p.text for p in docx.Document(first).paragraphs]
    assert body[0] == "卷首"
    assert body[-1] == "卷尾"
    assert body.count("工作要点（第1段）") == 2


def test_a_merged_documents_sections_do_not_reach_the_volume(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "横向.docx", text="附表", landscape_section=True)
    assert len(docx.Document(source).sections) == 2
    merged = docx.Document(_merged(tmp_path, [source], "merged.docx"))
    # One section, still the volume's portrait A4 with its own margins.
    assert len(merged.sections) == 1
    section = merged.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.8
    texts = [p.text for p in merged.paragraphs]
    assert "附表（横向页）" in texts
    assert texts.index("附表（第3段）") < texts.index("附表（横向页）") < texts.index("卷尾")


def test_a_broken_document_raises_and_leaves_the_builder_usable(tmp_path: Path) -> None:
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    good = make_docx(tmp_path / "好.docx", text="正文")
    builder = DocumentBuilder.create(title="卷", author="机关", when=WHEN)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever python-docx raises
        builder.merge(broken)
    builder.merge(good)
    builder.save(tmp_path / "out.docx")
    assert "正文（第1段）" in [p.text for p in docx.Document(tmp_path / "out.docx").paragraphs]
