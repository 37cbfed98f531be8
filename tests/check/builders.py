"""In-memory Spec and Inventory builders for the check tests (no scan needed)."""

from __future__ import annotations

import hashlib
from typing import Any

from civarchive.findings import Finding
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence, Inventory
from civarchive.spec.models import Spec


def ev(
    path: str,
    kind: str = "photo",
    date: str | None = "2022-05-01",
    *,
    sha: str | None = None,
    megapixels: float | None = None,
    seconds: float | None = None,
    title: str | None = None,
    caption: str | None = None,
    findings: list[Finding] | None = None,
    size: int = 1000,
) -> Evidence:
    """One file as scan would describe it; distinct content unless ``sha`` is given."""
    return Evidence(
        path=path,
        kind=Kind(kind),
        size=size,
        mtime_ns=0,
        sha256=sha or hashlib.sha256(path.encode()).hexdigest(),
        date=date,
        megapixels=megapixels,
        duration_seconds=seconds,
        title=title,
        caption=Caption(title=caption) if caption is not None else None,
        findings=findings or [],
    )


def inventory(
    *files: Evidence, findings: list[Finding] | None = None, root: str = "/nonexistent/archive"
) -> Inventory:
    return Inventory(root=root, files=sorted(files, key=lambda e: e.path), findings=findings or [])


def indicator(id_: str, *requires: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": id_, "title": f"指标{id_}", "requires": list(requires), **extra}


def req(kind: str = "photo", what: str = "照片", **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "what": what, **extra}


def spec(*categories: dict[str, Any], **extra: Any) -> Spec:
    """A valid in-memory spec: period 2021–2023, one owner `xcb`."""
    data: dict[str, Any] = {
        "civarchive": 1,
        "title": "测试创建资料",
        "unit": "测试单位",
        "period": {"start": "2021-01-01", "end": "2023-12-31"},
        "owners": [
            {"id": "xcb", "name": "宣传部", "contact": "张三"},
            {"id": "bgs", "name": "办公室"},
        ],
        "categories": list(categories),
    }
    data.update(extra)
    return Spec.model_validate(data)


def category(id_: str, *indicators: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": id_, "title": f"类别{id_}", "indicators": list(indicators), **extra}


def one(
    *requires: dict[str, Any], waivers: list[dict[str, Any]] | None = None, **extra: Any
) -> Spec:
    """A spec with a single indicator 1.1 in category 1 (``extra`` goes to the indicator)."""
    return spec(category("1", indicator("1.1", *requires, **extra)), waivers=waivers or [])
