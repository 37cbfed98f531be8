"""Run LibreOffice headless safely: a private profile, Chinese fonts mapped, a hard kill."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from civarchive.errors import DependencyError
from civarchive.i18n import tr

FONTS_CONF = Path(__file__).with_name("fonts.conf")
# How long to wait for a killed LibreOffice to be reaped before giving up on it.
_REAP_SECONDS = 10.0
_POLL_SECONDS = 0.1

# Documents need Calc and Impress too (XLS/ET, PPT/DPS), not only Writer.
INSTALL_HINT_ZH = (
    "Debian/Ubuntu：sudo apt-get install libreoffice-nogui "
    "fonts-noto-cjk；Windows/macOS：从 https://www.libreoffice.org 下载安装 LibreOffice"
)
INSTALL_HINT_EN = (
    "Debian/Ubuntu: sudo apt-get install libreoffice-nogui "
    "fonts-noto-cjk; Windows/macOS: install LibreOffice from https://www.libreoffice.org"
)


def which_soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path(r"C:\Program Files\LibreOffice\program\soffice.exe"),
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.is_file():
            return str(candidate)
    return None


def find_soffice() -> str:
    """The LibreOffice executable, or DependencyError saying how to install it (for --pdf)."""
    found = which_soffice()
    if found:
        return found
    raise DependencyError(
        tr(
            "--pdf 需要 LibreOffice，但未找到 soffice",
            "--pdf needs LibreOffice, but soffice was not found",
        ),
        hint=tr(
            "Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
            "Windows/macOS：从 https://www.libreoffice.org 下载安装 LibreOffice；或去掉 --pdf",
            "Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk; "
            "Windows/macOS: install LibreOffice from https://www.libreoffice.org; or drop --pdf",
        ),
    )


@dataclass(frozen=True, slots=True)
class SofficeRun:
    """How one LibreOffice call ended."""

    returncode: int | None
    output: str
    timed_out: bool
    seconds: float


def run_convert(
    program: str,
    target_filter: str,
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    timeout: float,
    stalled: Callable[[], bool] | None = None,
) -> SofficeRun:
    """Run one ``soffice --convert-to`` over ``inputs`` into ``out_dir``; never hang.

    The call gets a private profile (a second LibreOffice under a shared profile hands its
    work to the first and may wait forever) and the fonts.conf that maps 宋体/黑体 to Noto
    CJK. It runs in its own process group, and the whole group is killed when ``timeout``
    seconds pass or when ``stalled()`` (polled ten times a second) says so: a stuck
    soffice.bin ignores a plain terminate of its oosplash parent.
    """
    with tempfile.TemporaryDirectory(prefix="civarchive-lo-") as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            target_filter,
            "--outdir",
            str(out_dir),
            *(str(p) for p in inputs),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
        log = Path(tmp) / "log.txt"
        started = time.monotonic()
        with open(log, "wb") as sink:
            process = _start(command, env, sink)
            timed_out = False
            try:
                while process.poll() is None:
                    if time.monotonic() - started > timeout or (stalled and stalled()):
                        timed_out = True
                        break
                    time.sleep(_POLL_SECONDS)
            finally:
                # Also after a normal exit: nothing LibreOffice started may outlive the call.
                kill_group(process)
        output = log.read_bytes().decode("utf-8", "replace").strip()
        return SofficeRun(process.returncode, output, timed_out, time.monotonic() - started)


def _start(command: list[str], env: dict[str, str], sink: IO[bytes]) -> subprocess.Popen[bytes]:
    if sys.platform == "win32":
        return subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
    return subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=sink,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and every process it started (oosplash → soffice.bin), then reap it."""
    if process.poll() is not None and sys.platform == "win32":
        return
    try:
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(process.pid)],
                capture_output=True,
                check=False,
            )
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:  # the group is gone already (ProcessLookupError is an OSError)
        if process.poll() is None:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_REAP_SECONDS)
