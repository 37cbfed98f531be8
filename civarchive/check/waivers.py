"""Spec waivers (accepted exceptions): which findings they cover, and which shortfalls they excuse."""

from __future__ import annotations

from collections.abc import Iterable

from civarchive.findings import Code, Finding
from civarchive.spec.models import Waiver

# Shortfalls a waiver can excuse so that the file counts after all.
EXCUSABLE = (Code.OUT_OF_PERIOD, Code.LOW_RESOLUTION, Code.TOO_SHORT, Code.MISSING_CAPTION)


def _norm_path(path: str) -> str:
    return "/".join(p for p in path.replace("\\", "/").split("/") if p not in ("", "."))


class Waivers:
    """The spec's waivers, indexed by code with their paths normalised once."""

    def __init__(self, waivers: Iterable[Waiver]) -> None:
        self._by_code: dict[Code, list[tuple[str | None, str | None, Waiver]]] = {}
        for waiver in waivers:
            path = _norm_path(waiver.path) if waiver.path is not None else None
            self._by_code.setdefault(waiver.code, []).append((path, waiver.indicator, waiver))

    def find(self, code: Code, path: str | None, indicator: str | None) -> Waiver | None:
        """The first waiver with ``code`` whose path (the file, or a folder above it) and indicator fit."""
        for wanted, wanted_indicator, waiver in self._by_code.get(code, ()):
            if wanted is not None and not (
                path and (path == wanted or path.startswith(wanted + "/"))
            ):
                continue
            if wanted_indicator is not None and indicator != wanted_indicator:
                continue
            return waiver
        return None

    def excused(self, paths: Iterable[str], indicator: str) -> dict[str, frozenset[Code]]:
        """Per file of ``indicator``, the shortfalls a waiver accepts (files with none are left out)."""
        codes = [
            c
            for c in EXCUSABLE
            if any(i is None or i == indicator for _, i, _ in self._by_code.get(c, ()))
        ]
        if not codes:
            return {}
        out = {}
        for path in paths:
            found = frozenset(c for c in codes if self.find(c, path, indicator) is not None)
            if found:
                out[path] = found
        return out

    def apply(self, findings: list[Finding]) -> list[Finding]:
        """Mark the findings a waiver covers: ``waived`` true, with the waiver's reason."""
        if not self._by_code:
            return findings
        out = []
        for finding in findings:
            waiver = self.find(finding.code, finding.path, finding.indicator)
            if waiver is not None:
                finding = finding.model_copy(update={"waived": True, "reason": waiver.reason})
            out.append(finding)
        return out
