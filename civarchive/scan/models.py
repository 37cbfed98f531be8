"""The inventory: what scan learned about every file of an archive."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.dataclasses import dataclass

from civarchive.findings import Finding
from civarchive.kinds import Kind
from civarchive.scan.dates import EvidenceDate


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DateSource(StrEnum):
    """Where an evidence date came from, in the contract's order of precedence."""

    CAPTION = "caption"
    EXIF = "exif"
    FILENAME = "filename"
    MEDIA = "media"
    DOCUMENT = "document"


class Caption(_Frozen):
    """A DA/T 50 caption from a caption sheet (or EXIF title as a fallback)."""

    title: str | None = Field(default=None, description="题名/事由")
    date: str | None = Field(default=None, description="时间, as written in the sheet")
    place: str | None = Field(default=None, description="地点")
    people: str | None = Field(default=None, description="人物")
    background: str | None = Field(
        default=None, description="背景; for video and audio 内容 (DA/T 78), the same column"
    )
    photographer: str | None = Field(
        default=None, description="摄影者; for video 摄制者, for audio 录制者 (DA/T 78)"
    )
    number: str | None = Field(default=None, description="照片号 (optional column)")
    responsible: str | None = Field(default=None, description="责任者 (optional column)")
    doc_number: str | None = Field(default=None, description="文号 (optional column)")
    secrecy: str | None = Field(
        default=None, description="密级 (optional column): 公开, 内部, 秘密, 机密 or 绝密"
    )
    pages: int | None = Field(default=None, ge=0, description="页数 (optional column)")
    sheet: str | None = Field(
        default=None, description="archive-relative path of the sheet; None for EXIF titles"
    )


# A slotted dataclass, not a model: an inventory holds 100,000 of them, and a model's own
# __dict__ and set of fields present took two thirds of each one's memory.
@dataclass(frozen=True, slots=True, kw_only=True, config=ConfigDict(extra="forbid"))
class Evidence:
    """One file of the archive, with its real kind, evidence date and metadata."""

    path: str = Field(description="archive-relative POSIX path")
    kind: Kind = Field(description="document | photo | video | audio | other, from content")
    format: str | None = Field(
        default=None, description="detected format, e.g. jpeg, docx, heic, mp4"
    )
    size: int = Field(ge=0, description="bytes")
    mtime_ns: int = Field(
        description="modification time in ns (cache key only, never an evidence date)"
    )
    sha256: str | None = Field(
        default=None, description="SHA-256 of the content; None when unreadable"
    )
    date: EvidenceDate | None = Field(
        default=None, description="evidence date: YYYY-MM-DD, or YYYY when only the year is known"
    )
    date_source: DateSource | None = None
    # photo
    width: int | None = None
    height: int | None = None
    megapixels: float | None = None
    orientation: int | None = None
    camera: str | None = None
    artist: str | None = Field(default=None, description="EXIF Artist (the camera owner), 摄影者")
    # video / audio
    duration_seconds: float | None = None
    codec: str | None = None
    # document
    pages: int | None = None
    title: str | None = Field(
        default=None, description="document title or EXIF XPTitle/ImageDescription"
    )
    author: str | None = None
    encrypted: bool = False
    caption: Caption | None = None
    # A tuple: most files have none, and the empty tuple is one shared object.
    findings: tuple[Finding, ...] = Field(
        default_factory=tuple, description="what scan found wrong with this file"
    )

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def year(self) -> int | None:
        return self.date.year if self.date is not None else None


# How an Evidence is read from and written to JSON (the cache, the snapshot, the inventory).
EVIDENCE_JSON: TypeAdapter[Evidence] = TypeAdapter(Evidence)


class Inventory(_Frozen):
    """Every file of an archive, in path order, plus findings that concern no single file."""

    schema_version: Literal[1] = 1
    root: str = Field(description="absolute path of the archive root")
    files: list[Evidence] = Field(default_factory=list)
    findings: list[Finding] = Field(
        default_factory=list,
        description="symlinks, unreadable folders, caption rows naming missing files",
    )
    folders: list[str] = Field(
        default_factory=list,
        description="every folder walked (archive-relative POSIX, sorted), empty ones included",
    )
    generated: list[str] = Field(
        default_factory=list,
        description="files civarchive wrote into the archive (reports saved with -o; "
        "archive-relative POSIX, sorted): not evidence, never in files",
    )
