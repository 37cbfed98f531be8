"""Acceptance: `civarchive scan` on trap and hostile archives (design §3 evidence metadata, §7 guarantees)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.archives import ENV, GBK_NAME, truncated_jpeg, write_gbk_named
from tests.acceptance.bombs import png_bomb, zip_bomb_docx
from tests.acceptance.helpers import assert_clean, cli, cli_process, fingerprint
from tests.factories import (
    make_caption_csv,
    make_docx,
    make_heic,
    make_jpeg,
    make_mp4,
    make_pdf,
    make_png,
    make_tree,
    make_wav,
    make_xlsx,
)

D = dt.datetime
GBK_PATH = "\\x" + "\\x".join(f"{b:02x}" for b in GBK_NAME[:-4]) + ".txt"

# path -> (kind, date, finding codes on that file); None date means undated.
EXPECTED: dict[str, tuple[str, str | None, set[str]]] = {
    "2022年度总结.docx": ("document", "2022", set()),
    "2022年工作计划.docx": ("document", "2022", set()),
    "2022年7月14日会议纪要.docx": ("document", "2022-07-14", set()),
    "纪要2022.7.4.docx": ("document", "2022-07-04", set()),
    "会议2022_07_15.docx": ("document", "2022-07-15", set()),
    "20220716简报.pdf": ("document", "2022-07-16", set()),
    "简报2022-07-17.pdf": ("document", "2022-07-17", set()),
    "元数据日期.pdf": ("document", "2021-03-04", set()),
    "元数据日期.docx": ("document", "2021-03-05", set()),
    "照片/exif.jpg": ("photo", "2022-05-01", set()),
    "照片/说明优先.jpg": ("photo", "2022-06-06", set()),
    "照片/iphone.heic": ("photo", "2023-02-03", set()),
    "照片/png伪装.jpg": ("photo", None, {"wrong_extension"}),
    "照片/heic伪装.jpg": ("photo", "2023-02-04", {"wrong_extension"}),
    "照片/截断.jpg": ("photo", "2022-05-01", {"corrupt"}),  # the EXIF header survives the cut
    "视频/短.mp4": ("video", "2022-08-01", set()),
    "视频/空.mp4": ("video", None, {"empty_file"}),
    "录音/会议.wav": ("audio", None, set()),
    "表格/台账.xlsx": ("document", "*", set()),  # openpyxl stamps its creation time
    "空白.docx": ("document", None, {"empty_file"}),
    "坏的.pdf": ("document", None, {"corrupt"}),
    "随机.docx": ("document", None, {"corrupt"}),
    "数据.bin": ("other", None, {"unsupported_type"}),
    "文件系统时间.txt": ("document", None, set()),
}
IGNORED = [
    "~$会议纪要.docx",
    "Thumbs.db",
    "desktop.ini",
    ".DS_Store",
    "._exif.jpg",
    ".git/config",
    "照片/说明.csv",
]


def build_scan_archive(root: Path) -> Path:
    make_docx(root / "2022年度总结.docx", text="年度总结", created=D(2019, 1, 1))
    make_docx(root / "2022年工作计划.docx", text="工作计划")
    make_docx(root / "2022年7月14日会议纪要.docx", text="纪要一")
    make_docx(root / "纪要2022.7.4.docx", text="纪要二")
    make_docx(root / "会议2022_07_15.docx", text="纪要三")
    make_pdf(root / "20220716简报.pdf", pages=2)
    make_pdf(root / "简报2022-07-17.pdf", pages=3, created=D(2020, 1, 1))
    make_pdf(root / "元数据日期.pdf", title="简报", created=D(2021, 3, 4, 10))
    make_docx(root / "元数据日期.docx", text="元数据", created=D(2021, 3, 5, 10))
    make_jpeg(root / "照片" / "exif.jpg", taken=D(2022, 5, 1, 8))
    make_jpeg(root / "照片" / "说明优先.jpg", taken=D(2021, 1, 1, 8), color=(3, 3, 3))
    make_caption_csv(
        root / "照片" / "说明.csv",
        [["说明优先.jpg", "开会", "2022-06-06", "", "", "", ""]],
        encoding="utf-8-sig",
    )
    make_heic(root / "照片" / "iphone.heic", taken=D(2023, 2, 3, 9))
    make_heic(root / "照片" / "heic伪装.jpg", taken=D(2023, 2, 4, 9), size=(320, 240))
    make_png(root / "照片" / "png伪装.jpg")
    truncated_jpeg(root / "照片" / "截断.jpg")
    make_tree(root, {"照片/乱码.jpg": os.urandom(4096), "视频/空.mp4": b"", "空白.docx": b""})
    make_mp4(root / "视频" / "短.mp4", seconds=0.5, created=D(2022, 8, 1, 2))
    make_wav(root / "录音" / "会议.wav", seconds=0.5)
    make_xlsx(root / "表格" / "台账.xlsx", [["序号", "事项"], [1, "学习"]])
    make_tree(
        root,
        {
            "坏的.pdf": b"%PDF-1.7\n" + os.urandom(2000),
            "随机.docx": b"PK\x03\x04" + os.urandom(500),
        },
    )
    make_tree(root, {"数据.bin": bytes(range(256)) * 16, "文件系统时间.txt": "没有日期的说明"})
    for name in IGNORED:
        if not (root / name).exists():
            make_tree(root, {name: b"\x00junk"})
    write_gbk_named(root)
    (root / "目录伪装.jpg").mkdir()
    os.symlink(root / "照片" / "exif.jpg", root / "链接.jpg")
    os.symlink(root / "不存在", root / "断链.docx")
    return root


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[bytes, Any], Any, str]:
    root = build_scan_archive(tmp_path_factory.mktemp("scan") / "档案")
    before = fingerprint(root)
    run = cli("scan", root, "--format", "json", "--jobs", "2", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
    return root, before, run.json(), run.stdout


def _by_path(inventory: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["path"]: f for f in inventory["files"]}


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_kind_date_and_findings(scanned: tuple[Any, ...], path: str) -> None:
    files = _by_path(scanned[2])
    kind, date, codes = EXPECTED[path]
    assert path in files, sorted(files)
    entry = files[path]
    got_date = "*" if date == "*" else entry["date"]
    assert (entry["kind"], got_date, {f["code"] for f in entry["findings"]}) == (
        kind,
        date,
        codes,
    ), entry


def test_random_bytes_named_jpg(scanned: tuple[Any, ...]) -> None:
    """Garbage with a photo's name: either a corrupt photo or an unsupported type, never counted."""
    entry = _by_path(scanned[2])["照片/乱码.jpg"]
    codes = {f["code"] for f in entry["findings"]}
    assert codes & {"corrupt", "unsupported_type"}, entry


def test_ignored_files_are_not_listed(scanned: tuple[Any, ...]) -> None:
    inventory = scanned[2]
    listed = set(_by_path(inventory)) | {f.get("path") for f in inventory["findings"]}
    for name in [*IGNORED, "civarchive.yaml"]:
        assert name not in listed


def test_symlinks_reported_not_followed(scanned: tuple[Any, ...]) -> None:
    inventory = scanned[2]
    all_findings = [*inventory["findings"], *(f for e in inventory["files"] for f in e["findings"])]
    links = {f["path"] for f in all_findings if f["code"] == "symlink"}
    assert links == {"链接.jpg", "断链.docx"}
    assert "链接.jpg" not in _by_path(inventory)


def test_gbk_name_is_bad_name(scanned: tuple[Any, ...]) -> None:
    files = _by_path(scanned[2])
    assert GBK_PATH in files, sorted(files)
    assert {f["code"] for f in files[GBK_PATH]["findings"]} == {"bad_name"}


def test_directory_named_like_a_photo_is_no_file(scanned: tuple[Any, ...]) -> None:
    assert "目录伪装.jpg" not in _by_path(scanned[2])


def test_scan_leaves_the_archive_unchanged(scanned: tuple[Any, ...]) -> None:
    root, before, _, _ = scanned
    assert fingerprint(root) == before


def test_second_scan_is_identical(scanned: tuple[Any, ...]) -> None:
    root, before, _, first = scanned
    again = cli("scan", root, "--format", "json", "--jobs", "1", env=ENV)
    assert again.stdout == first
    cold = cli("scan", root, "--format", "json", "--no-cache", "--jobs", "2", env=ENV)
    assert cold.stdout == first
    assert fingerprint(root) == before


def test_csv_and_table_formats(scanned: tuple[Any, ...]) -> None:
    root = scanned[0]
    table = cli("scan", root, "--jobs", "1", env=ENV)
    assert_clean(table)
    assert table.exit_code == 0
    csv_run = cli("scan", root, "--format", "csv", "--jobs", "1", env=ENV)
    assert_clean(csv_run)
    assert "2022年7月14日会议纪要.docx" in csv_run.stdout


def test_read_only_archive_uses_user_cache(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    root = tmp_path / "ro"
    make_docx(root / "2022年总结.docx")
    os.chmod(root, 0o555)
    try:
        run = cli(
            "scan",
            root,
            "--format",
            "json",
            "--jobs",
            "1",
            env={**ENV, "XDG_CACHE_HOME": str(tmp_path / "c")},
        )
        assert run.exit_code == 0, run.output
        assert not (root / ".civarchive").exists()
    finally:
        os.chmod(root, 0o755)


# ---------------------------------------------------------------- hostile input, in a child process

# Linux carries a parent's peak RSS into an exec'd child's own figure (pytest's, here), so
# the wrapper starts civarchive as its grandchild and reports only that child's peak.
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call([sys.executable, '-m', 'civarchive', *sys.argv[1:]])\n"
    "sys.stderr.write('\\nMAXRSS_KB=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def _run_measured(*args: str | os.PathLike[str]) -> tuple[int, str, str, int]:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, *[os.fspath(a) for a in args]],
        capture_output=True,
        env={**os.environ, **ENV},
        timeout=180,
    )
    err = proc.stderr.decode("utf-8", "replace")
    rss = int(err.rsplit("MAXRSS_KB=", 1)[1].split()[0])
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), err, rss


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "档案"
    folder = root / "1.1 理想信念教育"
    folder.mkdir(parents=True)
    zip_bomb_docx(folder / "学习计划.docx")
    png_bomb(folder / "大图.png")
    (folder / "x.jpg").mkdir()
    make_tree(
        folder,
        {"空.mp4": b"", "乱码.pdf": os.urandom(3000), "控制\x01字符.txt": "x", "换行\n名.txt": "y"},
    )
    make_tree(folder, {("长" * 80) + ".txt": "long name"})
    from tests.factories import write_spec

    write_spec(root)
    return root


def test_hostile_files_are_findings_not_crashes(hostile: Path) -> None:
    before = fingerprint(hostile)
    code, out, err, rss = _run_measured(
        "check", hostile, "--format", "json", "--as-of", "2023-07-01"
    )
    assert "Traceback" not in err, err
    assert code == 1, err
    import json

    report = json.loads(out)
    by_path: dict[str, set[str]] = {}
    for f in report["findings"]:
        by_path.setdefault(f.get("path") or "", set()).add(f["code"])
    folder = "1.1 理想信念教育"
    assert (
        "corrupt" in by_path[f"{folder}/学习计划.docx"]
        or "unsupported_type" in by_path[f"{folder}/学习计划.docx"]
    )
    assert by_path[f"{folder}/空.mp4"] == {"empty_file"} | (
        by_path[f"{folder}/空.mp4"] & {"unused"}
    )
    assert (
        "corrupt" in by_path[f"{folder}/乱码.pdf"]
        or "unsupported_type" in by_path[f"{folder}/乱码.pdf"]
    )
    assert any("bad_name" in codes for p, codes in by_path.items() if "控制" in p)
    assert any("bad_name" in codes for p, codes in by_path.items() if "换行" in p)
    assert f"{folder}/x.jpg" not in by_path
    assert rss < 1_000_000, f"peak RSS {rss} KB"
    assert fingerprint(hostile) == before


def test_png_bomb_is_a_finding_not_a_photo_decode(hostile: Path) -> None:
    run = cli("scan", hostile, "--format", "json", "--jobs", "1", env=ENV)
    assert_clean(run)
    entry = _by_path(run.json())["1.1 理想信念教育/大图.png"]
    assert entry["kind"] == "photo"
    assert entry["width"] == 20000
    assert entry["height"] == 20000


@pytest.mark.slow
def test_newcomer_example_runs(tmp_path: Path) -> None:
    """The bundled example, copied: check, todo and bind run clean in both languages."""
    example = Path(__file__).resolve().parents[2] / "examples" / "wenming"
    root = tmp_path / "wenming"
    shutil.copytree(example, root)
    for lang in ("zh", "en"):
        env = {"CIVARCHIVE_LANG": lang}
        for args in (
            ("check", root, "--as-of", "2023-07-01"),
            ("todo", root, "--as-of", "2023-07-01"),
        ):
            run = cli_process(*args, env=env)
            assert_clean(run)
            assert run.exit_code in (0, 1), run.output
            assert run.stdout.strip()


def test_png_bomb_yields_a_finding_and_does_not_count(hostile: Path) -> None:
    run = cli("check", hostile, "--format", "json", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    report = run.json()
    codes = {f["code"] for f in report["findings"] if f.get("path") == "1.1 理想信念教育/大图.png"}
    assert codes - {"undated", "unused", "missing_caption"}, codes
    photos = report["indicators"][0]["requirements"][1]
    assert "1.1 理想信念教育/大图.png" not in photos["files"]


def test_terminal_output_escapes_control_characters(tmp_path: Path) -> None:
    from tests.factories import write_spec

    root = tmp_path / "a"
    write_spec(root)
    make_tree(root / "1.1 理想信念教育", {"换行\n名.txt": "x", "转义\x1b[2J.txt": "y"})
    make_tree(root / "1.1 理想信念教育", {"响铃\x07.txt": "z"})
    for args in (
        ("check", root, "--as-of", "2023-07-01"),
        ("scan", root),
        ("check", root, "--format", "markdown"),
    ):
        run = cli(*args, "--jobs", "1", env=ENV)
        assert_clean(run)
        assert "\x1b" not in run.output
        assert "\x07" not in run.output
        assert "换行\n名" not in run.output


def test_png_bomb_just_above_the_limit_is_corrupt(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    png_bomb(tmp_path / "a" / "大图.png", side=20001)
    run = cli("scan", tmp_path / "a", "--format", "json", "--jobs", "1", env=ENV)
    assert_clean(run)
    entry = _by_path(run.json())["大图.png"]
    assert {f["code"] for f in entry["findings"]} == {"corrupt"}


def test_incremental_scan_sees_changes(tmp_path: Path) -> None:
    root = tmp_path / "a"
    folder = root / "照片"
    make_jpeg(folder / "a.jpg", taken=D(2022, 1, 1))
    make_docx(folder / "2021年总结.docx")
    first = _by_path(cli("scan", root, "--format", "json", "--jobs", "1", env=ENV).json())
    make_jpeg(folder / "a.jpg", taken=D(2023, 5, 5), color=(9, 9, 9))
    os.utime(folder / "a.jpg", ns=(first["照片/a.jpg"]["mtime_ns"] + 10**9,) * 2)
    (folder / "2021年总结.docx").unlink()
    make_png(folder / "b.jpg")
    second = _by_path(cli("scan", root, "--format", "json", "--jobs", "1", env=ENV).json())
    assert set(second) == {"照片/a.jpg", "照片/b.jpg"}
    assert second["照片/a.jpg"]["date"] == "2023-05-05"
    assert second["照片/a.jpg"]["sha256"] != first["照片/a.jpg"]["sha256"]


@pytest.mark.slow
def test_png_without_exif_is_not_decoded_for_its_exif(tmp_path: Path) -> None:
    root = tmp_path / "a"
    root.mkdir()
    png_bomb(root / "彩图.png", side=14000, rgba=True)
    code, out, err, rss = _run_measured(
        "scan", root, "--format", "json", "--jobs", "1", "--no-cache"
    )
    assert code == 0, err
    assert rss < 300_000, f"peak RSS {rss} KB for a {(root / '彩图.png').stat().st_size} byte file"
