"""The page cache trusts a folder only through a manifest that matches its files."""

from __future__ import annotations

from pathlib import Path

from civarchive.bind.pages import cache
from civarchive.bind.pages.models import NotRendered, PageImage, Reason, Rendered


def _pages(folder: Path, count: int) -> Rendered:
    folder.mkdir(parents=True)
    pages = []
    for n in range(count):
        path = folder / f"p{n + 1:04d}.jpg"
        path.write_bytes(b"\xff\xd8" + bytes([n]) * (100 + n))
        pages.append(PageImage(path, 10, 20, 150, grey=True))
    return Rendered(tuple(pages), None, "pdf", unreadable_pages=(2,), capped_from=None)


def test_a_written_manifest_reads_back_the_same_result(tmp_path: Path) -> None:
    folder = cache.page_dir(tmp_path, "ab" * 32, 150)
    result = _pages(folder, 3)
    cache.write(folder, result, "pdf")
    assert cache.read(folder, 150, None) == result


def test_no_manifest_or_a_changed_page_is_not_trusted(tmp_path: Path) -> None:
    folder = cache.page_dir(tmp_path, "cd" * 32, 150)
    result = _pages(folder, 2)
    assert cache.read(folder, 150, None) is None
    cache.write(folder, result, "pdf")
    result.pages[1].path.write_bytes(b"short")
    assert cache.read(folder, 150, None) is None
    result.pages[1].path.unlink()
    assert cache.read(folder, 150, None) is None
    (folder / cache.MANIFEST).write_text("{not json", encoding="utf-8")
    assert cache.read(folder, 150, None) is None


def test_a_manifest_cannot_point_outside_its_folder(tmp_path: Path) -> None:
    folder = cache.page_dir(tmp_path, "ef" * 32, 150)
    result = _pages(folder, 1)
    cache.write(folder, result, "pdf")
    text = (folder / cache.MANIFEST).read_text(encoding="utf-8")
    (folder / cache.MANIFEST).write_text(
        text.replace("p0001.jpg", "../../etc/passwd"), encoding="utf-8"
    )
    assert cache.read(folder, 150, None) is None


def test_only_failures_of_the_file_itself_are_cached(tmp_path: Path) -> None:
    for reason in Reason:
        folder = cache.page_dir(tmp_path, reason.value.ljust(64, "0"), 150)
        cache.write(folder, NotRendered(reason, "why"), "docx")
        found = cache.read(folder, 150, None)
        if reason in cache.CACHED_FAILURES:
            assert found == NotRendered(reason, "why")
        else:
            assert found is None, reason
