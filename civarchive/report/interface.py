"""The report stage's interface: the output formats and the one signature every renderer has."""

from __future__ import annotations

from typing import Protocol

from civarchive.check.models import Report
from civarchive.formats import ReportFormat

__all__ = ["Renderer", "ReportFormat"]


class Renderer(Protocol):
    """Turn a report into the bytes of one format. Only the table reads the options:
    ``color`` (ANSI colours), ``verbose`` (every finding listed, even beyond a screenful)
    and ``width`` (the columns of the terminal it is shown on; None for a file or a pipe,
    where no line is wrapped — ``civarchive.display.output_width``)."""

    def __call__(
        self,
        report: Report,
        *,
        color: bool = False,
        verbose: bool = False,
        width: int | None = None,
    ) -> bytes: ...
