"""The spec's data model (design §3): categories, indicators and their evidence requirements."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from civarchive.days import DAY_PATTERN, read_day
from civarchive.findings import Code
from civarchive.i18n import tr
from civarchive.kinds import RequirementKind
from civarchive.secrecy import normalise_secrecy, secrecy_rank
from civarchive.spec.template_fields import (
    ARCHIVE_CODE,
    NAMING,
    TemplateKind,
    template_hint,
    template_problem,
)


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: object) -> object:
        # In YAML, `requires:` with nothing after it is null; for an optional field that means
        # "use the default", not a type error. Required and unknown keys are left to validation.
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            k: v
            for k, v in data.items()
            if v is not None or k not in fields or fields[k].is_required()
        }


def _folder_path(value: str) -> str:
    # Clerks on Windows write 一、思想\1.1 理想; keep archive-relative POSIX paths.
    text = value.replace("\\", "/").strip()
    while text.startswith("./"):
        text = text[2:]
    return text.rstrip("/")


FolderPath = Annotated[str, AfterValidator(_folder_path)]


def _secrecy(value: str) -> str:
    if secrecy_rank(value) is None:
        raise ValueError(
            tr(
                "“{v}”不是密级：请写 公开、内部、秘密、机密 或 绝密（可带期限，如 秘密★10年），或留空",
                "{v!r} is not a 密级: write 公开, 内部, 秘密, 机密 or 绝密 (e.g. 秘密★10年), or leave it empty",
                v=value,
            )
        )
    return normalise_secrecy(value)


Secrecy = Annotated[str, AfterValidator(_secrecy)]


def _template(kind: TemplateKind) -> AfterValidator:
    def check(value: str) -> str:
        problem = template_problem(value, kind)
        if problem is not None:
            # The "template" error type carries the hint to the loader's messages.
            raise PydanticCustomError(
                "template", "{message}", {"message": problem, "hint": template_hint(kind)}
            )
        return value

    return AfterValidator(check)


KIND_ALIASES: dict[str, str] = {
    "文件": "document",
    "文档": "document",
    "照片": "photo",
    "图片": "photo",
    "视频": "video",
    "音频": "audio",
    "录音": "audio",
    "录像": "video",
    "任意": "any",
}


def _kind_alias(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        return KIND_ALIASES.get(text, text.lower())
    return value


# The schema lists the Chinese aliases too, so editors do not flag `kind: 照片`.
RequirementKindField = Annotated[
    RequirementKind,
    BeforeValidator(_kind_alias),
    WithJsonSchema(
        {"type": "string", "enum": [k.value for k in RequirementKind] + list(KIND_ALIASES)}
    ),
]

# Ids are free-form strings, but YAML reads an unquoted `id: 1.1` as a number; the loader keeps
# the source text, and the schema accepts numbers so editors do not flag such specs.
Id = Annotated[
    str, WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]})
]
OptionalId = Annotated[
    str | None,
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]}),
]


def _format_version(value: object) -> object:
    # The loader hands numbers over as their source text ("1"); the version is an integer.
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return value


FormatVersion = Annotated[Literal[1], BeforeValidator(_format_version)]


def _day(value: object) -> object:
    # The loader keeps dates as their text: 2023-10-15 and 2023/10/15 alike reach here as
    # strings and are read by the one date grammar; a caller's date object passes through.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # 20231015 given as a number
    if not isinstance(value, str):
        return value
    day = read_day(value)
    if day is None:
        raise PydanticCustomError("date_parsing", "not a date in the date grammar")
    return day


Day = Annotated[
    dt.date,
    BeforeValidator(_day),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": DAY_PATTERN}, {"type": "integer"}]}),
]

# Byte sizes a clerk writes: "1MB", "500KB", "2 MiB", "1.5 GB", or plain bytes. KB/MB/GB are
# decimal (as disks are sold and Git LFS documents them); KiB/MiB/GiB binary.
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(i?))?(b?)\s*$", re.IGNORECASE)
_SIZE_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def _byte_size(value: object) -> object:
    if not isinstance(value, str):
        return value
    found = _SIZE.match(value)
    if found is None:
        raise ValueError(
            tr(
                "不是文件大小：{v}（写成 1MB、500KB、2 MiB 或字节数）",
                "not a size: {v} (write 1MB, 500KB, 2 MiB or a number of bytes)",
                v=value,
            )
        )
    number, prefix, binary, _ = found.groups()
    base = 1024 if binary else 1000
    return int(float(number) * base ** _SIZE_POWERS[(prefix or "").lower()])


ByteSize = Annotated[
    int,
    BeforeValidator(_byte_size),
    Field(ge=0),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {
                    "type": "string",
                    "pattern": "^\\s*\\d+(\\.\\d+)?\\s*([kKmMgGtT][iI]?)?[bB]?\\s*$",
                },
            ]
        }
    ),
]


class CaptionPolicy(StrEnum):
    """Whether a photo (or video) needs a DA/T 50 caption (说明) to count."""

    REQUIRED = "required"
    OPTIONAL = "optional"


class Retention(StrEnum):
    """保管期限: how long the archive keeps the files."""

    PERMANENT = "永久"
    LONG = "长期"
    YEARS_30 = "30年"
    YEARS_10 = "10年"


def _d(zh: str, en: str) -> str:
    return f"{zh} / {en}"


class Period(_Strict):
    """A closed date range."""

    start: Day = Field(description=_d("开始日期（含）", "first day, inclusive"))
    end: Day = Field(description=_d("结束日期（含）", "last day, inclusive"))

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))


class Owner(_Strict):
    """A responsible department or person (责任人)."""

    id: Id = Field(
        min_length=1,
        description=_d("责任人编号，供指标的 owner 引用", "owner id referenced by indicators"),
    )
    name: str = Field(description=_d("名称，如 宣传部", "display name, e.g. 宣传部"))
    contact: str | None = Field(default=None, description=_d("联系人", "contact person"))


class Waiver(_Strict):
    """An accepted exception: a finding that no longer fails the run."""

    code: Code = Field(description=_d("被豁免的问题代码", "finding code to waive"))
    path: FolderPath | None = Field(
        default=None,
        description=_d(
            "文件或文件夹路径（相对档案根目录）", "archive-relative path of the file or folder"
        ),
    )
    indicator: OptionalId = Field(default=None, description=_d("指标编号", "indicator id"))
    reason: str = Field(
        min_length=1, description=_d("豁免理由（必填）", "why this is accepted (required)")
    )


class KindDefaults(_Strict):
    """Defaults applied to every requirement of one kind."""

    min_megapixels: float | None = Field(
        default=None,
        ge=0,
        description=_d("照片最低像素（百万）", "minimum photo size in megapixels"),
    )
    min_seconds: float | None = Field(
        default=None,
        ge=0,
        description=_d("音视频最短时长（秒）", "minimum video/audio length in seconds"),
    )
    caption: CaptionPolicy | None = Field(
        default=None,
        description=_d("是否必须有照片说明：required | optional", "caption required or optional"),
    )


class Defaults(_Strict):
    """Requirement defaults per evidence kind."""

    document: KindDefaults | None = Field(
        default=None, description=_d("文件类要求的默认值", "defaults for document requirements")
    )
    photo: KindDefaults | None = Field(
        default=None, description=_d("照片类要求的默认值", "defaults for photo requirements")
    )
    video: KindDefaults | None = Field(
        default=None, description=_d("视频类要求的默认值", "defaults for video requirements")
    )
    audio: KindDefaults | None = Field(
        default=None, description=_d("音频类要求的默认值", "defaults for audio requirements")
    )
    any: KindDefaults | None = Field(
        default=None, description=_d("任意类要求的默认值", "defaults for 'any' requirements")
    )

    def for_kind(self, kind: str) -> KindDefaults | None:
        """What the spec sets for one kind of evidence (``any`` included), or None."""
        by_kind = {
            "document": self.document,
            "photo": self.photo,
            "video": self.video,
            "audio": self.audio,
            "any": self.any,
        }
        return by_kind.get(str(kind))


class Requirement(_Strict):
    """One piece of evidence an indicator needs."""

    kind: RequirementKindField = Field(
        description=_d(
            "证据类型：document/文件、photo/照片、video/视频、audio/音频、any/任意",
            "evidence kind: document, photo, video, audio or any (Chinese aliases accepted)",
        )
    )
    what: str = Field(
        min_length=1,
        description=_d("证据名称，如 年度学习计划", "what the evidence is, e.g. 年度学习计划"),
    )
    min: int = Field(
        default=1, ge=1, description=_d("最少数量（默认 1）", "minimum count (default 1)")
    )
    per_year: bool = Field(
        default=False,
        description=_d(
            "每个年度都需达到最少数量", "the minimum applies to every calendar year of the period"
        ),
    )
    match: list[str] = Field(
        default_factory=list,
        description=_d(
            "文件名或题名须包含其中之一的关键词",
            "keywords; the file name or title must contain one",
        ),
    )
    within: Period | None = Field(
        default=None, description=_d("更窄的时间窗口", "a narrower date window")
    )
    caption: CaptionPolicy | None = Field(
        default=None,
        description=_d(
            "是否必须有说明（默认取 defaults）",
            "caption required or optional (default from defaults)",
        ),
    )
    min_megapixels: float | None = Field(
        default=None,
        ge=0,
        description=_d("照片最低像素（百万）", "minimum photo size in megapixels"),
    )
    min_seconds: float | None = Field(
        default=None,
        ge=0,
        description=_d("音视频最短时长（秒）", "minimum video/audio length in seconds"),
    )


class Indicator(_Strict):
    """A 测评内容: an indicator with its points, owner, deadline and required evidence."""

    id: Id = Field(
        min_length=1,
        description=_d(
            "指标编号（任意字符串，全局唯一），如 1.1",
            "indicator id, a free-form string unique in the spec, e.g. 1.1",
        ),
    )
    title: str = Field(min_length=1, description=_d("指标名称", "indicator title"))
    content: str | None = Field(
        default=None, description=_d("测评内容", "what is assessed (测评内容)")
    )
    method: str | None = Field(
        default=None, description=_d("测评方法，如 查阅资料", "assessment method, e.g. 查阅资料")
    )
    points: float = Field(default=1, ge=0, description=_d("分值（默认 1）", "points (default 1)"))
    owner: OptionalId = Field(
        default=None, description=_d("责任人编号（见 owners）", "owner id (see owners)")
    )
    due: Day | None = Field(
        default=None,
        description=_d("材料截止日期，须在期限内", "deadline for the evidence, inside the period"),
    )
    applicable: bool = Field(
        default=True,
        description=_d(
            "false 表示不适用，不计入总分", "false = not applicable, excluded from totals"
        ),
    )
    note: str | None = Field(
        default=None,
        description=_d("情况说明；不适用时必填", "explanation; required when applicable is false"),
    )
    folder: FolderPath | list[FolderPath] | None = Field(
        default=None,
        description=_d(
            "指定文件夹（相对档案根目录），可为列表",
            "explicit folder(s), relative to the archive root",
        ),
    )
    requires: list[Requirement] = Field(
        default_factory=list, description=_d("所需证据列表", "required evidence")
    )

    @property
    def folders(self) -> list[str]:
        if self.folder is None:
            return []
        return [self.folder] if isinstance(self.folder, str) else list(self.folder)


class Category(_Strict):
    """A 测评项目: a group of indicators."""

    id: Id = Field(
        min_length=1,
        description=_d("测评项目编号（全局唯一），如 1", "category id, unique in the spec, e.g. 1"),
    )
    title: str = Field(min_length=1, description=_d("测评项目名称", "category title"))
    folder: FolderPath | None = Field(
        default=None,
        description=_d(
            "指定文件夹（相对档案根目录）", "explicit folder, relative to the archive root"
        ),
    )
    indicators: list[Indicator] = Field(
        default_factory=list, description=_d("测评内容（指标）列表", "indicators")
    )


class Spec(_Strict):
    """A whole 测评体系 with the evidence each indicator needs (design §3)."""

    civarchive: FormatVersion = Field(
        description=_d("规范格式版本，目前为 1", "spec format version, currently 1")
    )
    title: str = Field(
        min_length=1, description=_d("标题，如 第七届全国文明单位创建资料", "title of the archive")
    )
    unit: str = Field(
        min_length=1, description=_d("立档单位", "the unit that keeps the archive (立档单位)")
    )
    period: Period = Field(
        description=_d("证据必须落在此期限内", "evidence must fall inside this period")
    )
    fonds: str | None = Field(
        default=None, description=_d("全宗号，用于档号", "fonds number, used in archive codes")
    )
    retention: Retention | None = Field(
        default=None,
        description=_d(
            "默认保管期限：永久、长期、30年、10年", "default retention: 永久, 长期, 30年 or 10年"
        ),
    )
    secrecy: Secrecy = Field(
        default="",
        description=_d(
            "每件的默认密级（公开、内部、秘密、机密、绝密，可带期限如 秘密★10年）；说明表的密级列逐件覆盖",
            "default 密级 of every item (公开, 内部, 秘密, 机密, 绝密, optionally with a term such as 秘密★10年); a caption sheet's 密级 column overrides it per file",
        ),
    )
    ignore: list[str] = Field(
        default_factory=list,
        description=_d(
            "忽略的文件（相对档案根目录的通配符）",
            "globs of files to ignore, relative to the archive root",
        ),
    )
    include: list[str] = Field(
        default_factory=list,
        description=_d(
            "追加其测评项目的其他规范文件（相对本文件的路径）；被包含的文件只能有 categories、owners 和 include",
            "other spec files (paths relative to this file) whose categories and owners are appended; an included file may hold only categories, owners and include",
        ),
    )
    naming: Annotated[str, _template(NAMING)] | None = Field(
        default=None,
        description=_d("organize 使用的文件命名模板", "file-name template used by organize"),
    )
    inbox: FolderPath = Field(
        default="待整理",
        min_length=1,
        description=_d(
            "import 放入新文件的待整理文件夹（相对档案根目录）；其中的文件算“待整理”，不算未归类",
            "inbox folder (archive-relative) where import lands new files; its files are 'to be sorted', not unassigned",
        ),
    )
    lfs_threshold: ByteSize = Field(
        default=1_000_000,
        description=_d(
            "档案在 git 仓库中时，超过此大小且未用 Git LFS 提交的文件报 large_file_not_lfs；如 1MB、500KB、2 MiB 或字节数",
            "in a git repository, files above this size committed without Git LFS are reported (large_file_not_lfs); e.g. 1MB, 500KB, 2 MiB or bytes",
        ),
    )
    archive_code: Annotated[str, _template(ARCHIVE_CODE)] = Field(
        default="{fonds}-{category}-{item:04d}",
        description=_d("档号模板，bind 使用", "archive-code (档号) template used by bind"),
    )
    front: list[FolderPath] = Field(
        default_factory=list,
        description=_d(
            "装订在各卷之前的文件（如工作汇报、单位概况；相对档案根目录的 DOCX/PDF 路径），印在总目录之后",
            "documents bound before the volumes (a work report, the unit's profile: archive-relative DOCX/PDF paths), after the 总目录",
        ),
    )
    waivers: list[Waiver] = Field(
        default_factory=list,
        description=_d("已接受的例外（须写理由）", "accepted exceptions, each with a reason"),
    )
    defaults: Defaults = Field(
        default_factory=Defaults,
        description=_d("各类证据要求的默认值", "requirement defaults per evidence kind"),
    )
    owners: list[Owner] = Field(
        default_factory=list, description=_d("责任人列表", "responsible owners")
    )
    categories: list[Category] = Field(
        default_factory=list, description=_d("测评项目列表", "categories (测评项目)")
    )

    # Where the spec was loaded from; set by the loader, not part of the YAML.
    _path: Path | None = PrivateAttr(default=None)
    _files: tuple[Path, ...] = PrivateAttr(default=())

    @property
    def path(self) -> Path | None:
        """The main spec file, or None for a spec built in memory."""
        return self._path

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file the spec was read from (the main file and its includes)."""
        return self._files

    def indicators(self) -> list[tuple[Category, Indicator]]:
        return [(c, i) for c in self.categories for i in c.indicators]

    def owner(self, owner_id: str | None) -> Owner | None:
        return next((o for o in self.owners if o.id == owner_id), None)


class IncludeFile(_Strict):
    """A file named by `include`: more categories (and owners) appended to the main spec."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, title="civarchive include file"
    )

    include: list[str] = Field(
        default_factory=list,
        description=_d(
            "再包含的文件（相对本文件的路径）", "further files to include, relative to this file"
        ),
    )
    owners: list[Owner] = Field(
        default_factory=list, description=_d("追加的责任人", "owners appended to the spec's owners")
    )
    categories: list[Category] = Field(
        default_factory=list,
        description=_d("追加的测评项目", "categories appended to the spec's categories"),
    )
