"""The organize stage: plans that file unsorted and misfiled evidence, applied with a journal and undone.

Also the other commands that write into the archive: ``import`` (intake.py) adds files to
the inbox, ``caption`` (caption.py) writes caption sheets. Nothing imports this package but
the CLI.
"""

from __future__ import annotations

from civarchive.organize.apply import apply_plan, undo
from civarchive.organize.plan import build_plan

__all__ = ["apply_plan", "build_plan", "undo"]
