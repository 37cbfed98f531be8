"""Measure organize's placement on a messy pile, with and without learning from the archive's filing.

The archive is a copy of examples/wenming (its spec and its evidence, already filed); the
pile is what departments send by WeChat and QQ, dumped into the inbox: machine names
(mmexport…, 微信图片_…), names with the spec's keywords, names like files already filed,
copies, documents that fit nowhere, and a photo misfiled in a documents-only folder. Each
file has the indicator a person would file it under (None: it should not be moved).

    python bench/organize_pile.py [--keep DIR]

prints, for organize without and with learning, how many files were placed correctly,
placed wrongly and left for review. Nothing is timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from factories import make_docx, make_jpeg  # noqa: E402

from civarchive.check import check  # noqa: E402
from civarchive.organize import build_plan  # noqa: E402
from civarchive.organize.models import Plan  # noqa: E402
from civarchive.scan import scan  # noqa: E402
from civarchive.spec.loader import load_spec  # noqa: E402

INBOX = "待整理/群文件-2024-05-01"
D = dt.datetime

# (name, photo taken or None for a document, the indicator a person files it under)
PILE: list[tuple[str, D | None, str | None]] = [
    # Machine names with nothing to go on: a person must look at them.
    ("mmexport1699999999999.jpg", D(2023, 11, 15, 9), None),
    ("微信图片_20230512093012.jpg", D(2023, 5, 12, 9), None),
    ("QQ图片20230601101010.jpg", D(2023, 6, 1, 10), None),
    ("IMG_20230305_101010.jpg", D(2023, 3, 5, 10), None),
    # The spec's own keywords in the name.
    ("2023年学雷锋活动方案.docx", None, "2.4"),
    ("2022年端午节包粽子.jpg", D(2022, 6, 3, 10), "5.1"),
    ("重阳节敬老活动.jpg", D(2022, 10, 4, 10), "5.1"),
    ("文明家庭评选表彰通知.docx", None, "3.3"),
    ("机关控烟管理制度.docx", None, "6.3"),
    ("2022年度普法学习计划.docx", None, "9.2"),
    ("2022年驻村帮扶工作总结.docx", None, "8.3"),
    ("志愿服务活动1.jpg", D(2022, 4, 2, 9), "4.2"),
    ("职工书屋借阅制度.docx", None, "5.3"),
    ("2023年党风廉政建设责任书.docx", None, "7.3"),
    ("结对共建协议（续签）.docx", None, "8.1"),
    ("网络文明传播活动总结.docx", None, "3.4"),
    # Named like files already filed, without the spec's keywords: learning's ground.
    ("消防演练2.jpg", D(2022, 11, 9, 10), "9.1"),
    ("灭火器使用培训-2.jpg", D(2022, 11, 9, 11), "9.1"),
    ("宣传栏-二楼.jpg", D(2022, 5, 6, 10), "2.2"),
    ("公益广告-门口.jpg", D(2022, 5, 6, 11), "2.2"),
    ("代表接待日（二）.jpg", D(2023, 4, 15, 10), "10.1"),
    ("庭院绿化-东侧.jpg", D(2022, 5, 20, 10), "6.2"),
    ("分类垃圾桶-食堂.jpg", D(2022, 6, 20, 10), "6.4"),
    ("学习现场06.jpg", D(2022, 3, 10, 15), "2.1"),
    ("共建社区义诊（二）.jpg", D(2023, 3, 4, 10), "8.1"),
    ("办公区走廊-三楼.jpg", D(2022, 5, 21, 10), "6.1"),
    # Fits two indicators about equally, or none: left for a person.
    ("共建社区慰问.jpg", D(2022, 9, 1, 10), None),
    ("关于开展2023年文明交通劝导活动的通知.docx", None, None),
    ("会议材料.docx", None, None),
]
COPIES = [
    ("志愿服务活动1 - 副本.jpg", "志愿服务活动1.jpg"),
    ("学习现场06(1).jpg", "学习现场06.jpg"),
]
# A photo misfiled in a documents-only folder, and where it belongs.
MISFILED = ("一、组织领导/1.4 经费保障/职工运动会颁奖仪式.jpg", D(2022, 10, 21, 15), "5.2")


def build(root: Path) -> dict[str, str | None]:
    """The archive with the pile in its inbox; returns archive path -> true indicator."""
    shutil.copytree(REPO / "examples" / "wenming", root)
    truth: dict[str, str | None] = {}
    for index, (name, taken, indicator) in enumerate(PILE):
        path = root / INBOX / name
        if taken is None:
            make_docx(path, text=name.rsplit(".", 1)[0])
        else:
            make_jpeg(path, size=(2400, 1600), taken=taken, color=(index * 7 % 255, 90, 140))
        truth[f"{INBOX}/{name}"] = indicator
    for copy, original in COPIES:
        shutil.copyfile(root / INBOX / original, root / INBOX / copy)
        truth[f"{INBOX}/{copy}"] = None  # a copy is not filed again
    rel, taken, indicator = MISFILED
    make_jpeg(root / rel, size=(2400, 1600), taken=taken, color=(30, 200, 90))
    truth[rel] = indicator
    return truth


def outcome(plan: Plan, truth: dict[str, str | None]) -> dict[str, int]:
    """Placed correctly, placed wrongly (a move nobody wanted, or to the wrong indicator), left."""
    moved = {s.source: s.indicator for s in plan.steps}
    counts = {"correct": 0, "wrong": 0, "review": 0}
    for path, indicator in truth.items():
        if path not in moved:
            counts["review"] += 1
        elif moved[path] == indicator:
            counts["correct"] += 1
        else:
            counts["wrong"] += 1
    return counts


def measure(root: Path) -> dict[bool, tuple[dict[str, int], Plan]]:
    truth = build(root)
    spec = load_spec(root / "civarchive.yaml")
    inventory = scan(root, spec=spec, jobs=1, progress=False)
    report = check(spec, inventory, as_of=dt.date(2023, 7, 1), git=False)
    results = {}
    for learn in (False, True):
        plan = build_plan(spec, inventory, report, learn=learn, only=set(truth))
        results[learn] = (outcome(plan, truth), plan)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "archive"
        results = measure(root)
        total = len(PILE) + len(COPIES) + 1
        wanted = sum(1 for *_, i in PILE if i) + 1
        print(f"pile: {total} files, {wanted} with an indicator a person would choose")
        print(f"{'learning':<10}{'correct':>9}{'wrong':>7}{'review':>8}")
        for learn, (counts, _plan) in results.items():
            print(
                f"{'on' if learn else 'off':<10}{counts['correct']:>9}{counts['wrong']:>7}{counts['review']:>8}"
            )
        for learn, (_, plan) in results.items():
            print(f"\n-- learning {'on' if learn else 'off'}")
            for step in plan.steps:
                print(f"  {step.source.rsplit('/', 1)[-1]} -> {step.indicator}")


if __name__ == "__main__":
    main()
