"""civarchive's version: a leaf every stage may import (the package root imports the stages)."""

from __future__ import annotations

__version__ = "0.1.0"
