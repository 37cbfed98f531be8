"""Worker processes that end with their parent: the initializer every process pool passes.

When the parent is killed (SIGTERM from CI's ``timeout``, SIGKILL, a crash) a pool worker
busy with a long file would otherwise live on, orphaned, until that file is done. On Linux
the kernel ends it at once (``PR_SET_PDEATHSIG``); elsewhere a watcher thread ends it
within a second of the parent's death. Workers also leave Ctrl-C to the parent, which
stops the pool, so that no worker prints a traceback of its own.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
# How often (seconds) the watcher thread looks at the parent where the kernel cannot help.
_WATCH_INTERVAL = 0.5


def worker_initargs() -> tuple[int]:
    """What to pass as ``initargs`` with ``initializer=die_with_parent``: the parent's pid."""
    return (os.getpid(),)


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the process ``parent`` ends; ignore Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command line's SIGTERM handler; the worker has nothing to
    # clean up, so SIGTERM ends it at once, as it would any process.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux") and _kernel_kills_orphan():
        if os.getppid() != parent:
            os._exit(1)  # the parent died before the request took effect
        return
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _kernel_kills_orphan() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent ends."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    import multiprocessing

    sentinel = getattr(multiprocessing.parent_process(), "sentinel", None)
    while True:
        if os.getppid() != parent and sys.platform != "win32":
            os._exit(1)  # re-parented: the parent is gone
        if sentinel is not None:
            from multiprocessing.connection import wait

            if wait([sentinel], timeout=_WATCH_INTERVAL):
                os._exit(1)  # the parent's end of the pipe (or its process handle) closed
        else:
            threading.Event().wait(_WATCH_INTERVAL)
