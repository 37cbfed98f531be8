"""What the commands share: options and arguments as Annotated aliases, scan flags, stderr chatter."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NamedTuple

import typer

from civarchive.formats import BindDocuments, BindPer
from civarchive.i18n import tr

if TYPE_CHECKING:
    from civarchive.pipeline import Checked, Reported


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
    bool, typer.Option("--no-cache", help="不使用扫描缓存 / bypass the scan cache")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="只输出结果 / print only the result")
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="输出更多细节 / print more detail")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=(
            "以该日期判断是否逾期（默认：今天），如 2023-10-15、2023/10/15、2023年10月15日"
            " / judge deadlines as of this date (default: today), e.g. 2023-10-15, 2023/10/15,"
            " 20231015"
        ),
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


ReportFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table | json | junit | markdown | xlsx；默认按 -o 的扩展名"
        "（.txt .json .xml .md .xlsx），否则 table / output format (default: from -o's "
        "extension, else table)",
        show_default=False,
    ),
]


SpecFileArgument = Annotated[
    Path | None,
    typer.Argument(
        help="规范文件（默认：从当前目录向上查找 civarchive.yaml） / spec file (default: civarchive.yaml found upwards)",
        show_default=False,
    ),
]
ReportFileArgument = Annotated[
    Path,
    typer.Argument(
        help="check --format json 保存的报告 / a report saved by `check --format json`",
        show_default=False,
    ),
]
ScanFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table | json | csv；默认按 -o 的扩展名（.txt .json .csv），否则 table / "
        "output format (default: from -o's extension, else table)",
        show_default=False,
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="迎检前检查：每个缺口都算错误 / pre-inspection: every gap is an error"
    ),
]
OutDirOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        parser=_output_path,
        help="卷宗输出文件夹（须在档案之外） / folder for the volumes (outside the archive)",
        show_default=False,
    ),
]
PerOption = Annotated[
    BindPer,
    typer.Option(
        "--per",
        help="每个测评项目一卷（category）或合为一卷（all） / one volume per category, or one for all",
    ),
]
PhotosPerPageOption = Annotated[
    int,
    typer.Option("--photos-per-page", help="每页照片数：1、2 或 4 / photos per page: 1, 2 or 4"),
]
DocumentsOption = Annotated[
    BindDocuments,
    typer.Option(
        "--documents",
        help="装入每份文件的全部页面（full）或只列卡片（list） / every page of every "
        "document, or a card each",
    ),
]
EmbedDocumentsOption = Annotated[
    bool,
    typer.Option(
        "--embed-documents", hidden=True, help="同 --documents full / same as --documents full"
    ),
]
DpiOption = Annotated[
    int, typer.Option("--dpi", help="文件页面的分辨率 / resolution of document pages")
]
FinalOption = Annotated[
    bool,
    typer.Option(
        "--final",
        help="迎检版：不印完成情况和缺项；有未豁免的缺项则退出码 1 / the copy for the "
        "inspectors: no status or gap lines; exit 1 while a gap has no waiver",
    ),
]
AllowGapsOption = Annotated[
    bool,
    typer.Option(
        "--allow-gaps",
        help="与 --final 同用：缺项处留空白情况说明 / with --final: a blank 情况说明 under each gap",
    ),
]
PdfOption = Annotated[
    bool,
    typer.Option(
        "--pdf",
        help="同时用 LibreOffice 生成 PDF / also convert each volume to PDF with LibreOffice",
    ),
]
CompilerOption = Annotated[
    str | None,
    typer.Option(
        "--compiler", help="备考表中的整理人 / 整理人 on the record sheet", show_default=False
    ),
]
CheckerOption = Annotated[
    str | None,
    typer.Option(
        "--checker", help="备考表中的检查人 / 检查人 on the record sheet", show_default=False
    ),
]
TableArgument = Annotated[
    Path,
    typer.Argument(
        help="文明办下发的测评细则（.xlsx 或 .docx） / the 测评细则 table (.xlsx or .docx)",
        show_default=False,
    ),
]
SpecOutputOption = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="写入的规范文件（不覆盖） / spec file to write (never overwritten)"
    ),
]
TemplateOption = Annotated[
    str | None,
    typer.Option(
        "--template",
        "-t",
        help="先用该模板写出 civarchive.yaml（见 spec templates） / first write civarchive.yaml from this template",
        show_default=False,
    ),
]
TodoFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table | markdown | xlsx | docx（催办单）；默认按 -o 的扩展名"
        "（.txt .md .xlsx .docx），否则 table / output format (default: from -o's extension, "
        "else table)",
        show_default=False,
    ),
]
ApplyOption = Annotated[
    bool,
    typer.Option(
        "--apply", help="执行计划（写日志，可撤销） / carry the plan out (journaled, undoable)"
    ),
]
InteractiveOption = Annotated[
    bool,
    typer.Option(
        "--interactive", "-i", help="逐个询问需人工确认的文件 / ask about each unclear file"
    ),
]
RenameOption = Annotated[
    bool,
    typer.Option(
        "--rename", help="按规范的 naming 模板改名 / rename to the spec's naming template"
    ),
]
NoLearnOption = Annotated[
    bool,
    typer.Option(
        "--no-learn", help="不参考已归档文件的命名 / ignore how the archive is already filed"
    ),
]
PlanFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table | json；默认按 -o 的扩展名（.txt .json），否则 table / output "
        "format (default: from -o's extension, else table)",
        show_default=False,
    ),
]
ListPlansOption = Annotated[
    bool, typer.Option("--list", help="列出执行过的整理 / list the applied plans")
]
PlanIdOption = Annotated[
    str | None,
    typer.Option("--plan", help="撤销指定的整理记录 / undo this plan", show_default=False),
]
IndicatorOption = Annotated[
    str | None,
    typer.Option("--indicator", help="只处理该指标 / only this indicator", show_default=False),
]
CsvOption = Annotated[
    bool,
    typer.Option(
        "--csv", help="新建 说明.csv（UTF-8 带 BOM）而非 说明.xlsx / create 说明.csv instead"
    ),
]
SourcesArgument = Annotated[
    list[Path],
    typer.Argument(
        help="zip 压缩包、文件夹或文件 / zip files, folders or files", show_default=False
    ),
]
ToOption = Annotated[
    Path | None,
    typer.Option(
        "--to",
        help="档案根目录（默认：规范文件所在目录） / archive root (default: the spec's folder)",
        show_default=False,
    ),
]
OrganizeOption = Annotated[
    bool,
    typer.Option(
        "--organize", help="导入后给出整理计划 / then show the organize plan for the new files"
    ),
]
ApplyImportOption = Annotated[
    bool,
    typer.Option(
        "--apply", help="与 --organize 同用：执行计划 / with --organize: carry the plan out"
    ),
]


# ---------------------------------------------------------------- helpers


def say(text: str, end: str = "\n") -> None:
    """Print ``text`` on stderr, where the chatter goes (stdout carries the result): plain,
    unwrapped, as it is (the error edge alone styles what it prints, with rich)."""
    sys.stderr.write(text + end)
    sys.stderr.flush()


def terminal_width(output: Path | None) -> int | None:
    """The columns of the terminal stdout shows text on (``civarchive.display.output_width``);
    None when the text goes to ``output``, a file or a pipe, where nothing is wrapped."""
    from civarchive.display import output_width, stdout_is_terminal

    return output_width(terminal=True) if output is None and stdout_is_terminal() else None


def say_time(verbose: bool, what: str, seconds: float) -> None:
    """``what: 1.23 s`` on stderr, with --verbose."""
    if verbose:
        say(f"{what}: {seconds:.2f} s")


def say_checked(verbose: bool, checked: Checked | Reported) -> None:
    """How long the scan and the check took, with --verbose."""
    files, indicators = checked.files, checked.indicators
    say_time(verbose, tr("扫描 {n} 个文件", "scanned {n} files", n=files), checked.scan_seconds)
    say_time(
        verbose,
        tr("检查 {n} 项指标", "checked {n} indicators", n=indicators),
        checked.check_seconds,
    )


def progress_flag(quiet: bool) -> bool | None:
    """What ``--quiet`` means for progress bars: off, else the library's own choice."""
    return False if quiet else None


class ScanFlags(NamedTuple):
    """The scan options the commands that check share."""

    jobs: int | None
    no_cache: bool
    quiet: bool
    verbose: bool


def check_with(archive: Path | None, spec: Path | None, scan: ScanFlags, **options: Any) -> Checked:
    """``check_archive`` with the command's scan options; timings on stderr if verbose."""
    from civarchive.pipeline import check_archive

    checked = check_archive(
        archive,
        spec=spec,
        jobs=scan.jobs,
        use_cache=not scan.no_cache,
        progress=progress_flag(scan.quiet),
        **options,
    )
    say_checked(scan.verbose, checked)
    return checked


@contextlib.contextmanager
def result_stream(output: Path | None, root: Path | str | None) -> Iterator[BinaryIO]:
    """Where a command's result goes (``output_stream``: stdout, or ``output`` written
    atomically). Inside the archive at ``root`` (None: the archive the output's folder
    belongs to, found as the spec is) the file is recorded as civarchive's own, never
    evidence, and a file of the archive that civarchive did not write is not replaced
    (UsageError, before anything is written)."""
    from civarchive.atomic import output_stream
    from civarchive.outputs import check_output_target, record_output

    base = Path(root) if root is not None else _archive_of(output)
    if base is not None:
        check_output_target(base, output)
    with output_stream(output) as out:
        yield out
    if base is not None:
        record_output(base, output)


def write_result(data: bytes, output: Path | None, root: Path | str | None) -> None:
    """Write a rendered result as ``result_stream`` says."""
    with result_stream(output, root) as out:
        out.write(data)


def _archive_of(output: Path | None) -> Path | None:
    """The archive a file lies in, for a command that has none (``report``): the folder of
    the nearest civarchive.yaml above it, or None."""
    if output is None or str(output) == "-":
        return None
    from civarchive.errors import UsageError
    from civarchive.spec.locate import find_spec

    try:
        return find_spec(output.absolute().parent).parent
    except (UsageError, OSError):
        return None
