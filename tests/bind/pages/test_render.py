"""PDF pages and image documents into JPEGs: order, look, size, colour, lying page counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from civarchive.bind.pages.models import Reason
from civarchive.bind.pages.render import (
    ImageJob,
    PageJob,
    has_colour,
    page_name,
    render_image,
    render_pdf,
)
from tests.bind.pages.conftest import likeness
from tests.factories import encrypt_pdf, make_image_pdf, make_jpeg, page_picture


def _job(pdf: Path, out: Path, first: int = 0, last: int = 100, dpi: int = 150) -> PageJob:
    return PageJob("k", str(pdf), first, last, dpi, str(out))


def test_every_page_in_order_and_like_its_source(tmp_path: Path) -> None:
    pdf = make_image_pdf(tmp_path / "三页.pdf", 3)
    outcome = render_pdf(_job(pdf, tmp_path / "out"))
    assert outcome.failure is None
    assert outcome.page_count == 3
    assert [p.index for p in outcome.pages] == [0, 1, 2]
    for page in outcome.pages:
        # An A4 page at 150 dpi (PDFium rounds the size up).
        assert page.width in (1240, 1241)
        assert page.height in (1754, 1755)
        with Image.open(tmp_path / "out" / page.name) as img:
            rendered = img.copy()
        own = likeness(rendered, page_picture(page.index))
        others = [likeness(rendered, page_picture(n)) for n in range(3) if n != page.index]
        assert own > 0.95, own
        assert own > max(others) + 0.05, (own, others)


def test_grey_pages_are_one_band_and_a_red_seal_keeps_colour(tmp_path: Path) -> None:
    pdf = make_image_pdf(tmp_path / "a.pdf", 2, colour_pages=(1,))
    outcome = render_pdf(_job(pdf, tmp_path / "out"))
    grey, colour = outcome.pages
    assert grey.grey
    assert not colour.grey
    with Image.open(tmp_path / "out" / grey.name) as img:
        assert img.mode == "L"
    with Image.open(tmp_path / "out" / colour.name) as img:
        assert img.mode == "RGB"
        assert has_colour(img.convert("RGB"))


def test_a_range_renders_only_its_pages(tmp_path: Path) -> None:
    pdf = make_image_pdf(tmp_path / "a.pdf", 5)
    outcome = render_pdf(_job(pdf, tmp_path / "out", first=2, last=4))
    assert [p.index for p in outcome.pages] == [2, 3]
    assert sorted(f.name for f in (tmp_path / "out").iterdir()) == [page_name(2), page_name(3)]


def test_a_page_larger_than_a4_is_rendered_down_to_it(tmp_path: Path) -> None:
    # An A2 poster (4x A4): printed on A4 it would be shrunk anyway.
    poster = page_picture(0, size=(1654, 2338))
    poster.save(tmp_path / "a2.pdf", "PDF", resolution=100)
    outcome = render_pdf(_job(tmp_path / "a2.pdf", tmp_path / "out"))
    (page,) = outcome.pages
    assert page.width in (1240, 1241)
    assert page.height in (1754, 1755)


def test_encrypted_and_broken_pdfs_say_why(tmp_path: Path) -> None:
    plain = make_image_pdf(tmp_path / "p.pdf", 1)
    encrypted = encrypt_pdf(plain, tmp_path / "e.pdf")
    broken = tmp_path / "b.pdf"
    broken.write_bytes(plain.read_bytes()[:300])
    assert render_pdf(_job(encrypted, tmp_path / "o1")).failure == Reason.ENCRYPTED
    assert render_pdf(_job(broken, tmp_path / "o2")).failure == Reason.CORRUPT
    assert render_pdf(_job(tmp_path / "missing.pdf", tmp_path / "o3")).failure == Reason.CORRUPT


def test_real_pdfs_stay_under_250_kb_a_page(real_corpus: Path, tmp_path: Path) -> None:
    sizes = {}
    for name in (
        "pdf-chinese-print-to-pdf.pdf",
        "pdf-epson-scan-5p.pdf",
        "pdf-libreoffice-multilang.pdf",
    ):
        outcome = render_pdf(_job(real_corpus / name, tmp_path / name))
        assert outcome.pages, name
        sizes[name] = [p.size for p in outcome.pages]
    assert max(s for pages in sizes.values() for s in pages) < 250_000, sizes
    # Text pages are far smaller; the scanner's pages are its biggest.
    assert max(sizes["pdf-libreoffice-multilang.pdf"]) < 80_000, sizes


def test_real_encrypted_pdf(real_corpus: Path, tmp_path: Path) -> None:
    outcome = render_pdf(_job(real_corpus / "pdf-encrypted-libreoffice.pdf", tmp_path / "o"))
    assert outcome.failure == Reason.ENCRYPTED


@pytest.mark.parametrize(("orientation", "size"), [(1, (1200, 900)), (6, (900, 1200))])
def test_an_image_document_is_one_upright_page(
    tmp_path: Path, orientation: int, size: tuple[int, int]
) -> None:
    make_jpeg(tmp_path / "通知.jpg", size=(1200, 900), orientation=orientation)
    outcome = render_image(ImageJob("k", str(tmp_path / "通知.jpg"), 150, str(tmp_path / "out")))
    (page,) = outcome.pages
    assert (page.width, page.height) == size


def test_a_large_scan_is_decoded_down_to_the_print_size(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "scan.jpg", size=(4000, 5600))
    outcome = render_image(ImageJob("k", str(tmp_path / "scan.jpg"), 150, str(tmp_path / "out")))
    (page,) = outcome.pages
    assert max(page.width, page.height) <= 1754
    assert page.width <= 1240


def test_an_unreadable_image_is_corrupt(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    outcome = render_image(ImageJob("k", str(tmp_path / "x.jpg"), 150, str(tmp_path / "out")))
    assert outcome.failure == Reason.CORRUPT
    assert not outcome.pages
