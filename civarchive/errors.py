"""The user-facing error hierarchy; only the CLI edge catches these."""

from __future__ import annotations

from dataclasses import dataclass


class CivarchiveError(Exception):
    """A problem the user can fix: a message, an optional hint and an exit code."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CivarchiveError):
    """Bad options or arguments, a missing file or folder (exit 2)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a spec file: where it is and what is wrong."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class SpecError(CivarchiveError):
    """The spec cannot be used; carries every located problem found (exit 2)."""

    exit_code = 2

    def __init__(
        self, message: str, problems: list[Problem] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint)
        self.problems = list(problems or [])


class DependencyError(CivarchiveError):
    """An optional external program (such as LibreOffice) is needed but missing (exit 2)."""

    exit_code = 2
