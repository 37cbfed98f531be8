"""civarchive: turn a folder of evidence into a checked, indexed archive.

The library runs the pipeline as the command line does, or a stage at a time::

    from civarchive import check_archive, bind_archive          # locate, scan, check (, bind)
    from civarchive import import_into_archive, organize_archive  # the inbox and its plan
    from civarchive import load_spec, render                    # the spec; a report's formats
    from civarchive.scan import scan                            # the stage verbs, each from
    from civarchive.check import check                          # its own package
    from civarchive.bind import bind

Importing civarchive stays cheap: a re-scan of an unchanged archive runs in about the time
of its walk, and pydantic, PyYAML or Pillow alone would double that. So nothing here is
imported until it is first used, and no name here is a stage package's name: the stage
packages (``civarchive.scan``, ``civarchive.check``, ``civarchive.bind``...) stay packages.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from civarchive.version import __version__

if TYPE_CHECKING:
    from civarchive.pipeline import (
        bind_archive,
        check_archive,
        import_into_archive,
        locate_archive,
        organize_archive,
    )
    from civarchive.report import render
    from civarchive.spec.loader import load_spec

__all__ = [
    "__version__",
    "bind_archive",
    "check_archive",
    "import_into_archive",
    "load_spec",
    "locate_archive",
    "organize_archive",
    "render",
]

_LAZY = {
    "bind_archive": "civarchive.pipeline",
    "check_archive": "civarchive.pipeline",
    "import_into_archive": "civarchive.pipeline",
    "locate_archive": "civarchive.pipeline",
    "organize_archive": "civarchive.pipeline",
    "load_spec": "civarchive.spec.loader",
    "render": "civarchive.report",
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'civarchive' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
