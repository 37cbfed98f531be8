"""--embed-documents must not leave python-docx broken for the volumes written after it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from civarchive.bind import bind
from tests.bind.conftest import build_archive

CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def _core_tags(volume: Path) -> list[str]:
    with zipfile.ZipFile(volume) as package:
        root = etree.fromstring(package.read("docProps/core.xml"))
    return [child.tag for child in root]


def test_core_properties_stay_in_their_namespace_after_embedding(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    embedded = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "a", embed_documents=True
    )
    plain = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "b")

    from docx.oxml.ns import nsmap

    assert nsmap["cp"] == CORE
    for volume in [*embedded.volumes, *plain.volumes]:
        tags = _core_tags(volume)
        assert f"{{{CORE}}}lastModifiedBy" in tags, tags
        assert f"{{{CORE}}}revision" in tags, tags
        # docxcompose's custom-properties namespace must not leak into core.xml.
        assert not any("custom-properties" in tag for tag in tags), tags
