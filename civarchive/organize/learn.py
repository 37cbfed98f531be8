"""Learn from how the archive is already filed: names and titles of the files in each indicator folder.

Like paperless-ngx's "auto" matching, which learns from the documents its user has filed,
but sized for an archive of a few hundred files per 测评体系: a file is compared with each
file already filed (nearest neighbour over weighted character pairs), not with a trained
network. A file named like the ones already under an indicator (灭火器使用培训2 beside
灭火器使用培训) gets that indicator's support even when no keyword of the spec matches.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from civarchive.check.match import fold
from civarchive.names import is_machine_name, stem_and_extension, strip_copy_marks
from civarchive.scan.models import Evidence

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z]{3,}")


def grams(text: str) -> frozenset[str]:
    """The character pairs of the Chinese runs of ``text`` (and its Latin words): the units
    names are compared by, since Chinese names are not split into words."""
    folded = fold(text)
    out: set[str] = set()
    for run in _CJK_RUN.findall(folded):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    out.update(_WORD.findall(folded))
    return frozenset(out)


def file_text(evidence: Evidence) -> str:
    """The words a person gave a file: its name (unless machine-made), caption 题名 and title."""
    stem, _ = stem_and_extension(evidence.name)
    stem = strip_copy_marks(stem)
    parts = [] if is_machine_name(stem) else [stem]
    if evidence.caption is not None and evidence.caption.title:
        parts.append(evidence.caption.title)
    if evidence.title:
        parts.append(evidence.title)
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The filed file most like a given one under some indicator, and how alike (0..1)."""

    indicator: str
    path: str
    similarity: float


class Filing:
    """The archive's own filing as evidence: which indicator holds files named like this one."""

    def __init__(
        self, examples: Mapping[str, Iterable[Evidence]], stop: frozenset[str] = frozenset()
    ) -> None:
        self._examples: list[tuple[str, str, frozenset[str]]] = []
        for indicator, files in examples.items():
            for item in files:
                found = grams(file_text(item)) - stop
                if len(found) >= 2:
                    self._examples.append((indicator, item.path, found))
        frequency = Counter(g for _, _, found in self._examples for g in found)
        total = len(self._examples) + 1
        self._idf = {g: math.log(total / n) + 0.1 for g, n in frequency.items()}
        # A pair no filed name has still belongs to the file's own words: it weighs most.
        self._unseen = math.log(total * 2) + 0.1

    def __len__(self) -> int:
        return len(self._examples)

    def nearest(self, found: frozenset[str], exclude: str | None = None) -> dict[str, Neighbour]:
        """Per indicator, the filed file whose name explains most of ``found`` (weighted share of
        the pairs in common); ``exclude`` is the file itself when it is already filed."""
        weights = {g: self._idf.get(g, self._unseen) for g in found}
        whole = sum(weights.values())
        best: dict[str, Neighbour] = {}
        if whole <= 0:
            return best
        for indicator, path, known in self._examples:
            if path == exclude:
                continue
            shared = sum(weights[g] for g in found & known)
            if shared <= 0:
                continue
            similarity = shared / whole
            current = best.get(indicator)
            if current is None or similarity > current.similarity:
                best[indicator] = Neighbour(indicator, path, similarity)
        return best
