"""The commands that sort the archive: organize, undo, caption, import (see civarchive.organize)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from civarchive.cli_common import (
    ApplyImportOption,
    ApplyOption,
    ArchiveArgument,
    CsvOption,
    IndicatorOption,
    InteractiveOption,
    JobsOption,
    ListPlansOption,
    NoCacheOption,
    NoLearnOption,
    OrganizeOption,
    OutputOption,
    PlanFormatOption,
    PlanIdOption,
    QuietOption,
    RenameOption,
    SourcesArgument,
    SpecOption,
    ToOption,
    VerboseOption,
    progress_flag,
    say,
    say_checked,
    terminal_width,
    write_result,
)
from civarchive.cli_errors import stderr_console
from civarchive.formats import PlanFormat, choose_format

if TYPE_CHECKING:
    from civarchive.organize.models import Plan
    from civarchive.spec.models import Spec


def organize_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    apply: ApplyOption = False,
    interactive: InteractiveOption = False,
    rename: RenameOption = False,
    no_learn: NoLearnOption = False,
    fmt: PlanFormatOption = None,
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
    from civarchive.organize import apply_plan
    from civarchive.organize.render import apply_text, render_plan_json, render_plan_text
    from civarchive.pipeline import organize_archive

    plan_as = choose_format(fmt, output, PlanFormat)
    choose = None
    if interactive:
        from civarchive.organize.interactive import ask

        def choose(plan: Plan, spec: Spec) -> dict[str, str]:
            return ask(plan, spec, stderr_console())

    organized = organize_archive(
        archive,
        spec=spec,
        rename=rename,
        learn=not no_learn,
        choose=choose,
        jobs=jobs,
        use_cache=not no_cache,
        progress=progress_flag(quiet),
    )
    say_checked(verbose, organized.checked)
    plan, root = organized.plan, organized.checked.inventory.root
    if plan_as is PlanFormat.JSON:
        text = render_plan_json(plan)
    else:
        text = render_plan_text(plan, width=terminal_width(output))
    write_result(text.encode("utf-8"), output, root)
    if apply:
        say(apply_text(apply_plan(Path(root), plan)), end="")


def undo_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    list_plans: ListPlansOption = False,
    plan_id: PlanIdOption = None,
) -> None:
    """撤销最近一次执行的整理，把文件放回原处；被改动过的文件不动并说明原因。

    Reverse the last applied plan exactly; a file changed since is left and reported.
    """
    from civarchive.organize import undo
    from civarchive.organize.journal import journals
    from civarchive.organize.render import journals_text, undo_text
    from civarchive.pipeline import locate_archive

    root = locate_archive(archive, spec, spec_required=False).root
    if list_plans:
        sys.stdout.write(journals_text(journals(root), width=terminal_width(None)))
        return
    result = undo(root, plan_id)
    say(undo_text(result), end="")
    if result.refused:
        raise typer.Exit(1)


def caption_command(
    archive: ArchiveArgument = None,
    spec: SpecOption = None,
    indicator: IndicatorOption = None,
    csv_format: CsvOption = False,
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
    from civarchive.pipeline import scan_archive

    scanned = scan_archive(
        archive, spec=spec, jobs=jobs, use_cache=not no_cache, progress=progress_flag(quiet)
    )
    results = write_captions(
        scanned.root, scanned.spec, scanned.inventory, indicator=indicator, csv_format=csv_format
    )
    sys.stdout.write(caption_text(results))


def import_command(
    sources: SourcesArgument,
    to: ToOption = None,
    spec: SpecOption = None,
    organize: OrganizeOption = False,
    apply: ApplyImportOption = False,
    jobs: JobsOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """把 zip 压缩包或文件夹导入档案的待整理文件夹：中文名正确，已有内容跳过，从不覆盖。

    Import zips (GBK names decoded), nested zips and folders into the archive's inbox:
    unsafe members refused, known bytes skipped, nothing overwritten.
    """
    from civarchive.organize import apply_plan
    from civarchive.organize.render import apply_text, import_text, render_plan_text
    from civarchive.pipeline import import_into_archive

    imported = import_into_archive(
        sources,
        to,
        spec=spec,
        organize=organize,
        jobs=jobs,
        use_cache=not no_cache,
        progress=progress_flag(quiet),
    )
    say_checked(verbose, imported.checked)
    sys.stdout.write(import_text(imported.result))
    if imported.plan is not None:
        sys.stdout.write(render_plan_text(imported.plan, width=terminal_width(None)))
        if apply:
            root = Path(imported.checked.inventory.root)
            say(apply_text(apply_plan(root, imported.plan)), end="")
    sys.stdout.flush()
