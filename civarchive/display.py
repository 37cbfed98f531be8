"""Show untrusted text (file names from the archive) safely on terminals and in tables."""

from __future__ import annotations

import re

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
