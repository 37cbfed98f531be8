"""Acceptance (issue 11): from a held-out messy pile to the archive, without ever losing a file.

The archive is the bundled example; the pile is new to the tool: a GBK zip of WeChat and
QQ downloads with copies, a folder a department dumped, a photo misfiled by hand. import
lands every file once with readable names; the plan moves what is unambiguous and only
that; apply leaves fewer problems and every byte-string exactly once; undo restores the
exact tree; caption writes a sheet check reads; copies, not originals, are duplicates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from civarchive.names import has_cjk
from tests.acceptance.helpers import REPO, assert_clean, cli
from tests.factories import make_docx, make_jpeg, make_zip, tree_digest

ENV = {"CIVARCHIVE_LANG": "zh", "COLUMNS": "160", "NO_COLOR": "1"}
D = dt.datetime
AS_OF = "2023-07-01"

# member name -> (photo date or None for a document, the indicator a person would choose)
ZIP_PILE: dict[str, tuple[D | None, str | None]] = {
    "mmexport1688888888888.jpg": (D(2023, 7, 1, 9), None),
    "微信图片_20230620101010.jpg": (D(2023, 6, 20, 10), None),
    "QQ图片20230315120000.jpg": (D(2023, 3, 15, 12), None),
    "照片/2023年中秋诗会.jpg": (D(2023, 9, 29, 19), "5.1"),
    "照片/清明祭英烈.jpg": (D(2023, 4, 4, 9), "5.1"),
    "照片/消防演练（三）.jpg": (D(2023, 5, 9, 10), "9.1"),
    "照片/庭院绿化-西侧.jpg": (D(2023, 5, 20, 10), "6.2"),
    "关于印发2023年度普法工作要点的通知.docx": (None, "9.2"),
    "2023年精神文明建设经费预算.docx": (None, "1.4"),
    "移风易俗倡议（2023）.docx": (None, "3.2"),
}
COPY = ("照片/清明祭英烈 - 副本.jpg", "照片/清明祭英烈.jpg")
FOLDER_PILE: dict[str, tuple[D | None, str | None]] = {
    "2023年综治工作台账.docx": (None, "9.3"),
    "会议通知.docx": (None, None),
}
MISFILED = ("六、单位环境/6.3 控烟/文艺汇演合影.jpg", D(2023, 1, 18, 19), "5.2")


def _write(path: Path, taken: D | None, seed: int) -> bytes:
    if taken is None:
        return make_docx(path, text=path.stem).read_bytes()
    return make_jpeg(
        path, size=(2400, 1600), taken=taken, color=(seed * 11 % 255, 80, 160)
    ).read_bytes()


def _bytes_count(root: Path) -> Counter[str]:
    return Counter(v for v in tree_digest(root).values() if v != "folder")


def _check(root: Path) -> dict[str, object]:
    run = cli("check", root, "--format", "json", "--as-of", AS_OF, "--jobs", "1", env=ENV)
    assert_clean(run)
    return run.json()  # type: ignore[no-any-return]


def _problems(report: dict[str, object]) -> int:
    summary = report["summary"]
    assert isinstance(summary, dict)
    return int(summary["errors"]) + int(summary["warnings"])


@pytest.mark.slow
def test_from_the_pile_to_the_archive(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    shutil.copytree(REPO / "examples" / "wenming", root)
    # the pile, as it arrives
    made = tmp_path / "made"
    members = {
        name: _write(made / name, taken, n) for n, (name, (taken, _)) in enumerate(ZIP_PILE.items())
    }
    members[COPY[0]] = members[COPY[1]]
    pile_zip = make_zip(tmp_path / "各部门材料.zip", members)  # GBK names, no UTF-8 flag
    dumped = tmp_path / "机关事务服务中心"
    for n, (name, (taken, _)) in enumerate(FOLDER_PILE.items()):
        _write(dumped / name, taken, 50 + n)
    rel, taken, _ = MISFILED
    _write(root / rel, taken, 99)
    # copies in the archive: the copy sorts before its original
    original = root / "二、思想道德建设" / "2.4 学雷锋活动" / "学雷锋活动-1.jpg"
    shutil.copyfile(original, original.with_name("学雷锋活动-1 - 副本.jpg"))
    pile_bytes = Counter(hashlib.sha256(b).hexdigest() for b in members.values())
    pile_bytes.update(
        hashlib.sha256((dumped / name).read_bytes()).hexdigest() for name in FOLDER_PILE
    )

    # import: every file once, readable names
    before_import = _bytes_count(root)
    run = cli("import", pile_zip, dumped, "--to", root, "--jobs", "1", env=ENV)
    assert run.exit_code == 0, run.output
    after_import = _bytes_count(root)
    assert after_import - before_import == Counter(dict.fromkeys(pile_bytes, 1))
    inbox = root / "待整理"
    landed = sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file())
    assert all(name.isprintable() for name in landed)
    assert f"各部门材料-{dt.date.today().isoformat()}/照片/清明祭英烈.jpg" in landed
    assert not any("副本" in name for name in landed)  # the copy is the one skipped
    assert sum(has_cjk(name) for name in landed) == len(landed)
    report = _check(root)
    assert {f["code"] for f in report["findings"]} >= {"inbox"}  # type: ignore[index]

    # the plan moves what is unambiguous, and only that
    plan = cli("organize", root, "--format", "json", "--jobs", "1", env=ENV)
    assert plan.exit_code == 0, plan.output
    truth = {name.rsplit("/", 1)[-1]: ind for name, (_, ind) in {**ZIP_PILE, **FOLDER_PILE}.items()}
    truth[Path(MISFILED[0]).name] = MISFILED[2]
    truth["社区共建活动.jpg"] = "8.1"  # the example's own misfiled photo (examples/make_demo.py)
    steps = {s["source"].rsplit("/", 1)[-1]: s for s in plan.json()["steps"]}
    for name, step in steps.items():
        assert name in truth, f"moved a file nobody asked to move: {step}"
        assert truth[name] is not None, f"moved an ambiguous file: {step}"
        assert step["indicator"] == truth[name], step
    assert len(steps) >= 5
    assert (
        steps["文艺汇演合影.jpg"]["target"].startswith("五")
        or "5.2" in steps["文艺汇演合影.jpg"]["target"]
    )

    # apply: fewer problems, every byte-string exactly once
    before_apply = tree_digest(root)
    problems_before = _problems(report)
    applied = cli("organize", root, "--apply", "--jobs", "1", env=ENV)
    assert applied.exit_code == 0, applied.output
    assert _bytes_count(root) == after_import
    assert _problems(_check(root)) < problems_before

    # undo restores the exact tree
    assert cli("undo", root, env=ENV).exit_code == 0
    assert tree_digest(root) == before_apply

    # caption writes a sheet that check then reads
    cli("organize", root, "--apply", "--jobs", "1", env=ENV)
    uncaptioned = {
        f["path"]
        for f in _check(root)["findings"]
        if f["code"] == "missing_caption"  # type: ignore[index]
    }
    assert cli("caption", root, "--jobs", "1", env=ENV).exit_code == 0
    target = next(p for p in uncaptioned if p.endswith("清明祭英烈.jpg"))
    sheet = root / target.rpartition("/")[0] / "说明.xlsx"
    book = openpyxl.load_workbook(sheet)
    for row in book.worksheets[0].iter_rows(min_row=2):
        if row[0].value == "清明祭英烈.jpg":
            assert row[1].value == "清明祭英烈"  # 题名 from a name a person chose
            row[3].value = "烈士陵园"
    book.save(sheet)
    after_caption = {
        f["path"]
        for f in _check(root)["findings"]
        if f["code"] == "missing_caption"  # type: ignore[index]
    }
    assert target not in after_caption
    assert len(after_caption) < len(uncaptioned)

    # copies, not originals, are reported as duplicates
    duplicates = [f for f in _check(root)["findings"] if f["code"] == "duplicate"]  # type: ignore[index]
    copy_path = "二、思想道德建设/2.4 学雷锋活动/学雷锋活动-1 - 副本.jpg"
    assert copy_path in {f["path"] for f in duplicates}
    assert "二、思想道德建设/2.4 学雷锋活动/学雷锋活动-1.jpg" not in {f["path"] for f in duplicates}
