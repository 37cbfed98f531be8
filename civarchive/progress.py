"""Progress bars on stderr for long work: shown on a terminal, silent on a pipe or in CI."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator


def wanted() -> bool:
    """True when a progress bar would help: stderr is a terminal and we are not in CI.

    Callers that know better (``--quiet``) pass ``enabled`` to ``progress`` instead.
    """
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stderr.isatty()


Advance = Callable[[int, int], None]


@contextlib.contextmanager
def progress(
    description: str, total: int | None, *, enabled: bool | None = None
) -> Iterator[Advance]:
    """Yield ``advance(files, bytes)``; draw files/s and MB/s when enabled."""
    if not (wanted() if enabled is None else enabled):
        yield lambda files, nbytes: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    state = {"bytes": 0}

    def _rates(task: object) -> str:
        elapsed = getattr(task, "elapsed", None) or 0.0
        done = getattr(task, "completed", 0)
        if elapsed <= 0:
            return ""
        return f"{done / elapsed:,.0f} files/s  {state['bytes'] / elapsed / 1e6:,.1f} MB/s"

    class _RateColumn(TextColumn):
        def render(self, task):  # type: ignore[no-untyped-def]
            from rich.text import Text

            return Text(_rates(task), style="progress.data.speed")

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _RateColumn(""),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(files: int, nbytes: int) -> None:
            state["bytes"] += nbytes
            bar.advance(task, files)

        yield advance
