"""What a 件 is called and who answers for it: 题名, 文号 and 责任者 by design §6, with where each came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from civarchive.bind.numbering import split_doc_number
from civarchive.kinds import Kind
from civarchive.names import is_machine_name, plausible_title, stem_and_extension, title_from_name
from civarchive.scan.models import Evidence


class TitleSource(StrEnum):
    """Where a 件's 题名 came from (design §6, in order of precedence)."""

    CAPTION = "caption"
    """The caption sheet's 题名 column."""
    NAME = "name"
    """The file name, without leading dates, sequence numbers, copy marks and 文号."""
    METADATA = "metadata"
    """The document's title property or the photo's EXIF title, used only when the file name
    is machine-made (IMG_…, 扫描全能王…, 新建 Microsoft Word 文档) and the title plausible."""


class ResponsibleSource(StrEnum):
    """Where a 件's 责任者 came from (design §6); never Office Author or LastModifiedBy."""

    CAPTION = "caption"
    """The caption sheet's 责任者 column."""
    OWNER = "owner"
    """The name of the department that owns the indicator (``owners[].name``)."""
    UNIT = "unit"
    """The spec's ``unit`` (立档单位)."""


SOURCE_LABELS_ZH: dict[str, str] = {
    TitleSource.CAPTION: "说明表",
    TitleSource.NAME: "文件名",
    TitleSource.METADATA: "文件属性",
    ResponsibleSource.OWNER: "责任部门",
    ResponsibleSource.UNIT: "立档单位",
}
"""How the catalog names a source (说明表 serves both)."""


@dataclass(frozen=True, slots=True)
class Description:
    """The 题名, 文号 and 责任者 of one 件, each with its source."""

    title: str
    title_source: TitleSource
    doc_number: str
    responsible: str
    responsible_source: ResponsibleSource


_SPACES = re.compile(r"\s+")


def describe(ev: Evidence, *, owner_name: str | None, unit: str) -> Description:
    """题名 = caption 题名 > file name > metadata title (machine-made name, plausible title);
    文号 = caption 文号 > the one in the name or title, taken out of the 题名;
    责任者 = caption 责任者 > the owning department > the unit."""
    caption = ev.caption
    stem, _ = stem_and_extension(ev.name)
    sheet = caption if caption is not None and caption.sheet is not None else None
    if sheet is not None and _clean(sheet.title):
        title, source = _clean(sheet.title), TitleSource.CAPTION
    else:
        title, source = _clean(title_from_name(stem)), TitleSource.NAME
        metadata = _metadata_title(ev)
        if is_machine_name(stem) and metadata is not None:
            title, source = metadata, TitleSource.METADATA
    # A 文号 in the 题名 moves to its own column: DA/T 22's 题名 does not repeat it.
    found, rest = split_doc_number(title)
    if found and rest:
        title = rest
    doc_number = _clean(sheet.doc_number if sheet is not None else None) or found
    if not doc_number and ev.kind is Kind.DOCUMENT:
        metadata = _metadata_title(ev)
        doc_number = split_doc_number(metadata)[0] if metadata else ""
    responsible = _clean(sheet.responsible if sheet is not None else None)
    if responsible:
        who = ResponsibleSource.CAPTION
    elif owner_name:
        responsible, who = _clean(owner_name), ResponsibleSource.OWNER
    else:
        responsible, who = _clean(unit), ResponsibleSource.UNIT
    return Description(title or _clean(stem) or ev.name, source, doc_number, responsible, who)


def _metadata_title(ev: Evidence) -> str | None:
    """The document title property, or the EXIF title scan made the photo's caption."""
    text = ev.title
    if text is None and ev.caption is not None and ev.caption.sheet is None:
        text = ev.caption.title
    text = _clean(text)
    return text if plausible_title(text) else None


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text).strip() if text else ""
