"""CSV cells a spreadsheet cannot take for a formula (OWASP "CSV injection"), for every CSV written.

Excel, WPS and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
after a tab or a carriage return, what follows) as a formula: a file named
``=cmd|' -C calc'!A0.jpg`` or a caption ``=1+2`` would be executed by whoever opens the
CSV. OWASP's advice is followed: such a text cell gets a leading single quote, which the
spreadsheet shows as text and does not display. Numbers are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell: text starting like a formula is prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a CSV row made safe by ``safe_cell``."""
    return [safe_cell(value) for value in values]
