"""DocumentBuilder: the typed API the layouts write DOCX through (paragraphs, tables, pictures,
bookmarks, fields, sections, merged documents), in document terms only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING
from docx.shared import Cm, Length, Pt, Twips
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from civarchive.bind.docx import elements, fields
from civarchive.bind.docx.compose import Merger
from civarchive.bind.docx.fast import add_picture_file, set_paragraph_style, set_table_style
from civarchive.bind.docx.package import save_docx
from civarchive.bind.docx.sections import PageNumbers, set_page_numbers
from civarchive.bind.docx.styles import Styles, new_document, resized_style


class Column(NamedTuple):
    """A table column: its head text ("" for none) and width in cm."""

    head: str
    width_cm: float


class TocLine(NamedTuple):
    """One line of a table of contents: its text, the bookmark it points at, its level
    (1–3), and the page number shown until a word processor computes it."""

    text: str
    bookmark: str
    level: int
    page: str = ""


class DocumentBuilder:
    """Builds one DOCX document from the top down and saves it reproducibly.

    Every paragraph, table and picture goes through this object; the python-docx objects it
    returns may be formatted through python-docx's public API (runs, fonts, alignment,
    paragraph_format, row height), never through their XML.
    """

    def __init__(self, document: DocumentObject, styles: Styles) -> None:
        self.document = document
        self.styles = styles
        self._merger: Merger | None = None

    @classmethod
    def create(
        cls,
        *,
        title: str,
        author: str,
        when: dt.datetime,
        subject: str = "",
        company: str = "",
    ) -> DocumentBuilder:
        """A blank A4 document (GB/T 9704 margins, Chinese styles, centred page numbers)
        whose properties carry ``title``, ``subject``, ``author`` (creator), ``company``
        (default: the author) and the fixed time ``when``."""
        document, styles = new_document(
            title=title, author=author, when=when, subject=subject, company=company
        )
        return cls(document, styles)

    # -- paragraphs

    def paragraph(self, text: str = "", style: BaseStyle | None = None) -> Paragraph:
        """A new paragraph at the end of the document (Normal style unless given)."""
        paragraph = self.document.add_paragraph()
        set_paragraph_style(paragraph, style or self.styles.normal)
        if text:
            paragraph.add_run(text)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: BaseStyle) -> None:
        """Give ``paragraph`` the paragraph style ``style`` (in constant time)."""
        set_paragraph_style(paragraph, style)

    def resized(self, style: ParagraphStyle, size_pt: float) -> ParagraphStyle:
        """A style like ``style`` in ``size_pt`` points (e.g. a smaller table text), made once."""
        return resized_style(self.document, style, size_pt)

    def page_break(self) -> None:
        """Continue on a new page (an empty paragraph holding the break)."""
        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def spacer(self, height_pt: float) -> None:
        """Empty vertical space of ``height_pt`` points (nothing below 1 pt)."""
        if height_pt >= 1:
            self.paragraph().paragraph_format.line_spacing = Pt(height_pt)

    def bookmark(self, paragraph: Paragraph, name: str, bookmark_id: int) -> None:
        """A bookmark at the start of ``paragraph``; ``bookmark_id`` must be unique."""
        elements.add_bookmark(paragraph, name, bookmark_id)

    def internal_link(self, paragraph: Paragraph, bookmark: str, text: str) -> Run:
        """Append ``text`` linked to ``bookmark``; returns its run."""
        return elements.add_internal_link(paragraph, bookmark, text)

    def page_ref(self, paragraph: Paragraph, bookmark: str, placeholder: str = "1") -> Run:
        """Append the page number of ``bookmark`` (a PAGEREF field; Word and LibreOffice
        compute it, ``placeholder`` shows until they do); returns the run holding its result."""
        return fields.add_pageref_field(paragraph, bookmark, placeholder)

    def field(self, paragraph: Paragraph, instruction: str, placeholder: str = "1") -> Run:
        """Append a field, e.g. ``NUMPAGES`` (pages in the document) or ``SECTIONPAGES``;
        Word and LibreOffice compute it, ``placeholder`` shows until they do. Returns the
        run holding its result."""
        return fields.add_field(paragraph, instruction, placeholder)

    def outline_level(self, paragraph: Paragraph, level: int) -> None:
        """Put ``paragraph`` in the outline at ``level`` (0 = top) without a heading style:
        the TOC (``\\u``) and the PDF outline list it."""
        elements.set_outline_level(paragraph, level)

    def toc(self, lines: Sequence[TocLine]) -> list[Paragraph]:
        """A table of contents: one linked paragraph per line, page numbers after a dot
        leader, all inside a TOC field that Word and WPS rebuild on open. The lines are
        pre-filled because LibreOffice never rebuilds it (see ``fields.unwrap_toc``)."""
        paragraphs = [self.paragraph(style=self.styles.toc[line.level]) for line in lines]
        if not paragraphs:
            return paragraphs
        fields.open_toc(paragraphs[0])
        for paragraph, line in zip(paragraphs, lines, strict=True):
            fields.add_toc_entry(paragraph, line.text, line.bookmark, line.page)
        fields.close_toc(paragraphs[-1])
        return paragraphs

    # -- tables

    def table(
        self,
        columns: Sequence[Column],
        *,
        header: bool = True,
        head_style: BaseStyle | None = None,
        right: bool = False,
        colour: str | None = None,
    ) -> Table:
        """A centred grid table of fixed column widths; with ``header``, a first row of the
        column heads (in ``head_style``, default the table head style) that repeats on every
        page. ``right`` sets it against the right margin; ``colour`` (hex RGB, e.g. C00000)
        draws its borders in that colour."""
        table: Table = self.document.add_table(rows=1 if header else 0, cols=len(columns))
        set_table_style(table, self.styles.table_grid)
        table.alignment = WD_TABLE_ALIGNMENT.RIGHT if right else WD_TABLE_ALIGNMENT.CENTER
        if colour is not None:
            elements.set_table_borders(table, colour)
        table.autofit = False  # w:tblLayout fixed: Word and LibreOffice keep these widths
        elements.set_cell_margins(table)
        elements.set_table_width(table, sum(Cm(column.width_cm).twips for column in columns))
        for index, column in enumerate(columns):
            table.columns[index].width = Cm(column.width_cm)
        if header:
            row = table.rows[0]
            elements.set_row_flags(row, header=True)
            for cell, column in zip(row.cells, columns, strict=True):
                cell.width = Cm(column.width_cm)
                self.cell_text(cell, column.head, head_style or self.styles.table_head)
        return table

    def row(
        self,
        table: Table,
        values: Sequence[str],
        widths_cm: Sequence[float],
        styles: Sequence[BaseStyle] | None = None,
    ) -> tuple[_Row, list[_Cell]]:
        """A new row that never splits over pages, and its cells (python-docx rebuilds
        ``row.cells`` on every access), each holding its value in its style."""
        row = table.add_row()  # type: ignore[no-untyped-call]
        elements.set_row_flags(row)
        cells = list(row.cells)
        for index, (cell, value, width) in enumerate(zip(cells, values, widths_cm, strict=True)):
            cell.width = Cm(width)
            self.cell_text(cell, value, styles[index] if styles else None)
        return row, cells

    def cell_text(self, cell: _Cell, text: str, style: BaseStyle | None = None) -> Paragraph:
        """Write ``text`` into the cell's first paragraph (table text style unless given)."""
        paragraph: Paragraph = cell.paragraphs[0]
        set_paragraph_style(paragraph, style or self.styles.table_text)
        if text:
            paragraph.add_run(text)
        return paragraph

    def cell_paragraph(
        self, cell: _Cell, text: str = "", style: BaseStyle | None = None
    ) -> Paragraph:
        """A further paragraph at the end of ``cell``."""
        paragraph: Paragraph = cell.add_paragraph()
        set_paragraph_style(paragraph, style or self.styles.table_text)
        if text:
            paragraph.add_run(text)
        return paragraph

    def rule_below(self, paragraph: Paragraph, height: Length) -> None:
        """Make ``paragraph`` a line ``height`` high ruled along its foot: room to write by
        hand (an empty 情况说明)."""
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = height
        elements.rule_below(paragraph)

    def center_vertically(self, cell: _Cell) -> None:
        """Centre the cell's content vertically (cheaper than ``cell.vertical_alignment``)."""
        elements.center_vertically(cell)

    def allow_row_split(self, row: _Row) -> None:
        """Let a row taller than a page break over pages (rows never split by default)."""
        elements.allow_row_split(row)

    def cell_content_width(self, cell: _Cell, default: Length) -> Length:
        """The width text and pictures get in ``cell``: its width (else ``default``) less the
        left and right cell margins."""
        return Length((cell.width or default) - 2 * Twips(elements.CELL_MARGIN_TWIPS))

    def floating_table(
        self,
        columns: Sequence[Column],
        *,
        after: Paragraph,
        top: Length,
        colour: str | None = None,
    ) -> Table:
        """A grid table without head row, out of the text flow, set against the right margin
        ``top`` below the top edge of the page of ``after``; add its rows with ``row``.

        It is placed in the document right after the paragraph ``after``, which must be on
        the wanted page: LibreOffice moves a floating table that follows a page or section
        break to the page before (measured, 7.4). Within the top margin (3.7 cm) it covers
        and moves nothing: the place of a stamp such as the 归档章. ``colour`` (hex RGB,
        e.g. ``C00000``) draws its borders in that colour.
        """
        table = self.table(columns, header=False)
        elements.float_table(table, top_twips=Length(top).twips)
        if colour is not None:
            elements.set_table_borders(table, colour)
        elements.move_after(table, after)
        return table

    # -- pictures

    def picture(self, paragraph: Paragraph, path: Path, width: Length, height: Length) -> Run:
        """Append the picture file ``path`` (JPEG or PNG) to ``paragraph`` at ``width`` ×
        ``height``. Identical files are stored once; the bytes are read again on save, so
        the file must stay until then."""
        run = paragraph.add_run()
        add_picture_file(run, path, width, height)
        return run

    def picture_paragraph(
        self, path: Path, width: Length, height: Length, *, style: BaseStyle | None = None
    ) -> Paragraph:
        """A paragraph holding only the picture, in the picture style (centred, single line
        spacing, no space around it: the body's exact 25 pt lines would clip a picture to a
        25 pt strip) unless ``style`` is given. Fit a full page with ``text_area``."""
        paragraph = self.paragraph(style=style or self.styles.picture)
        self.picture(paragraph, path, width, height)
        return paragraph

    def text_area(self) -> tuple[Length, Length]:
        """(width, height) inside the margins of the current (last) section."""
        section = self.document.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
        height = (
            (section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0)
        )
        return Length(width), Length(height)

    # -- sections

    def new_section(
        self, page_numbers: PageNumbers | None = None, *, restart_at: int | None = None
    ) -> None:
        """End the current section and start a new one on a new page. Without
        ``page_numbers`` its footers continue the previous section's (numbering too)."""
        self.document.add_section(WD_SECTION.NEW_PAGE)
        if page_numbers is not None:
            self.page_numbers(page_numbers, restart_at=restart_at)

    def page_numbers(self, numbers: PageNumbers, *, restart_at: int | None = None) -> None:
        """Set the current section's page-number footer (see ``PageNumbers``); with
        ``restart_at`` its first page gets that number."""
        set_page_numbers(self.document, self.styles.normal, numbers, restart_at=restart_at)

    # -- other documents

    def merge(self, source: Path) -> None:
        """Append the body of the DOCX file ``source`` (see ``Merger.append``); raises on a
        file python-docx or docxcompose cannot read."""
        if self._merger is None:
            self._merger = Merger(self.document)
        self._merger.append(source)

    # -- output

    def save(self, target: Path) -> None:
        """Write the document to ``target`` atomically, byte-identical for identical input."""
        save_docx(self.document, target)
