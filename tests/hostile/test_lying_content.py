"""Facts are checked against content, not taken from headers a file can lie in; special
files, direction controls in names and bad caption cells are findings, never crashes."""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

import pytest

from civarchive.scan import scan
from civarchive.scan.models import Evidence, Inventory
from tests.factories import make_caption_csv, make_heic, make_jpeg, make_mp4, make_pdf, make_wav


def _scan(root: Path) -> Inventory:
    return scan(root, use_cache=False, jobs=1, progress=False)


def _file(inventory: Inventory, name: str) -> Evidence:
    return next(e for e in inventory.files if e.path == name)


def _codes(evidence: Evidence) -> list[str]:
    return [f.code.value for f in evidence.findings]


def test_pdf_page_count_is_the_pages_the_tree_holds(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "lying.pdf", pages=3)
    data = pdf.read_bytes()
    assert data.count(b"/Count 3") == 1
    pdf.write_bytes(data.replace(b"/Count 3", b"/Count 100000000000000000000000"))
    evidence = _file(_scan(tmp_path), "lying.pdf")
    assert evidence.pages == 3


def test_pdf_page_tree_loop_is_counted_once(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "loop.pdf", pages=2)
    data = pdf.read_bytes()
    found = re.search(rb"(\d+) 0 obj\s*<<\s*/Type /Pages", data)
    assert found is not None
    pages_ref = found.group(1) + b" 0 R"
    # The page tree's root lists itself among its kids: a loop.
    patched = re.sub(rb"/Kids \[", b"/Kids [" + pages_ref + b" ", data, count=1)
    pdf.write_bytes(patched)
    evidence = _file(_scan(tmp_path), "loop.pdf")
    assert evidence.pages in (2, None)


def _patch_mvhd(path: Path, seconds: int) -> None:
    data = bytearray(path.read_bytes())
    at = data.find(b"mvhd")
    assert data[at + 4] == 0  # version 0: 32-bit times
    scale = int.from_bytes(data[at + 16 : at + 20], "big")
    data[at + 20 : at + 24] = (scale * seconds).to_bytes(4, "big")
    path.write_bytes(bytes(data))


def test_media_duration_is_not_taken_from_a_patched_header(tmp_path: Path) -> None:
    clip = make_mp4(tmp_path / "clip.mp4", seconds=1.0)
    _patch_mvhd(clip, 1618)
    evidence = _file(_scan(tmp_path), "clip.mp4")
    assert evidence.duration_seconds is not None
    assert evidence.duration_seconds < 2


def test_patched_duration_does_not_pass_min_seconds(tmp_path: Path) -> None:
    from civarchive.check import check
    from civarchive.spec.loader import load_spec
    from tests.factories import write_spec

    spec_path = write_spec(
        tmp_path,
        categories=[
            {
                "id": "1",
                "title": "宣传",
                "indicators": [
                    {
                        "id": "1.1",
                        "title": "宣讲",
                        "requires": [{"kind": "video", "what": "宣讲视频", "min_seconds": 30}],
                    }
                ],
            }
        ],
    )
    clip = make_mp4(tmp_path / "1.1 宣讲" / "20220301 宣讲.mp4", seconds=1.0)
    _patch_mvhd(clip, 1618)
    spec = load_spec(spec_path)
    report = check(spec, _scan(tmp_path))
    assert "too_short" in [f.code.value for f in report.findings]


def _cut(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) * 9 // 10])
    return target


@pytest.mark.slow
def test_truncated_heic_and_mp4_are_corrupt(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    make_heic(whole / "photo.heic", size=(2400, 1800))
    make_mp4(whole / "clip.mp4", seconds=2.0)
    cut = tmp_path / "cut"
    cut.mkdir()
    _cut(whole / "photo.heic", cut / "photo.heic")
    _cut(whole / "clip.mp4", cut / "clip.mp4")
    assert all("corrupt" not in _codes(e) for e in _scan(whole).files)
    inventory = _scan(cut)
    for name in ("photo.heic", "clip.mp4"):
        assert "corrupt" in _codes(_file(inventory, name)), name


def test_a_truncated_wav_is_corrupt(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    make_wav(whole / "讲话录音.wav", seconds=2.0)
    cut = tmp_path / "cut"
    cut.mkdir()
    _cut(whole / "讲话录音.wav", cut / "讲话录音.wav")
    assert "corrupt" not in _codes(_scan(whole).files[0])
    assert "corrupt" in _codes(_scan(cut).files[0])


def test_truncated_real_avi_amr_heic_are_corrupt(real_corpus: Path, tmp_path: Path) -> None:
    names = ["avi-mpeg4-mp3.avi", "amr-nb.amr", "heic-iphone8plus.heic", "3gp-h263.3gp"]
    for name in names:
        _cut(real_corpus / name, tmp_path / name)
    inventory = _scan(tmp_path)
    for name in names:
        assert "corrupt" in _codes(_file(inventory, name)), name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_special_files_are_reported_and_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "管道.jpg")
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(tmp_path / "套接字"))
        make_jpeg(tmp_path / "photo.jpg")
        inventory = _scan(tmp_path)  # a FIFO opened for reading would block here forever
    finally:
        listener.close()
    found = {(f.code.value, f.path) for f in inventory.findings}
    assert ("unsupported_type", "管道.jpg") in found
    assert ("unsupported_type", "套接字") in found
    assert [e.path for e in inventory.files] == ["photo.jpg"]


@pytest.mark.skipif(sys.platform == "win32", reason="names as bytes")
@pytest.mark.parametrize(
    "mark", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
)
def test_direction_controls_make_a_bad_name(tmp_path: Path, mark: str) -> None:
    make_jpeg(tmp_path / f"报告{mark}gpj.exe")
    evidence = _scan(tmp_path).files[0]
    assert "bad_name" in _codes(evidence)
    assert f"U+{ord(mark):04X}" in next(
        f.message for f in evidence.findings if f.code == "bad_name"
    )


def test_bad_caption_date_is_a_finding_on_its_row(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "a.jpg")
    make_jpeg(tmp_path / "b.jpg")
    make_caption_csv(
        tmp_path / "说明.csv",
        [["a.jpg", "活动", "9999-99-99"], ["b.jpg", "会议", "2022-07-01"]],
        header=["文件名", "题名", "时间"],
    )
    inventory = _scan(tmp_path)
    bad = [f for f in inventory.findings if f.code == "bad_caption"]
    assert len(bad) == 1
    assert bad[0].path == "说明.csv"
    assert "row 2" in bad[0].message
    assert "9999-99-99" in bad[0].message
    a, b = _file(inventory, "a.jpg"), _file(inventory, "b.jpg")
    assert a.caption is not None
    assert a.caption.title == "活动"
    assert a.caption.date is None
    assert b.caption is not None
    assert str(b.date) == "2022-07-01"


def test_huge_caption_cell_is_cut_not_fatal(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "a.jpg")
    make_jpeg(tmp_path / "b.jpg")
    make_caption_csv(
        tmp_path / "说明.csv",
        [["a.jpg", "长" * 1_000_000, "2022-07-01"], ["b.jpg", "会议", "2022-07-02"]],
        header=["文件名", "题名", "时间"],
    )
    inventory = _scan(tmp_path)
    assert "corrupt" not in [f.code.value for f in inventory.findings]
    a, b = _file(inventory, "a.jpg"), _file(inventory, "b.jpg")
    assert a.caption is not None
    assert a.caption.title is not None
    assert 0 < len(a.caption.title) <= 2000
    assert b.caption is not None
    assert b.caption.title == "会议"
    assert any(f.code == "bad_caption" and "row 2" in f.message for f in inventory.findings)
