"""bind end to end on real files: outputs, determinism, the archive untouched, refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import docx
import pytest

from civarchive.bind import INDEX_NAME, bind
from civarchive.errors import UsageError
from tests.bind.conftest import (
    IND_11,
    VOLUME_1,
    Bundle,
    build_archive,
    docx_text,
    docx_xml,
)


def test_core_properties_are_fixed(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    props = docx.Document(out / VOLUME_1).core_properties
    when = dt.datetime(2023, 11, 14, 22, 13, 20)  # SOURCE_DATE_EPOCH=1700000000 (conftest)
    assert props.created.replace(tzinfo=None) == when
    assert props.modified.replace(tzinfo=None) == when
    assert props.revision == 1
    assert props.author == "X市人大常委会机关"


def test_docx_properties_come_from_the_spec_not_the_template(bound: tuple[Bundle, Path]) -> None:
    # Issue 10: python-docx's template said 「Microsoft Macintosh Word」 and carried its own
    # page preview and an empty bibliography store.
    _, out = bound
    for name in (VOLUME_1, INDEX_NAME):
        props = docx.Document(out / name).core_properties
        assert props.subject == "第七届全国文明单位创建资料"
        assert props.author == props.last_modified_by == "X市人大常委会机关"
        app = docx_xml(out / name, "docProps/app.xml")
        assert "<Company>X市人大常委会机关</Company>" in app
        assert "<Application>civarchive</Application>" in app
        assert "Macintosh" not in app
        assert "Template" not in app
        with zipfile.ZipFile(out / name) as package:
            names = package.namelist()
        assert not any(n.startswith(("customXml/", "docProps/thumbnail")) for n in names), names
    title = docx.Document(out / VOLUME_1).core_properties.title
    assert title == "第七届全国文明单位创建资料（思想道德建设）"


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".civarchive" not in p.relative_to(root).parts
    }


@pytest.mark.slow
def test_deterministic_and_archive_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = build_archive(tmp_path / "archive")
    before = _digest(bundle.root)
    first = bind(
        bundle.spec, bundle.inventory, bundle.report, tmp_path / "a", jobs=2
    )  # cold thumbnails
    second = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "b", jobs=1)  # warm
    third = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "c", use_cache=False)
    for a, b, c in zip(first.written, second.written, third.written, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name
    assert _digest(bundle.root) == before
    assert {p.name for p in bundle.root.iterdir()} == {"1 思想道德建设", ".civarchive"}
    # Without SOURCE_DATE_EPOCH the report's as-of date stamps the documents.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    fourth = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "d")
    props = docx.Document(fourth.volumes[0]).core_properties
    assert props.created.replace(tzinfo=None) == dt.datetime(2023, 7, 1)
    with zipfile.ZipFile(fourth.catalog) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not list((tmp_path / "d").glob("*.part"))


def test_output_inside_archive_is_refused(bundle: Bundle) -> None:
    with pytest.raises(UsageError, match="inside the archive"):
        bind(bundle.spec, bundle.inventory, bundle.report, bundle.root / "卷宗")
    assert not (bundle.root / "卷宗").exists()
    result = bind(
        bundle.spec, bundle.inventory, bundle.report, bundle.root / ".civarchive" / "卷宗"
    )
    assert result.volumes[0].is_file()


def test_bad_options(bundle: Bundle, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="photos-per-page"):
        bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", photos_per_page=3)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="--per"):
        bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "o", per="indicator")  # type: ignore[arg-type]


def test_per_all_and_four_photos_per_page(bundle: Bundle, tmp_path: Path) -> None:
    result = bind(
        bundle.spec,
        bundle.inventory,
        bundle.report,
        tmp_path / "o",
        per="all",
        photos_per_page=4,
        documents="list",
    )
    assert [p.name for p in result.volumes] == ["第七届全国文明单位创建资料.docx"]
    volume = docx.Document(result.volumes[0])
    assert [p.text for p in volume.paragraphs if p.style.name == "Heading 1"] == [
        "1 思想道德建设",
        "2 精神文明建设",
    ]
    grids = [t for t in volume.tables if t._cells and t._cells[0]._tc.xpath(".//w:drawing")]
    assert grids
    assert all(len(t.columns) == 2 for t in grids)
    assert len(volume.inline_shapes) == 5


def test_undecodable_photo_is_listed_asdocx_text(tmp_path: Path) -> None:
    bundle = build_archive(tmp_path / "archive")
    (bundle.root / IND_11 / "照片" / "IMG_002.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")
    result = bind(
        bundle.spec,
        bundle.inventory,
        bundle.report,
        tmp_path / "o",
        use_cache=False,
        documents="list",
    )
    assert result.photo_failures == 1
    volume = docx.Document(result.volumes[0])
    assert len(volume.inline_shapes) == 4
    text = docx_text(volume)
    assert "学习活动2" in text
    assert "照片无法显示：无法解码" in text
    # Still in the catalog and linked.
    assert "item_0004" in docx_xml(result.volumes[0], "word/document.xml")
