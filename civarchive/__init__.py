"""civarchive: turn a folder of evidence into a checked, indexed archive.

The library API mirrors the pipeline::

    from civarchive import load_spec, scan, check, render, bind
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Importing civarchive must stay cheap: a re-scan of an unchanged archive runs in about the
# time of its walk, and pydantic, PyYAML or Pillow alone would double that. So the stage
# packages import their parts only when a verb is called. Binding scan, check and bind
# here, after their packages, also makes `civarchive.scan` the verb, not the subpackage.
from civarchive.bind import bind  # noqa: E402
from civarchive.check import check  # noqa: E402
from civarchive.scan import scan  # noqa: E402

if TYPE_CHECKING:
    from civarchive.report import render
    from civarchive.spec.loader import load_spec

__all__ = ["__version__", "bind", "check", "load_spec", "render", "scan"]

# The two verbs whose names no subpackage shadows are imported on first use.
_LAZY = {"load_spec": "civarchive.spec.loader", "render": "civarchive.report"}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'civarchive' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
