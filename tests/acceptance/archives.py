"""Held-out trap archives for the acceptance tests, built from design §3–§4 alone."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from tests.factories import (
    make_caption_csv,
    make_docx,
    make_jpeg,
    make_mp4,
    make_png,
    make_tree,
    write_spec,
)

ENV = {
    "CIVARCHIVE_LANG": "en",
    "NO_COLOR": "1",
    "COLUMNS": "120",
    "SOURCE_DATE_EPOCH": "1700000000",
}

D = dt.datetime


def _req(kind: str, what: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "what": what, **extra}


TRAP_SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "验收测试创建资料",
    "unit": "验收单位",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "fonds": "Z109",
    "defaults": {
        "photo": {"min_megapixels": 0.1, "caption": "optional"},
        "video": {"min_seconds": 1},
    },
    "owners": [{"id": "xcb", "name": "宣传部", "contact": "张三"}, {"id": "bgs", "name": "办公室"}],
    "waivers": [{"code": "overdue", "indicator": "1.5", "reason": "总结由上级统一存档"}],
    "categories": [
        {
            "id": "1",
            "title": "思想道德建设",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "理想信念教育",
                    "points": 4,
                    "owner": "xcb",
                    "due": "2023-06-30",
                    "requires": [
                        _req("document", "年度学习计划", per_year=True, match=["计划"]),
                        _req("photo", "学习活动照片", min=2),
                    ],
                },
                {
                    "id": "1.10",
                    "title": "志愿服务",
                    "points": 2,
                    "owner": "xcb",
                    "requires": [_req("document", "志愿服务方案")],
                },
                {
                    "id": "1.2",
                    "title": "道德讲堂",
                    "points": 3,
                    "owner": "bgs",
                    "due": "2022-12-31",
                    "requires": [_req("photo", "讲堂照片", min=3), _req("文件", "讲稿")],
                },
                {
                    "id": "1.3",
                    "title": "诚信建设",
                    "points": 2,
                    "owner": "bgs",
                    "due": "2023-12-31",
                    "requires": [_req("document", "诚信制度")],
                },
                {
                    "id": "1.4",
                    "title": "服务窗口",
                    "points": 5,
                    "applicable": False,
                    "note": "本单位无此项职能",
                    "requires": [_req("photo", "窗口照片")],
                },
                {
                    "id": "1.5",
                    "title": "工作总结",
                    "points": 1,
                    "owner": "bgs",
                    "due": "2022-01-01",
                    "requires": [_req("document", "年度总结")],
                },
                {
                    "id": "1.6",
                    "title": "学习记录",
                    "points": 2,
                    "owner": "xcb",
                    "requires": [_req("document", "学习记录", per_year=True)],
                },
            ],
        },
        {
            "id": "2",
            "title": "文明风尚",
            "indicators": [
                {
                    "id": "2-1",
                    "title": "文明礼仪",
                    "points": 3,
                    "owner": "xcb",
                    "requires": [
                        _req("照片", "礼仪照片", min=2, caption="required", min_megapixels=0.2)
                    ],
                },
                {
                    "id": "2-2",
                    "title": "宣传视频",
                    "points": 2,
                    "folder": "视频资料",
                    "requires": [_req("视频", "宣讲视频", min_seconds=3)],
                },
                {
                    "id": "2-3",
                    "title": "共建活动",
                    "points": 2,
                    "requires": [
                        _req("任意", "活动资料"),
                        _req("document", "实施方案", match=["方案"]),
                    ],
                },
            ],
        },
    ],
}

# Hand computed from design §4: Σ points × met/requirements ÷ Σ points, applicable only.
# 1.1 4×2/2, 1.10 2×1/1, 1.2 3×1/2, 1.3 2×0, 1.5 1×0, 1.6 2×0 (2023 short), 2-1 3, 2-2 2, 2-3 2; 1.4 n/a.
TRAP_POINTS_TOTAL = 4 + 2 + 3 + 2 + 1 + 2 + 3 + 2 + 2
TRAP_POINTS_MET = 4 + 2 + 1.5 + 0 + 0 + 0 + 3 + 2 + 2
TRAP_COMPLETENESS = TRAP_POINTS_MET / TRAP_POINTS_TOTAL

TRAP_STATUS = {
    "1.1": "complete",
    "1.10": "complete",
    "1.2": "partial",
    "1.3": "missing",
    "1.4": "not_applicable",
    "1.5": "missing",
    "1.6": "partial",
    "2-1": "complete",
    "2-2": "complete",
    "2-3": "complete",
}

C1 = "一、思想道德建设"
C2 = "（二）文明风尚"
GBK_NAME = "测试".encode("gbk") + b".txt"


def write_gbk_named(folder: Path, content: bytes = b"plain text") -> bytes:
    """A file whose name is GBK bytes (not valid UTF-8), as unzipped from a Chinese Windows zip."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.fsencode(folder) + b"/" + GBK_NAME
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    return raw


def truncated_jpeg(path: Path) -> Path:
    make_jpeg(path, size=(800, 600), taken=D(2022, 5, 1, 9))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def build_trap_archive(root: Path) -> Path:
    """The check archive: every indicator has a known status and every trap a known finding."""
    root.mkdir(parents=True, exist_ok=True)
    write_spec(root, data=_deep_copy(TRAP_SPEC))
    i11 = root / C1 / "1.1、理想信念教育"
    # per_year edges: 2021-01-01 and 2023-12-31 inside, 2020-12-31 and 2024-01-01 outside, a bare year.
    make_docx(
        i11 / "2021年" / "20210101学习计划.docx", text="20210101学习计划", created=D(2021, 1, 1)
    )
    make_docx(
        i11 / "2022年" / "2022年度学习计划.docx", text="2022年度学习计划", created=D(2019, 3, 1)
    )
    make_docx(
        i11 / "2023年" / "2023-12-31学习计划.docx",
        text="2023-12-31学习计划",
        created=D(2023, 12, 31),
    )
    make_docx(i11 / "20201231学习计划.docx", text="20201231学习计划", created=D(2020, 12, 31))
    make_docx(i11 / "2024.1.1学习计划.docx", text="2024.1.1学习计划", created=D(2024, 1, 1))
    truncated_jpeg(i11 / "坏照片.jpg")
    write_gbk_named(i11)
    make_tree(
        i11,
        {
            "Thumbs.db": b"\x00" * 64,
            "~$学习计划.docx": b"\x00lock",
            "desktop.ini": "[x]",
            ".DS_Store": b"\x00\x01",
        },
    )
    # Two more folders for 1.1: full-width id at the root, underscore inside the category.
    make_jpeg(root / "１．１理想信念教育（补充）" / "学习照片一.jpg", taken=D(2022, 3, 1, 10))
    make_jpeg(
        root / C1 / "1.1_补充照片" / "学习照片二.jpg", taken=D(2022, 3, 2, 10), color=(1, 2, 3)
    )
    # 1.10 must not take 1.1's files and 1.1 must not take 1.10's.
    make_docx(
        root / C1 / "1.10 志愿服务" / "志愿服务方案.docx",
        text="志愿服务方案",
        created=D(2022, 4, 1),
    )
    os.symlink(i11 / "2021年" / "20210101学习计划.docx", root / C1 / "1.10 志愿服务" / "链接.docx")
    # 1.2 at the root, overdue: one photo of three, the speech is there.
    make_jpeg(root / "1.2_道德讲堂" / "讲堂.jpg", taken=D(2022, 6, 1, 9), color=(9, 9, 9))
    make_docx(root / "1.2_道德讲堂" / "讲稿.docx", text="讲稿", created=D(2022, 6, 1))
    # 1.2.1 is not 1.2: an unknown folder whose file is unassigned.
    make_docx(root / C1 / "1.2.1 子项" / "子项材料.docx", text="子项材料", created=D(2022, 6, 1))
    # 1.3 only holds an empty file; its due date lies after the as-of date.
    make_tree(root / C1 / "1.3—诚信建设", {"空白.docx": b""})
    # 1.5: overdue but waived; 1.6: per_year short in 2023, an undated text does not fill the gap.
    (root / C1 / "1.5 工作总结").mkdir(parents=True)
    make_tree(
        root / C1 / "1.6 学习记录",
        {
            "2021年学习记录.txt": "学习记录一",
            "2022年学习记录.txt": "学习记录二",
            "学习记录汇编.txt": "学习记录汇编",
        },
    )
    # Category 2 in a （二） folder, dashed ids with em dash and full-width minus.
    i21 = root / C2 / "2—1 文明礼仪"
    make_jpeg(i21 / "a.jpg", taken=D(2022, 7, 1, 9), color=(50, 60, 70))
    (i21 / "a副本.jpg").write_bytes((i21 / "a.jpg").read_bytes())
    make_jpeg(i21 / "b.jpg", taken=D(2022, 7, 2, 9), color=(80, 60, 70))
    make_png(i21 / "d.jpg", size=(640, 480))
    make_jpeg(i21 / "tiny.jpg", size=(100, 100), taken=D(2022, 7, 3, 9))
    make_caption_csv(
        i21 / "说明.csv",
        [
            ["a.jpg", "礼仪培训", "2022-07-01", "会议室", "全体职工", "", "张三"],
            ["a副本.jpg", "礼仪培训", "2022-07-01", "会议室", "全体职工", "", "张三"],
            ["d.jpg", "文明餐桌", "2022-07-05", "食堂", "", "", "李四"],
            ["tiny.jpg", "小图", "2022-07-03", "", "", "", ""],
        ],
        encoding="gbk",
    )
    make_mp4(root / "视频资料" / "宣讲.mp4", seconds=4, created=D(2022, 8, 1, 1))
    make_mp4(root / "视频资料" / "片段.mp4", seconds=1, created=D(2022, 8, 2, 1))
    make_docx(root / "视频资料" / "脚本.docx", text="脚本", created=D(2022, 8, 1))
    i23 = root / C2 / "2－3 共建活动"
    make_docx(i23 / "实施方案.docx", text="实施方案", created=D(2022, 9, 1))
    make_jpeg(i23 / "活动照片.jpg", taken=D(2022, 9, 2, 9), color=(200, 10, 10))
    make_tree(root / C2 / "2-9 其他", {"杂项.txt": "其他材料 2022年"})
    # Root-level traps.
    make_docx(root / "1.1.2 旧材料" / "旧计划.docx", text="旧计划", created=D(2022, 1, 5))
    make_docx(root / "2023年" / "年度杂项.docx", text="年度杂项", created=D(2023, 2, 1))
    make_docx(root / "未分类.docx", text="未分类", created=D(2022, 2, 2))
    make_tree(root / C1 / "1.1、理想信念教育", {"数据.bin": bytes(range(256)) * 8})
    return root


def _deep_copy(data: Any) -> Any:
    import copy

    return copy.deepcopy(data)
