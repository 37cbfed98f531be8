"""import: GBK and nested zips land readable, hostile members are refused, nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.organize.intake import ImportResult, import_sources
from civarchive.organize.sources import Limits
from civarchive.scan import scan
from civarchive.spec.loader import load_spec
from tests.acceptance.helpers import cli
from tests.factories import make_docx, make_jpeg, make_zip, tree_digest, write_spec
from tests.organize.conftest import ENV, D

DAY = dt.date(2024, 5, 1)


def _archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    write_spec(root)
    make_jpeg(root / "1 思想道德建设" / "1.1 理想信念教育" / "学习.jpg", taken=D(2022, 3, 1, 9))
    return root


def _import(root: Path, *sources: Path, limits: Limits | None = None) -> ImportResult:
    spec = load_spec(root / "civarchive.yaml")
    inventory = scan(root, spec=spec, jobs=1, progress=False)
    return import_sources(root, spec, inventory, list(sources), today=DAY, limits=limits)


def _photo(tmp_path: Path, name: str, color: tuple[int, int, int]) -> bytes:
    return make_jpeg(tmp_path / "src" / name, taken=D(2023, 3, 5, 9), color=color).read_bytes()


def test_gbk_zip_lands_with_readable_names(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    data = _photo(tmp_path, "a.jpg", (1, 2, 3))
    doc = make_docx(tmp_path / "src" / "b.docx", text="学雷锋活动方案").read_bytes()
    source = make_zip(
        tmp_path / "群文件.zip",
        {"照片/志愿服务.jpg": data, "学雷锋活动方案.docx": doc, "__MACOSX/._志愿服务.jpg": b"x"},
    )
    result = _import(root, source)
    (only,) = result.sources
    assert only.folder == "待整理/群文件-2024-05-01"
    assert sorted(landed.path for landed in only.landed) == [
        "待整理/群文件-2024-05-01/学雷锋活动方案.docx",
        "待整理/群文件-2024-05-01/照片/志愿服务.jpg",
    ]
    assert (root / "待整理/群文件-2024-05-01/照片/志愿服务.jpg").read_bytes() == data
    assert len(only.dropped) == 1
    assert not only.refused


def test_cp437_mojibake_names_are_repaired(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    mojibake = "志愿服务.jpg".encode("gbk").decode(
        "cp437"
    )  # what a careless tool re-wrote as UTF-8
    source = make_zip(tmp_path / "a.zip", {mojibake: b"text"}, encoding="utf-8")
    (only,) = _import(root, source).sources
    assert [landed.path.rsplit("/", 1)[-1] for landed in only.landed] == ["志愿服务.jpg"]
    # A second copy is skipped, and the message names it in Chinese as well.
    copy = "志愿服务 - 副本.jpg".encode("gbk").decode("cp437")
    again = make_zip(tmp_path / "b.zip", {copy: b"text"}, encoding="utf-8")
    (second,) = _import(root, again).sources
    assert [known.label for known in second.known] == ["志愿服务 - 副本.jpg"]


def test_nested_zips_and_the_depth_cap(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    deepest = io.BytesIO()
    with zipfile.ZipFile(deepest, "w") as archive:
        archive.writestr("太深.txt", "deep")
    level = deepest.getvalue()
    for depth in range(3):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as archive:
            archive.writestr(f"第{depth}层.txt", f"level {depth}")
            archive.writestr(f"内{depth}.zip", level)
        level = outer.getvalue()
    source = tmp_path / "外.zip"
    source.write_bytes(level)
    (only,) = _import(root, source).sources
    landed = sorted(landed.path for landed in only.landed)
    assert landed == [
        "待整理/外-2024-05-01/内2/内1/第0层.txt",
        "待整理/外-2024-05-01/内2/第1层.txt",
        "待整理/外-2024-05-01/第2层.txt",
    ]
    assert [r.label.rsplit("/", 1)[-1] for r in only.refused] == ["内0.zip"]
    assert "嵌套" in only.refused[0].reason or "nested" in only.refused[0].reason


def test_hostile_members_are_refused_and_nothing_is_written_outside(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    source = tmp_path / "hostile.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../escape.txt", "out")
        archive.writestr("/etc/absolute.txt", "abs")
        archive.writestr("C:/Windows/drive.txt", "drive")
        archive.writestr("ok.txt", "fine")
        link = zipfile.ZipInfo("link.jpg")
        link.external_attr = 0o120777 << 16
        link.create_system = 3
        archive.writestr(link, "/etc/passwd")
        # a small member of zeros that inflates far past the cap
        archive.writestr("bomb.bin", b"\0" * (20 << 20))
    outside = tree_digest(tmp_path, skip=("archive",))
    (only,) = _import(root, source, limits=Limits(max_member_bytes=8 << 20)).sources
    assert [landed.path for landed in only.landed] == ["待整理/hostile-2024-05-01/ok.txt"]
    refused = {r.label: r.reason for r in only.refused}
    assert set(refused) == {
        "../../escape.txt",
        "/etc/absolute.txt",
        "C:/Windows/drive.txt",
        "link.jpg",
        "bomb.bin",
    }
    assert "炸弹" in refused["bomb.bin"] or "bomb" in refused["bomb.bin"]
    assert tree_digest(tmp_path, skip=("archive",)) == outside
    assert not list((root / ".civarchive" / "staging").rglob("*.part"))


def test_ratio_and_total_caps_stop_a_bomb(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    source = tmp_path / "zeros.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (40 << 20))
        for n in range(8):
            archive.writestr(f"part{n}.txt", os.urandom(1 << 20))
    (only,) = _import(root, source, limits=Limits(max_total_bytes=10 << 20)).sources
    reasons = " ".join(r.reason for r in only.refused)
    assert "压缩比" in reasons or "compresses" in reasons
    assert "总量" in reasons or "in all" in reasons
    assert len(only.landed) < 8


def test_known_bytes_are_skipped_and_clashes_numbered(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    known = (root / "1 思想道德建设" / "1.1 理想信念教育" / "学习.jpg").read_bytes()
    first = make_zip(tmp_path / "一.zip", {"a.jpg": _photo(tmp_path, "x.jpg", (9, 9, 9))})
    _import(root, first)
    again = make_zip(
        tmp_path / "一.zip",
        {"a.jpg": _photo(tmp_path, "y.jpg", (8, 8, 8)), "旧照片.jpg": known, "同名.jpg": known},
    )
    (only,) = _import(root, again).sources
    assert [landed.path for landed in only.landed] == ["待整理/一-2024-05-01/a (2).jpg"]
    assert [k.existing for k in only.known] == ["1 思想道德建设/1.1 理想信念教育/学习.jpg"] * 2
    assert (root / "待整理/一-2024-05-01/a.jpg").is_file()


def test_rar_and_7z_are_refused_with_a_way_out(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    rar = tmp_path / "a.rar"
    rar.write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\0" * 64)
    seven = tmp_path / "b.7z"
    seven.write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\0" * 64)
    result = _import(root, rar, seven)
    for source in result.sources:
        assert not source.landed
        assert "7-Zip" in source.refused[0].reason


def test_folder_source_refuses_links(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    folder = tmp_path / "部门材料"
    make_docx(folder / "方案.docx")
    (folder / "外链.docx").symlink_to("/etc/passwd")
    (folder / "Thumbs.db").write_bytes(b"x")
    (only,) = _import(root, folder).sources
    assert [landed.path for landed in only.landed] == ["待整理/部门材料-2024-05-01/方案.docx"]
    assert [r.label for r in only.refused] == ["外链.docx"]
    assert only.dropped == ["Thumbs.db"]


def test_a_source_inside_the_archive_is_refused(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    with pytest.raises(UsageError):
        _import(root, root / "1 思想道德建设")


def test_import_cli_reports_in_check_terms(tmp_path: Path) -> None:
    root = _archive(tmp_path)
    source = make_zip(
        tmp_path / "群文件.zip", {"学习计划.docx": make_docx(tmp_path / "p.docx").read_bytes()}
    )
    run = cli("import", source, "--to", root, "--jobs", "1", env=ENV)
    assert run.exit_code == 0, run.output
    assert "新增 1 个文件" in run.stdout
    check = cli("check", root, "--format", "json", "--jobs", "1", "--as-of", "2023-01-01", env=ENV)
    codes = {(f["code"], f["path"]) for f in check.json()["findings"]}
    assert any(code == "inbox" for code, _ in codes)
    assert not any(code == "unassigned" for code, _ in codes)
