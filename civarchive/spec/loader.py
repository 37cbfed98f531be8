"""Find civarchive.yaml and load it (with its includes) into a validated Spec."""

from __future__ import annotations

from pathlib import Path

import yaml

from civarchive.errors import SpecError, UsageError
from civarchive.i18n import tr
from civarchive.spec.models import Spec

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
            "请在档案根目录写一个 {name}，或用 --spec 指定规范文件",
            "write {name} at the archive root, or pass --spec PATH",
            name=SPEC_FILE_NAME,
        ),
    )


def load_spec(path: Path) -> Spec:
    """Load and validate the spec at ``path``; raise SpecError listing every located problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        spec = Spec.model_validate(data)
    except Exception as error:  # provisional loader; replaced by the located one
        raise SpecError(str(error)) from None
    spec._path = path
    spec._files = (path,)
    return spec
