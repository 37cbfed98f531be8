"""The command line: parse options, call one library function, render, map errors to exit codes.

What commands share (options as Annotated aliases, scan flags, stderr chatter) is in
cli_common.py; every command runs inside the one error edge (cli_errors.py) that the
command group applies; the commands that sort the archive are in cli_organize.py. A new
command is a function: its options, one call into the library, what it prints.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from civarchive.cli_common import (
    AllowGapsOption,
    ArchiveArgument,
    AsOfOption,
    CheckerOption,
    CompilerOption,
    DocumentsOption,
    DpiOption,
    EmbedDocumentsOption,
    FailUnderOption,
    FinalOption,
    JobsOption,
    NoCacheOption,
    OutDirOption,
    OutputOption,
    OwnerOption,
    PdfOption,
    PerOption,
    PhotosPerPageOption,
    QuietOption,
    ReportFileArgument,
    ReportFormatOption,
    ScanFlags,
    ScanFormatOption,
    SpecFileArgument,
    SpecOption,
    SpecOutputOption,
    StrictOption,
    TableArgument,
    TemplateOption,
    TodoFormatOption,
    VerboseOption,
    check_with,
    progress_flag,
    result_stream,
    say,
    say_checked,
    say_time,
    terminal_width,
    write_result,
)
from civarchive.cli_errors import CivarchiveGroup
from civarchive.cli_organize import caption_command, import_command, organize_command, undo_command
from civarchive.display import output_width
from civarchive.formats import (
    BindDocuments,
    BindPer,
    ReportFormat,
    ScanFormat,
    TodoFormat,
    choose_format,
)
from civarchive.i18n import tr
from civarchive.version import __version__

if TYPE_CHECKING:
    from civarchive.check.models import Report, Summary
    from civarchive.pipeline import Reported

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="civarchive",
    cls=CivarchiveGroup,
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
def spec_validate_command(spec_file: SpecFileArgument = None, quiet: QuietOption = False) -> None:
    """检查规范文件，逐条列出错误（文件:行:列） / Check the spec; list every error as file:line:col."""
    from civarchive.spec.loader import describe_spec, load_spec
    from civarchive.spec.locate import find_spec

    if spec_file is None or spec_file.is_dir():
        # A folder stands for the archive whose spec is wanted, as for git's -C.
        spec_file = find_spec(spec_file or Path.cwd())
    spec = load_spec(spec_file)
    if not quiet:
        say(describe_spec(spec))


@spec_app.command("schema")
def spec_schema_command(output: OutputOption = None) -> None:
    """输出规范的 JSON Schema（供编辑器补全） / Print the spec's JSON Schema (for editor completion)."""
    from civarchive.spec.schema import spec_schema_json

    write_result(spec_schema_json().encode("utf-8"), output, None)


@spec_app.command("import")
def spec_import_command(
    table: TableArgument, output: SpecOutputOption = Path("civarchive.yaml")
) -> None:
    """从测评细则表格生成规范，推测的内容标注「# 待确认」 / Draft a spec from a 测评细则 table; guesses are marked # 待确认."""
    from civarchive.spec.importer import import_spec

    say(import_spec(table, output).summary())


@spec_app.command("templates")
def spec_templates_command() -> None:
    """列出自带的规范模板（init --template 使用） / List the shipped spec templates (for init --template)."""
    from civarchive.atomic import write_output
    from civarchive.spec.templates import templates_text

    write_output(templates_text().encode("utf-8"), None)


@app.command("init")
def init_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    template: TemplateOption = None,
    quiet: QuietOption = False,
) -> None:
    """按规范创建缺少的测评项目和指标文件夹（各含一份 要求.md），从不覆盖 / Create missing indicator folders, each with a 要求.md; never overwrites."""
    from civarchive.pipeline import locate_archive
    from civarchive.spec.init import init_archive, summarize

    if template is not None:
        from civarchive.spec.templates import write_template

        target = spec or (archive or Path()) / "civarchive.yaml"
        used = write_template(template, target)
        say(tr("+ {p}（模板：{t}）", "+ {p} (template: {t})", p=target, t=used.title()))
    located = locate_archive(archive, spec)
    created = init_archive(located.load_spec(), located.root)
    if not quiet:
        for path in created:
            say(f"+ {path.relative_to(located.root).as_posix()}")
    say(summarize(created))


# ---------------------------------------------------------------- scan


@app.command("scan")
def scan_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    output_format: ScanFormatOption = None,
    output: OutputOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """清点档案中的每个文件，不修改档案。表格列出文件（路径、类型、日期及其来源、像素/页数/时长、问题；
    前 50 个，--verbose 全部列出），再按类型汇总、列出发现的问题；--format csv 或 json
    给出每个文件的全部字段（含说明、哈希）。

    Inventory every file of the archive without modifying it. The table lists the files
    (path, kind, date and where it came from, pixels/pages/length, problems; the first 50,
    all with --verbose), a summary by kind and the problems found; --format csv or json
    gives every field of every file (captions and hashes too). Exit 0 even when problems
    are found: `check` judges them.
    """
    from civarchive.pipeline import locate_archive
    from civarchive.scan import write_scan

    scan_as = choose_format(output_format, output, ScanFormat)
    # The spec is given by path: scan loads it only if it changed since the last scan (it
    # needs only its ignore globs), so an unchanged archive is re-scanned without YAML.
    located = locate_archive(archive, spec, spec_required=False)
    width = terminal_width(output)
    started = time.perf_counter()
    with result_stream(output, located.root) as out:
        write_scan(
            located.root,
            out,
            scan_as,
            spec=located.spec_path,
            jobs=jobs,
            use_cache=not no_cache,
            progress=progress_flag(quiet),
            color=width is not None and not os.environ.get("NO_COLOR"),
            width=width or output_width(terminal=False),
            verbose=verbose,
        )
    say_time(verbose, tr("扫描", "scanned"), time.perf_counter() - started)


# ---------------------------------------------------------------- check, report, todo


def _emit_report(
    report: Report | Reported,
    summary: Summary,
    report_format: ReportFormat,
    output: Path | None,
    quiet: bool,
    verbose: bool,
    fail_under: float | None,
    root: Path | None,
) -> None:
    """Render and write the report (a check's is rendered by ``Reported.render``, which
    keeps the table), say the summary, and exit as design §5 says. The table lists every
    finding with ``verbose``; beyond a screenful it groups them. An output inside the
    archive at ``root`` is recorded as civarchive's own (``write_result``)."""
    from civarchive.check.outcome import exit_code, summary_line
    from civarchive.pipeline import Reported
    from civarchive.report import render

    to_terminal = report_format is ReportFormat.TABLE and output is None
    color = False
    width = None  # a file or a pipe: nothing wrapped
    if to_terminal:
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        color = console.is_terminal and console.color_system is not None
        width = terminal_width(output) if console.is_terminal else None
    if isinstance(report, Reported):
        data = report.render(report_format, color=color, verbose=verbose, width=width)
    else:
        data = render(report, report_format, color=color, verbose=verbose, width=width)
    write_result(data, output, root)
    # The table already ends with the summary; other formats get it on stderr.
    if not quiet and not to_terminal:
        say(summary_line(summary))
    code = exit_code(summary if isinstance(report, Reported) else report, fail_under)
    if code:
        raise typer.Exit(code)


@app.command("check")
def check_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    fmt: ReportFormatOption = None,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    strict: StrictOption = False,
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
    from civarchive.pipeline import report_archive

    report_format = choose_format(fmt, output, ReportFormat, terminal=sys.stdout.isatty())
    # An unchanged archive's report is read back (check/saved.py): JSON is copied as saved.
    reported = report_archive(
        archive,
        spec=spec,
        as_of=as_of,
        strict=strict,
        owner=owner,
        jobs=jobs,
        use_cache=not no_cache,
        progress=progress_flag(quiet),
    )
    say_checked(verbose, reported)
    _emit_report(
        reported, reported.summary, report_format, output, quiet, verbose, fail_under, reported.root
    )


@app.command("todo")
def todo_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    owner: OwnerOption = None,
    as_of: AsOfOption = None,
    fmt: TodoFormatOption = None,
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
    from civarchive.report.todo import render_todo

    todo_as = choose_format(fmt, output, TodoFormat, terminal=sys.stdout.isatty())
    scan = ScanFlags(jobs, no_cache, quiet, verbose)
    checked = check_with(archive, spec, scan, as_of=as_of, owner=owner, git=False)
    items = todo(checked.report, owner)
    write_result(render_todo(checked.report, items, todo_as), output, checked.inventory.root)
    # The plain list on a terminal says it all; a file or another format gets one line.
    if not quiet and (output is not None or todo_as is not TodoFormat.TABLE):
        say(todo_summary(items))


@app.command("report")
def report_command(
    report_file: ReportFileArgument,
    fmt: ReportFormatOption = None,
    output: OutputOption = None,
    fail_under: FailUnderOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """重新输出已保存的检查报告，不重新扫描 / Re-render a saved JSON report without rescanning.

    退出码与生成该报告的 check 相同 / The exit code is the one the check that wrote it had.
    """
    from civarchive.report import load_report

    report_format = choose_format(fmt, output, ReportFormat, terminal=sys.stdout.isatty())
    # The check stage owns the exit-code rule (design §5), so a saved report exits as its check did.
    report = load_report(report_file)
    # No archive was scanned: the one the output lies in (if any) is found as a spec is.
    _emit_report(report, report.summary, report_format, output, quiet, verbose, fail_under, None)


# ---------------------------------------------------------------- bind


@app.command("bind")
def bind_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    output: OutDirOption = ...,  # type: ignore[assignment]
    per: PerOption = BindPer.CATEGORY,
    photos_per_page: PhotosPerPageOption = 2,
    documents: DocumentsOption = BindDocuments.FULL,
    embed_documents: EmbedDocumentsOption = False,
    dpi: DpiOption = 150,
    final: FinalOption = False,
    allow_gaps: AllowGapsOption = False,
    pdf: PdfOption = False,
    as_of: AsOfOption = None,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    compiler: CompilerOption = None,
    checker: CheckerOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """把证据装订成带索引的卷宗（DOCX）、总目录和归档文件目录（XLSX），缺项在卷中标出。

    Bind the evidence into indexed DOCX volumes (封面, 卷内目录, every page of every
    document, photos, 备考表), a 总目录.docx and the 归档文件目录.xlsx catalog; gaps are
    marked in the volumes. The archive is only read. Exit 0 even with gaps (--final: 1
    while a gap has no waiver); 2 for a usage or spec error, or --pdf without LibreOffice.
    """
    from civarchive.bind.models import bind_summary
    from civarchive.pipeline import bind_archive

    bound = bind_archive(
        archive,
        output,
        spec=spec,
        as_of=as_of,
        per=per.value,
        photos_per_page=photos_per_page,  # type: ignore[arg-type]
        documents="full" if embed_documents else documents.value,
        dpi=dpi,
        final=final,
        allow_gaps=allow_gaps,
        pdf=pdf,
        jobs=jobs,
        use_cache=not no_cache,
        progress=progress_flag(quiet),
        compiler=compiler,
        checker=checker,
    )
    say_checked(verbose, bound.checked)
    say_time(verbose, tr("装订", "bound"), bound.bind_seconds)
    if not quiet:
        for path in bound.result.written:
            say(str(path))
    say(bind_summary(bound.result))
    if bound.result.needs_libreoffice:
        from civarchive.bind.pages import libreoffice_warning

        say(libreoffice_warning(bound.result.needs_libreoffice))


# ---------------------------------------------------------------- organize, undo, caption, import

app.command("organize")(organize_command)
app.command("undo")(undo_command)
app.command("caption")(caption_command)
app.command("import")(import_command)


def main() -> None:
    """Console entry point: the app in one language, the framework's own words included; the
    one place that tunes the interpreter for a single run."""
    from civarchive.cli_process import end_cleanly_on_sigterm, tune_collector
    from civarchive.clitext import run

    tune_collector()
    end_cleanly_on_sigterm()
    sys.exit(run(app))
