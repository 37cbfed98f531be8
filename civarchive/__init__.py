"""civarchive: turn a folder of evidence into a checked, indexed archive.

The library API mirrors the pipeline::

    from civarchive import load_spec, scan, check, render, bind
"""

from __future__ import annotations

__version__ = "0.1.0"

# Each stage package keeps its heavy libraries (Pillow, PyAV, python-docx, openpyxl) behind
# function-level imports, so importing these verbs stays cheap. Binding them here also makes
# `civarchive.scan` etc. the verbs rather than the subpackages of the same name.
from civarchive.bind import bind  # noqa: E402
from civarchive.check import check  # noqa: E402
from civarchive.report import render  # noqa: E402
from civarchive.scan import scan  # noqa: E402
from civarchive.spec import load_spec  # noqa: E402

__all__ = ["__version__", "bind", "check", "load_spec", "render", "scan"]
