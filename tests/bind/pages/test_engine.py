"""render_pages end to end: routing, notes, cache, determinism, LibreOffice or not, budgets."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject

from civarchive.bind.pages import (
    NOTES,
    NotRendered,
    Reason,
    Rendered,
    libreoffice_warning,
    render_pages,
)
from civarchive.errors import UsageError
from civarchive.kinds import Kind
from civarchive.scan.models import Evidence
from tests.bind.pages.conftest import KNOWN_TEXT, OfficeFiles, evidence, likeness
from tests.factories import encrypt_pdf, make_docx, make_image_pdf, make_jpeg, page_picture


def _archive(root: Path) -> list[Evidence]:
    make_image_pdf(root / "文件/三页通知.pdf", 3, colour_pages=(2,))
    encrypt_pdf(make_image_pdf(root / "plain.pdf", 1), root / "文件/加密.pdf")
    (root / "plain.pdf").unlink()
    (root / "文件/损坏.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    make_jpeg(root / "文件/扫描件.jpg", size=(900, 1200))
    (root / "文件/红头.ofd").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return [
        evidence(root, "文件/三页通知.pdf", "pdf"),
        evidence(root, "文件/加密.pdf", "pdf"),
        evidence(root, "文件/损坏.pdf", "pdf"),
        evidence(root, "文件/扫描件.jpg", "jpeg", Kind.PHOTO, width=900, height=1200),
        evidence(root, "文件/红头.ofd", "ofd"),
    ]


def test_every_document_gets_pages_or_a_note(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    items = _archive(root)
    result = render_pages(items, root, tmp_path / "cache", jobs=2)
    assert list(result.results) == [ev.path for ev in items]
    pdf = result.results["文件/三页通知.pdf"]
    assert isinstance(pdf, Rendered)
    assert pdf.page_count == 3
    assert pdf.pdf == root / "文件/三页通知.pdf"
    assert [p.grey for p in pdf.pages] == [True, True, False]
    for n, page in enumerate(pdf.pages):
        with Image.open(page.path) as img:
            assert likeness(img, page_picture(n)) > 0.95
    scan = result.results["文件/扫描件.jpg"]
    assert isinstance(scan, Rendered)
    assert scan.page_count == 1
    assert scan.pdf is None
    notes = {path: r.note for path, r in result.results.items() if isinstance(r, NotRendered)}
    assert notes == {
        "文件/加密.pdf": "加密文件，无法装入正文",
        "文件/损坏.pdf": "文件损坏",
        "文件/红头.ofd": NOTES[Reason.OFD],
    }
    assert result.stats.pages_rendered == 4
    assert result.stats.pages_cached == 0


def test_a_second_run_renders_nothing_and_gives_the_same_pages(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    items = _archive(root)
    cold = render_pages(items, root, tmp_path / "cache")
    before = {
        p.path: p.path.read_bytes()
        for r in cold.results.values()
        if isinstance(r, Rendered)
        for p in r.pages
    }
    warm = render_pages(items, root, tmp_path / "cache")
    assert warm.stats.pages_rendered == 0
    assert warm.stats.pages_cached == 4
    assert warm.results == cold.results
    assert {p: p.read_bytes() for p in before} == before


def test_a_damaged_cache_entry_is_rendered_again(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    items = _archive(root)[:1]
    cold = render_pages(items, root, tmp_path / "cache")
    result = cold.results["文件/三页通知.pdf"]
    assert isinstance(result, Rendered)
    result.pages[1].path.write_bytes(b"half a page")  # as a crash mid-write of an old version
    again = render_pages(items, root, tmp_path / "cache")
    assert again.stats.pages_rendered == 3
    with Image.open(result.pages[1].path) as img:
        assert likeness(img, page_picture(1)) > 0.95
    # A folder without its manifest (killed before the end) is not trusted either.
    (result.pages[0].path.parent / "manifest.json").unlink()
    assert render_pages(items, root, tmp_path / "cache").stats.pages_rendered == 3


def test_same_bytes_every_time_whatever_the_workers(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    items = _archive(root)

    def digest(cache: Path, jobs: int) -> dict[str, str]:
        result = render_pages(items, root, cache, jobs=jobs)
        return {
            f"{path}#{n}": hashlib.sha256(p.path.read_bytes()).hexdigest()
            for path, r in result.results.items()
            if isinstance(r, Rendered)
            for n, p in enumerate(r.pages)
        }

    assert digest(tmp_path / "c1", 1) == digest(tmp_path / "c2", 2)


def test_one_content_in_two_places_is_rendered_once(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    make_image_pdf(root / "a/计划.pdf", 2)
    (root / "b").mkdir()
    shutil.copyfile(root / "a/计划.pdf", root / "b/计划副本.pdf")
    items = [evidence(root, "a/计划.pdf", "pdf"), evidence(root, "b/计划副本.pdf", "pdf")]
    result = render_pages(items, root, tmp_path / "cache")
    assert result.stats.documents == 1
    assert result.stats.pages_rendered == 2
    assert result.results["a/计划.pdf"] == result.results["b/计划副本.pdf"]


@pytest.mark.parametrize("count", [999_999, 10**23])
def test_a_lying_page_count_renders_only_the_real_pages(tmp_path: Path, count: int) -> None:
    root = tmp_path / "archive"
    make_image_pdf(tmp_path / "honest.pdf", 2)
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "honest.pdf"))
    writer._root_object["/Pages"][NameObject("/Count")] = NumberObject(count)  # noqa: SLF001
    root.mkdir()
    with open(root / "liar.pdf", "wb") as fh:
        writer.write(fh)
    result = render_pages([evidence(root, "liar.pdf", "pdf")], root, tmp_path / "cache")
    liar = result.results["liar.pdf"]
    assert isinstance(liar, Rendered)
    assert liar.page_count == 2
    assert liar.unreadable_pages == ()
    assert liar.capped_from is None


def test_unreadable_and_unsupported_files_are_notes(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    make_jpeg(root / "x.jpg")
    items = [
        replace(evidence(root, "x.jpg", "jpeg", Kind.PHOTO), sha256=None),
        replace(evidence(root, "x.jpg", "zip", Kind.OTHER), path="y.zip"),
    ]
    result = render_pages(items, root, tmp_path / "cache")
    assert result.results["x.jpg"] == NotRendered(Reason.CORRUPT, "the file could not be read")
    assert isinstance(result.results["y.zip"], NotRendered)
    assert result.results["y.zip"].reason == Reason.UNSUPPORTED


def test_dpi_is_checked(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="dpi"):
        render_pages([], tmp_path, tmp_path / "cache", dpi=5000)


def test_the_dpi_is_part_of_the_cache_key(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    items = _archive(root)[:1]
    low = render_pages(items, root, tmp_path / "cache", dpi=75).results["文件/三页通知.pdf"]
    high = render_pages(items, root, tmp_path / "cache", dpi=150).results["文件/三页通知.pdf"]
    assert isinstance(low, Rendered)
    assert isinstance(high, Rendered)
    assert low.pages[0].dpi == 75
    assert low.pages[0].width * 2 in (
        high.pages[0].width,
        high.pages[0].width + 1,
        high.pages[0].width - 1,
    )


def test_without_libreoffice_office_files_wait_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "archive"
    make_docx(root / "计划.docx")
    (root / "表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    items = [evidence(root, "计划.docx", "docx"), evidence(root, "表.xls", "xls")]
    result = render_pages(items, root, tmp_path / "cache")
    docx, xls = result.results["计划.docx"], result.results["表.xls"]
    assert docx == NotRendered(Reason.NEEDS_LIBREOFFICE, mergeable=True)
    assert xls == NotRendered(Reason.NEEDS_LIBREOFFICE)
    assert docx.note == "正文未装入：需安装 LibreOffice"
    assert result.stats.needs_libreoffice == 2
    assert result.stats.soffice_runs == 0
    assert "2 documents" in libreoffice_warning(2)
    assert "libreoffice" in libreoffice_warning(2)
    # Not cached: once LibreOffice is installed, the next bind converts them.
    assert not list((tmp_path / "cache").glob("*/manifest.json"))


def test_an_encrypted_office_file_never_reaches_libreoffice(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    make_docx(root / "密.docx")
    items = [evidence(root, "密.docx", "docx", encrypted=True)]
    result = render_pages(items, root, tmp_path / "cache")
    assert result.results["密.docx"] == NotRendered(Reason.ENCRYPTED)
    assert result.stats.soffice_runs == 0


@pytest.mark.soffice
@pytest.mark.slow
def test_office_files_are_converted_in_one_call_then_cached(
    office_files: OfficeFiles, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    for source, name in (
        (office_files.docx, "通知.docx"),
        (office_files.doc, "通知.doc"),
        (office_files.xlsx, "统计表.xlsx"),
    ):
        shutil.copyfile(source, root / name)
    make_image_pdf(root / "方案.pdf", 2)
    items = [
        evidence(root, "通知.docx", "docx"),
        evidence(root, "方案.pdf", "pdf"),
        evidence(root, "通知.doc", "doc"),
        evidence(root, "统计表.xlsx", "xlsx"),
    ]
    cold = render_pages(items, root, tmp_path / "cache")
    assert list(cold.results) == [ev.path for ev in items]
    assert cold.stats.soffice_runs == 1
    assert cold.stats.converted == 3
    # The PDF rendered while LibreOffice converted the others.
    pdf = cold.results["方案.pdf"]
    assert isinstance(pdf, Rendered)
    assert pdf.page_count == 2
    reference = PdfReader(office_files.pdf)
    docx = cold.results["通知.docx"]
    assert isinstance(docx, Rendered)
    # Page-accurate: as many pages as LibreOffice's own PDF of the same DOCX.
    assert docx.page_count == len(reference.pages) >= 2
    assert docx.pdf is not None
    assert KNOWN_TEXT in PdfReader(docx.pdf).pages[0].extract_text().replace(" ", "")
    doc = cold.results["通知.doc"]
    assert isinstance(doc, Rendered)
    assert doc.page_count == docx.page_count
    for a, b in zip(docx.pages, doc.pages, strict=True):
        with Image.open(a.path) as one, Image.open(b.path) as other:
            assert likeness(one, other) > 0.9
    xlsx = cold.results["统计表.xlsx"]
    assert isinstance(xlsx, Rendered)
    assert xlsx.page_count >= 1
    # Warm, even at another dpi: the converted PDFs are cached, LibreOffice is not started.
    warm = render_pages(items, root, tmp_path / "cache", dpi=100)
    assert warm.stats.soffice_runs == 0
    assert warm.stats.conversions_cached == 3
    assert warm.stats.pages_rendered == docx.page_count * 2 + xlsx.page_count + 2


@pytest.mark.soffice
@pytest.mark.slow
def test_rendered_docx_pages_look_like_pdftoppm_s(
    office_files: OfficeFiles, tmp_path: Path
) -> None:
    import subprocess

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    root = office_files.folder
    result = render_pages([evidence(root, "notice.pdf", "pdf")], root, tmp_path / "cache")
    rendered = result.results["notice.pdf"]
    assert isinstance(rendered, Rendered)
    subprocess.run(
        [pdftoppm, "-r", "50", "-png", str(office_files.pdf), str(tmp_path / "ref")], check=True
    )
    references = sorted(tmp_path.glob("ref-*.png"))
    assert len(references) == rendered.page_count
    for page, reference in zip(rendered.pages, references, strict=True):
        with Image.open(page.path) as img, Image.open(reference) as ref:
            assert likeness(img, ref) > 0.9
