"""Find civarchive.yaml and load it (with its includes) into a validated Spec, reporting every located problem."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from civarchive.errors import Problem, SpecError, UsageError
from civarchive.i18n import tr
from civarchive.spec.locate import SPEC_FILE_NAME
from civarchive.spec.messages import FieldMessage, field_message, field_path, suggest
from civarchive.spec.models import (
    CaptionPolicy,
    Category,
    Defaults,
    IncludeFile,
    KindDefaults,
    Requirement,
    Spec,
)
from civarchive.spec.rules import RuleChecker
from civarchive.spec.slips import glued_key
from civarchive.spec.source import Loc, Position, YamlDocument, read_document
from civarchive.spec.values import check_text

# A NUL cannot even be looked up as a path; the text check reports such an include.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def load_spec(path: str | os.PathLike[str]) -> Spec:
    """Load and validate the spec at ``path`` and the files it includes.

    Returns a Spec whose categories and owners include those of the included files and whose
    requirements carry their effective defaults (caption, min_megapixels, min_seconds).
    Raises UsageError when the file does not exist, and SpecError listing every problem of
    every file (file, line, column, field path, message, hint) when anything is wrong.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(
            tr("规范文件不存在：{p}", "spec file not found: {p}", p=path),
            hint=tr(
                "请检查路径，或在档案根目录写一个 {n}",
                "check the path, or write {n} at the archive root",
                n=SPEC_FILE_NAME,
            ),
        )
    if path.is_dir():
        raise UsageError(
            tr("规范路径是文件夹：{p}", "the spec path is a folder: {p}", p=path),
            hint=tr(
                "请指定 YAML 文件，如 {p}", "name the YAML file, e.g. {p}", p=path / SPEC_FILE_NAME
            ),
        )
    return _Session(path).load()


def _display(path: Path, given: Path | None = None) -> str:
    if given is not None:
        return str(given)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# What bind can put in front of the volumes: PDFs and what LibreOffice converts to one.
FRONT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".wps", ".odt", ".rtf"})


class _Session:
    """One load: the documents read so far and the problems found in them."""

    def __init__(self, path: Path) -> None:
        self.given = path
        self.documents: list[YamlDocument] = []
        self.problems: list[tuple[int, Problem]] = []
        self._names: dict[int, str] = {}

    def load(self) -> Spec:
        main = self._read(
            self.given.resolve(),
            display=_display(self.given, self.given if not self.given.is_absolute() else None),
        )
        if isinstance(main.data, dict):
            self._follow_includes(main, [main.path])
        for document in self.documents:
            self._check_text(document)
            self._validate(document)
        self._check_front(self.documents[0])
        # The rules run even after structural problems, so one run shows the whole picture.
        RuleChecker(self.documents, self._report, self._where).run()
        if self.problems:
            raise self._error()
        return self._build()

    # ------------------------------------------------------------- reading and includes

    def _read(self, path: Path, display: str | None = None) -> YamlDocument:
        document = read_document(path)
        self.documents.append(document)
        self._names[id(document)] = display or _display(path)
        for problem in document.problems:
            self._add(document, problem.position, problem.loc, problem.message, problem.hint)
        if document.data is None and not document.problems:
            self._add(
                document,
                Position(1, 1),
                (),
                tr("规范文件是空的", "the spec file is empty"),
                tr(
                    "至少需要 civarchive、title、unit、period",
                    "it needs at least civarchive, title, unit and period",
                ),
            )
        elif document.data is not None and not isinstance(document.data, dict):
            self._add(
                document,
                document.value_position(()),
                (),
                tr(
                    "规范文件的顶层应为键值映射（civarchive: 1、title: … 等）",
                    "the spec must be a mapping of keys (civarchive: 1, title: …)",
                ),
                tr("参见 civarchive spec schema", "see 'civarchive spec schema'"),
            )
        return document

    def _follow_includes(self, document: YamlDocument, chain: list[Path]) -> None:
        entries = document.data.get("include")
        if not isinstance(entries, list):
            return
        for index, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry.strip():
                continue
            loc: Loc = ("include", index)
            target = self._include_target(document, loc, entry.strip())
            if target is None:
                continue
            if target in chain:
                cycle = [*chain[chain.index(target) :], target]
                self._report(
                    document,
                    loc,
                    tr(
                        "循环包含：{c}",
                        "include cycle: {c}",
                        c=" → ".join(_display(p) for p in cycle),
                    ),
                    tr("删除其中一处 include", "remove one of these includes"),
                )
                continue
            if any(d.path == target for d in self.documents):
                self._report(
                    document,
                    loc,
                    tr("文件已被包含过：{p}", "file already included: {p}", p=_display(target)),
                    tr("每个文件只需包含一次", "include each file once"),
                )
                continue
            if not target.is_file():
                self._report(
                    document,
                    loc,
                    tr(
                        "找不到被包含的文件：{p}",
                        "included file not found: {p}",
                        p=_display(target),
                    ),
                    _missing_include_hint(target),
                )
                continue
            child = self._read(target)
            if isinstance(child.data, dict):
                self._follow_includes(child, [*chain, target])

    def _include_target(self, document: YamlDocument, loc: Loc, entry: str) -> Path | None:
        """The file an ``include`` entry names, or None (reported) when it is not a relative
        path inside the main spec's folder: includes are confined like ``folder:``, so a
        spec (an archive received from elsewhere) cannot make civarchive read other files."""
        if _CONTROL.search(entry):
            return None  # reported by the text check
        base = self.documents[0].path.parent
        written = PurePosixPath(entry.replace("\\", "/"))
        if not (written.is_absolute() or PureWindowsPath(entry).drive):
            target = (document.path.parent / entry).resolve()
            if target.is_relative_to(base):
                return target
        self._report(
            document,
            loc,
            tr(
                "include 只能指向规范文件所在文件夹（{b}）内的文件：{p}",
                "include may only name files inside the spec's folder ({b}): {p}",
                b=base,
                p=entry,
            ),
            tr(
                "写成相对本文件的路径，不用绝对路径、“..” 或指向外部的链接",
                "write a path relative to this file, without absolute paths, '..' or links leading out",
            ),
        )
        return None

    def _check_front(self, document: YamlDocument) -> None:
        """Each ``front:`` entry names a document inside the archive (the spec's folder)."""
        entries = document.data.get("front") if isinstance(document.data, dict) else None
        if not isinstance(entries, list):
            return
        root = document.path.parent.resolve()
        for index, entry in enumerate(entries):
            if not isinstance(entry, str) or not entry.strip() or _CONTROL.search(entry):
                continue  # the model or the text check reports it
            written = entry.strip().replace("\\", "/")
            target = (root / written).resolve()
            inside = not (PurePosixPath(written).is_absolute() or PureWindowsPath(entry).drive)
            if not inside or not target.is_relative_to(root):
                message = tr(
                    "front 只能指向档案内的文件：{p}",
                    "front may only name files inside the archive: {p}",
                    p=entry,
                )
            elif not target.is_file():
                message = tr("找不到 front 文件：{p}", "front document not found: {p}", p=entry)
            elif target.suffix.lower() not in FRONT_SUFFIXES:
                message = tr(
                    "front 文件须是 PDF 或 Word 文档：{p}",
                    "a front document must be a PDF or a Word document: {p}",
                    p=entry,
                )
            else:
                continue
            self._report(
                document,
                ("front", index),
                message,
                tr(
                    "写成相对档案根目录（本文件所在文件夹）的路径，如 工作汇报.docx",
                    "write a path relative to the archive root (this file's folder), e.g. 工作汇报.docx",
                ),
            )

    def _check_text(self, document: YamlDocument) -> None:
        def report(loc: Loc, message: str, hint: str | None) -> None:
            self._report(document, loc, message, hint)

        check_text(document.data, report)

    # ------------------------------------------------------------- validation

    def _validate(self, document: YamlDocument) -> None:
        if not isinstance(document.data, dict):
            return
        model: type[BaseModel] = Spec if document is self.documents[0] else IncludeFile
        try:
            model.model_validate(document.data)
        except ValidationError as error:
            messages = [
                field_message(e, document.data, model) for e in error.errors(include_url=False)
            ]
            taken = {p.loc for p in document.problems}
            for message in _merge(messages, model is IncludeFile):
                if message.loc in taken:
                    continue  # already explained by a reading problem (a bad tag, a duplicate key)
                self._report(document, message.loc, message.message, message.hint, message.at)

    # ------------------------------------------------------------- problems

    def _report(
        self,
        document: YamlDocument,
        loc: Loc,
        message: str,
        hint: str | None = None,
        at: str = "value",
    ) -> None:
        if at == "key":
            position = document.key_position(loc)
        elif at == "parent":
            position = document.value_position(loc[:-1])
        else:
            position = document.value_position(loc)
        self._add(document, position, loc, message, hint)

    def _add(
        self,
        document: YamlDocument,
        position: Position | None,
        loc: Loc,
        message: str,
        hint: str | None,
    ) -> None:
        problem = Problem(
            file=self._names[id(document)],
            line=position.line if position else None,
            column=position.column if position else None,
            field=field_path(loc),
            message=message,
            hint=hint,
        )
        self.problems.append((self.documents.index(document), problem))

    def _where(self, seen: Any) -> str:
        position = seen.document.value_position(seen.loc)
        name = self._names[id(seen.document)]
        return f"{name}:{position.line}" if position else name

    def _error(self) -> SpecError:
        ordered = sorted(
            self.problems,
            key=lambda item: (item[0], item[1].line or 0, item[1].column or 0, item[1].field),
        )
        unique: list[Problem] = []
        for _, problem in ordered:
            if problem not in unique:
                unique.append(problem)
        return SpecError(
            tr(
                "规范文件 {f} 有 {n} 处问题",
                "the spec {f} has {ne}",
                f=self._names[id(self.documents[0])],
                n=len(unique),
                ne=_count(len(unique), "problem", "problems"),
            ),
            unique,
            hint=tr(
                "逐条修改后运行 civarchive spec validate 复查",
                "fix them and run 'civarchive spec validate' again",
            ),
        )

    # ------------------------------------------------------------- the final model

    def _build(self) -> Spec:
        main = Spec.model_validate(self.documents[0].data)
        included = [IncludeFile.model_validate(d.data) for d in self.documents[1:]]
        categories = [*main.categories, *(c for inc in included for c in inc.categories)]
        owners = [*main.owners, *(o for inc in included for o in inc.owners)]
        spec = main.model_copy(
            update={
                "categories": [_with_defaults(c, main.defaults) for c in categories],
                "owners": owners,
            }
        )
        spec._path = self.given
        spec._files = tuple(
            self.given if d is self.documents[0] else d.path for d in self.documents
        )
        return spec


def _merge(messages: list[FieldMessage], include_file: bool) -> list[FieldMessage]:
    """One message per place: union members merged; a missing key dropped when a typo explains it."""
    by_loc: dict[tuple[Loc, str], FieldMessage] = {}
    for message in messages:
        key = (message.loc, message.at)
        first = by_loc.get(key)
        if first is None:
            by_loc[key] = message
        elif message.message not in first.message:
            joined = tr("{a}，或{b}", "{a}, or {b}", a=first.message, b=message.message)
            by_loc[key] = FieldMessage(first.loc, joined, first.hint, first.at, first.kind)
    merged = list(by_loc.values())
    unknown = [m for m in merged if m.kind == "extra_forbidden"]
    result = []
    for message in merged:
        if message.kind == "missing" and _explained_by_typo(message, unknown):
            continue
        if message.kind == "extra_forbidden" and include_file and len(message.loc) == 1:
            message = _include_key_message(message)
        result.append(message)
    return result


def _missing_include_hint(target: Path) -> str:
    """Suggest a similarly named YAML file beside the missing one, else explain relative paths."""
    try:
        names = [p.name for p in target.parent.iterdir() if p.suffix.lower() in {".yaml", ".yml"}]
    except OSError:
        names = []
    guess = suggest(target.name, names)
    if guess is not None:
        return tr("是不是 “{g}”？", "did you mean '{g}'?", g=guess)
    return tr("路径相对于本文件所在文件夹", "the path is relative to this file's folder")


def _include_key_message(message: FieldMessage) -> FieldMessage:
    """An unknown top-level key of an included file: a typo of an allowed key, or a main-spec key."""
    if suggest(str(message.loc[-1]), list(IncludeFile.model_fields)) is not None:
        return message
    hint = tr(
        "被包含的文件只能有 categories、owners 和 include",
        "an included file may hold only categories, owners and include",
    )
    return FieldMessage(message.loc, message.message, hint, message.at, message.kind)


def _explained_by_typo(missing: FieldMessage, unknown: list[FieldMessage]) -> bool:
    name = str(missing.loc[-1])
    parent = missing.loc[:-1]
    return any(
        u.loc[:-1] == parent
        and (
            suggest(str(u.loc[-1]), [name]) == name
            or (glued_key(str(u.loc[-1])) or ("",))[0] == name
        )
        for u in unknown
    )


def _with_defaults(category: Category, defaults: Defaults) -> Category:
    indicators = [
        indicator.model_copy(
            update={"requires": [_requirement_defaults(r, defaults) for r in indicator.requires]}
        )
        for indicator in category.indicators
    ]
    return category.model_copy(update={"indicators": indicators})


def _requirement_defaults(requirement: Requirement, defaults: Defaults) -> Requirement:
    """The requirement with its effective caption/min_megapixels/min_seconds (own value, else kind default)."""
    kind = defaults.for_kind(requirement.kind) or KindDefaults()
    return requirement.model_copy(
        update={
            "caption": requirement.caption or kind.caption or CaptionPolicy.OPTIONAL,
            "min_megapixels": requirement.min_megapixels
            if requirement.min_megapixels is not None
            else kind.min_megapixels,
            "min_seconds": requirement.min_seconds
            if requirement.min_seconds is not None
            else kind.min_seconds,
        }
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def describe_spec(spec: Spec) -> str:
    """The one-line summary `spec validate` prints for a valid spec."""
    categories, indicators, files = (
        len(spec.categories),
        len(spec.indicators()),
        len(spec.files) or 1,
    )
    return tr(
        "规范有效：《{title}》，{c} 个测评项目，{i} 个指标，{f} 个文件",
        "spec OK: {title}: {ce}, {ie}, {fe}",
        title=spec.title,
        c=categories,
        i=indicators,
        f=files,
        ce=_count(categories, "category", "categories"),
        ie=_count(indicators, "indicator", "indicators"),
        fe=_count(files, "file", "files"),
    )
