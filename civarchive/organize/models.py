"""The organize stage's models: a plan of moves and renames, and the journal lines kept on disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Action(StrEnum):
    """Why a step moves or renames a file."""

    PLACE = "place"  # an unassigned or inbox file goes to the indicator its evidence names
    REFILE = "refile"  # a file in the wrong indicator folder goes to the right one
    RENAME = "rename"  # the spec's naming template
    FIX_EXTENSION = "fix_extension"  # the extension of the real type (wrong_extension)
    DECODE_NAME = "decode_name"  # a GBK (mojibake) name read as the Chinese it stands for


@dataclass(frozen=True, slots=True)
class Candidate:
    """An indicator a file may belong to, with its score and the evidence for it."""

    indicator: str
    title: str
    score: float
    reasons: tuple[str, ...] = ()
    strong: bool = False  # a keyword, a title or a learned match: enough to move on


@dataclass(frozen=True, slots=True)
class Step:
    """One rename of a file, from ``source`` to ``target`` (archive-relative POSIX paths).

    ``source_os`` is the path as the operating system names it (a GBK name holds surrogate
    escapes where ``source`` shows ``\\xb2``); ``size``, ``mtime_ns`` and ``sha256`` say
    which file was planned, so a file changed since is not moved.
    """

    source: str
    target: str
    actions: tuple[Action, ...]
    indicator: str | None
    confidence: float | None
    reasons: tuple[str, ...]
    size: int
    mtime_ns: int
    sha256: str | None
    source_os: str


@dataclass(frozen=True, slots=True)
class Review:
    """A file the plan leaves where it is: 需人工确认, with the two best candidates (if any)."""

    path: str
    note: str
    candidates: tuple[Candidate, ...] = ()
    askable: bool = True  # False for copies and captioned files: no indicator choice helps


@dataclass(frozen=True, slots=True)
class Plan:
    """What `organize` proposes: steps to carry out and files a person must decide on."""

    root: str
    steps: tuple[Step, ...] = ()
    reviews: tuple[Review, ...] = ()
    learned: bool = False  # the filing already in the archive was used as evidence
    notes: tuple[str, ...] = field(default=())


class JournalLine(BaseModel):
    """One line of a journal (``.civarchive/journal/<id>.jsonl``), written and synced before
    the step it announces, so a crash leaves a journal that says how far the plan got."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event: Literal[
        "plan", "begin", "done", "skipped", "end", "undo", "undone", "refused", "undo_end"
    ]
    plan: str | None = Field(default=None, description="plan id (the journal's name)")
    created: str | None = Field(default=None, description="ISO time of the event")
    tool: str | None = None
    steps: int | None = Field(default=None, description="number of steps in the plan")
    step: int | None = Field(default=None, description="step index, from 0")
    source: str | None = Field(default=None, description="archive-relative POSIX path before")
    target: str | None = Field(default=None, description="archive-relative POSIX path after")
    source_hex: str | None = Field(
        default=None, description="the source's OS name bytes (hex) when not valid UTF-8"
    )
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    made_dirs: list[str] = Field(
        default_factory=list, description="folders this step created (removed again by undo)"
    )
    reason: str | None = Field(default=None, description="why a step was skipped or refused")
