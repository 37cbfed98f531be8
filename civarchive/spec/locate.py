"""Find an archive's spec file from a folder upwards, the way git finds .git (no parsing)."""

from __future__ import annotations

from pathlib import Path

from civarchive.errors import UsageError
from civarchive.i18n import tr

__all__ = ["SPEC_FILE_NAME", "find_spec"]

SPEC_FILE_NAME = "civarchive.yaml"


def find_spec(start: Path) -> Path:
    """Walk up from ``start`` (a folder or a file) to the nearest civarchive.yaml, like git finds .git.

    Raises UsageError with a hint when no folder up to the file-system root holds one.
    """
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / SPEC_FILE_NAME
        if candidate.is_file():
            return candidate
    raise UsageError(
        tr(
            "找不到规范文件 {name}（从 {start} 向上查找）",
            "no {name} found in {start} or any parent folder",
            name=SPEC_FILE_NAME,
            start=start,
        ),
        hint=tr(
            "请在档案根目录写一个 {name}，或用 --spec 指定规范文件；还没有规范时，"
            "用 civarchive init --template wenming-jiguan 从模板开始，"
            "或用 civarchive spec import 测评细则.xlsx 从测评表格生成",
            "write {name} at the archive root, or pass --spec PATH; without a spec yet, start "
            "from a template (civarchive init --template wenming-jiguan) or draft one from "
            "the assessment table (civarchive spec import 测评细则.xlsx)",
            name=SPEC_FILE_NAME,
        ),
    )
