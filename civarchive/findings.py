"""The Finding model (design §4): a code, a severity, where and what; shared by scan and check."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from civarchive.codes import (
    CODE_LABELS_ZH,
    MESSAGES,
    SEVERITY,
    Code,
    Severity,
    code_label,
    message,
    severity_label,
)

__all__ = [
    "CODE_LABELS_ZH",
    "MESSAGES",
    "SEVERITY",
    "Code",
    "Finding",
    "Severity",
    "code_label",
    "message",
    "severity_label",
]


class Finding(BaseModel):
    """One problem found in the archive: a stable code, a severity, where, and what."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Code = Field(description="stable finding code (design §4)")
    severity: Severity
    path: str | None = Field(
        default=None, description="archive-relative POSIX path, when it concerns a file or folder"
    )
    indicator: str | None = Field(default=None, description="indicator id, when it concerns one")
    message: str = Field(description="human message in the user's language")
    waived: bool = False
    reason: str | None = Field(default=None, description="the waiver's reason, when waived")

    @classmethod
    def of(
        cls,
        code: Code,
        *,
        path: str | None = None,
        indicator: str | None = None,
        detail: str = "",
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding with the contract's default severity and the localised message."""
        return cls(
            code=code,
            severity=severity or SEVERITY[code],
            path=path,
            indicator=indicator,
            message=message(code, detail),
        )
