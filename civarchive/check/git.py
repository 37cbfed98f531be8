"""Git LFS probe: large files committed to a git repository without Git LFS."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from civarchive.i18n import language, tr
from civarchive.scan.models import Inventory

# How many of the files a `large_file_not_lfs` finding names; the count says how many more.
NAMED_PATHS = 3

# An LFS pointer blob is about 130 bytes; a real photo or video is far larger.
_POINTER_MAX = 1024
_TIMEOUT = 30


def _inside_work_tree(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def index_state(root: Path) -> str:
    """What of git's index the LFS probe reads for the archive at ``root``: a digest of its
    ``git ls-files -s`` (paths, modes, blob ids), "" outside a work tree or without git.

    Two checks that see the same state get the same ``large_file_not_lfs`` findings.
    """
    if not root.is_dir() or shutil.which("git") is None or not _inside_work_tree(root.resolve()):
        return ""
    listing = _git(root, "ls-files", "-s", "-z", "--", ".")
    if listing is None:
        return "git failed"
    return hashlib.blake2b(listing, digest_size=16).hexdigest()


def files_without_lfs(inventory: Inventory, threshold: int) -> list[str]:
    """Archive-relative paths of tracked files above ``threshold`` bytes whose committed blob is
    not an LFS pointer, in path order.

    Silent (an empty list) when git is missing, the archive is not in a work tree, or git fails.
    """
    root = Path(inventory.root)
    if not root.is_dir() or shutil.which("git") is None or not _inside_work_tree(root.resolve()):
        return []
    # Paths come out relative to the archive root (the -C folder), NUL-separated and unquoted.
    listing = _git(root, "ls-files", "-s", "-z", "--", ".")
    if not listing:
        return []  # git failed, or nothing of the archive is tracked
    tracked: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, _, raw_path = record.partition(b"\t")
        if meta:
            tracked[raw_path.decode("utf-8", "surrogateescape")] = meta.split()[1].decode("ascii")
    # The sizes only for what git tracks: an untracked archive costs no pass over it.
    least = max(threshold, 0)
    media = {e.path: e.size for e in inventory.files if e.path in tracked and e.size > least}
    blobs = {path: tracked[path] for path in media}
    if not blobs:
        return []
    ordered = sorted(blobs)
    sizes = _git(
        root,
        "cat-file",
        "--batch-check=%(objectsize)",
        stdin="".join(f"{blobs[p]}\n" for p in ordered).encode(),
    )
    if sizes is None:
        return []
    found = []
    for path, line in zip(ordered, sizes.decode("ascii", "replace").splitlines(), strict=False):
        if not line.isdigit():
            continue
        blob_size = int(line)
        if blob_size >= _POINTER_MAX or blob_size == media[path]:
            found.append(path)
    return found


def lfs_detail(paths: list[str], threshold: int) -> str:
    """``30 个超过 1 MB 的文件，如 a.jpg、b.jpg、c.jpg 等`` — the count and the first few paths."""
    shown = paths[:NAMED_PATHS]
    more = len(paths) > len(shown)
    return tr(
        "{n} 个超过 {t} 的文件，如 {p}{more}",
        "{n} over {t}: {p}{more}",
        n=len(paths),
        t=threshold_text(threshold),
        p=("、" if language() == "zh" else ", ").join(shown),
        more=tr(" 等", ", …") if more else "",
    )


def threshold_text(size: int) -> str:
    """1000000 -> "1 MB", 2097152 -> "2 MiB", 1234 -> "1234 字节" / "1234 bytes"."""
    for power, decimal, binary in ((3, "GB", "GiB"), (2, "MB", "MiB"), (1, "KB", "KiB")):
        if size < 1000**power:
            continue
        if size % 1024**power == 0 and size % 1000**power:
            return f"{size // 1024**power} {binary}"
        if size % (1000**power // 10) == 0:
            return f"{size / 1000**power:g} {decimal}"
    return tr("{n} 字节", "{n} bytes", n=size)
