"""What the command line sets for its own process, and the library never does (design §7)."""

from __future__ import annotations

from civarchive.cli_errors import TERMINATED_EXIT


def end_cleanly_on_sigterm() -> None:
    """SIGTERM (CI's ``timeout``, a service manager) ends the run as Ctrl-C does, through
    the ``finally`` blocks: LibreOffice's process group is killed, pools cancel their queued
    work, temporary folders go. By default Python would die on the spot and leave a running
    LibreOffice behind, in a session of its own that no signal to our group reaches.
    """
    import signal

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(TERMINATED_EXIT)

    signal.signal(signal.SIGTERM, terminate)


def tune_collector() -> None:
    """Collect cycles rarely: a run builds a few hundred thousand objects that all live to
    its end (the inventory, the report), and the default thresholds make the collector
    walk that growing heap again and again (a third of a warm check). The modules already
    imported are frozen out of its reach. Cycles (parsers make them while a file is read
    in this process) are still collected, only in larger batches. The library itself never
    touches the collector (design §7): this is the command line's own choice.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
