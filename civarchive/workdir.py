"""Where civarchive keeps its own files for an archive: ARCHIVE/.civarchive, or the user cache."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

WORKDIR_NAME = ".civarchive"
_GITIGNORE = "# civarchive's cache; never commit it\n*\n"


def work_dir(root: Path) -> Path:
    """Return a writable folder for caches of the archive at ``root`` (design §7).

    ``ARCHIVE/.civarchive/`` (with its own ``.gitignore``) when the archive is writable;
    otherwise a folder in the user cache directory named after the archive's absolute path,
    so that a read-only archive (a CD, a share mounted read-only) is never written to.
    """
    root = root.resolve()
    local = root / WORKDIR_NAME
    try:
        local.mkdir(exist_ok=True)
        ignore = local / ".gitignore"
        if not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")
        if os.access(local, os.W_OK):
            return local
    except OSError:
        pass
    return _user_cache(root)


def _user_cache(root: Path) -> Path:
    import platformdirs

    key = hashlib.sha256(os.fsencode(root)).hexdigest()[:16]
    folder = Path(platformdirs.user_cache_dir("civarchive", appauthor=False)) / f"{root.name}-{key}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
