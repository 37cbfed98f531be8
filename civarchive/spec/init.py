"""`civarchive init`: create the missing category and indicator folders, each with a 要求.md."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from civarchive.errors import UsageError
from civarchive.folders import matches_category, matches_id, safe_folder_name
from civarchive.i18n import tr
from civarchive.kinds import KIND_LABELS_ZH, measure_word
from civarchive.spec.models import Category, Indicator, Requirement, Spec

REQUIREMENTS_FILE_NAME = "要求.md"


def init_archive(spec: Spec, root: Path) -> list[Path]:
    """Create every missing category and indicator folder under ``root``, and a 要求.md in each indicator folder.

    Existing folders are reused when they belong to the id by the folder-resolution rule (so
    ``1.1、理想`` stands for indicator 1.1); nothing is ever overwritten or deleted, and a second run
    creates nothing. Returns the paths created (folders and files), in creation order.
    """
    created: list[Path] = []
    for category in spec.categories:
        category_folders = _category_folders(category, root, created)
        for indicator in category.indicators:
            folder = _indicator_folder(indicator, category_folders, root, created)
            target = folder / REQUIREMENTS_FILE_NAME
            if not target.exists():
                _write_new(target, render_requirements(spec, category, indicator))
                created.append(target)
    return created


def summarize(created: list[Path]) -> str:
    """The one-line summary `init` prints: how many folders and files were created."""
    folders = sum(1 for p in created if p.name != REQUIREMENTS_FILE_NAME)
    files = len(created) - folders
    if not created:
        return tr(
            "无需创建：所有文件夹和 要求.md 都已存在",
            "nothing to create: every folder and 要求.md already exists",
        )
    return tr(
        "已创建 {d} 个文件夹、{f} 个 要求.md",
        "created {d} {folder_word} and {f} 要求.md {file_word}",
        d=folders,
        f=files,
        folder_word="folder" if folders == 1 else "folders",
        file_word="file" if files == 1 else "files",
    )


def _explicit(root: Path, folder: str) -> Path:
    # Windows users write backslashes; the spec rules already refused absolute and ".." paths.
    return root.joinpath(*[part for part in folder.replace("\\", "/").split("/") if part])


def _subfolders(parent: Path) -> list[Path]:
    if not parent.is_dir():
        return []
    try:
        return sorted(
            (p for p in parent.iterdir() if p.is_dir() and not p.is_symlink()), key=lambda p: p.name
        )
    except OSError:
        return []


def _ensure(folder: Path, created: list[Path]) -> Path:
    if folder.is_dir():
        return folder
    if folder.exists():
        raise UsageError(
            tr(
                "无法创建文件夹，同名文件已存在：{p}",
                "cannot create a folder, a file of that name exists: {p}",
                p=folder,
            ),
            hint=tr("请重命名或移走该文件", "rename or move that file"),
        )
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        raise UsageError(
            tr(
                "无法创建文件夹 {p}：{e}",
                "cannot create folder {p}: {e}",
                p=folder,
                e=error.strerror or error,
            ),
            hint=tr("请检查该位置的写权限", "check that you may write there"),
        ) from None
    created.extend(reversed(missing))
    return folder


def _category_folders(category: Category, root: Path, created: list[Path]) -> list[Path]:
    if category.folder:
        return [_ensure(_explicit(root, category.folder), created)]
    existing = [p for p in _subfolders(root) if matches_category(p.name, category.id)]
    if existing:
        return existing
    return [_ensure(root / safe_folder_name(f"{category.id} {category.title}"), created)]


def _indicator_folder(
    indicator: Indicator, category_folders: list[Path], root: Path, created: list[Path]
) -> Path:
    """The indicator's primary folder, created when no folder belongs to it yet."""
    if indicator.folders:
        paths = [_ensure(_explicit(root, folder), created) for folder in indicator.folders]
        return paths[0]
    for parent in (*category_folders, root):
        for folder in _subfolders(parent):
            if matches_id(folder.name, indicator.id):
                return folder
    return _ensure(
        category_folders[0] / safe_folder_name(f"{indicator.id} {indicator.title}"), created
    )


def _write_new(target: Path, text: str) -> None:
    try:
        # "x" never overwrites, even if the file appeared since we looked.
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        return
    except OSError as error:
        raise UsageError(
            tr("无法写入 {p}：{e}", "cannot write {p}: {e}", p=target, e=error.strerror or error),
            hint=tr("请检查该位置的写权限", "check that you may write there"),
        ) from None


# ------------------------------------------------------------------ 要求.md


def _cell(value: object) -> str:
    text = "—" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _requirement_row(spec: Spec, indicator: Indicator, requirement: Requirement) -> str:
    kind = requirement.kind.value
    owner = spec.owner(indicator.owner)
    window = (
        f"{requirement.within.start} 至 {requirement.within.end}" if requirement.within else None
    )
    caption = (
        {"required": "必须", "optional": "可选"}.get(requirement.caption or "")
        if kind in {"photo", "video", "audio", "any"}
        else None
    )
    cells: Iterable[object] = (
        requirement.what,
        KIND_LABELS_ZH.get(kind, kind),
        f"{requirement.min} {measure_word(kind)}",
        "是" if requirement.per_year else "否",
        window,
        "、".join(requirement.match) or None,
        indicator.due,
        owner.name if owner else indicator.owner,
        caption,
        _number(requirement.min_megapixels) + " 百万像素"
        if requirement.min_megapixels is not None
        else None,
        _number(requirement.min_seconds) + " 秒" if requirement.min_seconds is not None else None,
    )
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_requirements(spec: Spec, category: Category, indicator: Indicator) -> str:
    """The 要求.md text for one indicator: its facts and a table of the evidence it needs (Chinese)."""
    owner = spec.owner(indicator.owner)
    owner_text = None
    if owner is not None:
        owner_text = owner.name + (f"（{owner.contact}）" if owner.contact else "")
    lines = [
        f"# {indicator.id} {indicator.title}",
        "",
        "> 由 civarchive init 生成，列出本指标需要的证据；可自行修改，civarchive 不会覆盖此文件。",
        "",
        f"- 测评项目：{category.id} {category.title}",
        f"- 分值：{_number(indicator.points)}",
        f"- 测评方法：{indicator.method or '—'}",
        f"- 责任人：{owner_text or indicator.owner or '—'}",
        f"- 截止日期：{indicator.due or '—'}",
        f"- 证据期限：{spec.period.start} 至 {spec.period.end}",
        f"- 是否适用：{'是' if indicator.applicable else '否（不适用）'}",
        "",
        "## 测评内容",
        "",
        (indicator.content or "—").strip(),
        "",
        "## 所需证据",
        "",
    ]
    if indicator.requires:
        lines += [
            "| 证据 | 类型 | 最少数量 | 每年 | 时间窗口 | 关键词 | 截止日期 | 责任人 | 说明 | 最低像素 | 最短时长 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            *(_requirement_row(spec, indicator, r) for r in indicator.requires),
        ]
    else:
        lines.append("（规范未列出所需证据）")
    lines += ["", "## 情况说明", "", (indicator.note or "—").strip(), ""]
    return "\n".join(lines)
