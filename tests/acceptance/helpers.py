"""Acceptance helpers: run the real CLI, fingerprint an archive, read findings from a report."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from civarchive.cli import app
from civarchive.clitext import run

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "wenming"
# A clerk's Chinese locale, with every variable that could override LANG taken away.
CHINESE = {
    "LANG": "zh_CN.UTF-8",
    "CIVARCHIVE_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANGUAGE": None,
}
SCHEMAS = REPO / "schemas"


@dataclass(frozen=True)
class Run:
    """What one CLI call produced."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


def cli(*args: str | os.PathLike[str], env: dict[str, str | None] | None = None) -> Run:
    """Run `civarchive ARGS` in process as the console entry point does (in the user's
    language, the framework's words included), with typer's stream isolation."""
    with CliRunner().isolation(env=env) as (stdout, stderr, _):
        try:
            code = run(app, [os.fspath(a) for a in args])
        except SystemExit as stopped:
            code = stopped.code if isinstance(stopped.code, int) else 1
        except Exception as error:
            raise AssertionError(f"civarchive {args} raised {error!r}") from error
        sys.stdout.flush()
        sys.stderr.flush()
        out = stdout.getvalue().decode("utf-8", "replace")
        err = stderr.getvalue().decode("utf-8", "replace")
    return Run(code, out, err)


def cli_process(
    *args: str | os.PathLike[str],
    env: dict[str, str | None] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Run:
    """Run the installed `civarchive` in a child process: real exit code, real streams (None unsets)."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    proc = subprocess.run(
        [sys.executable, "-m", "civarchive", *[os.fspath(a) for a in args]],
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def cli_on_terminal(
    *args: str | os.PathLike[str], env: dict[str, str] | None = None, timeout: float = 120
) -> tuple[int, str]:
    """Run the installed `civarchive` with stdout on a pseudo-terminal (stderr dropped): its
    exit code and what the terminal showed, colour codes and carriage returns removed."""
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "civarchive", *[os.fspath(a) for a in args]],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:  # read while it writes: a full terminal buffer would stop it
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the program closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=timeout)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, re.sub(r"\x1b\[[0-9;]*m", "", shown)


def assert_clean(run: Run) -> None:
    """No traceback and no 'bug' exit, whatever the input."""
    assert run.exit_code != 3, run.output
    assert "Traceback" not in run.output, run.output


def fingerprint(root: Path) -> dict[bytes, tuple[str, int, int]]:
    """Every path under root (bytes names, symlinks not followed) with kind, content digest and mtime.

    ARCHIVE/.civarchive/ is the tool's own cache and is left out (design §7).
    """
    seen: dict[bytes, tuple[str, int, int]] = {}
    base = os.fsencode(root)
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        rel_dir = os.path.relpath(dirpath, base)
        if rel_dir == b"." and b".civarchive" in dirnames:
            dirnames.remove(b".civarchive")
        for name in [*dirnames, *filenames]:
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            rel = os.path.relpath(full, base)
            if os.path.islink(full):
                seen[rel] = ("link:" + os.fsdecode(os.readlink(full)), 0, st.st_mtime_ns)
            elif os.path.isdir(full):
                seen[rel] = ("dir", 0, st.st_mtime_ns)
            else:
                with open(full, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
                seen[rel] = (digest, st.st_size, st.st_mtime_ns)
    return seen


def sha256_tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def findings_by(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["code"] == code]


def finding_paths(report: dict[str, Any], code: str) -> set[str]:
    return {f.get("path") for f in findings_by(report, code)}


def indicator(report: dict[str, Any], ind_id: str) -> dict[str, Any]:
    matches = [i for i in report["indicators"] if i["id"] == ind_id]
    assert len(matches) == 1, f"indicator {ind_id}: {matches}"
    return matches[0]
