"""Show text on terminals and in tables: untrusted names made safe, and the width to lay out in."""

from __future__ import annotations

import os
import re
import shutil
import sys

# Saved or piped output is laid out this wide, so that no table row, summary or message is
# broken in the middle of a sentence (a log, a CI page or a file keeps each line whole).
# rich sizes a table to its content, so nothing is padded out to it.
UNWRAPPED = 100_000
# A terminal narrower than this still gets tables it can lay out (COLUMNS=20 is a typo).
MIN_TERMINAL_WIDTH = 60


def output_width(terminal: bool) -> int:
    """The columns output is laid out in — the one rule of every table and text civarchive
    prints: on a ``terminal`` its width (``COLUMNS`` when set, else the terminal's own
    size; at least ``MIN_TERMINAL_WIDTH``); for a file or a pipe ``UNWRAPPED``: no line is
    ever broken."""
    if not terminal:
        return UNWRAPPED
    raw = os.environ.get("COLUMNS", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return max(MIN_TERMINAL_WIDTH, int(raw))
    return max(MIN_TERMINAL_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (not a file, a pipe or a test runner)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced by an object without it, or closed
        return False


# Control characters (C0 with newline and tab, DEL, C1), lone surrogates and direction
# controls: printed raw they break a table line, send escape sequences to the clerk's
# terminal or make a name read backwards (U+202E).
_NOT_PRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` with control characters shown as visible escapes (``\\x1b``, ``\\u202e``)."""
    return _NOT_PRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 or 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


# Characters XML 1.0 (and so DOCX and XLSX) cannot hold; file names with control characters
# (design §4 `bad_name`) and lone surrogates from undecodable names must not break a render.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot hold shown as visible escapes (``\\x01``)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
