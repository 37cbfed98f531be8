"""An inventory read back from its snapshot: what an unchanged archive's scan loads.

Kept apart from build.py so that a warm scan imports neither the extractors nor SQLite.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from civarchive.scan.models import EVIDENCE_JSON, Evidence, Inventory
from civarchive.scan.snapshot import SnapshotStore


def inventory_from_snapshot(store: SnapshotStore, key: str) -> Inventory | None:
    """The inventory saved under ``key``, built from one compact JSON line per file.

    One line at a time: pydantic parses a whole document into a JSON tree before building
    models, which for 100,000 files doubles both the time and the peak memory.
    """
    snapshot = store.read(key)
    if snapshot is None:
        return None
    validate = EVIDENCE_JSON.validate_json
    try:
        head = Inventory.model_validate_json(snapshot.head)
        files = [validate(line) for line in snapshot.lines]
    except (ValidationError, ValueError):
        return None  # torn or hand-edited: a miss, rebuilt by the ordinary path
    return head.model_copy(update={"files": files})


def stream_snapshot(
    store: SnapshotStore, key: str, add: Callable[[Evidence], None]
) -> Inventory | None:
    """Give each file of the snapshot saved under ``key`` to ``add``; its head, or None
    (absent, foreign or torn: then ``add`` may have seen some files, and the caller starts
    over)."""
    snapshot = store.read(key)
    if snapshot is None:
        return None
    validate = EVIDENCE_JSON.validate_json
    try:
        head = Inventory.model_validate_json(snapshot.head)
        for line in snapshot.lines:
            add(validate(line))
    except (ValidationError, ValueError):
        return None
    return head
