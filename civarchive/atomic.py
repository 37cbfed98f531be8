"""Write output files atomically: a temporary name in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``final``; rename it into place only on success.

    A crash or Ctrl-C leaves no file under the final name and removes the temporary one.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    os.close(fd)
    tmp = Path(name)
    # mkstemp creates 0600; outputs are ordinary files, so apply the usual umask instead.
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield tmp
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(final: Path) -> Iterator[BinaryIO]:
    """A file to write ``final`` through: renamed into place, synced, once the block ends."""
    with atomic_path(final) as tmp, open(tmp, "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def write_bytes_atomic(final: Path, data: bytes) -> None:
    """Write ``data`` to ``final`` so that readers never see a half-written file."""
    with atomic_writer(final) as fh:
        fh.write(data)
