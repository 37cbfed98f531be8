"""`civarchive spec import`: a spec drafted from the 测评细则 table that 文明办 hands out."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from civarchive.errors import CivarchiveError, UsageError
from civarchive.i18n import tr
from civarchive.spec.draft import DraftSpec
from civarchive.spec.drafting import draft_spec
from civarchive.spec.emit import render_spec
from civarchive.spec.tables import read_tables

__all__ = ["ImportResult", "import_spec"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What `spec import` wrote, for the summary it prints."""

    path: Path
    draft: DraftSpec

    def summary(self) -> str:
        """Two or three lines: what was written, what to confirm, what comes next."""
        draft = self.draft
        points = sum(i.points if i.points is not None else 1 for i in draft.indicators())
        lines = [
            tr(
                "已写入 {p}：{c} 个测评项目，{i} 个指标，{o} 个责任人，共 {pts} 分",
                "wrote {p}: {c} categories, {i} indicators, {o} owners, {pts} points",
                p=self.path,
                c=len(draft.categories),
                i=len(draft.indicators()),
                o=len(draft.owners),
                pts=f"{points:g}",
            ),
            tr(
                "读取了{r}；{n} 处标有「# 待确认」，{s} 行未导入（列在文件开头）",
                "read {r}; {n} values are marked '# 待确认' (to confirm), {s} rows were not imported (listed at the top of the file)",
                r=tr("；", "; ").join(r.text() for r in draft.read),
                n=draft.to_confirm(),
                s=len(draft.skipped),
            ),
            tr(
                "下一步：核对「# 待确认」处，然后运行 civarchive spec validate 和 civarchive init",
                "next: check the '# 待确认' marks, then run civarchive spec validate and civarchive init",
            ),
        ]
        return "\n".join(lines)


def import_spec(table: Path, output: Path, *, today: dt.date | None = None) -> ImportResult:
    """Read the 测评细则 ``table`` (.xlsx or .docx) and write a spec drafted from it to ``output``.

    Categories come from the 测评项目 column (or heading rows), indicators with their content,
    method, points, owner and deadline from the other recognised columns, and the evidence
    each needs is guessed from the wording; every guess is marked ``# 待确认``. The text is
    loaded with the spec loader before it is written, and ``output`` is never overwritten.
    ``today`` (default: the current date) dates the period when neither the table's title
    nor its deadlines name a year. Raises UsageError (exit 2) for an existing ``output``, a
    file that is not a readable table, or a table without a recognisable header.
    """
    if output.exists():
        raise _exists(output)
    draft = draft_spec(read_tables(table), today or dt.date.today())
    inside = _inside(table, output.parent)
    if inside is not None:
        draft = replace(draft, ignore=(inside,))
    text = render_spec(draft)
    _check_loads(text)
    from civarchive.atomic import write_new

    try:
        write_new(output, text.encode("utf-8"))
    except FileExistsError:
        raise _exists(output) from None
    except OSError as error:
        raise UsageError(
            tr("无法写入 {p}：{e}", "cannot write {p}: {e}", p=output, e=error.strerror or error),
            hint=tr("请检查该位置的写权限", "check that you may write there"),
        ) from None
    from civarchive.spec.schema import write_schema_beside

    write_schema_beside(output)
    return ImportResult(output, draft)


def _inside(table: Path, root: Path) -> str | None:
    """The table's path as an ``ignore`` glob when it lies in the archive (else check would
    report it as an unassigned file); ``*`` and ``?`` in its name match themselves."""
    try:
        relative = table.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return None
    return re.sub(r"[*?]", "?", relative.as_posix())


def _exists(output: Path) -> UsageError:
    return UsageError(
        tr("{p} 已存在，不会覆盖", "{p} exists; it is never overwritten", p=output),
        hint=tr(
            "用 -o 另存为其他文件名，如 -o 测评细则.yaml",
            "write to another name with -o, e.g. -o imported.yaml",
        ),
    )


def _check_loads(text: str) -> None:
    """Load the text with the real loader; a failure is a bug here, not the user's problem."""
    from civarchive.spec.loader import load_spec

    with tempfile.TemporaryDirectory(prefix="civarchive-import-") as folder:
        path = Path(folder) / "civarchive.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_spec(path)
        except CivarchiveError as error:
            problems = "; ".join(str(p) for p in getattr(error, "problems", []))
            raise RuntimeError(f"spec import drafted an invalid spec: {problems}") from None
