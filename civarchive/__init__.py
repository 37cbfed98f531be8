"""civarchive: turn a folder of evidence into a checked, indexed archive."""

from __future__ import annotations

__version__ = "0.1.0"
