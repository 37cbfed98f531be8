"""The walk: ignore rules, symlinks, undecodable names, ordering, and never touching the archive."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from civarchive.scan import scan
from civarchive.scan.render import render_json
from civarchive.scan.walk import Ignore, glob_regex, walk
from civarchive.spec.models import Spec
from tests.factories import make_caption_csv, make_jpeg, make_tree, write_spec
from tests.scan.conftest import by_name, codes, scan_nocache


def test_system_files_lock_files_and_tool_folders_are_ignored(archive: Path) -> None:
    make_tree(
        archive,
        {
            "Thumbs.db": b"x",
            "sub/THUMBS.DB": b"x",
            "desktop.ini": "[.ShellClassInfo]",
            ".DS_Store": b"x",
            "~$计划.docx": b"lock",
            "._photo.jpg": b"apple double",
            ".git/config": "[core]",
            ".civarchive/inventory.sqlite3": b"cache",
            "civarchive.yaml": "civarchive: 1",
            "sub/captions.csv": "文件名,题名\r\n",
            "sub/说明.xlsx": b"",
            "1.1 理想信念教育/要求.md": "# 1.1 理想信念教育",
            "kept.txt": "保留",
        },
    )
    inventory = scan_nocache(archive)
    assert [e.path for e in inventory.files] == ["kept.txt"]
    # An empty 说明.xlsx is a caption sheet that cannot be read: a finding on the sheet.
    assert [(f.code.value, f.path) for f in inventory.findings] == [("corrupt", "sub/说明.xlsx")]


def test_spec_files_and_ignore_globs(archive: Path) -> None:
    spec_path = write_spec(
        archive, name="规范/我的规范.yaml", ignore=["草稿/**", "*.bak", "临时/**/*.tmp"]
    )
    make_tree(
        archive,
        {
            "草稿/一/a.txt": "x",
            "1.1/old.bak": "x",
            "临时/x/y/z.tmp": "x",
            "临时/x/keep.txt": "x",
            "1.1/note.txt": "x",
        },
    )
    from civarchive.spec.loader import load_spec

    spec = load_spec(spec_path)
    inventory = scan_nocache(archive, spec=spec)
    assert [e.path for e in inventory.files] == ["1.1/note.txt", "临时/x/keep.txt"]


def test_glob_semantics() -> None:
    assert glob_regex("*.bak").fullmatch("a/b/c.bak")
    assert not glob_regex("*.bak").fullmatch("a/b/c.bak.txt")
    assert glob_regex("草稿/**").fullmatch("草稿/x/y.jpg")
    assert not glob_regex("草稿/**").fullmatch("1/草稿/y.jpg")
    assert glob_regex("**/草稿").fullmatch("1/草稿/y.jpg")
    assert glob_regex("a/*/c.txt").fullmatch("a/b/c.txt")
    assert not glob_regex("a/*/c.txt").fullmatch("a/b/x/c.txt")


_GLOBS = [
    "*.bak",
    "*.TMP",
    "~*",
    "?.txt",
    "草稿/**",
    "docs/*.md",
    "**/cache/*",
    "f**e",
    "照片/2022*/*.png",
    "x/",
    "\\a\\b.dat",
]
_NAMES = [
    "a.bak",
    "b.tmp",
    "C.TMP",
    "~x.doc",
    "1.txt",
    "12.txt",
    "readme.md",
    "file",
    "fine",
    "e.png",
    "b.dat",
    "Ａ.BAK",  # a full-width letter and an upper-case extension
]
_FOLDERS = ["", "草稿/", "docs/", "docs/sub/", "a/", "a/cache/", "f1/e/", "照片/2022年/", "x/"]


def test_walk_skips_exactly_what_the_globs_match(archive: Path) -> None:
    # The walk tests each file against only the globs that can match in its folder, and
    # most by their name; a folder matched by a glob is skipped whole. The reference here
    # matches every folder on the way and the whole path, as design §3 describes.
    ignore = Ignore(_GLOBS, set())
    make_tree(archive, {folder + name: "x" for folder in _FOLDERS for name in _NAMES})
    walked = {f.path for f in walk(archive, ignore).files}
    expected = set()
    for folder in _FOLDERS:
        parts = folder.rstrip("/").split("/") if folder else []
        skipped = any(ignore.glob("/".join(parts[: i + 1])) for i in range(len(parts)))
        expected |= {folder + n for n in _NAMES if not skipped and not ignore.glob(folder + n)}
    assert walked == expected
    assert not {"a/cache/file", "docs/readme.md", "fine", "1.txt"} & walked
    assert {"docs/sub/readme.md", "12.txt"} <= walked


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlinks_are_reported_not_followed(archive: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make_jpeg(outside / "secret.jpg")
    make_jpeg(archive / "real.jpg")
    (archive / "link.jpg").symlink_to(archive / "real.jpg")
    (archive / "linked-folder").symlink_to(outside, target_is_directory=True)
    (archive / "dangling.jpg").symlink_to(tmp_path / "missing.jpg")
    inventory = scan_nocache(archive)
    assert [e.path for e in inventory.files] == ["real.jpg"]
    assert [(f.code.value, f.path, f.severity.value) for f in inventory.findings] == [
        ("symlink", "dangling.jpg", "info"),
        ("symlink", "link.jpg", "info"),
        ("symlink", "linked-folder", "info"),
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="raw-byte file names are a POSIX feature")
def test_gbk_named_file_is_bad_name_and_still_read(archive: Path) -> None:
    raw_name = "会议照片.jpg".encode("gbk")
    make_jpeg(archive.parent / "src.jpg")
    fd = os.open(os.fsencode(archive) + b"/" + raw_name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, (archive.parent / "src.jpg").read_bytes())
    os.close(fd)
    inventory = scan_nocache(archive)
    [evidence] = inventory.files
    assert evidence.path == raw_name.decode("utf-8", "backslashreplace")
    assert "\\x" in evidence.path
    assert (evidence.kind.value, evidence.width, codes(evidence)) == ("photo", 640, ["bad_name"])
    # The clerk is told what the name was meant to be.
    assert "read as GBK it is “会议照片.jpg”" in evidence.findings[0].message
    json.loads(render_json(inventory))  # still serialises


@pytest.mark.skipif(sys.platform == "win32", reason="Windows forbids control characters in names")
def test_control_character_in_name_is_bad_name(archive: Path) -> None:
    make_jpeg(archive / "a\tb.jpg")
    assert codes(scan_nocache(archive).files[0]) == ["bad_name"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder(archive: Path) -> None:
    make_jpeg(archive / "locked.jpg").chmod(0)
    make_jpeg(archive / "closed/a.jpg")
    (archive / "closed").chmod(0)
    try:
        inventory = scan_nocache(archive)
    finally:
        (archive / "closed").chmod(0o755)
        (archive / "locked.jpg").chmod(0o644)
    assert codes(by_name(inventory)["locked.jpg"]) == ["unreadable"]
    assert [(f.code.value, f.path) for f in inventory.findings] == [("unreadable", "closed")]


def test_files_sorted_by_path_and_identical_on_every_run(archive: Path) -> None:
    for name in ("b/2.jpg", "a/10.jpg", "a/9.jpg", "B.jpg", "中/1.jpg"):
        make_jpeg(archive / name)
    first = scan(archive, jobs=1, progress=False)
    paths = [e.path for e in first.files]
    assert paths == sorted(paths)
    assert render_json(first) == render_json(scan(archive, jobs=1, progress=False))
    assert render_json(first) == render_json(scan(archive, jobs=2, use_cache=False, progress=False))


def _tree_digest(root: Path) -> dict[str, tuple[int, int, str]]:
    state: dict[str, tuple[int, int, str]] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".civarchive"]
        for name in dirs + names:
            path = Path(folder) / name
            stat = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            state[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns, digest)
    return state


def test_scan_never_modifies_the_archive(archive: Path) -> None:
    make_jpeg(archive / "1.1/a.jpg")
    make_caption_csv(
        archive / "1.1/captions.csv", [["a.jpg", "题名", "2022-01-01", "", "", "", ""]]
    )
    (archive / "1.1/empty.docx").write_bytes(b"")
    (archive / "x.bin").write_bytes(os.urandom(100))
    write_spec(archive)
    before = _tree_digest(archive)
    scan(archive, jobs=1, progress=False)
    scan(archive, jobs=1, progress=False)
    assert _tree_digest(archive) == before
    assert (archive / ".civarchive" / ".gitignore").is_file()


def test_spec_model_ignore_is_used_without_loader(archive: Path) -> None:
    spec = Spec.model_validate(
        {
            "civarchive": 1,
            "title": "t",
            "unit": "u",
            "period": {"start": "2021-01-01", "end": "2021-12-31"},
            "ignore": ["*.tmp"],
        }
    )
    make_tree(archive, {"a.tmp": "x", "b.txt": "x"})
    assert [e.path for e in scan_nocache(archive, spec=spec).files] == ["b.txt"]


def test_read_error_is_unreadable_and_vanished_file_is_skipped(tmp_path: Path) -> None:
    import json

    from civarchive.scan.extract import FileJob, extract

    # Opening a folder as a file fails with a real OS error, as a permission error would.
    folder = tmp_path / "looks-like.jpg"
    folder.mkdir()
    result = extract(FileJob(str(folder), "looks-like.jpg", 10, 1))
    assert result is not None
    facts = json.loads(result.evidence)
    assert (facts["kind"], facts["sha256"]) == ("photo", None)
    assert [code for code, _ in json.loads(result.notes)] == ["unreadable"]
    # A file deleted between the walk and its extraction is no longer evidence: skipped.
    assert extract(FileJob(str(tmp_path / "gone.jpg"), "gone.jpg", 10, 1)) is None


def test_process_pool_gives_the_same_inventory(archive: Path) -> None:
    for n in range(40):
        make_jpeg(archive / f"{n % 3}/{n:02d}.jpg", size=(48, 32))
    (archive / "0/empty.pdf").write_bytes(b"")
    pooled = scan(archive, jobs=2, use_cache=False, progress=False)
    single = scan(archive, jobs=1, use_cache=False, progress=False)
    assert len(pooled.files) == 41
    assert render_json(pooled) == render_json(single)


def test_work_items_survive_pickling_for_spawned_workers() -> None:
    import pickle

    from civarchive.scan.extract import Extracted, FileJob

    job = FileJob("/a/b.jpg", "b.jpg", 1, 2)
    row = Extracted("b.jpg", 1, 2, "{}", "[]")
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(row)) == row


@pytest.mark.skipif(sys.platform != "linux", reason="the patched reader reaches workers by fork")
def test_file_that_kills_its_worker_is_corrupt(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from civarchive.scan import extract as extract_module

    real_extract = extract_module.extract

    def crashing_extract(job: extract_module.FileJob) -> extract_module.Extracted | None:
        if job.path == "0crash.jpg":
            os._exit(139)  # what a segfault in a native decoder looks like to the pool
        return real_extract(job)

    monkeypatch.setattr(extract_module, "extract", crashing_extract)
    for n in range(30):
        make_jpeg(archive / f"{n:02d}.jpg", size=(32, 32))
    make_jpeg(archive / "0crash.jpg", size=(32, 32))
    inventory = scan(archive, jobs=2, use_cache=False, progress=False)
    files = by_name(inventory)
    assert len(files) == 31
    assert codes(files["0crash.jpg"]) == ["corrupt"]
    assert files["0crash.jpg"].sha256 is not None
    assert all(codes(e) == [] for p, e in files.items() if p != "0crash.jpg")


def test_civarchive_outputs_are_listed_apart_and_its_part_files_skipped(archive: Path) -> None:
    make_tree(
        archive,
        {
            "台账.xlsx": b"PK",
            ".台账.xlsx.a1b2c3d4.part": b"being written",
            "sub/.清单.csv.zz99_x0y.part": b"left by a killed run",
            ".notes.part": b"not one of ours",
            "kept.txt": "保留",
        },
    )
    ignore = Ignore([], set(), frozenset({"台账.xlsx", "gone.md"}))
    walked = walk(archive, ignore)
    assert walked.generated == ["台账.xlsx"]
    assert sorted(f.path for f in walked.files) == [".notes.part", "kept.txt"]
    # The same rule for what is not a regular file (a part file the walk meets as a link).
    assert ignore.file(".台账.xlsx.a1b2c3d4.part", ".台账.xlsx.a1b2c3d4.part")
    assert not ignore.file(".notes.part", ".notes.part")
