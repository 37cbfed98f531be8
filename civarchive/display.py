"""Show untrusted text (file names from the archive) safely on terminals and in tables."""

from __future__ import annotations

import re

# Control characters (C0 with newline and tab, DEL, C1) and lone surrogates: printed raw they
# break a table line or send escape sequences to the clerk's terminal.
_NOT_PRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with control characters shown as visible escapes (``\\x1b``)."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
