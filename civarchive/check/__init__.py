"""The check stage: match evidence to indicators; statuses, completeness, findings, exit code, to-do.

``evaluate`` does the matching, ``models`` holds the Report, ``outcome`` the exit code,
``todo`` the to-do list. ``check`` imports them when called, so that ``import
civarchive`` stays cheap for commands that never check.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    an error; ``owner`` (an owner's id or name) keeps only that owner's indicators and their
    findings (an unknown owner is a UsageError); ``spec_path`` is shown in the report
    (default: the spec's own path); ``git`` enables the Git LFS probe, the only I/O. Same
    inputs, same Report.
    """
    if owner is not None:
        from civarchive.spec.owners import resolve_owner

        owner = resolve_owner(spec.owners, owner)
    from civarchive.check.evaluate import evaluate

    return evaluate(spec, inventory, as_of or dt.date.today(), strict, owner, spec_path, git)
