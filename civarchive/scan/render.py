"""Render an Inventory for people and programs: a terminal table, JSON, or CSV for Excel."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple, Protocol

from civarchive.csvcell import safe_row
from civarchive.display import UNWRAPPED, printable
from civarchive.findings import Finding, code_label, severity_label
from civarchive.i18n import tr
from civarchive.kinds import Kind, kind_label
from civarchive.outputs import generated_note
from civarchive.scan.models import EVIDENCE_JSON, DateSource, Evidence, Inventory

if TYPE_CHECKING:
    from rich.console import Console

CSV_COLUMNS = (
    "path",
    "kind",
    "format",
    "size",
    "sha256",
    "date",
    "date_source",
    "width",
    "height",
    "megapixels",
    "duration_seconds",
    "pages",
    "title",
    "caption_title",
    "findings",
)


def render_json(inventory: Inventory) -> bytes:
    """The inventory as indented JSON, keys in model order, Chinese kept readable."""
    # In pieces: one serialisation of the whole would briefly hold it twice.
    return b"".join(json_chunks(inventory))


def json_bytes(inventory: Inventory) -> bytes:
    """Serialise ``inventory`` as ``render_json`` shows it.

    pydantic's serializer writes UTF-8 without escaping (as ``ensure_ascii=False``) and is
    about ten times faster than ``json.dumps(indent=2)``, whose indenting encoder is pure Python.
    """
    return inventory.__pydantic_serializer__.to_json(inventory, indent=2) + b"\n"


# Files serialised per chunk of ``json_chunks``: few calls, yet a small piece of the whole.
_CHUNK_FILES = 500


def json_chunks(inventory: Inventory) -> Iterator[bytes]:
    """``json_bytes(inventory)`` in pieces, a few hundred files each, never the whole in memory."""
    shell = json_shell(inventory)
    files = inventory.files
    if not files:
        yield shell.empty
        return
    yield shell.before
    for start in range(0, len(files), _CHUNK_FILES):
        pieces = [json_piece(evidence) for evidence in files[start : start + _CHUNK_FILES]]
        yield (b"," if start else b"") + b",".join(pieces)
    yield shell.after


class JsonShell(NamedTuple):
    """The rendered inventory around its files: ``empty`` is its JSON without files;
    with files it is ``before + b",".join(json_piece(f) for f in files) + after``."""

    before: bytes
    after: bytes
    empty: bytes


def json_shell(inventory: Inventory) -> JsonShell:
    """The shell of ``inventory``'s rendered JSON (its files are not looked at).

    The inventory is serialised without its files and each file's own indented JSON is
    spliced in where the empty list was, so that no serialisation ever holds them all.
    """
    to_json = inventory.__pydantic_serializer__.to_json
    empty = to_json(inventory.model_copy(update={"files": []}), indent=2) + b"\n"
    # Nothing before "files" is a string that could hold this text unescaped.
    start, marker, end = empty.partition(b'"files": [')
    return JsonShell(start + marker, b"\n  " + end, empty)


def json_piece(evidence: Evidence) -> bytes:
    """One file as it appears in the rendered inventory's list, two levels deep; pieces are
    joined with commas, and the last one is followed by the list's closing line."""
    # JSON strings escape their line breaks, so indenting every line never alters a value.
    return (b"\n" + EVIDENCE_JSON.serializer.to_json(evidence, indent=2)).replace(b"\n", b"\n    ")


class Rendering(Protocol):
    """A rendering made one file at a time, so that no caller must hold them all."""

    def add(self, evidence: Evidence) -> None: ...

    def finish(self, head: Inventory) -> bytes:
        """The bytes, given the inventory's head (root, archive findings; files ignored)."""
        ...


def render_csv(inventory: Inventory) -> bytes:
    """One row per file, UTF-8 with a BOM and CRLF lines so Excel opens Chinese correctly."""
    return _whole(CsvRendering(), inventory)


def render_table(
    inventory: Inventory, *, color: bool = False, width: int = UNWRAPPED, verbose: bool = False
) -> bytes:
    """The files (path, kind, date and its source, pixels/pages/duration, problems; the first
    ``SCREENFUL`` unless ``verbose``), a summary by kind, then every problem found."""
    return _whole(TableRendering(color=color, width=width, verbose=verbose), inventory)


def _whole(rendering: Rendering, inventory: Inventory) -> bytes:
    for evidence in inventory.files:
        rendering.add(evidence)
    return rendering.finish(inventory)


class CsvRendering:
    """``render_csv``, a row at a time."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._writer.writerow(CSV_COLUMNS)

    def add(self, evidence: Evidence) -> None:
        self._writer.writerow(safe_row(_csv_row(evidence)))

    def finish(self, head: Inventory) -> bytes:
        return ("\ufeff" + self._buffer.getvalue()).encode("utf-8")


def _csv_row(e: Evidence) -> list[object]:
    def blank(value: object) -> object:
        return "" if value is None else value

    return [
        e.path,
        e.kind.value,
        blank(e.format),
        e.size,
        blank(e.sha256),
        blank(str(e.date) if e.date is not None else None),
        blank(e.date_source.value if e.date_source else None),
        blank(e.width),
        blank(e.height),
        blank(e.megapixels),
        blank(e.duration_seconds),
        blank(e.pages),
        blank(e.title),
        blank(e.caption.title if e.caption else None),
        ";".join(f.code.value for f in e.findings),
    ]


# Files listed by the table before it says how many more there are (``--verbose`` lists all):
# the first screenful, the same on a terminal and in a file, so the table can be kept.
SCREENFUL = 50

DATE_SOURCE_LABELS: dict[DateSource, tuple[str, str]] = {
    DateSource.CAPTION: ("说明表", "caption"),
    DateSource.EXIF: ("拍摄信息", "EXIF"),
    DateSource.FILENAME: ("文件名", "file name"),
    DateSource.MEDIA: ("媒体信息", "media"),
    DateSource.DOCUMENT: ("文档属性", "document"),
}


class _Row(NamedTuple):
    path: str
    kind: str
    date: str
    source: str
    measure: str
    problems: str


def _row(e: Evidence) -> _Row:
    return _Row(
        printable(e.path),
        kind_label(e.kind),
        "" if e.date is None else str(e.date),
        tr(*DATE_SOURCE_LABELS[e.date_source]) if e.date_source else "",
        measure_text(e),
        "、".join(code_label(f.code) for f in e.findings),
    )


def measure_text(e: Evidence) -> str:
    """What a file measures, by its kind: 4032×3024（1219 万像素）, 12 页, 1:05:03，1920×1080."""
    if e.duration_seconds is not None:
        if not (e.width and e.height):
            return _clock(e.duration_seconds)
        return tr(
            "{t}，{w}×{h}", "{t}, {w}×{h}", t=_clock(e.duration_seconds), w=e.width, h=e.height
        )
    if e.width and e.height:
        if not e.megapixels:
            return f"{e.width}×{e.height}"
        return tr(
            "{w}×{h}（{n} 万像素）",
            "{w}×{h} ({mp} MP)",
            w=e.width,
            h=e.height,
            n=round(e.megapixels * 100),
            mp=f"{e.megapixels:.1f}",
        )
    if e.pages is not None:
        return tr("{n} 页", "{n} page" if e.pages == 1 else "{n} pages", n=e.pages)
    return ""


def _clock(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def files_text(rows: list[_Row], width: int) -> str:
    """``rows`` under a header in columns aligned by terminal cells. Where the columns would
    pass ``width`` the widest is narrowed, and a cell longer than its column is folded onto
    the next lines, inside the column."""
    from rich.cells import cell_len

    header = _Row(
        tr("路径", "path"),
        tr("类型", "kind"),
        tr("日期", "date"),
        tr("日期来源", "date from"),
        tr("像素/页数/时长", "pixels/pages/length"),
        tr("问题", "problems"),
    )
    table = [header, *rows]
    # Each cell measured once: 50,000 rows (--verbose) are six times as many cells.
    sizes = [[cell_len(cell) for cell in row] for row in table]
    widths = [max(size[i] for size in sizes) for i in range(len(header))]
    while sum(widths) + _GAP * (len(widths) - 1) > width:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= _MIN_CELL:
            break
        widths[widest] -= 1
    lines = []
    for row, size in zip(table, sizes, strict=True):
        lines.extend(_lines(row, size, widths))
        if row is header:
            lines.append("─" * min(sum(widths) + _GAP * (len(widths) - 1), width))
    return "\n".join(lines) + "\n"


# The gap between columns, and the narrowest a column is made on a narrow terminal.
_GAP = 2
_MIN_CELL = 8


def _lines(row: _Row, size: list[int], widths: list[int]) -> list[str]:
    gap = " " * _GAP
    if all(s <= w for s, w in zip(size, widths, strict=True)):
        padded = [c + " " * (w - s) for c, s, w in zip(row, size, widths, strict=True)]
        return [gap.join(padded).rstrip()]
    from rich.cells import cell_len, chop_cells

    parts = [
        chop_cells(cell, w) if s > w else [cell]
        for cell, s, w in zip(row, size, widths, strict=True)
    ]
    lines = []
    for k in range(max(len(p) for p in parts)):
        cells = [p[k] if k < len(p) else "" for p in parts]
        padded = [c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True)]
        lines.append(gap.join(padded).rstrip())
    return lines


class TableRendering:
    """``render_table``: files are counted by kind, their findings kept, and the first
    ``SCREENFUL`` of them (all with ``verbose``) kept as rows of the files table."""

    def __init__(
        self, *, color: bool = False, width: int = UNWRAPPED, verbose: bool = False
    ) -> None:
        self._color = color
        self._width = width
        self._limit = None if verbose else SCREENFUL
        self._rows: list[_Row] = []
        self._counts: Counter[str] = Counter()
        self._sizes: Counter[str] = Counter()
        self._findings: list[Finding] = []

    def add(self, evidence: Evidence) -> None:
        self._counts[evidence.kind.value] += 1
        self._sizes[evidence.kind.value] += evidence.size
        self._findings.extend(evidence.findings)
        if self._limit is None or len(self._rows) < self._limit:
            self._rows.append(_row(evidence))

    def finish(self, head: Inventory) -> bytes:
        from rich.console import Console
        from rich.table import Table

        buffer = io.StringIO()
        console = Console(
            file=buffer,
            width=self._width,
            force_terminal=self._color,
            no_color=not self._color,
            highlight=False,
        )
        self._print_files(console)
        summary = Table(title=tr("扫描结果：{root}", "scan of {root}", root=head.root))
        summary.add_column(tr("类型", "kind"))
        summary.add_column(tr("文件数", "files"), justify="right")
        summary.add_column("MB", justify="right")
        for label, count, megabytes in self._summary_rows():
            summary.add_row(label, str(count), f"{megabytes:,.1f}")
        console.print(summary)
        if head.generated:
            console.print(generated_note(head.generated), markup=False)
        findings = self._findings + list(head.findings)
        if not findings:
            console.print(tr("未发现问题。", "no problems found."))
            return self._bytes(buffer)
        problems = Table(title=tr("发现的问题（{n} 个）", "problems found ({n})", n=len(findings)))
        problems.add_column(tr("级别", "severity"))
        problems.add_column(tr("问题类型", "code"))
        problems.add_column(tr("路径", "path"), overflow="fold")
        problems.add_column(tr("说明", "message"), overflow="fold")
        for finding in sorted(findings, key=lambda f: (f.path or "", f.code.value)):
            problems.add_row(
                severity_label(finding.severity),
                code_label(finding.code),
                printable(finding.path or ""),
                finding.message,
            )
        console.print(problems)
        return self._bytes(buffer)

    def _bytes(self, buffer: io.StringIO) -> bytes:
        text = buffer.getvalue()
        if not self._color:
            # rich pads titles to the table's width: trailing blanks only bloat files and logs.
            text = "".join(line.rstrip() + "\n" for line in text.splitlines())
        return text.encode("utf-8")

    def _print_files(self, console: Console) -> None:
        total = sum(self._counts.values())
        if not total:
            return
        console.print(tr("文件（{n} 个）", "files ({n})", n=f"{total:,}"), style="bold")
        # Plain aligned columns written as they are, not a rich Table: rich took 40 s to lay
        # out 50,000 rows (--verbose); this takes about two.
        console.file.write(files_text(self._rows, self._width))
        rest = total - len(self._rows)
        if rest:
            console.print(
                tr(
                    "还有 {n} 个文件，用 --format csv 查看全部（或加 --verbose 全部列出）",
                    "{n} more files; --format csv lists all (or --verbose)",
                    n=f"{rest:,}",
                )
            )
        console.print()

    def _summary_rows(self) -> list[tuple[str, int, float]]:
        """(kind label, files, MB) per kind in a fixed order, then the total."""
        counts, sizes = self._counts, self._sizes
        rows = [
            (kind_label(kind), counts[kind.value], round(sizes[kind.value] / 1e6, 1))
            for kind in Kind
            if counts[kind.value]
        ]
        total = (tr("合计", "total"), sum(counts.values()), round(sum(sizes.values()) / 1e6, 1))
        return [*rows, total]
