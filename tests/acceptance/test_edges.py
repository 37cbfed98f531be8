"""Acceptance: edge cases of folder resolution, dates, windows, waivers and the CLI around them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.archives import ENV, build_trap_archive
from tests.acceptance.helpers import assert_clean, cli, cli_process, finding_paths, indicator
from tests.factories import make_docx, make_jpeg, make_png, make_tree, write_spec

D = dt.datetime


def _ind(ind_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ind_id,
        "title": "指标" + ind_id,
        "requires": [{"kind": "document", "what": "材料" + ind_id}],
        **extra,
    }


EDGE_SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "边界",
    "unit": "单位",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "ignore": ["草稿/**", "*.bak"],
    "waivers": [
        {"code": "unassigned", "path": "杂项.docx", "reason": "历史材料"},
        {"code": "wrong_extension", "path": "1.1 项/伪装.jpg", "reason": "扫描仪默认扩展名"},
    ],
    "categories": [
        {"id": "1", "title": "一类", "indicators": [_ind("1.1")]},
        {"id": "10", "title": "十类", "indicators": [_ind("10.1")]},
        {
            "id": "11",
            "title": "十一类",
            "indicators": [
                _ind("11.1"),
                _ind(
                    "11.2",
                    requires=[
                        {
                            "kind": "document",
                            "what": "窗口期",
                            "within": {"start": "2022-01-01", "end": "2022-12-31"},
                        }
                    ],
                ),
            ],
        },
        {"id": "12", "title": "十二类", "indicators": [_ind("Ⅲ-12"), _ind("XLF-1"), _ind("12-3")]},
    ],
}


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("edge") / "a"
    write_spec(root, data=EDGE_SPEC)
    make_docx(root / "十一、十一类" / "11.1 项" / "2022年a.docx", text="a")
    make_docx(root / "十、十类" / "10.1 项" / "2022年b.docx", text="b")
    make_docx(root / "（十二）十二类" / "Ⅲ-12 罗马" / "2022年c.docx", text="c")
    make_docx(root / "（十二）十二类" / "XLF-1 字母" / "2022年d.docx", text="d")
    make_docx(root / "（十二）十二类" / "12–3 短横" / "2022年e.docx", text="e")
    make_docx(root / "11.2 窗口" / "2021年f.docx", text="f")
    make_docx(root / "11.2 窗口" / "2022年g.docx", text="g")
    folder = root / "1.1 项"
    make_docx(folder / "会议20221345.docx", text="h", created=D(2022, 2, 2))
    make_docx(folder / "13812345678.docx", text="i", created=D(2022, 2, 3))
    make_docx(folder / "20230230.docx", text="j", created=D(2022, 2, 4))
    make_png(folder / "伪装.jpg")
    make_docx(root / "草稿" / "x.docx", text="k")
    make_tree(root, {"y.bak": "z", "1.1 项/旧.bak": "old"})
    make_docx(root / "杂项.docx", text="l", created=D(2022, 1, 1))
    run = cli("check", root, "--format", "json", "--as-of", "2023-07-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    return root, run.json()


@pytest.mark.parametrize(
    ("ind", "folder"),
    [
        ("10.1", "十、十类/10.1 项"),
        ("11.1", "十一、十一类/11.1 项"),
        ("Ⅲ-12", "（十二）十二类/Ⅲ-12 罗马"),
        ("XLF-1", "（十二）十二类/XLF-1 字母"),
        ("12-3", "（十二）十二类/12–3 短横"),
    ],
)
def test_free_form_ids_and_numerals_above_ten(
    edge: tuple[Path, Any], ind: str, folder: str
) -> None:
    entry = indicator(edge[1], ind)
    assert entry["folders"] == [folder]
    assert entry["status"] == "complete"


def test_within_window(edge: tuple[Path, Any]) -> None:
    req = indicator(edge[1], "11.2")["requirements"][0]
    assert req["files"] == ["11.2 窗口/2022年g.docx"]
    assert "11.2 窗口/2021年f.docx" in finding_paths(edge[1], "out_of_period")


def test_impossible_dates_in_names_fall_back_to_metadata(edge: tuple[Path, Any]) -> None:
    run = cli("scan", edge[0], "--format", "json", "--jobs", "1", env=ENV)
    dates = {f["path"]: f["date"] for f in run.json()["files"]}
    assert dates["1.1 项/会议20221345.docx"] == "2022-02-02"
    assert dates["1.1 项/13812345678.docx"] == "2022-02-03"
    assert dates["1.1 项/20230230.docx"] == "2022-02-04"


def test_ignore_globs(edge: tuple[Path, Any]) -> None:
    report = edge[1]
    paths = {f.get("path") for f in report["findings"]} | {
        p for i in report["indicators"] for r in i["requirements"] for p in r["files"]
    }
    assert not any(p and (p.startswith("草稿") or p.endswith(".bak")) for p in paths), paths


def test_waivers_by_path(edge: tuple[Path, Any]) -> None:
    waived = {(f["code"], f["path"]): f for f in edge[1]["findings"] if f.get("waived")}
    assert waived[("unassigned", "杂项.docx")]["reason"] == "历史材料"
    assert waived[("wrong_extension", "1.1 项/伪装.jpg")]["reason"] == "扫描仪默认扩展名"
    assert edge[1]["summary"]["warnings"] == sum(
        1 for f in edge[1]["findings"] if f["severity"] == "warning" and not f.get("waived")
    )


def test_spec_found_by_walking_up(edge: tuple[Path, Any]) -> None:
    root = edge[0]
    run = cli_process(
        "check",
        "--format",
        "json",
        "--as-of",
        "2023-07-01",
        cwd=root / "十、十类" / "10.1 项",
        env=ENV,
    )
    assert_clean(run)
    assert run.exit_code == 0, run.output
    assert {i["id"] for i in run.json()["indicators"]} == {i["id"] for i in edge[1]["indicators"]}


def test_missing_spec_is_a_clear_usage_error(tmp_path: Path) -> None:
    run = cli("check", tmp_path, "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 2
    assert "civarchive.yaml" in run.output


@pytest.mark.parametrize("content", [b"", b"{", b'{"schema_version": 1}', b"\xff\xfe garbage"])
def test_report_of_a_bad_file_exits_2(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "r.json"
    bad.write_bytes(content)
    run = cli("report", bad, env=ENV)
    assert_clean(run)
    assert run.exit_code == 2, run.output


@pytest.fixture(scope="module")
def trap_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_trap_archive(tmp_path_factory.mktemp("trap2") / "档案")


def test_todo_leaves_out_waived_gaps(trap_root: Path) -> None:
    run = cli(
        "todo",
        trap_root,
        "--as-of",
        "2023-07-01",
        "--jobs",
        "1",
        env={**ENV, "CIVARCHIVE_LANG": "zh"},
    )
    assert_clean(run)
    lines = [ln for ln in run.stdout.splitlines() if "1.5" in ln]
    assert all("豁免" in ln for ln in lines), lines


def test_todo_english_and_owner_filter(trap_root: Path) -> None:
    run = cli("todo", trap_root, "--as-of", "2023-07-01", "--owner", "xcb", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
    assert "1.6" in run.stdout
    assert "1.2" not in run.stdout
    bad = cli("todo", trap_root, "--owner", "nobody", "--jobs", "1", env=ENV)
    assert bad.exit_code == 2


def test_zh_messages_have_no_english_detail(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    make_png(root / "1.1 理想信念教育" / "伪装.jpg")
    make_jpeg(root / "1.1 理想信念教育" / "截断.jpg", size=(800, 600))
    data = (root / "1.1 理想信念教育" / "截断.jpg").read_bytes()
    (root / "1.1 理想信念教育" / "截断.jpg").write_bytes(data[: len(data) // 2])
    run = cli(
        "check", root, "--as-of", "2023-07-01", "--jobs", "1", env={**ENV, "CIVARCHIVE_LANG": "zh"}
    )
    assert_clean(run)
    assert "but the content is" not in run.output
    assert "truncated" not in run.output


def test_three_copies_and_git_without_lfs(tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git not installed")
    root = tmp_path / "a"
    write_spec(root, lfs_threshold="1KB")
    folder = root / "1.1 理想信念教育"
    make_jpeg(folder / "a.jpg", taken=D(2022, 1, 1))
    for name in ("b.jpg", "c.jpg"):
        (folder / name).write_bytes((folder / "a.jpg").read_bytes())
    make_docx(folder / "2022年学习计划.docx")
    git = ["git", "-c", "user.email=a@example.com", "-c", "user.name=a"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "evidence"], cwd=root, check=True)
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    report = run.json()
    dups = [f for f in report["findings"] if f["code"] == "duplicate"]
    assert [f["path"] for f in dups] == ["1.1 理想信念教育/b.jpg", "1.1 理想信念教育/c.jpg"]
    assert all("1.1 理想信念教育/a.jpg" in f["message"] for f in dups)
    assert indicator(report, "1.1")["requirements"][1]["count"] == 1
    # One finding for the archive (design §4), naming the count and the first few files.
    (lfs,) = [f for f in report["findings"] if f["code"] == "large_file_not_lfs"]
    assert lfs["path"] is None
    assert "4 over 1 KB: 1.1 理想信念教育/2022年学习计划.docx" in lfs["message"]
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""  # the cache folder ignores itself


def test_init_creates_folders_and_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    first = cli("init", root, env=ENV)
    assert_clean(first)
    assert first.exit_code == 0, first.output
    sheets = list(root.rglob("要求.md"))
    assert len(sheets) == 1
    assert sheets[0].parent.name.startswith("1.1")
    sheets[0].write_text("我的笔记", encoding="utf-8")
    second = cli("init", root, env=ENV)
    assert second.exit_code == 0
    assert sheets[0].read_text(encoding="utf-8") == "我的笔记"
    check = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert {f["code"] for f in check.json()["findings"]} == {
        "missing_evidence"
    }  # 要求.md is no evidence


def test_empty_indicator_folder_is_listed(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    cli("init", root, env=ENV)
    check = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert indicator(check.json(), "1.1")["folders"] == ["1 思想道德建设/1.1 理想信念教育"]


@pytest.mark.parametrize("command", ["organize", "undo", "caption", "import"])
def test_contract_commands_exist(command: str) -> None:
    run = cli(command, "--help", env=ENV)
    assert run.exit_code == 0, run.output


def _one_indicator_spec(**extra: Any) -> dict[str, Any]:
    return {
        "civarchive": 1,
        "title": "t",
        "unit": "u",
        "period": {"start": "2021-01-01", "end": "2023-12-31"},
        "categories": [
            {
                "id": "1",
                "title": "c",
                "indicators": [
                    {
                        "id": "1.1",
                        "title": "i",
                        "requires": [{"kind": "document", "what": "w"}],
                        **extra,
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("extra", "with_file", "completeness"),
    [
        ({"points": 0}, False, 0.0),
        ({"points": 0}, True, 1.0),
        ({"applicable": False, "note": "无此职能"}, False, 1.0),
        ({"requires": []}, False, 1.0),
    ],
)
def test_degenerate_specs_do_not_divide_by_zero(
    tmp_path: Path, extra: dict[str, Any], with_file: bool, completeness: float
) -> None:
    root = tmp_path / "a"
    write_spec(root, data=_one_indicator_spec(**extra))
    if with_file:
        make_docx(root / "1.1 i" / "2022年w.docx")
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert run.json()["summary"]["completeness"] == pytest.approx(completeness)
    bound = cli(
        "bind", root, "-o", tmp_path / "out", "--as-of", "2023-01-01", "--jobs", "1", env=ENV
    )
    assert_clean(bound)
    assert bound.exit_code == 0, bound.output


@pytest.mark.parametrize(
    ("as_of", "code"), [("2023-06-30", "missing_evidence"), ("2023-07-01", "overdue")]
)
def test_due_on_the_as_of_day_is_not_overdue(tmp_path: Path, as_of: str, code: str) -> None:
    root = tmp_path / "a"
    write_spec(root, data=_one_indicator_spec(due="2023-06-30"))
    run = cli("check", root, "--format", "json", "--as-of", as_of, "--jobs", "1", env=ENV)
    assert [f["code"] for f in run.json()["findings"]] == [code]


def test_special_files_do_not_hang_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    root = tmp_path / "a"
    folder = root / "1.1 理想信念教育"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "管道.jpg")
    sock = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(folder)  # a socket's path is limited to 108 bytes: bind it relatively
    try:
        sock.bind("套接字.docx")
        run = cli_process("scan", root, "--format", "json", env=ENV, timeout=30)
    finally:
        sock.close()
    assert_clean(run)
    assert run.exit_code == 0


def test_waived_error_no_longer_fails_the_run(tmp_path: Path) -> None:
    root = tmp_path / "a"
    folder = root / "1.1 理想信念教育"
    write_spec(
        root,
        waivers=[
            {"code": "corrupt", "path": "1.1 理想信念教育/坏.jpg", "reason": "原件已损，纸质件存档"}
        ],
    )
    make_docx(folder / "2022年学习计划.docx")
    make_jpeg(folder / "一.jpg", taken=D(2022, 1, 1), color=(1, 1, 1))
    make_jpeg(folder / "二.jpg", taken=D(2022, 1, 2), color=(2, 2, 2))
    make_tree(folder, {"坏.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 100})
    args = ("check", root, "--as-of", "2023-01-01", "--jobs", "1")
    run = cli(*args, "--format", "json", env=ENV)
    assert_clean(run)
    assert run.exit_code == 0, run.output
    corrupt = [f for f in run.json()["findings"] if f["code"] == "corrupt"]
    assert len(corrupt) == 1
    assert corrupt[0]["waived"] is True
    assert run.json()["summary"]["errors"] == 0
    make_tree(folder, {"另一个坏.jpg": b"\xff\xd8\xff\xe0" + b"\x01" * 100})
    assert cli(*args, env=ENV).exit_code == 1


@pytest.mark.parametrize("command", ["scan", "check", "todo"])
def test_verbose_and_quiet_are_accepted(tmp_path: Path, command: str) -> None:
    root = tmp_path / "a"
    write_spec(root)
    for flag in ("--verbose", "--quiet"):
        run = cli(command, root, flag, "--jobs", "1", env=ENV)
        assert "No such option" not in run.output, run.output


def test_libreoffice_lock_file_is_no_evidence(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    make_tree(
        root / "1.1 理想信念教育",
        {".~lock.学习计划.docx#": ",张三,PC,26.11.2026 09:00,file:///C:/Users;"},
    )
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    assert indicator(run.json(), "1.1")["requirements"][0]["files"] == []


def test_per_year_over_a_mid_year_period(tmp_path: Path) -> None:
    root = tmp_path / "a"
    per_year = {"kind": "document", "per_year": True}
    spec = {
        "civarchive": 1,
        "title": "t",
        "unit": "u",
        "period": {"start": "2021-07-01", "end": "2023-06-30"},
        "categories": [
            {
                "id": "1",
                "title": "c",
                "indicators": [
                    {"id": "1.1", "title": "a", "requires": [{**per_year, "what": "年度总结"}]},
                    {
                        "id": "1.2",
                        "title": "b",
                        "requires": [
                            {
                                **per_year,
                                "what": "w",
                                "within": {"start": "2022-01-01", "end": "2023-06-30"},
                            }
                        ],
                    },
                    {"id": "1.3", "title": "c", "requires": [{**per_year, "what": "x", "min": 2}]},
                ],
            }
        ],
    }
    write_spec(root, data=spec)
    for year in (2021, 2022, 2023):
        make_docx(root / "1.1 a" / f"{year}年度总结.docx", text=f"a{year}")
    for year in (2022, 2023):
        make_docx(root / "1.2 b" / f"{year}0301材料.docx", text=f"b{year}")
    for day in ("20210801", "20210901", "20220101", "20220202", "20230101"):
        make_docx(root / "1.3 c" / f"{day}记录.docx", text=day)
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    assert_clean(run)
    report = run.json()
    assert [indicator(report, i)["status"] for i in ("1.1", "1.2", "1.3")] == [
        "complete",
        "complete",
        "partial",
    ]
    assert report["summary"]["completeness"] == pytest.approx(2 / 3, abs=0.005)
    gaps = [f for f in report["findings"] if f["code"] == "missing_evidence"]
    assert [f["indicator"] for f in gaps] == ["1.3"]
    assert "2023" in gaps[0]["message"]


def test_duplicates_name_the_first_copy_in_posix_path_order(tmp_path: Path) -> None:
    root = tmp_path / "a"
    write_spec(root)
    folder = root / "1.1 理想信念教育"
    make_jpeg(folder / "a" / "b.jpg", taken=D(2022, 1, 1))
    copies = ["a-b/c.jpg", "a.jpg", "A.jpg", "a b/x.jpg"]
    for rel in copies:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes((folder / "a" / "b.jpg").read_bytes())
    run = cli("check", root, "--format", "json", "--as-of", "2023-01-01", "--jobs", "1", env=ENV)
    ordered = sorted(f"1.1 理想信念教育/{rel}" for rel in [*copies, "a/b.jpg"])
    dups = [f for f in run.json()["findings"] if f["code"] == "duplicate"]
    assert [f["path"] for f in dups] == ordered[1:]
    assert all(ordered[0] in f["message"] for f in dups)
