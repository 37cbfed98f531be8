"""Show untrusted text (file names from the archive) safely on terminals and in tables."""

from __future__ import annotations

import re

# Control characters (C0 with newline and tab, DEL, C1) and lone surrogates: printed raw they
# break a table line or send escape sequences to the clerk's terminal.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters shown as visible escapes (``\\x1b``)."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# Characters XML 1.0 (and so DOCX and XLSX) cannot hold; file names with control characters
# (design §4 `bad_name`) and lone surrogates from undecodable names must not break a render.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot hold shown as visible escapes (``\\x01``)."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
