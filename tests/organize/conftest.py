"""A small archive with a messy pile, shared by the organize tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.factories import make_docx, make_jpeg, write_spec

D = dt.datetime
ENV = {"CIVARCHIVE_LANG": "zh", "COLUMNS": "160", "NO_COLOR": "1"}


def _ind(ind_id: str, title: str, requires: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": ind_id, "title": title, "requires": requires, **extra}


SPEC: dict[str, Any] = {
    "civarchive": 1,
    "title": "测试创建资料",
    "unit": "测试单位机关",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "naming": "{date:%Y%m%d}-{title}",
    "owners": [{"id": "tw", "name": "机关团委"}, {"id": "hq", "name": "后勤中心"}],
    "categories": [
        {
            "id": "1",
            "title": "思想道德",
            "indicators": [
                _ind(
                    "1.1",
                    "学雷锋活动",
                    [
                        {"kind": "document", "what": "学雷锋活动方案", "match": ["雷锋"]},
                        {"kind": "photo", "what": "学雷锋活动照片", "min": 2},
                    ],
                    owner="tw",
                ),
                _ind(
                    "1.2",
                    "消防安全",
                    [
                        {"kind": "document", "what": "安全生产责任制", "match": ["安全"]},
                        {"kind": "photo", "what": "消防演练照片", "min": 2},
                    ],
                    owner="hq",
                ),
            ],
        },
        {
            "id": "2",
            "title": "文化活动",
            "indicators": [
                _ind(
                    "2.1",
                    "传统节日",
                    [{"kind": "photo", "what": "端午节活动照片", "match": ["端午"]}],
                ),
                _ind(
                    "2.2",
                    "政务公开",
                    [{"kind": "document", "what": "政务公开制度", "match": ["公开"]}],
                ),
            ],
        },
    ],
}


def build_archive(root: Path) -> Path:
    """Filed evidence, plus a pile at the top and in the inbox, plus a misfiled photo."""
    write_spec(root, data=SPEC)
    make_docx(root / "1 思想道德" / "1.1 学雷锋活动" / "2022年学雷锋活动方案.docx")
    make_jpeg(root / "1 思想道德" / "1.2 消防安全" / "消防演练.jpg", taken=D(2022, 11, 9, 10))
    make_docx(root / "1 思想道德" / "1.2 消防安全" / "安全生产责任制.docx")
    make_docx(root / "2 文化活动" / "2.2 政务公开" / "政务公开制度.docx")
    # misfiled: a festival photo among documents
    make_jpeg(root / "2 文化活动" / "2.2 政务公开" / "端午节包粽子.jpg", taken=D(2022, 6, 3, 10))
    pile = root / "待整理" / "群文件-2024-05-01"
    make_jpeg(pile / "学雷锋志愿服务.jpg", taken=D(2023, 3, 5, 9), color=(10, 20, 30))
    make_jpeg(pile / "mmexport1699999999999.jpg", taken=D(2023, 3, 5, 9), color=(40, 20, 30))
    make_jpeg(pile / "消防演练（二）.jpg", taken=D(2022, 11, 9, 11), color=(70, 20, 30))
    make_docx(root / "2023年学雷锋活动总结.docx", text="2023年学雷锋活动总结")
    return root
