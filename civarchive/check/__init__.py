"""The check stage: match evidence to indicators; statuses, completeness, findings, exit code, to-do.

``evaluate`` does the work, ``models`` holds the Report, ``outcome`` the exit code, ``todo``
the to-do list. Only ``check`` is here, importing its parts when called, so that
``import civarchive`` stays cheap for commands that never check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from civarchive.check.models import Report
    from civarchive.scan.models import Inventory
    from civarchive.spec.models import Spec

__all__ = ["check"]


def check(
    spec: Spec,
    inventory: Inventory,
    *,
    as_of: dt.date | None = None,
    strict: bool = False,
    owner: str | None = None,
    spec_path: str | None = None,
    git: bool = True,
) -> Report:
    """Match the evidence of ``inventory`` against ``spec`` and report what is complete and what is wrong.

    ``as_of`` (default: today) decides which gaps are ``overdue``; ``strict`` makes every gap
    an error; ``owner`` keeps only that owner's indicators and their findings (an unknown id
    is a UsageError); ``spec_path`` is shown in the report (default: the spec's own path);
    ``git`` enables the Git LFS probe, the only I/O. Same inputs, same Report.
    """
    from civarchive.check.evaluate import evaluate

    return evaluate(
        spec, inventory, as_of=as_of, strict=strict, owner=owner, spec_path=spec_path, git=git
    )
