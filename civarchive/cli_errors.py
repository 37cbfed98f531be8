"""The command line's error edge: our errors become messages and exit codes, a bug exit 3 with a log.

Applied once, by the command group (``CivarchiveGroup``), around every command.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from civarchive.errors import CivarchiveError, SpecError, environment_problem
from civarchive.i18n import tr
from civarchive.version import __version__

if TYPE_CHECKING:
    from rich.console import Console

# What a command exits with when its reader closed the pipe: 128 + SIGPIPE, as a Unix tool
# killed by the signal would.
BROKEN_PIPE_EXIT = 141
# What a run ended by SIGTERM exits with, once it has cleaned up: 128 + SIGTERM.
TERMINATED_EXIT = 143


def stderr_console() -> Console:
    """A rich console on stderr, built per call so that tests changing the environment
    (NO_COLOR, COLUMNS) see it; rich is imported only when something is printed. Messages
    are never broken by it (soft wrap: a terminal folds them itself); anything laid out,
    such as the interactive organize prompt, takes ``output_width``."""
    from rich.console import Console

    from civarchive.display import output_width

    terminal = sys.stderr.isatty() if hasattr(sys.stderr, "isatty") else False
    return Console(stderr=True, highlight=False, soft_wrap=True, width=output_width(terminal))


def render_error(error: CivarchiveError) -> None:
    """Print what went wrong, every located spec problem, and the hint, on stderr."""
    console = stderr_console()
    # Worded as the framework's own errors are (clitext.py): 「错误：」 in Chinese.
    console.print(tr("错误：{m}", "error: {m}", m=error.message), markup=False, style="bold red")
    if isinstance(error, SpecError):
        for problem in error.problems:
            console.print(f"  {problem}", markup=False)
    if error.hint:
        console.print(tr("提示：{h}", "hint: {h}", h=error.hint), markup=False)


def write_bug_log() -> Path | None:
    """Write the current traceback to a new file (never a fixed name a link could stand in
    for): its path, or None when no place would take it."""
    text = (
        f"--- civarchive {__version__} {dt.datetime.now().isoformat()} argv={sys.argv!r}\n"
        + traceback.format_exc()
    )
    for folder in _log_folders():
        try:
            fd, name = tempfile.mkstemp(prefix="civarchive-error-", suffix=".log", dir=folder)
        except OSError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError:
            continue
        return Path(name)
    return None


def _log_folders() -> Iterator[str]:
    """The user cache folder, then the temporary folder."""
    try:
        import platformdirs

        folder = platformdirs.user_cache_dir("civarchive", appauthor=False)
        os.makedirs(folder, exist_ok=True)
        yield folder
    except OSError:
        pass
    yield tempfile.gettempdir()


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do.

    stdout is pointed at the null device so that the interpreter's final flush does not
    complain about the closed pipe a second time.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _report_bug() -> NoReturn:
    log = write_bug_log()
    stderr_console().print(
        tr(
            "civarchive 内部错误（这是程序缺陷，不是您的资料的问题）；详情见 {log}",
            "internal error in civarchive (a bug, not a problem with your files); details in {log}",
            log=log if log is not None else tr("（日志无法写入）", "(no log could be written)"),
        ),
        markup=False,
    )
    raise typer.Exit(3) from None


@contextlib.contextmanager
def error_edge() -> Iterator[None]:
    """Our errors become a message and their exit code; Ctrl-C is 130; a closed pipe ends
    quietly; the computer's refusals (disk full, read-only...) are exit 2 with what to do;
    anything else is a bug: one line naming a log file with the traceback, exit 3 (design §5).
    """
    try:
        yield
    except CivarchiveError as error:
        render_error(error)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        stderr_console().print(tr("已中断", "interrupted"))
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, TyperException, SystemExit):
        raise  # exits, and the usage errors of options the framework parsed (exit 2)
    except BrokenPipeError:
        _quiet_broken_pipe()
        raise typer.Exit(BROKEN_PIPE_EXIT) from None
    except OSError as error:
        problem = environment_problem(error)
        if problem is None:
            _report_bug()
        render_error(problem)
        raise typer.Exit(problem.exit_code) from None
    except Exception:
        _report_bug()


class CivarchiveGroup(TyperGroup):
    """The command group: every command (the spec sub-commands too) runs inside the error
    edge, applied here once rather than on each command."""

    def invoke(self, ctx: Any) -> Any:
        with error_edge():
            return super().invoke(ctx)
