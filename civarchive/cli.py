"""The command line: parse options, call one library function, render, map errors to exit codes."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn, TypeVar

import typer

from civarchive import __version__
from civarchive.errors import CivarchiveError, SpecError, UsageError, environment_problem
from civarchive.i18n import tr

if TYPE_CHECKING:
    from rich.console import Console

    from civarchive.spec.models import Spec

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="civarchive",
    help="把证据文件夹整理成经过检查、带索引的档案（文明单位创建资料）。\n\n"
    "Turn a folder of evidence into a checked, indexed archive.",
    context_settings=CONTEXT_SETTINGS,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)
spec_app = typer.Typer(
    help="检查、导入测评体系规范，列出模板 / Validate, import and print the spec; list templates.",
    context_settings=CONTEXT_SETTINGS,
    no_args_is_help=True,
)
app.add_typer(spec_app, name="spec")


def _stderr() -> Console:
    # Built per call so tests that change the environment (NO_COLOR, COLUMNS) see it;
    # imported here so that a command that prints nothing does not load rich.
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


# ---------------------------------------------------------------- shared options

ArchiveArgument = Annotated[
    Path | None,
    typer.Argument(
        help="档案根目录（默认：规范文件所在目录） / archive root (default: the spec's folder)",
        show_default=False,
    ),
]
SpecOption = Annotated[
    Path | None,
    typer.Option(
        "--spec",
        "-s",
        help="规范文件（默认：向上查找 civarchive.yaml） / spec file (default: civarchive.yaml found upwards)",
        show_default=False,
    ),
]


def _output_path(value: str | Path) -> Path:
    """An -o value: an empty one is refused (Path("") would quietly mean the current folder)."""
    if isinstance(value, str) and not value.strip():
        raise typer.BadParameter(
            tr(
                "输出路径是空的；请写出文件或文件夹名，或用 - 表示标准输出",
                "the output path is empty; name a file or folder, or - for standard output",
            )
        )
    return Path(value)


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        parser=_output_path,
        help="输出文件（默认：标准输出） / output file (default: stdout)",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="并行进程数（默认：处理器核数） / parallel workers (default: CPU count)",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="不使用扫描缓存 / bypass the scan cache"),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="只输出结果 / print only the result")
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="输出更多细节 / print more detail")
]


def parse_date(value: str | None) -> dt.date | None:
    """Parse an --as-of style date (YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            tr("日期格式不对：{v}", "not a date: {v}", v=value),
            hint=tr("请写成 YYYY-MM-DD，如 2023-07-01", "write it as YYYY-MM-DD, e.g. 2023-07-01"),
        ) from None


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="以该日期判断是否逾期（默认：今天），YYYY-MM-DD / judge deadlines as of this date (default: today)",
        show_default=False,
    ),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        help="只看该责任人（编号或名称，如 xcb 或 宣传部） / only this owner's indicators (id or name)",
        show_default=False,
    ),
]


def write_output(data: bytes, output: Path | None) -> None:
    """Write a rendered result to ``output`` atomically, or to stdout."""
    with output_stream(output) as out:
        out.write(data)


@contextlib.contextmanager
def output_stream(output: Path | None) -> Iterator[BinaryIO]:
    """Where a result goes: stdout (none or "-"), or ``output`` written atomically."""
    if output is None or str(output) == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if output.exists() and output.is_dir():
        raise UsageError(tr("输出路径是文件夹：{p}", "output path is a folder: {p}", p=output))
    if str(output) == os.devnull:
        with open(os.devnull, "wb") as sink:
            yield sink
        return
    from civarchive.atomic import atomic_writer

    with atomic_writer(output) as out:
        yield out


def resolve_archive(
    archive: Path | None, spec: Path | None, *, spec_required: bool = True
) -> tuple[Path, Spec | None]:
    """Find the archive root and load its spec (design §5: ARCHIVE defaults to the spec's folder)."""
    from civarchive.spec.loader import load_spec

    root, spec_path = locate_archive(archive, spec, spec_required=spec_required)
    return root, load_spec(spec_path) if spec_path is not None else None


def locate_archive(
    archive: Path | None, spec: Path | None, *, spec_required: bool = True
) -> tuple[Path, Path | None]:
    """Find the archive root and its spec file, without loading it.

    With ``--spec`` the spec is that file; otherwise civarchive.yaml is searched for from the
    archive (or the current folder) upwards. Without ``spec_required`` a missing spec is fine.
    """
    from civarchive.spec.locate import find_spec

    if archive is not None and archive.is_file():
        raise UsageError(
            tr(
                "档案应是一个文件夹，而不是文件：{p}",
                "the archive must be a folder, not a file: {p}",
                p=archive,
            ),
            hint=tr(
                "给出档案根目录（放 civarchive.yaml 的文件夹）",
                "give the archive's root folder (where civarchive.yaml is)",
            ),
        )
    if archive is not None and not archive.is_dir():
        raise UsageError(
            tr("档案文件夹不存在：{p}", "archive folder not found: {p}", p=archive),
            hint=tr("请检查路径", "check the path"),
        )
    spec_path = spec
    if spec_path is None:
        try:
            spec_path = find_spec(archive or Path.cwd())
        except UsageError:
            if spec_required:
                raise
            spec_path = None
    if archive is None:
        archive = spec_path.parent if spec_path is not None else Path.cwd()
    return archive, spec_path


# ---------------------------------------------------------------- the error edge

F = TypeVar("F", bound=Callable[..., Any])

# What a command exits with when its reader closed the pipe: 128 + SIGPIPE, as a Unix tool
# killed by the signal would.
BROKEN_PIPE_EXIT = 141


def _log_bug() -> Path | None:
    """Write the traceback to a new file (never a fixed name a link could stand in for);
    its path, or None when no place would take it."""
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


def render_error(error: CivarchiveError) -> None:
    console = _stderr()
    console.print(f"{tr('错误', 'error')}: {error.message}", markup=False, style="bold red")
    if isinstance(error, SpecError):
        for problem in error.problems:
            console.print(f"  {problem}", markup=False)
    if error.hint:
        console.print(f"{tr('提示', 'hint')}: {error.hint}", markup=False)


def handle_errors(func: F) -> F:
    """Run a command; turn our errors into messages and exit codes, anything else into exit 3."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CivarchiveError as error:
            render_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            _stderr().print(tr("已中断", "interrupted"))
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BrokenPipeError:
            _quiet_broken_pipe()
            raise typer.Exit(BROKEN_PIPE_EXIT) from None
        except OSError as error:
            # Disk full, read-only, not a folder...: the computer's answer, not a bug.
            problem = environment_problem(error)
            if problem is None:
                _report_bug()
            render_error(problem)
            raise typer.Exit(problem.exit_code) from None
        except Exception:
            _report_bug()

    return wrapper  # type: ignore[return-value]


def _report_bug() -> NoReturn:
    log = _log_bug()
    _stderr().print(
        tr(
            "civarchive 内部错误（这是程序缺陷，不是您的资料的问题）；详情见 {log}",
            "internal error in civarchive (a bug, not a problem with your files); details in {log}",
            log=log if log is not None else tr("（日志无法写入）", "(no log could be written)"),
        ),
        markup=False,
    )
    raise typer.Exit(3) from None


def _version(value: bool) -> None:
    if value:
        print(f"civarchive {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="显示版本 / show the version"
        ),
    ] = False,
) -> None:
    """把证据文件夹整理成经过检查、带索引的档案 / Turn a folder of evidence into a checked, indexed archive."""


# ---------------------------------------------------------------- spec, init


@spec_app.command("validate")
@handle_errors
def spec_validate_command(
    spec_file: Annotated[
        Path | None,
        typer.Argument(
            help="规范文件（默认：从当前目录向上查找 civarchive.yaml） / spec file (default: civarchive.yaml found upwards)",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """检查规范文件，逐条列出错误（文件:行:列） / Check the spec; list every error as file:line:col."""
    from civarchive.spec.loader import describe_spec, load_spec
    from civarchive.spec.locate import find_spec

    if spec_file is None or spec_file.is_dir():
        # A folder stands for the archive whose spec is wanted, as for git's -C.
        spec_file = find_spec(spec_file or Path.cwd())
    spec = load_spec(spec_file)
    if not quiet:
        _stderr().print(describe_spec(spec), markup=False)


@spec_app.command("schema")
@handle_errors
def spec_schema_command(output: OutputOption = None) -> None:
    """输出规范的 JSON Schema（供编辑器补全） / Print the spec's JSON Schema (for editor completion)."""
    from civarchive.spec.schema import spec_schema_json

    write_output(spec_schema_json().encode("utf-8"), output)


@spec_app.command("import")
@handle_errors
def spec_import_command(
    table: Annotated[
        Path,
        typer.Argument(
            help="文明办下发的测评细则（.xlsx 或 .docx） / the 测评细则 table (.xlsx or .docx)",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="写入的规范文件（不覆盖） / spec file to write (never overwritten)",
        ),
    ] = Path("civarchive.yaml"),
) -> None:
    """从测评细则表格生成规范，推测的内容标注「# 待确认」 / Draft a spec from a 测评细则 table; guesses are marked # 待确认."""
    from civarchive.spec.importer import import_spec

    _stderr().print(import_spec(table, output).summary(), markup=False)


@spec_app.command("templates")
@handle_errors
def spec_templates_command() -> None:
    """列出自带的规范模板（init --template 使用） / List the shipped spec templates (for init --template)."""
    from civarchive.spec.templates import templates_text

    write_output(templates_text().encode("utf-8"), None)


@app.command("init")
@handle_errors
def init_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="先用该模板写出 civarchive.yaml（见 spec templates） / first write civarchive.yaml from this template",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """按规范创建缺少的测评项目和指标文件夹（各含一份 要求.md），从不覆盖 / Create missing indicator folders, each with a 要求.md; never overwrites."""
    from civarchive.spec.init import init_archive, summarize

    if template is not None:
        from civarchive.spec.templates import write_template

        target = spec or (archive or Path()) / "civarchive.yaml"
        used = write_template(template, target)
        _stderr().print(
            tr("+ {p}（模板：{t}）", "+ {p} (template: {t})", p=target, t=used.title()),
            markup=False,
        )
    root, loaded = resolve_archive(archive, spec)
    assert loaded is not None  # spec_required=True
    created = init_archive(loaded, root)
    console = _stderr()
    if not quiet:
        for path in created:
            console.print(f"+ {path.relative_to(root).as_posix()}", markup=False)
    console.print(summarize(created), markup=False)


# ---------------------------------------------------------------- scan


class ScanFormat(StrEnum):
    """Output formats of ``civarchive scan``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


@app.command("scan")
@handle_errors
def scan_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    output_format: Annotated[
        ScanFormat,
        typer.Option("--format", "-f", help="输出格式：table、json、csv / output format"),
    ] = ScanFormat.TABLE,
    output: OutputOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """清点档案中的每个文件（类型、日期、像素、时长、页数、说明、哈希），不修改档案。

    Inventory every file of the archive (type, date, pixels, duration, pages, captions,
    hash) without modifying it. Exit 0 even when problems are found: `check` judges them.
    """
    from civarchive.scan import scan_rendered, write_scan_json

    # The spec is loaded by scan only if it changed since the last scan (it needs only its
    # ignore globs), so an unchanged archive is re-scanned without parsing YAML.
    root, spec_path = locate_archive(archive, spec, spec_required=False)
    options: dict[str, Any] = {
        "spec": spec_path,
        "jobs": jobs,
        "use_cache": not no_cache,
        "progress": False if quiet else None,
    }
    started = time.perf_counter()
    if output_format is ScanFormat.JSON:
        # An unchanged archive's JSON comes straight from the cache, without building models.
        with output_stream(output) as out:
            write_scan_json(root, out, **options)
        _say_time(verbose, tr("扫描", "scanned"), started)
        return
    # An unchanged archive's table or CSV is kept beside the snapshot and read back (the
    # renderers, rich and the models are imported only when one has to be made).
    if output_format is ScanFormat.CSV:
        data = scan_rendered(root, _csv_rendering, "csv", **options)
    else:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        width = _output_width()
        data = scan_rendered(
            root,
            functools.partial(_table_rendering, color=color, width=width),
            f"table-{width}-{'color' if color else 'plain'}",
            **options,
        )
    _say_time(verbose, tr("扫描", "scanned"), started)
    write_output(data, output)


def _csv_rendering() -> Rendering:
    from civarchive.scan.render import CsvRendering

    return CsvRendering()


def _table_rendering(*, color: bool, width: int) -> Rendering:
    from civarchive.scan.render import TableRendering

    return TableRendering(color=color, width=width)


def _output_width() -> int:
    """The width rich gives stdout, known without importing rich: $COLUMNS, the
    terminal's width, or 80 on a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return 80


# ---------------------------------------------------------------- check, report, todo

if TYPE_CHECKING:
    from civarchive.check.models import Report
    from civarchive.report import ReportFormat
    from civarchive.scan.models import Inventory
    from civarchive.scan.render import Rendering
    from civarchive.spec.models import Spec

FailUnderOption = Annotated[
    float | None,
    typer.Option(
        "--fail-under",
        min=0,
        max=100,
        help="完成度（%）低于此值时退出码为 1 / exit 1 when completeness (%) is below this",
        show_default=False,
    ),
]


def _report_format(fmt: str, output: Path | None) -> ReportFormat:
    """Parse --format before any work is done; refuse binary XLSX to a terminal."""
    from civarchive.report import ReportFormat

    try:
        report_format = ReportFormat(fmt.strip().lower())
    except ValueError:
        raise UsageError(
            tr("不支持的格式：{f}", "unknown format: {f}", f=fmt),
            hint=tr("可选：{c}", "choose one of: {c}", c=", ".join(ReportFormat)),
        ) from None
    if report_format is ReportFormat.XLSX and output is None and sys.stdout.isatty():
        raise UsageError(
            tr(
                "xlsx 是二进制文件，不能输出到终端",
                "xlsx is binary and cannot be shown in a terminal",
            ),
            hint=tr("加上 -o 台账.xlsx", "add -o ledger.xlsx"),
        )
    return report_format


def _emit_report(
    report: Report,
    report_format: ReportFormat,
    output: Path | None,
    *,
    quiet: bool,
    fail_under: float | None,
) -> None:
    """Render and write the report, say the summary, and exit as design §5 says."""
    from civarchive.check.outcome import exit_code, summary_line
    from civarchive.report import ReportFormat, render

    to_terminal = report_format is ReportFormat.TABLE and output is None
    console = _stdout()
    color = to_terminal and console.is_terminal and console.color_system is not None
    write_output(render(report, report_format, color=color), output)
    # The table already ends with the summary; other formats get it on stderr.
    if not quiet and not to_terminal:
        _stderr().print(summary_line(report), markup=False)
    code = exit_code(report, fail_under)
    if code:
        raise typer.Exit(code)


@dataclass(frozen=True, slots=True)
class _Checked:
    """What `check`, `todo` and `bind` start from."""

    spec: Spec
    inventory: Inventory
    report: Report


def _check_archive(
    archive: Path | None,
    spec: Path | None,
    *,
    as_of: str | None,
    strict: bool = False,
    owner: str | None = None,
    jobs: int | None = None,
    no_cache: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    git: bool = True,
) -> _Checked:
    """resolve_archive -> scan -> check, with --verbose timings on stderr."""
    from civarchive.check import check
    from civarchive.scan import scan

    day = parse_date(as_of)
    root, loaded = resolve_archive(archive, spec)
    assert loaded is not None  # spec_required=True
    started = time.perf_counter()
    inventory = scan(
        root, spec=loaded, jobs=jobs, use_cache=not no_cache, progress=False if quiet else None
    )
    _say_time(verbose, tr("扫描 {n} 个文件", "scanned {n} files", n=len(inventory.files)), started)
    spec_path = None
    if loaded.path is not None:
        try:
            spec_path = loaded.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            spec_path = str(loaded.path)
    started = time.perf_counter()
    report = check(
        loaded, inventory, as_of=day, strict=strict, owner=owner, spec_path=spec_path, git=git
    )
    _say_time(
        verbose, tr("检查 {n} 项指标", "checked {n} indicators", n=len(report.indicators)), started
    )
    return _Checked(loaded, inventory, report)


def _say_time(verbose: bool, what: str, started: float) -> None:
    if verbose:
        _stderr().print(f"{what}: {time.perf_counter() - started:.2f} s", markup=False)


@app.command("check")
@handle_errors
def check_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table | json | junit | markdown | xlsx / output format",
        ),
    ] = "table",
    output: OutputOption = None,
    as_of: AsOfOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="迎检前检查：每个缺口都算错误 / pre-inspection: every gap is an error"
        ),
    ] = False,
    fail_under: FailUnderOption = None,
    owner: OwnerOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """检查资料是否齐全、归类是否正确、质量是否合格，按指标和责任人报告。

    Match the evidence to the spec's indicators and report completeness, misfiling and
    quality problems. Exit 0 when there is no error finding (and completeness reaches
    --fail-under), 1 otherwise, 2 for a usage or spec error.
    """
    report_format = _report_format(fmt, output)
    checked = _check_archive(
        archive,
        spec,
        as_of=as_of,
        strict=strict,
        owner=owner,
        jobs=jobs,
        no_cache=no_cache,
        quiet=quiet,
        verbose=verbose,
    )
    _emit_report(checked.report, report_format, output, quiet=quiet, fail_under=fail_under)


@app.command("todo")
@handle_errors
def todo_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    owner: OwnerOption = None,
    as_of: AsOfOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table | markdown | xlsx | docx（催办单）；默认按 -o 的扩展名 / output format (default: from -o's extension)",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """列出每个责任人还欠哪些材料，逾期的在前，按截止日期排序（挂账销号）；docx 为每个部门一页的催办单。

    What each owner still owes, overdue first, then by due date; docx gives one notice
    (催办单) per owner, one page each. Always exits 0.
    """
    from civarchive.check.todo import todo, todo_summary
    from civarchive.report.todo import TodoFormat, render_todo, todo_format

    todo_as = todo_format(fmt, output, terminal=sys.stdout.isatty())
    checked = _check_archive(
        archive,
        spec,
        as_of=as_of,
        owner=owner,
        jobs=jobs,
        no_cache=no_cache,
        quiet=quiet,
        verbose=verbose,
        git=False,
    )
    items = todo(checked.report, owner)
    write_output(render_todo(checked.report, items, todo_as), output)
    # The plain list on a terminal says it all; a file or another format gets one line.
    if not quiet and (output is not None or todo_as is not TodoFormat.TABLE):
        _stderr().print(todo_summary(items), markup=False)


@app.command("report")
@handle_errors
def report_command(
    report_file: Annotated[
        Path,
        typer.Argument(
            help="check --format json 保存的报告 / a report saved by `check --format json`",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table | json | junit | markdown | xlsx / output format",
        ),
    ] = "table",
    output: OutputOption = None,
    fail_under: FailUnderOption = None,
    quiet: QuietOption = False,
) -> None:
    """重新输出已保存的检查报告，不重新扫描 / Re-render a saved JSON report without rescanning.

    退出码与生成该报告的 check 相同 / The exit code is the one the check that wrote it had.
    """
    from civarchive.report import load_report

    report_format = _report_format(fmt, output)
    # The check stage owns the exit-code rule (design §5), so a saved report exits as its check did.
    _emit_report(
        load_report(report_file), report_format, output, quiet=quiet, fail_under=fail_under
    )


# ---------------------------------------------------------------- bind


class BindPer(StrEnum):
    """How bind groups categories into volumes."""

    CATEGORY = "category"
    ALL = "all"


class BindDocuments(StrEnum):
    """How bind shows documents: every page, or a card each."""

    FULL = "full"
    LIST = "list"


@app.command("bind")
@handle_errors
def bind_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            parser=_output_path,
            help="卷宗输出文件夹（须在档案之外） / folder for the volumes (outside the archive)",
            show_default=False,
        ),
    ] = ...,  # type: ignore[assignment]
    per: Annotated[
        BindPer,
        typer.Option(
            "--per",
            help="每个测评项目一卷（category）或合为一卷（all） / one volume per category, or one for all",
        ),
    ] = BindPer.CATEGORY,
    photos_per_page: Annotated[
        int,
        typer.Option(
            "--photos-per-page", help="每页照片数：1、2 或 4 / photos per page: 1, 2 or 4"
        ),
    ] = 2,
    documents: Annotated[
        BindDocuments,
        typer.Option(
            "--documents",
            help="装入每份文件的全部页面（full）或只列卡片（list） / every page of every "
            "document, or a card each",
        ),
    ] = BindDocuments.FULL,
    embed_documents: Annotated[
        bool,
        typer.Option(
            "--embed-documents", hidden=True, help="同 --documents full / same as --documents full"
        ),
    ] = False,
    dpi: Annotated[
        int, typer.Option("--dpi", help="文件页面的分辨率 / resolution of document pages")
    ] = 150,
    final: Annotated[
        bool,
        typer.Option(
            "--final",
            help="迎检版：不印完成情况和缺项；有未豁免的缺项则退出码 1 / the copy for the "
            "inspectors: no status or gap lines; exit 1 while a gap has no waiver",
        ),
    ] = False,
    allow_gaps: Annotated[
        bool,
        typer.Option(
            "--allow-gaps",
            help="与 --final 同用：缺项处留空白情况说明 / with --final: a blank 情况说明 under each gap",
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf",
            help="同时用 LibreOffice 生成 PDF / also convert each volume to PDF with LibreOffice",
        ),
    ] = False,
    as_of: AsOfOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    compiler: Annotated[
        str | None,
        typer.Option(
            "--compiler", help="备考表中的整理人 / 整理人 on the record sheet", show_default=False
        ),
    ] = None,
    checker: Annotated[
        str | None,
        typer.Option(
            "--checker", help="备考表中的检查人 / 检查人 on the record sheet", show_default=False
        ),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """把证据装订成带索引的卷宗（DOCX）、总目录和归档文件目录（XLSX），缺项在卷中标出。

    Bind the evidence into indexed DOCX volumes (封面, 卷内目录, every page of every
    document, photos, 备考表), a 总目录.docx and the 归档文件目录.xlsx catalog; gaps are
    marked in the volumes. The archive is only read. Exit 0 even with gaps (--final: 1
    while a gap has no waiver); 2 for a usage or spec error, or --pdf without LibreOffice.
    """
    from civarchive.bind import bind
    from civarchive.bind.models import summary_line

    if pdf:
        from civarchive.bind.pdf import find_soffice

        find_soffice()  # exit 2 before scanning when LibreOffice is missing
    checked = _check_archive(
        archive, spec, as_of=as_of, jobs=jobs, no_cache=no_cache, quiet=quiet, verbose=verbose
    )
    started = time.perf_counter()
    result = bind(
        checked.spec,
        checked.inventory,
        checked.report,
        output,
        per=per.value,
        photos_per_page=photos_per_page,  # type: ignore[arg-type]
        documents="full" if embed_documents else documents.value,
        dpi=dpi,
        final=final,
        allow_gaps=allow_gaps,
        pdf=pdf,
        jobs=jobs,
        progress=False if quiet else None,
        compiler=compiler,
        checker=checker,
        use_cache=not no_cache,
    )
    _say_time(verbose, tr("装订", "bound"), started)
    console = _stderr()
    if not quiet:
        for path in result.written:
            console.print(str(path), markup=False)
    console.print(summary_line(result), markup=False)
    if result.needs_libreoffice:
        from civarchive.bind.pages import libreoffice_warning

        console.print(libreoffice_warning(result.needs_libreoffice), markup=False)


# ---------------------------------------------------------------- organize, undo, caption, import


class PlanFormat(StrEnum):
    """Output formats of ``civarchive organize``."""

    TABLE = "table"
    JSON = "json"


@app.command("organize")
@handle_errors
def organize_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply", help="执行计划（写日志，可撤销） / carry the plan out (journaled, undoable)"
        ),
    ] = False,
    interactive: Annotated[
        bool,
        typer.Option(
            "--interactive", "-i", help="逐个询问需人工确认的文件 / ask about each unclear file"
        ),
    ] = False,
    rename: Annotated[
        bool,
        typer.Option(
            "--rename", help="按规范的 naming 模板改名 / rename to the spec's naming template"
        ),
    ] = False,
    no_learn: Annotated[
        bool,
        typer.Option(
            "--no-learn", help="不参考已归档文件的命名 / ignore how the archive is already filed"
        ),
    ] = False,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="输出格式：table、json / output format")
    ] = PlanFormat.TABLE,
    output: OutputOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """给出整理计划（从哪里移到哪里、依据、把握），不改动任何文件；加 --apply 才执行。

    Plan where unsorted and misfiled files belong (from, to, why, confidence) without
    touching anything; --apply carries it out with a journal that `civarchive undo` reverses.
    """
    from civarchive.organize import apply_plan, build_plan
    from civarchive.organize.render import apply_text, render_plan_json, render_plan_text

    checked = _check_archive(
        archive,
        spec,
        as_of=None,
        jobs=jobs,
        no_cache=no_cache,
        quiet=quiet,
        verbose=verbose,
        git=False,
    )
    options: dict[str, Any] = {"rename": rename, "learn": not no_learn}
    plan = build_plan(checked.spec, checked.inventory, checked.report, **options)
    if interactive:
        from civarchive.organize.interactive import ask

        chosen = ask(plan, checked.spec, _stderr())
        if chosen:
            plan = build_plan(
                checked.spec, checked.inventory, checked.report, chosen=chosen, **options
            )
    text = render_plan_json(plan) if fmt is PlanFormat.JSON else render_plan_text(plan)
    write_output(text.encode("utf-8"), output)
    if apply:
        _stderr().print(
            apply_text(apply_plan(Path(checked.inventory.root), plan)), end="", markup=False
        )


@app.command("undo")
@handle_errors
def undo_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    list_plans: Annotated[
        bool, typer.Option("--list", help="列出执行过的整理 / list the applied plans")
    ] = False,
    plan_id: Annotated[
        str | None,
        typer.Option("--plan", help="撤销指定的整理记录 / undo this plan", show_default=False),
    ] = None,
) -> None:
    """撤销最近一次执行的整理，把文件放回原处；被改动过的文件不动并说明原因。

    Reverse the last applied plan exactly; a file changed since is left and reported.
    """
    from civarchive.organize import undo
    from civarchive.organize.journal import journals
    from civarchive.organize.render import journals_text, undo_text

    root, _ = locate_archive(archive, spec, spec_required=False)
    if list_plans:
        sys.stdout.write(journals_text(journals(root)))
        return
    result = undo(root, plan_id)
    _stderr().print(undo_text(result), end="", markup=False)
    if result.refused:
        raise typer.Exit(1)


@app.command("caption")
@handle_errors
def caption_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", help="只处理该指标 / only this indicator", show_default=False),
    ] = None,
    csv_format: Annotated[
        bool,
        typer.Option(
            "--csv", help="新建 说明.csv（UTF-8 带 BOM）而非 说明.xlsx / create 说明.csv instead"
        ),
    ] = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
) -> None:
    """为缺少说明的照片和视频写入或续写说明表（说明.xlsx），已有的行不动。

    Write or extend each folder's caption sheet with a row per uncaptioned photo or video
    (文件名, 题名, 时间, 摄影者 pre-filled); existing rows are never changed.
    """
    from civarchive.organize.caption import write_captions
    from civarchive.organize.render import caption_text
    from civarchive.scan import scan

    root, loaded = resolve_archive(archive, spec)
    assert loaded is not None  # spec_required=True
    inventory = scan(
        root, spec=loaded, jobs=jobs, use_cache=not no_cache, progress=False if quiet else None
    )
    results = write_captions(root, loaded, inventory, indicator=indicator, csv_format=csv_format)
    sys.stdout.write(caption_text(results))


@app.command("import")
@handle_errors
def import_command(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="zip 压缩包、文件夹或文件 / zip files, folders or files", show_default=False
        ),
    ],
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="档案根目录（默认：规范文件所在目录） / archive root (default: the spec's folder)",
            show_default=False,
        ),
    ] = None,
    spec: SpecOption = None,
    organize: Annotated[
        bool,
        typer.Option(
            "--organize", help="导入后给出整理计划 / then show the organize plan for the new files"
        ),
    ] = False,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply", help="与 --organize 同用：执行计划 / with --organize: carry the plan out"
        ),
    ] = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """把 zip 压缩包或文件夹导入档案的待整理文件夹：中文名正确，已有内容跳过，从不覆盖。

    Import zips (GBK names decoded), nested zips and folders into the archive's inbox:
    unsafe members refused, known bytes skipped, nothing overwritten.
    """
    from civarchive.organize import apply_plan, build_plan
    from civarchive.organize.intake import import_sources
    from civarchive.organize.render import apply_text, import_text, render_plan_text

    options: dict[str, Any] = {
        "jobs": jobs,
        "no_cache": no_cache,
        "quiet": quiet,
        "verbose": verbose,
    }
    checked = _check_archive(to, spec, as_of=None, git=False, **options)
    root = Path(checked.inventory.root)
    result = import_sources(root, checked.spec, checked.inventory, sources)
    sys.stdout.write(import_text(result))
    if organize and result.landed_paths:
        checked = _check_archive(to, spec, as_of=None, git=False, **options)
        plan = build_plan(
            checked.spec, checked.inventory, checked.report, only=set(result.landed_paths)
        )
        sys.stdout.write(render_plan_text(plan))
        if apply:
            _stderr().print(apply_text(apply_plan(root, plan)), end="", markup=False)
    sys.stdout.flush()


def main() -> None:
    """Console entry point: the one place that tunes the interpreter for a single run, and
    runs the app in one language, the framework's own words included."""
    from civarchive.clitext import run

    _tune_collector()
    sys.exit(run(app))


def _tune_collector() -> None:
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
